import { describe, expect, it } from 'vitest';
import { Flashes } from './flashes';

describe('Flashes', () => {
  it('runs each flash for its duration and then forgets it', () => {
    const f = new Flashes(600);
    f.add(0x1000, 'fetch', 1, 100);
    f.add(0x2000, 'invalidate', 0, 400);
    expect(f.active(300).map((x) => x.va)).toEqual([0x1000, 0x2000]);
    const [first] = f.active(400);
    expect(first && f.progress(first, 400)).toBe(0.5);
    expect(f.active(700).map((x) => x.va)).toEqual([0x2000]);
    expect(f.size).toBe(1);
    expect(f.active(1000)).toEqual([]);
  });

  it('keeps one flash per page and kind, restarting it', () => {
    const f = new Flashes(600);
    f.add(0x1000, 'fetch', 1, 0);
    f.add(0x1000, 'fetch', 2, 500);
    f.add(0x1000, 'downgrade', 0, 500);
    expect(f.active(700).map((x) => [x.kind, x.kernel])).toEqual([
      ['fetch', 2],
      ['downgrade', 0],
    ]);
  });

  it('drops the oldest past its cap', () => {
    const f = new Flashes(600, 3);
    for (let i = 0; i < 5; i++) f.add(i * 0x1000, 'fetch', 0, i);
    expect(f.active(10).map((x) => x.va)).toEqual([0x2000, 0x3000, 0x4000]);
  });
});
