// Receive-ring occupancy per kernel, sampled every animation frame. A kernel drains its ring at
// every epoch start, so a sample is mostly 0 even when messages flow: next to the sample the
// view shows the most slots used in any sample of the last second (wall time), and the ring's
// own all-time peak and full-ring waits, which the engine counts exactly.

import type { RingFigures } from '../../engine/machine/browser/browser-machine';

export interface RingReading extends RingFigures {
  /** Most slots used in a sample of the last window. */
  recentMax: number;
}

export class RingMeter {
  /** Per kernel: the samples of the window that were not 0 (a 0 never raises the max). */
  private readonly busy: Array<Array<{ at: number; used: number }>>;
  private latest: RingFigures[];

  constructor(
    kernels: number,
    readonly windowMs = 1000,
  ) {
    this.busy = Array.from({ length: kernels }, () => []);
    this.latest = Array.from({ length: kernels }, () => ({ used: 0, slots: 0, peak: 0, fullWaits: 0 }));
  }

  /** Records one frame's figures, one per kernel, read at wall time `now` (ms). */
  sample(now: number, figures: readonly RingFigures[]): void {
    this.latest = figures.slice();
    figures.forEach((f, k) => {
      const samples = this.busy[k];
      if (!samples) return;
      if (f.used > 0) samples.push({ at: now, used: f.used });
      while ((samples[0]?.at ?? Infinity) <= now - this.windowMs) samples.shift();
    });
  }

  /** What each ring holds and held, as of wall time `now`. */
  read(now: number): RingReading[] {
    return this.latest.map((f, k) => {
      let recentMax = f.used;
      for (const s of this.busy[k] ?? []) if (s.at > now - this.windowMs && s.used > recentMax) recentMax = s.used;
      return { ...f, recentMax };
    });
  }
}

/** Whether two readings would draw the same bars. */
export function sameReadings(a: readonly RingReading[], b: readonly RingReading[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, k) => {
      const o = b[k];
      return (
        o !== undefined &&
        r.used === o.used &&
        r.slots === o.slots &&
        r.peak === o.peak &&
        r.fullWaits === o.fullWaits &&
        r.recentMax === o.recentMax
      );
    })
  );
}
