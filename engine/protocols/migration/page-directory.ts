// The home side of page coherency: for every page of a distributed process that has left its
// origin, which kernels hold a copy and which one (if any) may write it. Popcorn's
// "reader-replicate, writer-invalidate" with the origin as home. A page with no entry is the
// origin's alone (its own page table says whether it exists yet).
//
// Invariants (checked by checkPageInvariants in the tests after every protocol step):
//   - at most one kernel may write a page, and then it is the only holder;
//   - when nobody else writes it, the origin holds the page (its copy is the home copy) and
//     every other holder's read-only copy equals it.

export interface PageEntry {
  /** Kernels holding a copy, the origin included when it does. */
  readonly holders: Set<number>;
  /** The kernel that may write, or -1 (then every holder has it read-only). */
  writer: number;
  /** An operation on the page is under way: later ones wait in `queue` (faults are merged). */
  busy: boolean;
  readonly queue: Array<() => void>;
}

export class PageDirectory {
  private readonly entries = new Map<number, PageEntry>();

  constructor(readonly origin: number) {}

  get(page: number): PageEntry | undefined {
    return this.entries.get(page);
  }

  /** The entry of a page, created as "the origin's alone" (holding it if it exists there). */
  open(page: number, originHasIt: boolean): PageEntry {
    let e = this.entries.get(page);
    if (!e) {
      e = {
        holders: new Set(originHasIt ? [this.origin] : []),
        writer: originHasIt ? this.origin : -1,
        busy: false,
        queue: [],
      };
      this.entries.set(page, e);
    }
    return e;
  }

  /** Forgets a page that is the origin's alone again (or gone), unless an operation waits on it. */
  settle(page: number): void {
    const e = this.entries.get(page);
    if (!e || e.busy || e.queue.length > 0) return;
    const originOnly = e.holders.size === 1 && e.holders.has(this.origin) && e.writer === this.origin;
    if (originOnly || e.holders.size === 0) this.entries.delete(page);
  }

  delete(page: number): void {
    this.entries.delete(page);
  }

  pages(): IterableIterator<[number, PageEntry]> {
    return this.entries.entries();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Pages each kernel holds and may write, by the directory (origin-only pages not counted). */
  countByKernel(): Map<number, { held: number; writable: number }> {
    const out = new Map<number, { held: number; writable: number }>();
    for (const e of this.entries.values()) {
      for (const k of e.holders) {
        const c = out.get(k) ?? { held: 0, writable: 0 };
        c.held++;
        if (e.writer === k) c.writable++;
        out.set(k, c);
      }
    }
    return out;
  }
}
