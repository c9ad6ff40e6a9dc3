// The home side of page coherency: for every page of a distributed process that has left its
// origin, which kernels hold a copy, which one (if any) may write it, and the operation under
// way on it as a record (page-machine.ts advances it). Popcorn's "reader-replicate,
// writer-invalidate" with the origin as home. A page with no entry is the origin's alone (its
// own page table says whether it exists yet).
//
// Invariants (checked by page-invariants.ts in the tests after every protocol step):
//   - at most one kernel may write a page, and then it is the only holder;
//   - when nobody else writes it, the origin holds the page (its copy is the home copy) and
//     every other holder's read-only copy equals it.

import type { Thread } from '../../kernels/proc/task';
import type { Delivered } from '../messaging/messenger';

/** Where the answer to a page request goes. */
export type ReplyTo =
  /** A remote kernel's REMOTE_PAGE_REQUEST: answered by message (with the VMA when it asked). */
  | { readonly kind: 'message'; readonly msg: Delivered; readonly wantVma: boolean }
  /** The origin's own threads faulted on the page: they wait in OriginState.fetching. */
  | { readonly kind: 'fault' }
  /** A fork at the origin waits for every page another kernel writes to come home. */
  | { readonly kind: 'recall'; readonly group: RecallGroup };

/** A fork's recall of every written page: the thread runs again when `left` reaches 0. */
export interface RecallGroup {
  left: number;
  readonly thread: Thread;
}

/** A request for a page, waiting in an entry's queue or being served by its operation. */
export interface PageRequest {
  /** The kernel that wants the page (the origin itself for its own threads). */
  readonly who: number;
  readonly write: boolean;
  /** Whether the requester still has a copy (it may have dropped it with an unmapped range). */
  readonly have: boolean;
  readonly reply: ReplyTo;
  /**
   * The epoch start before which it may not proceed: set when it came in the epoch in which the
   * origin's own threads got the page (they use it once first), else 0.
   */
  readonly notBefore: number;
}

/**
 * Where an operation is. recall: the writer's bytes are asked home. invalidate: the other
 * copies are being dropped for a write. grant: the page is being handed out; store and make are
 * the origin's own memory answering (installing the recalled bytes, making a first-touch page).
 * grant, store and make end within the step that began them: only recall and invalidate wait
 * for other kernels, and are seen from outside.
 */
export type PagePhase = 'recall' | 'store' | 'grant' | 'make' | 'invalidate';

/** The one operation under way on a page. */
export interface PageOp {
  readonly req: PageRequest;
  readonly phase: PagePhase;
  /** Kernels whose PAGE_INVALIDATE_RESPONSE it still waits for. */
  readonly awaiting: readonly number[];
  /** recall: the writer whose bytes come home. */
  readonly from: number;
  /** invalidate: the sharers asked to drop their copies. */
  readonly others: readonly number[];
  /** invalidate: whether the requester's copy is current (then it is granted without data). */
  readonly current: boolean;
}

export interface PageEntry {
  /** Kernels holding a copy, the origin included when it does. */
  readonly holders: ReadonlySet<number>;
  /** The kernel that may write, or -1 (then every holder has it read-only). */
  readonly writer: number;
  /** The operation under way, if any: later requests wait in `queue` (in arrival order). */
  readonly op: PageOp | undefined;
  readonly queue: readonly PageRequest[];
}

/** A page's entry as the origin first records it: the origin's alone, holding it if it exists there. */
export function freshEntry(origin: number, originHasIt: boolean): PageEntry {
  return {
    holders: new Set(originHasIt ? [origin] : []),
    writer: originHasIt ? origin : -1,
    op: undefined,
    queue: [],
  };
}

/** Whether an entry says nothing a missing one would not (the origin's alone again, or nobody's). */
export function settled(e: PageEntry, origin: number): boolean {
  if (e.op || e.queue.length > 0) return false;
  const originOnly = e.holders.size === 1 && e.holders.has(origin) && e.writer === origin;
  return originOnly || e.holders.size === 0;
}

export class PageDirectory {
  private readonly entries = new Map<number, PageEntry>();

  constructor(readonly origin: number) {}

  get(page: number): PageEntry | undefined {
    return this.entries.get(page);
  }

  /** Records what a transition left (undefined: the page is the origin's alone again). */
  put(page: number, e: PageEntry | undefined): void {
    if (e) this.entries.set(page, e);
    else this.entries.delete(page);
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
