import { describe, expect, it } from 'vitest';
import { RingMeter, sameReadings } from './ring-meter';

const ring = (used: number, peak = used, fullWaits = 0) => ({ used, slots: 1024, peak, fullWaits });

describe('RingMeter', () => {
  it('keeps the most slots used in the last second', () => {
    const m = new RingMeter(2, 1000);
    m.sample(0, [ring(0), ring(3)]);
    m.sample(100, [ring(12, 40), ring(0, 3)]);
    m.sample(200, [ring(0, 40), ring(0, 3)]);
    expect(m.read(200)).toEqual([
      { used: 0, slots: 1024, peak: 40, fullWaits: 0, recentMax: 12 },
      { used: 0, slots: 1024, peak: 3, fullWaits: 0, recentMax: 3 },
    ]);
  });

  it('forgets samples older than the window', () => {
    const m = new RingMeter(1, 1000);
    m.sample(0, [ring(9)]);
    m.sample(500, [ring(0, 9)]);
    expect(m.read(900)[0]?.recentMax).toBe(9);
    expect(m.read(1000)[0]?.recentMax).toBe(0);
    m.sample(1600, [ring(2, 9)]);
    expect(m.read(1600)[0]?.recentMax).toBe(2);
  });

  it('reads zeros before any sample', () => {
    expect(new RingMeter(3).read(0).map((r) => r.recentMax)).toEqual([0, 0, 0]);
  });
});

describe('sameReadings', () => {
  it('sees a change in any figure', () => {
    const a = [{ ...ring(1), recentMax: 1 }];
    expect(sameReadings(a, [{ ...ring(1), recentMax: 1 }])).toBe(true);
    expect(sameReadings(a, [{ ...ring(1, 1, 1), recentMax: 1 }])).toBe(false);
    expect(sameReadings(a, [{ ...ring(1), recentMax: 2 }])).toBe(false);
    expect(sameReadings(a, [])).toBe(false);
  });
});
