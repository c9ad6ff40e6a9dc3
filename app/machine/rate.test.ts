import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../engine/machine/quantum';
import { RateMeter } from './rate';

describe('RateMeter', () => {
  it('has no figure until a quarter of its window has passed', () => {
    const r = new RateMeter(1000);
    expect(r.sample(0, 0)).toBeUndefined();
    expect(r.sample(100, 10)).toBeUndefined();
  });

  it('gives virtual ns per wall second over the last window', () => {
    const r = new RateMeter(1000);
    for (let t = 0; t <= 2000; t += 100) r.sample(t, t / 10); // 10 epochs per 100 ms
    expect(r.sample(2100, 210)).toBeCloseTo(100 * EPOCH_NS, 6);
  });

  it('reads zero while paused', () => {
    const r = new RateMeter(1000);
    for (let t = 0; t <= 2000; t += 100) r.sample(t, 5);
    expect(r.sample(2100, 5)).toBe(0);
  });
});
