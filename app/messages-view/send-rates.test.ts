import { describe, expect, it } from 'vitest';
import { SendRates } from './send-rates';

describe('SendRates', () => {
  it('gives sends per virtual ms over the window', () => {
    const r = new SendRates(10_000_000);
    // one send of type 1 every 100 µs for 50 ms, one of type 2 every ms
    for (let t = 0; t <= 50_000_000; t += 100_000) {
      r.add(1, t);
      if (t % 1_000_000 === 0) r.add(2, t);
    }
    expect(r.perMs(1)).toBeCloseTo(10, 5);
    expect(r.perMs(2)).toBeCloseTo(1, 5);
    expect(r.perMs(3)).toBe(0);
  });

  it('forgets sends older than the window', () => {
    const r = new SendRates(1_000_000);
    r.add(1, 0);
    r.add(2, 5_000_000);
    expect(r.perMs(1)).toBe(0);
    expect(r.perMs(2)).toBe(1);
  });

  it('divides by the time seen when less than a window has passed', () => {
    const r = new SendRates(10_000_000);
    r.add(1, 0);
    r.add(1, 500_000);
    r.add(1, 1_000_000);
    expect(r.perMs(1)).toBe(3);
  });

  it('keeps its arrays about one window long', () => {
    const r = new SendRates(1_000);
    for (let t = 0; t < 100_000; t++) r.add(1, t);
    expect(r.perMs(1)).toBeCloseTo(1_000_000, -3);
    expect((r as unknown as { times: number[] }).times.length).toBeLessThan(10_000);
  });
});
