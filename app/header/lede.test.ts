import { describe, expect, it } from 'vitest';
import { preset, uniformTopology } from '../../engine/machine/presets';
import { ledeOf } from './lede';

describe('the lede', () => {
  it('describes the default machine: two kernels on four cores', () => {
    expect(ledeOf(preset('two-kernels'), true)).toBe(
      'Two Linux-compatible kernels share one emulated four-core RISC-V machine, each in its own Web Worker with its own cores and memory, talking only through message rings; type into either shell below.',
    );
  });

  it('describes the machine that runs: four kernels, sixteen kernels, one kernel', () => {
    expect(ledeOf(preset('kernel-per-hart'), true)).toMatch(
      /^Four Linux-compatible kernels share one emulated four-core RISC-V machine, .*; type into any shell below\.$/,
    );
    const sixteen = preset('kernel-per-hart', uniformTopology(2, 8, 1 << 30));
    expect(ledeOf(sixteen, false)).toMatch(
      /^Sixteen Linux-compatible kernels share one emulated sixteen-core RISC-V machine, .*message rings\.$/,
    );
    expect(ledeOf(preset('smp'), true)).toMatch(
      /^One Linux-compatible kernel runs one emulated four-core RISC-V machine/,
    );
  });
});
