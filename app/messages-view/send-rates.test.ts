import { describe, expect, it } from 'vitest';
import { SendRates } from './send-rates';

/** Counters sampled every `every` ns: type 1 sends one message per 100 µs, type 2 one per ms. */
function steady(r: SendRates, until: number, every = 250_000): void {
  for (let t = 0; t <= until; t += every) {
    r.sample(
      t,
      new Map([
        [1, Math.floor(t / 100_000)],
        [2, Math.floor(t / 1_000_000)],
      ]),
    );
  }
}

describe('SendRates', () => {
  it('gives sends per virtual ms over the window, from the send counters', () => {
    const r = new SendRates(10_000_000);
    steady(r, 50_000_000);
    expect(r.perMs(1)).toBeCloseTo(10, 5);
    expect(r.perMs(2)).toBeCloseTo(1, 1);
    expect(r.perMs(3)).toBe(0);
  });

  it('forgets sends older than the window', () => {
    const r = new SendRates(1_000_000);
    r.sample(0, new Map([[1, 0]]));
    r.sample(1_000_000, new Map([[1, 50]]));
    r.sample(5_000_000, new Map([[1, 50]]));
    r.sample(6_000_000, new Map([[1, 51]]));
    expect(r.perMs(1)).toBe(1);
  });

  it('divides by the time seen when less than a window has passed', () => {
    const r = new SendRates(10_000_000);
    r.sample(0, new Map([[1, 0]]));
    r.sample(1_000_000, new Map([[1, 3]]));
    expect(r.perMs(1)).toBe(3);
  });

  it('has no rate from one sample, and ignores samples that go back in time', () => {
    const r = new SendRates(10_000_000);
    r.sample(1_000_000, new Map([[1, 3]]));
    expect(r.perMs(1)).toBe(0);
    r.sample(500_000, new Map([[1, 1]]));
    expect(r.perMs(1)).toBe(0);
  });

  it('keeps about one window of samples', () => {
    const r = new SendRates(1_000_000);
    steady(r, 20_000_000, 1_000);
    expect(r.perMs(1)).toBeCloseTo(10, 1);
    expect((r as unknown as { samples: unknown[] }).samples.length).toBeLessThan(2_000);
  });
});
