// The trace device: per kernel, a ring of fixed-size event records in shared memory. The
// kernel writes every event it traces; the UI reads the newest ones each animation frame.
// The ring keeps the latest TRACE_CAPACITY events: a reader that falls behind skips ahead (the
// display may drop events), while the kernel's counters and trace hash stay exact.
//
// Record (TRACE_RECORD bytes): f64 time, u16 kind, u16 hart, u32 pid, u32 tid, u32 a, f64 b, f64 c.

import { MAX_KERNELS, TRACE_OFFSET, TRACE_STRIDE } from './memory-map';

export const TRACE_RECORD = 40;
const HEADER = 64;
const WRITTEN = 0; // u32 word: events written so far (wraps)
export const TRACE_CAPACITY = Math.floor((TRACE_STRIDE - HEADER) / TRACE_RECORD);

export interface TraceEvent {
  time: number;
  kind: number;
  hart: number;
  pid: number;
  tid: number;
  a: number;
  b: number;
  c: number;
}

export class TraceDevice {
  private readonly view: DataView;
  private readonly words: Int32Array;
  private readonly base: number;

  constructor(
    memory: WebAssembly.Memory,
    readonly kernel: number,
  ) {
    if (!Number.isInteger(kernel) || kernel < 0 || kernel >= MAX_KERNELS)
      throw new RangeError(`no trace ring ${kernel}`);
    this.view = new DataView(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.base = TRACE_OFFSET + kernel * TRACE_STRIDE;
  }

  /** Events written since boot (modulo 2^32). */
  written(): number {
    return Atomics.load(this.words, (this.base + WRITTEN) >> 2) >>> 0;
  }

  write(e: TraceEvent): void {
    const n = this.written();
    const at = this.base + HEADER + (n % TRACE_CAPACITY) * TRACE_RECORD;
    const v = this.view;
    v.setFloat64(at, e.time, true);
    v.setUint16(at + 8, e.kind, true);
    v.setUint16(at + 10, e.hart, true);
    v.setUint32(at + 12, e.pid, true);
    v.setUint32(at + 16, e.tid, true);
    v.setUint32(at + 20, e.a >>> 0, true);
    v.setFloat64(at + 24, e.b, true);
    v.setFloat64(at + 32, e.c, true);
    Atomics.store(this.words, (this.base + WRITTEN) >> 2, (n + 1) | 0);
  }

  /** Events written after event number `from`, oldest first (at most the ring's capacity). */
  readSince(from: number): { events: TraceEvent[]; next: number; skipped: number } {
    const written = this.written();
    let start = from;
    let skipped = 0;
    if ((written - start) >>> 0 > TRACE_CAPACITY) {
      skipped = ((written - start) >>> 0) - TRACE_CAPACITY;
      start = (written - TRACE_CAPACITY) >>> 0;
    }
    const events: TraceEvent[] = [];
    const v = this.view;
    for (let n = start; n !== written; n = (n + 1) >>> 0) {
      const at = this.base + HEADER + (n % TRACE_CAPACITY) * TRACE_RECORD;
      events.push({
        time: v.getFloat64(at, true),
        kind: v.getUint16(at + 8, true),
        hart: v.getUint16(at + 10, true),
        pid: v.getUint32(at + 12, true),
        tid: v.getUint32(at + 16, true),
        a: v.getUint32(at + 20, true),
        b: v.getFloat64(at + 24, true),
        c: v.getFloat64(at + 32, true),
      });
    }
    return { events, next: written, skipped };
  }
}
