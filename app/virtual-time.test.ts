import { describe, expect, it } from 'vitest';
import { EVENT_TIME_NS, formatVirtualTime } from './virtual-time';

describe('formatVirtualTime', () => {
  it('writes a duration in the unit that keeps it below a thousand, with four significant digits', () => {
    expect(formatVirtualTime(0)).toBe('0 ns');
    expect(formatVirtualTime(800)).toBe('800 ns');
    expect(formatVirtualTime(1540)).toBe('1.540 µs');
    expect(formatVirtualTime(101_000)).toBe('101.0 µs');
    expect(formatVirtualTime(2_036_607)).toBe('2.037 ms');
    expect(formatVirtualTime(331_200_000)).toBe('331.2 ms');
    expect(formatVirtualTime(685_921_181)).toBe('685.9 ms');
    expect(formatVirtualTime(1_234_567_890)).toBe('1.235 s');
    expect(formatVirtualTime(4_000_000_000_000)).toBe('4000 s');
  });

  it('moves up a unit when rounding reaches a thousand', () => {
    expect(formatVirtualTime(999_960)).toBe('1.000 ms');
    expect(formatVirtualTime(999.6)).toBe('1.000 µs');
    expect(formatVirtualTime(999_999_999)).toBe('1.000 s');
  });

  it('writes a point in time to the resolution asked, whatever its size', () => {
    expect(formatVirtualTime(7_400_000, EVENT_TIME_NS)).toBe('7.400 ms');
    expect(formatVirtualTime(331_200_412, EVENT_TIME_NS)).toBe('331.200 ms');
    expect(formatVirtualTime(331_201_016, EVENT_TIME_NS)).toBe('331.201 ms');
    expect(formatVirtualTime(1_234_500_000, EVENT_TIME_NS)).toBe('1.234500 s');
    expect(formatVirtualTime(400_000, EVENT_TIME_NS)).toBe('400 µs');
    expect(formatVirtualTime(12_300_000, 1e5)).toBe('12.3 ms');
  });

  it('writes negative and absurd values without throwing', () => {
    expect(formatVirtualTime(-1540)).toBe('-1.540 µs');
    expect(formatVirtualTime(Number.NaN)).toBe('–');
  });
});
