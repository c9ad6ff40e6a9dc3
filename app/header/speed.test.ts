import { describe, expect, it } from 'vitest';
import { clockLabel, rateLabel, speedLabel } from './speed';

describe('speed labels', () => {
  it('names speeds as virtual time per second', () => {
    expect(speedLabel(1e6)).toBe('1 ms/s');
    expect(speedLabel(1e8)).toBe('100 ms/s');
    expect(speedLabel(5e5)).toBe('500 µs/s');
    expect(speedLabel('max')).toBe('max');
  });

  it('shows measured rates in ms/s, and the clock to the epoch in the unit its size wants', () => {
    expect(rateLabel(9.87e6)).toBe('9.9 ms/s');
    expect(rateLabel(2.345e8)).toBe('235 ms/s');
    expect(clockLabel(12_345_678)).toBe('12.3 ms');
    expect(clockLabel(1_234_500_000)).toBe('1.2345 s');
  });
});
