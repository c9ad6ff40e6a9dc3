// The live narration fed a recorded trace the way the page feeds it (its recent history, then
// batches, one animation frame at a time): it tells the latest exchanges, leaves housekeeping
// out when the switch says so, and turns a migration asked for into the views' lock.

import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent, FeedListener } from '../machine/trace-feed';
import { LiveNarration, TOLD } from './live-narration';
import { useNarration } from './narration-store';
import { recordBusyMigration } from './testing/recorded-trace';

function source(history: readonly FeedEvent[]) {
  const listeners: FeedListener[] = [];
  const frames: ((now: number) => void)[] = [];
  return {
    trace: {
      recent: () => history,
      subscribe: (l: FeedListener) => {
        listeners.push(l);
        return () => undefined;
      },
    },
    onFrame: (work: (now: number) => void) => {
      frames.push(work);
      return () => undefined;
    },
    /** A frame at wall time `now` after the feed read `batch`. */
    frame(now: number, batch: readonly FeedEvent[] = []) {
      for (const l of listeners) l(batch, 0);
      for (const f of frames) f(now);
    },
  };
}

describe('LiveNarration', async () => {
  const { events, tid, askedAt } = await recordBusyMigration();
  const before = events.filter((e) => e.time < askedAt);
  const after = events.filter((e) => e.time >= askedAt);

  afterEach(() => {
    useNarration.setState({ asked: undefined, lock: undefined, hideHousekeeping: false });
  });

  it('tells the latest exchanges, housekeeping left out when hidden', () => {
    const live = new LiveNarration();
    const s = source(before);
    live.attach(s);
    s.frame(1000);
    const told = live.getTold().latest;
    expect(told.length).toBeGreaterThan(0);
    expect(told.length).toBeLessThanOrEqual(TOLD);
    // before the move only housekeeping passed between the kernels
    expect(told.every((n) => n.housekeeping)).toBe(true);
    useNarration.getState().setHideHousekeeping(true);
    s.frame(2000);
    expect(live.getTold().latest).toEqual([]);
  });

  it('locks the views onto a migration asked for once its TASK_MIGRATE shows, and tells it', () => {
    const live = new LiveNarration();
    const s = source(before);
    live.attach(s);
    useNarration.getState().follow({ tid, pid: 0, to: 0, sinceNs: askedAt, label: 'busy' });
    s.frame(1000);
    expect(useNarration.getState().lock).toBeUndefined();
    expect(useNarration.getState().asked?.tid).toBe(tid);
    s.frame(2000, after);
    const lock = useNarration.getState().lock;
    expect(lock?.move.exchange.root).toBe('TASK_MIGRATE');
    expect(lock?.move.exchange.tid).toBe(tid);
    expect(lock?.caused.length).toBeGreaterThan(0);
    expect(useNarration.getState().asked).toBeUndefined();
    expect(live.getTold().latest.at(-1)?.exchange.root).toBe('REMOTE_PAGE_REQUEST');
    useNarration.getState().release();
    expect(useNarration.getState().lock).toBeUndefined();
  });
});
