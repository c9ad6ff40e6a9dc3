// The grid's short animations: a page fetched by a kernel glows in that kernel's colour, a copy
// invalidated or downgraded fades out under a cross, each for a few hundred ms of wall time
// from the frame its event was read in. Bounded (one per page and kind, the newest wins, and
// a cap overall) so a burst of thousands of events still draws in a frame.

export type FlashKind = 'fetch' | 'invalidate' | 'downgrade';

export interface Flash {
  va: number;
  kind: FlashKind;
  /** The fetching kernel, or the one whose copy went. */
  kernel: number;
  /** Wall ms when it started. */
  start: number;
}

const KINDS: FlashKind[] = ['fetch', 'invalidate', 'downgrade'];

export class Flashes {
  private readonly live = new Map<number, Flash>();

  constructor(
    readonly durationMs = 600,
    readonly max = 400,
  ) {}

  add(va: number, kind: FlashKind, kernel: number, now: number): void {
    const key = va * 4 + KINDS.indexOf(kind);
    this.live.delete(key); // re-inserted as the newest
    this.live.set(key, { va, kind, kernel, start: now });
    if (this.live.size > this.max) {
      const oldest = this.live.keys().next();
      if (!oldest.done) this.live.delete(oldest.value);
    }
  }

  /** The flashes still running at `now` (forgetting those that ended). */
  active(now: number): Flash[] {
    const out: Flash[] = [];
    for (const [key, f] of this.live) {
      if (now - f.start >= this.durationMs) this.live.delete(key);
      else out.push(f);
    }
    return out;
  }

  /** How far along `f` is at `now`: 0 just started, 1 over. */
  progress(f: Flash, now: number): number {
    return Math.min(1, Math.max(0, (now - f.start) / this.durationMs));
  }

  get size(): number {
    return this.live.size;
  }

  clear(): void {
    this.live.clear();
  }
}
