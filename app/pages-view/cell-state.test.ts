import { describe, expect, it } from 'vitest';
import type { ProcessPages, ViewPage } from '../../engine/machine/browser/kernel-view';
import { cellState, countAway, describeActivity, describeCell, heldAway, sameBoard } from './cell-state';

const page = (holders: number[], writer = -1, busy = false, va = 0x10000): ViewPage => ({ va, holders, writer, busy });

const board = (pages: ViewPage[]): ProcessPages => ({
  pid: 3,
  origin: 0,
  epoch: 7,
  vmas: [{ start: 0x10000, end: 0x20000, prot: 3, kind: 'data', name: '/bin/mt' }],
  pages,
  total: pages.length,
});

describe('cellState', () => {
  it('calls a page held only by the origin home, writable or not', () => {
    expect(cellState(page([0], 0), 0)).toMatchObject({ kind: 'home', owner: 0, writable: true });
    expect(cellState(page([0], -1), 0)).toMatchObject({ kind: 'home', owner: 0, writable: false });
  });

  it('colours a page one other kernel holds with that kernel', () => {
    expect(cellState(page([2], 2), 0)).toMatchObject({ kind: 'remote', owner: 2, writable: true });
    expect(cellState(page([2], -1), 0)).toMatchObject({ kind: 'remote', owner: 2, writable: false });
  });

  it('stripes read-only copies at several kernels, the origin among them or not', () => {
    expect(cellState(page([0, 1]), 0)).toMatchObject({ kind: 'shared', owner: -1, holders: [0, 1] });
    expect(cellState(page([1, 3]), 0)).toMatchObject({ kind: 'shared', holders: [1, 3] });
  });

  it('marks a listed page nobody holds as empty, and keeps busy', () => {
    expect(cellState(page([], -1, true), 0)).toMatchObject({ kind: 'empty', busy: true });
  });

  it('describes each state in words', () => {
    expect(describeCell(cellState(page([0], 0), 0))).toBe('at home on kernel 0 only, writable');
    expect(describeCell(cellState(page([1], 1, true), 0))).toMatch(/^away at kernel 1 only, writable there · a fetch/);
    expect(describeCell(cellState(page([0, 1]), 0))).toBe('read-only copies at kernels 0, 1');
  });
});

describe('describeActivity', () => {
  const busy = (activity: ViewPage['activity']): ViewPage => ({ ...page([0, 1, 3], -1, true), activity });

  it("names the step of a busy page's operation, whom it waits for and whom it is for", () => {
    expect(describeActivity({ step: 'recall', requester: 1, write: false, awaiting: [2], queued: 0 })).toBe(
      "recalling from kernel 2 for kernel 1's read",
    );
    expect(describeActivity({ step: 'invalidate', requester: 1, write: true, awaiting: [0, 3], queued: 2 })).toBe(
      "invalidating at kernels 0 and 3 for kernel 1's write, 2 more waiting",
    );
    expect(describeActivity({ step: 'grant', requester: 1, write: false, awaiting: [], queued: 0 })).toBe(
      'granting to kernel 1 (read) at the next epoch',
    );
  });

  it("puts the step in the cell's words, and a change of step redraws the board", () => {
    const a = busy({ step: 'invalidate', requester: 1, write: true, awaiting: [0, 3], queued: 0 });
    expect(describeCell(cellState(a, 0))).toBe(
      "read-only copies at kernels 0, 1, 3 · invalidating at kernels 0 and 3 for kernel 1's write",
    );
    const b = busy({ step: 'invalidate', requester: 1, write: true, awaiting: [3], queued: 0 });
    expect(sameBoard(board([a]), board([b]))).toBe(false);
    expect(sameBoard(board([a]), board([{ ...a }]))).toBe(true);
  });
});

describe('held away', () => {
  it('counts pages any kernel but the origin holds', () => {
    expect(heldAway(page([0]), 0)).toBe(false);
    expect(heldAway(page([0, 1]), 0)).toBe(true);
    expect(countAway(board([page([0]), page([1], 1), page([0, 2]), page([])]))).toBe(2);
  });
});

describe('sameBoard', () => {
  it('ignores the epoch but sees any change of holders, writer, busy or VMAs', () => {
    const a = board([page([0], 0), page([0, 1], -1, false, 0x11000)]);
    expect(sameBoard(a, { ...a, epoch: 99, pages: a.pages.map((p) => ({ ...p, holders: [...p.holders] })) })).toBe(
      true,
    );
    expect(sameBoard(a, board([page([0], 0), page([0, 2], -1, false, 0x11000)]))).toBe(false);
    expect(sameBoard(a, board([page([0], -1), page([0, 1], -1, false, 0x11000)]))).toBe(false);
    expect(sameBoard(a, board([page([0], 0, true), page([0, 1], -1, false, 0x11000)]))).toBe(false);
    expect(sameBoard(a, { ...a, vmas: [] })).toBe(false);
    expect(sameBoard(a, undefined)).toBe(false);
    expect(sameBoard(undefined, undefined)).toBe(true);
  });
});
