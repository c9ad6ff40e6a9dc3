import { describe, expect, it } from 'vitest';
import { formatMicros } from './micros';

describe('formatMicros', () => {
  it('writes ns as µs with one decimal, grouped', () => {
    expect(formatMicros(1_234_567)).toBe('1,234.6 µs');
    expect(formatMicros(0)).toBe('0.0 µs');
  });
});
