// Messages sent per virtual millisecond, per type, over the latest window of virtual time (the
// machine's own clock: a paused machine keeps its rates, a fast one shows the same rates as a
// slow one). "Now" is the latest send time read.

export class SendRates {
  /** Sends inside the window, about in time order (kernels run a little apart). */
  private times: number[] = [];
  private types: number[] = [];
  private head = 0;
  private readonly inWindow = new Map<number, number>();
  private first = Infinity;
  private latest = -Infinity;

  constructor(readonly windowNs = 10_000_000) {}

  add(type: number, time: number): void {
    this.times.push(time);
    this.types.push(type);
    this.inWindow.set(type, (this.inWindow.get(type) ?? 0) + 1);
    if (time < this.first) this.first = time;
    if (time > this.latest) this.latest = time;
    this.expire();
  }

  private expire(): void {
    const from = this.latest - this.windowNs;
    while (this.head < this.times.length && (this.times[this.head] as number) <= from) {
      const type = this.types[this.head] as number;
      this.inWindow.set(type, (this.inWindow.get(type) ?? 1) - 1);
      this.head++;
    }
    // compact now and then, so the arrays hold about one window
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.types = this.types.slice(this.head);
      this.head = 0;
    }
  }

  /** Sends of `type` per virtual ms over the window (or over the time since the first send). */
  perMs(type: number): number {
    const n = this.inWindow.get(type) ?? 0;
    if (n === 0) return 0;
    const span = Math.min(this.windowNs, Math.max(this.latest - this.first, 1));
    return (n * 1_000_000) / span;
  }

  reset(): void {
    this.times = [];
    this.types = [];
    this.head = 0;
    this.inWindow.clear();
    this.first = Infinity;
    this.latest = -Infinity;
  }
}
