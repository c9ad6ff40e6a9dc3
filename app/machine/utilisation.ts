// How busy each hart has been lately: the share of the last WINDOW epochs of virtual time it
// spent running guest code, from the busy-ns counters the kernels publish (telemetry.ts).
// Sampled once per frame per kernel; measured against that kernel's own epoch count, which
// its worker writes together with its harts' counters.

import { busyDelta } from '../../engine/machine/browser/telemetry';
import { DEFAULT_EPOCH_NS } from '../../engine/machine/quantum';

interface Sample {
  epoch: number;
  busy: number[];
}

export class UtilisationMeter {
  private samples: Sample[] = [];
  private last: number[] = [];

  /** `window`: epochs to average over (50 epochs = 5 ms of virtual time at the default quantum), of `epochNs` each. */
  constructor(
    private readonly window = 50,
    private readonly epochNs = DEFAULT_EPOCH_NS,
  ) {}

  /** Adds a reading (kernel's epochs run, each hart's busy ns); returns utilisation 0..1 per hart. */
  sample(epoch: number, busy: number[]): number[] {
    const newest = this.samples[this.samples.length - 1];
    if (newest && epoch < newest.epoch) this.samples = []; // a new machine: start over
    if (!newest || epoch !== newest.epoch) this.samples.push({ epoch, busy: [...busy] });
    // keep exactly one sample at or before the window's start: the reference
    while ((this.samples[1]?.epoch ?? Infinity) <= epoch - this.window) this.samples.shift();
    const ref = this.samples[0] as Sample;
    const epochs = epoch - ref.epoch;
    if (epochs <= 0) return this.last.length === busy.length ? this.last : busy.map(() => 0);
    this.last = busy.map((b, i) => {
      const share = busyDelta(b, ref.busy[i] ?? b) / (epochs * this.epochNs);
      return Math.min(1, Math.max(0, share));
    });
    return this.last;
  }
}
