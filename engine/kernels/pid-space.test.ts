import { describe, expect, it } from 'vitest';
import { originOf, pidBaseOf, pidStrideOf, serialOf } from './pid-space';

describe('the pid space', () => {
  it('names the kernel that handed out every pid it hands out, and its place in that kernel’s sequence', () => {
    for (const kernels of [1, 2, 3, 16]) {
      for (let k = 0; k < kernels; k++) {
        for (let i = 0; i < 5; i++) {
          const id = pidBaseOf(k) + i * pidStrideOf(kernels);
          expect(originOf(id, kernels)).toBe(k);
          expect(serialOf(id, kernels)).toBe(i);
        }
      }
    }
  });

  it('never gives a kernel outside the machine or a negative serial, whatever it is given', () => {
    expect(originOf(0, 4)).toBe(3);
    expect(originOf(-5, 4)).toBe(2);
    expect(originOf(3, 0)).toBe(0);
    expect(serialOf(0, 4)).toBe(0);
    expect(serialOf(9, 0)).toBe(8);
  });
});
