// Messages sent per virtual millisecond, per type, over the latest window of virtual time (the
// machine's own clock: a paused machine keeps its rates, a fast one shows the same rates as a
// slow one), from samples of the kernels' send counters (exact, where trace events may be lost).

interface Sample {
  /** Virtual ns. */
  time: number;
  /** Messages sent since boot, by type. */
  sent: ReadonlyMap<number, number>;
}

export class SendRates {
  /** In time order; the first is the latest at or before the window's start, when there is one. */
  private samples: Sample[] = [];

  constructor(readonly windowNs = 10_000_000) {}

  /** The counters as of virtual time `time` (samples come in time order; others are ignored). */
  sample(time: number, sent: ReadonlyMap<number, number>): void {
    const last = this.samples.at(-1);
    if (last && time <= last.time) return;
    this.samples.push({ time, sent });
    const from = time - this.windowNs;
    // keep one sample at or before the window's start: the window's rate is measured from it
    let drop = 0;
    while (drop + 1 < this.samples.length && (this.samples[drop + 1]?.time ?? Infinity) <= from) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }

  /** Sends of `type` per virtual ms over the window (or since the first sample, if shorter). */
  perMs(type: number): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.time === first.time) return 0;
    const n = (last.sent.get(type) ?? 0) - (first.sent.get(type) ?? 0);
    return (n * 1_000_000) / (last.time - first.time);
  }

  reset(): void {
    this.samples = [];
  }
}
