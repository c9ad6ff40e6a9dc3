// The pages view's live model, outside React. Once per animation frame it takes the focused
// process's board from the machine's board cache (read from shared memory only when an epoch
// completed, within a budget: a paused machine costs nothing), and keeps the board's contents
// version, bumped only when a page's holders, writer or busy flag (or a VMA) changed, so the
// grid repaints only then. It
// reads the trace feed's batches into the per-page history and the flashes the grid animates,
// and tells React (the counts, the VMAs) at most every statsMs.

import type { ProcessPages, ViewVma } from '../../engine/machine/browser/kernel-view';
import type { FeedEvent, FeedListener } from '../machine/trace-feed';
import { BoardCache, boardCacheOf } from './board-cache';
import { countAway, sameBoard } from './cell-state';
import { Flashes, type FlashKind } from './flashes';
import { PageHistory, type PageEvent } from './page-history';

/** What the model reads: a MachineFrames has all of it. */
export interface PagesSource {
  readonly machine: {
    epoch(): number;
    focus(pid: number): void;
    process(pid: number): ProcessPages | undefined;
  };
  readonly trace: { recent(): readonly FeedEvent[]; subscribe(listener: FeedListener): () => void };
  onFrame(work: (now: number) => void): () => void;
}

export interface PagesStats {
  pid: number;
  /** Whether the origin has published the process (it may not have yet, or it exited). */
  published: boolean;
  origin: number;
  epoch: number;
  /** Pages on the board (the grid's cells). */
  shown: number;
  /** Pages the process has in all (more than shown when the board could not hold them all). */
  total: number;
  /** Pages held by a kernel other than the origin. */
  remote: number;
  busy: number;
  fetches: number;
  faults: number;
  invalidations: number;
  vmas: readonly ViewVma[];
}

function flashOf(ev: PageEvent): FlashKind | undefined {
  const a = ev.record.action;
  if (a === 'read fetch' || a === 'write fetch') return 'fetch';
  if (a === 'invalidated') return 'invalidate';
  if (a === 'downgraded') return 'downgrade';
  return undefined;
}

export class LivePages {
  pid = 0;
  /** The latest board read (undefined until the origin publishes the process). */
  board: ProcessPages | undefined;
  /** Bumped when what the grid draws changed: the board's contents, or the process. */
  version = 0;
  /** Addresses of the pages an operation is under way on (the grid pulses them). */
  busy: number[] = [];
  history = new PageHistory(0);
  readonly flashes = new Flashes();
  /** Called at the end of every frame's work, with its time: the grid paints here. */
  private painter: ((now: number) => void) | undefined;
  private pending: Array<{ va: number; kind: FlashKind; kernel: number }> = [];
  private stats: PagesStats = LivePages.emptyStats(0);
  private statsDirty = true;
  private lastStats = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly source: PagesSource,
    private readonly statsMs = 250,
    private readonly boards: BoardCache = boardCacheOf(source.machine),
  ) {}

  /** Sets the grid's per-frame paint (undefined: none); returns the way to unset it. */
  setPainter(painter: (now: number) => void): () => void {
    this.painter = painter;
    return () => {
      if (this.painter === painter) this.painter = undefined;
    };
  }

  private static emptyStats(pid: number): PagesStats {
    return {
      pid,
      published: false,
      origin: -1,
      epoch: 0,
      shown: 0,
      total: 0,
      remote: 0,
      busy: 0,
      fetches: 0,
      faults: 0,
      invalidations: 0,
      vmas: [],
    };
  }

  /** Starts reading every frame and every trace batch; returns the way to stop. */
  attach(): () => void {
    const unfeed = this.source.trace.subscribe((events) => {
      this.ingest(events, true);
    });
    const unframe = this.source.onFrame((now) => {
      this.frame(now);
    });
    return () => {
      unfeed();
      unframe();
    };
  }

  /** Shows process `pid` (0: none): asks its origin to publish it, and starts its history afresh from the feed's recent events. */
  setPid(pid: number): void {
    this.source.machine.focus(pid);
    if (pid === this.pid) return;
    this.pid = pid;
    this.board = undefined;
    this.busy = [];
    this.version++;
    this.history = new PageHistory(pid);
    this.flashes.clear();
    this.pending = [];
    this.ingest(this.source.trace.recent(), false); // the past: history, no animation
    this.stats = LivePages.emptyStats(pid);
    this.statsDirty = true;
    this.lastStats = -Infinity; // a new process shows at once
  }

  private ingest(events: readonly FeedEvent[], animate: boolean): void {
    if (this.pid <= 0) return;
    const before = this.history.version;
    for (const e of events) {
      const ev = this.history.add(e);
      if (!ev || !animate) continue;
      const kind = flashOf(ev);
      if (kind) this.pending.push({ va: ev.va, kind, kernel: ev.record.kernel });
    }
    if (this.history.version !== before) this.statsDirty = true;
  }

  frame(now: number): void {
    for (const p of this.pending) this.flashes.add(p.va, p.kind, p.kernel, now);
    this.pending = [];
    this.read();
    this.publishStats(now);
    this.painter?.(now);
  }

  private read(): void {
    if (this.pid <= 0) return;
    const next = this.boards.get(this.pid);
    if (next === this.board) return;
    if (!next) {
      this.board = undefined;
      this.busy = [];
      this.version++;
      this.statsDirty = true;
      return;
    }
    const changed = !sameBoard(this.board, next);
    if (next.epoch !== this.board?.epoch) this.statsDirty = true;
    this.board = next;
    if (!changed) return;
    this.version++;
    this.busy = next.pages.filter((p) => p.busy).map((p) => p.va);
  }

  private publishStats(now: number): void {
    if (!this.statsDirty || now - this.lastStats < this.statsMs) return;
    this.statsDirty = false;
    this.lastStats = now;
    const b = this.board;
    const h = this.history;
    const vmas =
      b && this.stats.vmas.length === b.vmas.length && sameVmas(this.stats.vmas, b.vmas)
        ? this.stats.vmas
        : (b?.vmas ?? []);
    this.stats = {
      pid: this.pid,
      published: b !== undefined,
      origin: b?.origin ?? -1,
      epoch: b?.epoch ?? 0,
      shown: b?.pages.length ?? 0,
      total: b?.total ?? 0,
      remote: b ? countAway(b) : 0,
      busy: this.busy.length,
      fetches: h.fetches,
      faults: h.faults,
      invalidations: h.invalidations,
      vmas,
    };
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getStats = (): PagesStats => this.stats;
}

/** Same VMAs: the list keeps its identity then, so React lists of them do not re-render. */
function sameVmas(a: readonly ViewVma[], b: readonly ViewVma[]): boolean {
  return a.every((v, i) => {
    const w = b[i];
    return w !== undefined && v.start === w.start && v.end === w.end && v.prot === w.prot && v.name === w.name;
  });
}
