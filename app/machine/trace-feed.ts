// The page's one reader of the kernels' trace rings: once per animation frame it takes every
// event the kernels wrote since the last frame and hands the batch, oldest first, to the views
// that subscribed (timeline, messages, pages), and keeps the latest HISTORY events for a view
// that opens later (recent()). Each view keeps the history it needs beyond that. A ring
// that wrapped between two frames loses its oldest events for display only (`skipped`); the
// kernels' counters and trace hash never depend on the reader.

import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import type { TraceEvent } from '../../engine/machine/browser/trace-events';

export interface FeedEvent extends TraceEvent {
  /** The kernel whose ring held the event. */
  kernel: number;
}

/** Events kept for views that open later. */
export const HISTORY = 20_000;

/**
 * Most events read per frame, shared among the kernels (each takes its newest): decoding and
 * ordering the whole of 16 full rings every frame took more than a frame. Events beyond it
 * count as skipped, as those of a ring that wrapped do.
 */
export const MAX_EVENTS_PER_FRAME = 6000;

export type FeedListener = (events: readonly FeedEvent[], skipped: number) => void;

export class TraceFeed {
  private readonly cursors: number[];
  private readonly listeners = new Set<FeedListener>();
  private history: FeedEvent[] = [];
  /** Events lost to wrapped rings since the page started reading. */
  skipped = 0;

  constructor(private readonly machine: BrowserMachine) {
    // from each ring's start: readSince skips what the ring no longer holds
    this.cursors = machine.scenario.machine.kernels.map(() => 0);
  }

  /** Reads what the kernels wrote since the last call and tells every listener. */
  pull(): void {
    const batch: FeedEvent[] = [];
    let skipped = 0;
    const share = Math.ceil(MAX_EVENTS_PER_FRAME / this.cursors.length);
    this.cursors.forEach((cursor, kernel) => {
      const ring = this.machine.trace(kernel);
      let from = cursor;
      const behind = (ring.written() - from) >>> 0;
      if (behind > share) {
        skipped += behind - share;
        from = (ring.written() - share) >>> 0;
      }
      const read = ring.readSince(from);
      this.cursors[kernel] = read.next;
      skipped += read.skipped;
      for (const e of read.events) batch.push({ ...e, kernel });
    });
    if (batch.length === 0 && skipped === 0) return;
    // each ring is in time order; across kernels, order by time (ties by kernel, stable)
    batch.sort((a, b) => a.time - b.time || a.kernel - b.kernel);
    this.skipped += skipped;
    for (const e of batch) this.history.push(e);
    if (this.history.length > 2 * HISTORY) this.history = this.history.slice(-HISTORY);
    for (const l of this.listeners) l(batch, skipped);
  }

  /** The latest events read (up to HISTORY), oldest first. */
  recent(): readonly FeedEvent[] {
    return this.history.length > HISTORY ? this.history.slice(-HISTORY) : this.history;
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
