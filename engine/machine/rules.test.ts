import { describe, expect, it } from 'vitest';
import { hartName, originOf } from './rules';

describe('originOf', () => {
  it('gives the kernel that handed out a pid or tid, round robin from kernel 0', () => {
    expect([1, 2, 3, 4, 5, 6].map((id) => originOf(id, 2))).toEqual([0, 1, 0, 1, 0, 1]);
    expect([1, 4, 5, 16, 17].map((id) => originOf(id, 16))).toEqual([0, 3, 4, 15, 0]);
    expect(originOf(7, 1)).toBe(0);
  });

  it('never gives a kernel outside the machine, whatever it is given', () => {
    expect(originOf(0, 4)).toBe(3);
    expect(originOf(-5, 4)).toBe(2);
    expect(originOf(3, 0)).toBe(0);
  });
});

describe('hartName', () => {
  it('names a hart by its number in the machine, with its kernel beside it', () => {
    expect(hartName(2, 1)).toBe('hart 2 of kernel 1');
    expect(hartName(2, 1, 'short')).toBe('k1 h2');
  });
});
