// How fast the machine really runs: virtual ns per wall-clock second over the last second,
// from (wall time, epoch) samples taken each frame. A slow host runs slower than the speed
// asked for, and at "max" this is the only figure that says how fast it goes.

import { DEFAULT_EPOCH_NS } from '../../engine/machine/quantum';

export class RateMeter {
  private samples: Array<{ wall: number; epoch: number }> = [];

  constructor(
    private readonly windowMs = 1000,
    /** The machine's epoch (its quantum) in virtual ns. */
    private readonly epochNs = DEFAULT_EPOCH_NS,
  ) {}

  /** Adds a sample; returns virtual ns per wall second, or undefined until there is history. */
  sample(wall: number, epoch: number): number | undefined {
    const newest = this.samples[this.samples.length - 1];
    if (newest && epoch < newest.epoch) this.samples = [];
    this.samples.push({ wall, epoch });
    while ((this.samples[1]?.wall ?? Infinity) <= wall - this.windowMs) this.samples.shift();
    const oldest = this.samples[0] as { wall: number; epoch: number };
    const span = wall - oldest.wall;
    if (span < this.windowMs / 4) return undefined;
    return ((epoch - oldest.epoch) * this.epochNs * 1000) / span;
  }
}
