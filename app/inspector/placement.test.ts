import { describe, expect, it } from 'vitest';
import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { holdings, pagesPerVma } from './placement';

const board: ProcessPages = {
  pid: 6,
  origin: 1,
  epoch: 3,
  vmas: [
    { start: 0x10000, end: 0x13000, prot: 5, kind: 'code', name: '/bin/mt' },
    { start: 0x20000, end: 0x30000, prot: 3, kind: 'heap', name: '[heap]' },
  ],
  pages: [
    { va: 0x10000, holders: [0, 1], writer: -1, busy: false },
    { va: 0x11000, holders: [1], writer: -1, busy: false },
    { va: 0x20000, holders: [1], writer: 1, busy: false },
    { va: 0x21000, holders: [2], writer: 2, busy: true },
  ],
  total: 4,
};

describe('holdings', () => {
  it('counts per kernel the pages it holds and may write, the origin marked home', () => {
    expect(holdings(board)).toEqual([
      { kernel: 0, home: false, pages: 1, writable: 0 },
      { kernel: 1, home: true, pages: 3, writable: 1 },
      { kernel: 2, home: false, pages: 1, writable: 1 },
    ]);
  });

  it('lists the origin even with no pages', () => {
    expect(holdings({ ...board, pages: [] })).toEqual([{ kernel: 1, home: true, pages: 0, writable: 0 }]);
  });
});

describe('pagesPerVma', () => {
  it('counts present and away pages per VMA', () => {
    expect(pagesPerVma(board)).toEqual([
      { present: 2, away: 1 },
      { present: 2, away: 1 },
    ]);
  });
});
