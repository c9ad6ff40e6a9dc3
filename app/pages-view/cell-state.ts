// What one page of the focused process looks like in the pages grid: who holds it and how,
// worked out from the origin's view board (a ViewPage). Pure, so the colouring rules are tested
// without a canvas: a page only at home, owned by one other kernel, or shared read-only.

import type { ProcessPages, ViewPage, ViewPageActivity } from '../../engine/machine/browser/kernel-view';

export type CellKind = 'home' | 'remote' | 'shared' | 'empty';

export interface CellState {
  kind: CellKind;
  /** The kernel whose colour fills the cell (home: the origin; remote: the holder), else -1. */
  owner: number;
  /** Kernels holding a copy, ascending (the stripes of a shared cell). */
  holders: readonly number[];
  /** Whether a kernel may write it (home or remote with the writer's grant). */
  writable: boolean;
  busy: boolean;
  /** The operation under way on it at the origin, if any. */
  activity?: ViewPageActivity;
}

/**
 * Home: only the origin holds it. Remote: exactly one other kernel holds it (it moved there, to
 * write it or as the only reader left). Shared: read-only copies at several kernels. Empty: the
 * directory lists it but nobody holds it now (its last holder died).
 */
export function cellState(page: ViewPage, origin: number): CellState {
  const { holders, writer, busy, activity } = page;
  const only = holders.length === 1 ? holders[0] : undefined;
  const state: CellState =
    holders.length === 0
      ? { kind: 'empty', owner: -1, holders, writable: false, busy }
      : only === origin
        ? { kind: 'home', owner: origin, holders, writable: writer === origin, busy }
        : only !== undefined
          ? { kind: 'remote', owner: only, holders, writable: writer === only, busy }
          : { kind: 'shared', owner: -1, holders, writable: false, busy };
  if (activity) state.activity = activity;
  return state;
}

/** Whether a kernel other than the origin holds the page (what data-remote counts). */
export function heldAway(page: ViewPage, origin: number): boolean {
  return page.holders.some((h) => h !== origin);
}

export function countAway(board: ProcessPages): number {
  let n = 0;
  for (const p of board.pages) if (heldAway(p, board.origin)) n++;
  return n;
}

function kernels(list: readonly number[]): string {
  return list.length === 1 ? `kernel ${list[0] ?? 0}` : `kernels ${list.join(', ')}`;
}

/** "kernel 2", "kernels 0 and 3", "kernels 0, 2 and 3". */
function kernelsAnd(list: readonly number[]): string {
  if (list.length <= 1) return `kernel ${list[0] ?? '?'}`;
  return `kernels ${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? '?'}`;
}

/** What the operation under way on a page does now, in words. */
export function describeActivity(a: ViewPageActivity): string {
  const what = `kernel ${a.requester}'s ${a.write ? 'write' : 'read'}`;
  const more = a.queued > 0 ? `, ${a.queued} more waiting` : '';
  switch (a.step) {
    case 'recall':
      return `recalling from ${kernelsAnd(a.awaiting)} for ${what}${more}`;
    case 'invalidate':
      return `invalidating at ${kernelsAnd(a.awaiting)} for ${what}${more}`;
    case 'grant':
      return `granting to kernel ${a.requester} (${a.write ? 'write' : 'read'}) at the next epoch${more}`;
  }
}

/** The page's state in words, for the history panel and tooltips. */
export function describeCell(state: CellState): string {
  const busy = state.activity
    ? ` · ${describeActivity(state.activity)}`
    : state.busy
      ? ' · a fetch or invalidation is under way'
      : '';
  switch (state.kind) {
    case 'home':
      return `at home on kernel ${state.owner} only, ${state.writable ? 'writable' : 'read-only'}${busy}`;
    case 'remote':
      return `away at kernel ${state.owner} only, ${state.writable ? 'writable there' : 'read-only'}${busy}`;
    case 'shared':
      return `read-only copies at ${kernels(state.holders)}${busy}`;
    case 'empty':
      return `listed, but no kernel holds it${busy}`;
  }
}

/** Whether two boards would draw the same cells (same pages, holders, writers, busy flags and VMAs). */
export function sameBoard(a: ProcessPages | undefined, b: ProcessPages | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.pid !== b.pid || a.origin !== b.origin || a.total !== b.total) return false;
  if (a.pages.length !== b.pages.length || a.vmas.length !== b.vmas.length) return false;
  for (let i = 0; i < a.vmas.length; i++) {
    const x = a.vmas[i];
    const y = b.vmas[i];
    if (!x || !y || x.start !== y.start || x.end !== y.end || x.prot !== y.prot || x.name !== y.name) return false;
  }
  for (let i = 0; i < a.pages.length; i++) {
    const x = a.pages[i];
    const y = b.pages[i];
    if (!x || !y || x.va !== y.va || x.writer !== y.writer || x.busy !== y.busy) return false;
    if (!sameActivity(x.activity, y.activity)) return false;
    if (x.holders.length !== y.holders.length) return false;
    for (let h = 0; h < x.holders.length; h++) if (x.holders[h] !== y.holders[h]) return false;
  }
  return true;
}

function sameActivity(a: ViewPageActivity | undefined, b: ViewPageActivity | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.step !== b.step || a.requester !== b.requester || a.write !== b.write || a.queued !== b.queued) return false;
  return a.awaiting.length === b.awaiting.length && a.awaiting.every((k, i) => b.awaiting[i] === k);
}
