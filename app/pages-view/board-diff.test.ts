import { describe, expect, it } from 'vitest';
import type { ProcessPages, ViewPage } from '../../engine/machine/browser/kernel-view';
import { boardChanges } from './board-diff';

const page = (va: number, holders: number[], writer = -1, busy = false): ViewPage => ({ va, holders, writer, busy });
const board = (pages: ViewPage[], name = 'd'): ProcessPages => ({
  pid: 3,
  origin: 0,
  epoch: 1,
  vmas: [{ start: 0x10000, end: 0x20000, prot: 3, kind: 'data', name }],
  pages,
  total: pages.length,
});

describe('boardChanges', () => {
  const before = board([page(0x10000, [0], 0), page(0x11000, [0, 1]), page(0x12000, [1], 1)]);

  it('lists the pages whose holders or writer changed when the shape stayed', () => {
    const after = board([page(0x10000, [0], -1), page(0x11000, [0, 1], -1, true), page(0x12000, [2], 2)]);
    expect(boardChanges(before, after)).toEqual([0, 2]); // busy alone is drawn on the overlay
    expect(boardChanges(before, board(before.pages.map((p) => ({ ...p }))))).toEqual([]);
  });

  it('asks for a new layout when pages or VMAs differ', () => {
    expect(boardChanges(before, board(before.pages.slice(1)))).toBe('layout');
    expect(boardChanges(before, board([page(0x10000, [0], 0), page(0x11000, [0, 1]), page(0x13000, [1], 1)]))).toBe(
      'layout',
    );
    expect(boardChanges(before, board(before.pages, 'renamed'))).toBe('layout');
    expect(boardChanges(undefined, before)).toBe('layout');
    expect(boardChanges(before, undefined)).toBe('layout');
  });
});
