import { describe, expect, it } from 'vitest';
import type { ProcessPages, ViewPage } from '../../engine/machine/browser/kernel-view';
import { EV } from '../../engine/machine/browser/trace-events';
import type { FeedEvent, FeedListener } from '../machine/trace-feed';
import { BoardCache } from './board-cache';
import { LivePages, type PagesSource } from './live-pages';

const page = (va: number, holders: number[], writer = -1, busy = false): ViewPage => ({ va, holders, writer, busy });

function fakeSource(recent: FeedEvent[] = []) {
  const state = {
    epoch: 0,
    focused: [] as number[],
    reads: 0,
    board: undefined as ProcessPages | undefined,
    listeners: new Set<FeedListener>(),
    work: new Set<(now: number) => void>(),
  };
  const source: PagesSource = {
    machine: {
      epoch: () => state.epoch,
      focus: (pid) => {
        state.focused.push(pid);
      },
      process: (pid) => {
        state.reads++;
        return state.board?.pid === pid ? state.board : undefined;
      },
    },
    trace: {
      recent: () => recent,
      subscribe: (l) => {
        state.listeners.add(l);
        return () => state.listeners.delete(l);
      },
    },
    onFrame: (w) => {
      state.work.add(w);
      return () => state.work.delete(w);
    },
  };
  const frame = (now: number) => {
    for (const w of state.work) w(now);
  };
  const feed = (events: FeedEvent[]) => {
    for (const l of state.listeners) l(events, 0);
  };
  return { state, source, frame, feed };
}

/** A board cache that reads whenever an epoch completed (no wall-time spacing). */
const still = (source: PagesSource) => new BoardCache(source.machine, { clock: () => 0, minMs: 0, budget: 0 });

const board = (epoch: number, pages: ViewPage[]): ProcessPages => ({
  pid: 5,
  origin: 1,
  epoch,
  vmas: [{ start: 0x10000, end: 0x20000, prot: 3, kind: 'data', name: 'd' }],
  pages,
  total: pages.length,
});

const fetch = (va: number, kernel: number, pid = 5): FeedEvent => ({
  time: 10,
  kind: EV.PAGE_FETCH,
  hart: 0,
  pid,
  tid: 7,
  a: 1,
  b: va,
  c: 0,
  kernel,
});

describe('LivePages', () => {
  it('focuses the process and starts its history from the recent events, without animating them', () => {
    const { state, source } = fakeSource([fetch(0x10000, 0), fetch(0x10000, 0, 6)]);
    const live = new LivePages(source, 250, still(source));
    live.setPid(5);
    expect(state.focused).toEqual([5]);
    expect(live.history.fetches).toBe(1);
    expect(live.history.of(0x10000)).toHaveLength(1);
    expect(live.flashes.size).toBe(0);
  });

  it('reads the board once per completed epoch and bumps the version only when its contents change', () => {
    const { state, source, frame } = fakeSource();
    const live = new LivePages(source, 0, still(source));
    const detach = live.attach();
    live.setPid(5);
    const v0 = live.version;
    frame(0); // nothing published yet: undefined, read again next frame
    frame(1);
    expect(state.reads).toBe(2);
    state.board = board(1, [page(0x10000, [1], 1)]);
    frame(2);
    expect(live.version).toBe(v0 + 1);
    frame(3); // same epoch: not read
    expect(state.reads).toBe(3);
    state.epoch = 1;
    state.board = board(2, [page(0x10000, [1], 1)]);
    frame(4); // read, same contents
    expect([state.reads, live.version, live.getStats().epoch]).toEqual([4, v0 + 1, 2]);
    state.epoch = 2;
    state.board = board(3, [page(0x10000, [2], 2, true)]);
    frame(5);
    expect(live.version).toBe(v0 + 2);
    expect(live.busy).toEqual([0x10000]);
    expect(live.getStats()).toMatchObject({ published: true, origin: 1, shown: 1, remote: 1, busy: 1 });
    detach();
    expect(state.work.size + state.listeners.size).toBe(0);
  });

  it('animates fetches of its process from the next frame and counts them', () => {
    const { source, frame, feed } = fakeSource();
    const live = new LivePages(source, 0, still(source));
    live.attach();
    live.setPid(5);
    feed([fetch(0x11000, 2), fetch(0x12000, 2, 9)]);
    frame(100);
    const flashes = live.flashes.active(100);
    expect(flashes.map((f) => [f.va, f.kind, f.kernel, f.start])).toEqual([[0x11000, 'fetch', 2, 100]]);
    expect(live.getStats().fetches).toBe(1);
  });

  it('tells React at most every statsMs', () => {
    const { source, frame, feed } = fakeSource();
    const live = new LivePages(source, 250, still(source));
    live.attach();
    let told = 0;
    live.subscribe(() => told++);
    live.setPid(5);
    frame(0);
    expect(told).toBe(1);
    feed([fetch(0x11000, 2)]);
    frame(100);
    feed([fetch(0x11000, 2)]);
    frame(200);
    expect([told, live.getStats().fetches]).toEqual([1, 0]);
    frame(260);
    expect([told, live.getStats().fetches]).toEqual([2, 2]);
    frame(600); // nothing new
    expect(told).toBe(2);
  });

  it('keeps a board its writer briefly hides, and lets go of one gone for good', () => {
    const { state, source, frame } = fakeSource();
    const live = new LivePages(source, 0, still(source));
    live.attach();
    live.setPid(5);
    state.board = board(1, [page(0x10000, [1], 1)]);
    frame(0);
    state.board = undefined;
    state.epoch = 1;
    frame(1);
    expect(live.board).toBeDefined();
    for (let i = 2; i < 40; i++) {
      state.epoch = i;
      frame(i);
    }
    expect(live.board).toBeUndefined();
    expect(live.getStats().published).toBe(false);
  });
});
