import { describe, expect, it } from 'vitest';
import type { ViewPage, ViewVma } from '../../engine/machine/browser/kernel-view';
import { bandLabel, cellAt, HOLE_MAX, layoutGrid, pitchFor, type GridMetrics } from './page-grid';

const P = 4096;
const vma = (start: number, pages: number, name: string, kind: ViewVma['kind'] = 'data'): ViewVma => ({
  start,
  end: start + pages * P,
  prot: 3,
  kind,
  name,
});
const page = (va: number): ViewPage => ({ va, holders: [0], writer: 0, busy: false });
const M: GridMetrics = { width: 40, pitch: 10, labelHeight: 16, bandGap: 6 }; // 4 columns

describe('layoutGrid', () => {
  it('puts each VMA in a band under its label, pages in address order, wrapping rows', () => {
    const code = vma(0x10000, 8, '/bin/mt', 'code');
    const heap = vma(0x40000, 4, '[heap]', 'heap');
    const pages = [0, 1, 2, 3, 4].map((i) => page(0x10000 + i * P)).concat([page(0x40000)]);
    const g = layoutGrid([heap, code], pages, M); // VMAs in any order
    expect(g.columns).toBe(4);
    expect(g.bands.map((b) => [b.vma?.name, b.y, b.present])).toEqual([
      ['/bin/mt', 0, 5],
      ['[heap]', 16 + 20 + 6, 1], // label, two rows (5 pages and 3 holes over 4 columns), gap
    ]);
    const first = g.cells.filter((c) => c.kind === 'page').slice(0, 5);
    expect(first.map((c) => [c.x, c.y])).toEqual([
      [0, 16],
      [10, 16],
      [20, 16],
      [30, 16],
      [0, 26],
    ]);
    // the code VMA's 3 absent trailing pages are holes; the heap's 3 too
    expect(g.cells.filter((c) => c.kind === 'hole')).toHaveLength(6);
    expect(g.byVa.get(0x40000)).toBe(g.cells.findIndex((c) => c.va === 0x40000 && c.kind === 'page'));
    expect(g.height).toBe(42 + 16 + 10); // the heap: its page and 3 holes in one row
  });

  it('keeps short runs of absent pages as holes and collapses long ones into a gap', () => {
    const stack = vma(0x100000, 2048, '[stack]', 'stack');
    const top = 0x100000 + 2047 * P;
    const pages = [page(0x100000), page(0x100000 + (HOLE_MAX + 1) * P), page(top - P), page(top)];
    const g = layoutGrid([stack], pages, { ...M, width: 400 });
    expect(g.cells.map((c) => [c.kind, c.missing])).toEqual([
      ['page', 0],
      ['hole', 1],
      ['hole', 1],
      ['hole', 1],
      ['hole', 1],
      ['page', 0],
      ['gap', 2047 - 1 - (HOLE_MAX + 1) - 1],
      ['page', 0],
      ['page', 0],
    ]);
    expect(g.cells[6]?.va).toBe(0x100000 + (HOLE_MAX + 2) * P);
  });

  it('collapses a long absent run before the first page, and leaves out VMAs with no pages', () => {
    const guard = vma(0xf0000, 1, '', 'mmap');
    const stack = vma(0x100000, 100, '[stack]', 'stack');
    const empty = vma(0x200000, 10, 'anon', 'mmap');
    const g = layoutGrid([guard, stack, empty], [page(0x100000 + 99 * P)], M);
    expect(g.cells.map((c) => c.kind)).toEqual(['gap', 'page']);
    expect(g.bands.map((b) => [b.vma?.name, b.y])).toEqual([['[stack]', 0]]);
    expect(g.emptyVmas).toBe(2);
    expect(g.height).toBe(16 + 10);
  });

  it('gathers pages outside every VMA in a last band', () => {
    const g = layoutGrid([vma(0x10000, 1, 'a')], [page(0x10000), page(0x90000)], M);
    expect(g.bands.map((b) => [b.vma?.name, b.present])).toEqual([
      ['a', 1],
      [undefined, 1],
    ]);
    expect(g.cells.map((c) => c.kind)).toEqual(['page', 'page']);
  });

  it('sorts pages the board did not list in order', () => {
    const g = layoutGrid([vma(0x10000, 2, 'a')], [page(0x11000), page(0x10000)], M);
    expect(g.cells.map((c) => [c.va, c.index])).toEqual([
      [0x10000, 1],
      [0x11000, 0],
    ]);
  });
});

describe('cellAt', () => {
  it('finds the cell under a point and nothing between bands', () => {
    const g = layoutGrid([vma(0x10000, 2, 'a')], [page(0x10000), page(0x11000)], M);
    expect(cellAt(g, 12, 20)?.va).toBe(0x11000);
    expect(cellAt(g, 5, 5)).toBeUndefined(); // the label line
    expect(cellAt(g, 35, 20)).toBeUndefined();
  });
});

describe('pitchFor', () => {
  it('shrinks cells as pages grow', () => {
    expect(pitchFor(10)).toBeGreaterThan(pitchFor(5000));
    expect(pitchFor(5000)).toBeGreaterThanOrEqual(5);
  });
});

describe('bandLabel', () => {
  it('names the VMA, its protection, range and pages present', () => {
    const g = layoutGrid([vma(0x10000, 2, '/bin/mt', 'code')], [page(0x10000), page(0x90000)], M);
    expect(g.bands.map(bandLabel)).toEqual([
      'code /bin/mt · rw- · 0x0001_0000–0x0001_2000 · 1 page present',
      'outside any VMA · 1 page present',
    ]);
  });
});
