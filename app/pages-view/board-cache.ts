// One reader of the focused process's board for every view of a machine (the pages view, the
// inspector). Each read asks the origin to publish the process anew (BrowserMachine.process),
// and publishing walks every page of it, as decoding the board does here: so it is read at
// most once per completed epoch however many views ask, at most every minMs (a few times a
// second), and no more often than keeps decoding within a share of the frame budget: after a
// read that took c ms the next waits at least budget * c ms. A board its writer hid for a
// moment (mid-write) is kept for a few reads before the cache says it is gone.

import type { ProcessPages } from '../../engine/machine/browser/kernel-view';

export interface BoardSource {
  epoch(): number;
  process(pid: number): ProcessPages | undefined;
}

/** Reads in a row that may find no board before the cache lets go of the last one. */
export const MISSES_BEFORE_GONE = 8;

export interface BoardTiming {
  /** Wall ms, now. */
  clock: () => number;
  /** Least wall ms between two reads. */
  minMs: number;
  /** Wall time between reads, at least this multiple of the last read's cost. */
  budget: number;
}

export const DEFAULT_BOARD_TIMING: BoardTiming = { clock: () => performance.now(), minMs: 200, budget: 8 };

export class BoardCache {
  private pid = 0;
  private board: ProcessPages | undefined;
  private readEpoch = -1;
  private nextRead = -Infinity;
  private misses = 0;
  /** Wall ms the last read took. */
  lastCost = 0;

  constructor(
    private readonly source: BoardSource,
    private readonly timing: BoardTiming = DEFAULT_BOARD_TIMING,
  ) {}

  /** Process `pid`'s board as last read, read again if an epoch completed and the timing allows. */
  get(pid: number): ProcessPages | undefined {
    if (pid !== this.pid) {
      this.pid = pid;
      this.board = undefined;
      this.readEpoch = -1;
      this.nextRead = -Infinity;
      this.misses = 0;
    }
    if (pid <= 0) return undefined;
    const start = this.timing.clock();
    if (start < this.nextRead) return this.board;
    const epoch = this.source.epoch();
    if (this.board && epoch === this.readEpoch) return this.board; // a paused machine: nothing new
    const read = this.source.process(pid);
    this.lastCost = this.timing.clock() - start;
    this.nextRead = start + Math.max(this.timing.minMs, this.lastCost * this.timing.budget);
    if (read) {
      this.board = read;
      this.readEpoch = epoch;
      this.misses = 0;
    } else if (this.board && ++this.misses >= MISSES_BEFORE_GONE) {
      this.board = undefined;
    }
    return this.board;
  }
}

const caches = new WeakMap<BoardSource, BoardCache>();

/** The machine's one board cache. */
export function boardCacheOf(source: BoardSource): BoardCache {
  let cache = caches.get(source);
  if (!cache) {
    cache = new BoardCache(source);
    caches.set(source, cache);
  }
  return cache;
}
