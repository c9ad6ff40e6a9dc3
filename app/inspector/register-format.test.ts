import { describe, expect, it } from 'vitest';
import { changedRegisters, fcsrText, floatValue, fRows, hex64, hexAddress, xRows } from './register-format';

describe('register formatting', () => {
  it('writes 64-bit values as grouped hex, negative ones as their two’s complement', () => {
    expect(hex64(0x3fffffeff0n)).toBe('0x0000_003f_ffff_eff0');
    expect(hex64(-1n)).toBe('0xffff_ffff_ffff_ffff');
    expect(hexAddress(0x10a3c)).toBe('0x0001_0a3c');
    expect(hexAddress(0x3fffffeff0)).toBe('0x3f_ffff_eff0');
  });

  it('names x registers by number and ABI name', () => {
    const rows = xRows(Array.from({ length: 32 }, (_, i) => BigInt(i)));
    expect(rows).toHaveLength(32);
    expect(rows[2]).toEqual({ name: 'x2', abi: 'sp', hex: '0x0000_0000_0000_0002', value: '' });
    expect(rows[10]?.abi).toBe('a0');
  });

  it('reads float registers as doubles, or NaN-boxed singles', () => {
    expect(floatValue(0x3ff8000000000000n)).toBe('1.5');
    expect(floatValue(0xffffffff3fc00000n)).toBe('1.5 (single)');
    expect(fRows(new Array<bigint>(32).fill(0n))[10]).toMatchObject({ name: 'f10', abi: 'fa0', value: '0' });
  });

  it('writes fcsr as rounding mode and raised flags', () => {
    expect(fcsrText(0)).toBe('rounding rne · no flags');
    expect(fcsrText((1 << 5) | 0b10001)).toBe('rounding rtz · flags NV NX');
  });

  it('finds the registers that changed', () => {
    expect([...changedRegisters([1n, 2n, 3n], [1n, 5n, 3n])]).toEqual([1]);
    expect(changedRegisters(undefined, [1n]).size).toBe(0);
  });
});
