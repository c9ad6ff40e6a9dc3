import { describe, expect, it } from 'vitest';
import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { cellTitle } from './cell-title';

const board: ProcessPages = {
  pid: 3,
  origin: 0,
  epoch: 1,
  vmas: [],
  pages: [{ va: 0x10000, holders: [0, 1], writer: -1, busy: false }],
  total: 1,
};

describe('cellTitle', () => {
  it('says what each kind of cell is', () => {
    expect(cellTitle({ kind: 'page', x: 0, y: 0, va: 0x10000, index: 0, missing: 0 }, board)).toBe(
      '0x0001_0000: read-only copies at kernels 0, 1 (click for its history)',
    );
    expect(cellTitle({ kind: 'gap', x: 0, y: 0, va: 0x20000, index: -1, missing: 12 }, board)).toBe(
      '12 absent pages from 0x0002_0000',
    );
    expect(cellTitle({ kind: 'hole', x: 0, y: 0, va: 0x11000, index: -1, missing: 1 }, board)).toBe(
      '0x0001_1000: not present',
    );
    expect(cellTitle(undefined, board)).toBe('');
  });
});
