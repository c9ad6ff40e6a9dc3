// A kernel's event trace: every traced event goes to the trace device (for live readers), into
// a rolling 64-bit hash (two 32-bit lanes), and, when a trace file was asked for, into a list.
// The hash covers every field of every event in order, so two runs agree on it only if they
// did exactly the same things at exactly the same virtual times.

import { TraceDevice, type TraceEvent } from '../hw/trace-device';

// The kinds of event and what their fields hold live in trace-format.ts; re-exported for the
// kernel's and the services' emitters.
export { EV, EVENT_NAMES } from './trace-format';

export class Tracer {
  private h1 = 0x811c9dc5;
  private h2 = 0x9747b28c;
  count = 0;
  /** Every event, kept only when a trace file was asked for. */
  readonly kept: TraceEvent[] | undefined;

  constructor(
    private readonly device: TraceDevice | undefined,
    keep = false,
    /** A tracer whose hash this one carries on (a kernel booted again in the same partition). */
    from?: Tracer,
  ) {
    this.kept = keep ? [] : undefined;
    if (from) {
      this.h1 = from.h1;
      this.h2 = from.h2;
      this.count = from.count;
      this.kept?.push(...(from.kept ?? []));
    }
  }

  private mix(x: number): void {
    // murmur3's 32-bit finaliser per word, in two lanes with different seeds
    let k = Math.imul(x | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    this.h1 ^= k;
    this.h1 = Math.imul((this.h1 << 13) | (this.h1 >>> 19), 5) + 0xe6546b64;
    this.h2 ^= Math.imul(k ^ (k >>> 16), 0x85ebca6b);
    this.h2 = Math.imul((this.h2 << 17) | (this.h2 >>> 15), 0xc2b2ae35) + 0x27d4eb2f;
  }

  private mixNumber(v: number): void {
    // exact for every value a trace holds: integers below 2^53 and times in ns
    const hi = Math.floor(v / 2 ** 32);
    this.mix(v - hi * 2 ** 32);
    this.mix(hi);
  }

  emit(e: TraceEvent): void {
    this.count++;
    this.mixNumber(e.time);
    this.mix(e.kind);
    this.mix(e.hart);
    this.mix(e.pid);
    this.mix(e.tid);
    this.mix(e.a);
    this.mixNumber(e.b);
    this.mixNumber(e.c);
    this.device?.write(e);
    this.kept?.push(e);
  }

  /** The hash so far, as 16 hex digits. */
  hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}
