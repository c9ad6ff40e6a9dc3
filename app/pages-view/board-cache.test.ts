import { describe, expect, it } from 'vitest';
import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { BoardCache, boardCacheOf, MISSES_BEFORE_GONE, type BoardSource } from './board-cache';

const board = (epoch: number): ProcessPages => ({ pid: 5, origin: 0, epoch, vmas: [], pages: [], total: 0 });

function fake(cost: number) {
  const s = { epoch: 0, now: 0, reads: 0, board: undefined as ProcessPages | undefined };
  const source: BoardSource = {
    epoch: () => s.epoch,
    process: (pid) => {
      s.reads++;
      s.now += cost; // reading takes `cost` ms of the clock
      return pid === 5 ? s.board : undefined;
    },
  };
  return { s, source, clock: () => s.now };
}

describe('BoardCache', () => {
  it('reads at most once per completed epoch and per minMs, whoever asks', () => {
    const { s, source, clock } = fake(0);
    const cache = new BoardCache(source, { clock, minMs: 200, budget: 8 });
    s.board = board(1);
    expect(cache.get(5)).toBe(s.board);
    expect(cache.get(5)).toBe(s.board);
    expect(s.reads).toBe(1);
    s.epoch = 1;
    s.board = board(2);
    s.now = 100; // too soon
    expect(cache.get(5)?.epoch).toBe(1);
    s.now = 200;
    expect(cache.get(5)?.epoch).toBe(2);
    s.now = 1000; // no epoch completed: paused, nothing to read
    cache.get(5);
    expect(s.reads).toBe(2);
  });

  it('spaces out reads that cost a lot', () => {
    const { s, source, clock } = fake(50);
    const cache = new BoardCache(source, { clock, minMs: 200, budget: 8 });
    s.board = board(1);
    cache.get(5); // t 0 -> 50: the next read waits until t 400
    s.epoch = 1;
    s.now = 300;
    cache.get(5);
    expect(s.reads).toBe(1);
    s.now = 400;
    cache.get(5);
    expect(s.reads).toBe(2);
    expect(cache.lastCost).toBe(50);
  });

  it('asks again until a board is published, and starts afresh for another process', () => {
    const { s, source, clock } = fake(0);
    const cache = new BoardCache(source, { clock, minMs: 200, budget: 8 });
    expect(cache.get(5)).toBeUndefined();
    s.now = 200;
    expect(cache.get(5)).toBeUndefined();
    expect(s.reads).toBe(2);
    s.board = board(1);
    s.now = 400;
    expect(cache.get(5)).toBe(s.board);
    expect(cache.get(6)).toBeUndefined(); // at once: another process
    expect(s.reads).toBe(4);
    expect(cache.get(0)).toBeUndefined();
  });

  it('keeps a board hidden for a few reads, and lets go of one gone for good', () => {
    const { s, source, clock } = fake(0);
    const cache = new BoardCache(source, { clock, minMs: 0, budget: 8 });
    s.board = board(1);
    cache.get(5);
    s.board = undefined;
    for (let i = 1; i < MISSES_BEFORE_GONE; i++) {
      s.epoch = i;
      expect(cache.get(5)).toBeDefined();
    }
    s.epoch++;
    expect(cache.get(5)).toBeUndefined();
  });

  it('is one per machine', () => {
    const { source } = fake(0);
    expect(boardCacheOf(source)).toBe(boardCacheOf(source));
  });
});
