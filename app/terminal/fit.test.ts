import { describe, expect, it } from 'vitest';
import { fitGrid } from './fit';

describe('fitGrid', () => {
  it('fits whole cells, keeping room for the scrollbar', () => {
    expect(fitGrid(812, 340, { width: 8, height: 17 })).toEqual({ cols: 100, rows: 20 });
  });

  it('never goes below a usable size', () => {
    expect(fitGrid(10, 10, { width: 8, height: 17 })).toEqual({ cols: 20, rows: 4 });
  });
});
