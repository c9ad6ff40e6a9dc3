// What the pages of a distributed process are going through, in words the views can show: the
// operation under way on a page (its phase, for whom, whom it still waits for), or a request held
// to the next epoch. Read from the page directory's records and the held work; nothing here
// changes them.

import type { Distribution, OriginState } from './distribution';

export interface PageActivity {
  /**
   * recall: the writer's bytes are coming home; invalidate: the other copies are being dropped
   * for a write; grant: the page is handed out at the next epoch start (the origin's own threads
   * got it in this one and use it first).
   */
  readonly step: 'recall' | 'invalidate' | 'grant';
  /** The kernel the operation is for. */
  readonly requester: number;
  readonly write: boolean;
  /** The kernels whose answers it still waits for (none for a grant). */
  readonly awaiting: readonly number[];
  /** Requests waiting behind it. */
  readonly queued: number;
}

/** The pages of `st`'s process with something under way, by page. */
export function pageActivities(d: Distribution, st: OriginState): Map<number, PageActivity> {
  const out = new Map<number, PageActivity>();
  for (const [page, e] of st.dir.pages()) {
    const op = e.op;
    if (!op) continue;
    const step = op.phase === 'recall' || op.phase === 'invalidate' ? op.phase : 'grant';
    const { who, write } = op.req;
    out.set(page, { step, requester: who, write, awaiting: op.awaiting, queued: e.queue.length });
  }
  for (const h of d.held) {
    if (h.kind !== 'request' || h.st !== st) continue;
    const at = out.get(h.page);
    if (at) out.set(h.page, { ...at, queued: at.queued + 1 });
    else out.set(h.page, { step: 'grant', requester: h.req.who, write: h.req.write, awaiting: [], queued: 0 });
  }
  return out;
}
