import { describe, expect, it } from 'vitest';
import { preset } from '../../engine/machine/presets';
import { formatAddress, formatBytes, memorySegments, placeHarts, segmentWidths } from './layout';

describe('machine view layout', () => {
  const twoKernels = preset('two-kernels');

  it('places each hart in its NUMA node with the kernel that owns it', () => {
    expect(placeHarts(twoKernels)).toEqual([
      {
        node: 0,
        harts: [
          { hart: 0, node: 0, kernel: 0 },
          { hart: 1, node: 0, kernel: 0 },
        ],
      },
      {
        node: 1,
        harts: [
          { hart: 2, node: 1, kernel: 1 },
          { hart: 3, node: 1, kernel: 1 },
        ],
      },
    ]);
  });

  it('maps memory as the messaging window, then each kernel window, with gaps as free', () => {
    const segments = memorySegments(twoKernels);
    expect(segments.map((s) => [s.kind, s.kernel])).toEqual([
      ['messaging', undefined],
      ['kernel', 0],
      ['kernel', 1],
    ]);
    expect(segments.reduce((n, s) => n + s.size, 0)).toBe(twoKernels.ramBytes);
    const spaced = { ...twoKernels, kernels: [{ harts: [0], memory: { base: 8 << 20, size: 16 << 20 } }] };
    expect(memorySegments(spaced).map((s) => s.kind)).toEqual(['messaging', 'free', 'kernel', 'free']);
  });

  it('keeps small segments visible and fills the width exactly', () => {
    const widths = segmentWidths(memorySegments(twoKernels), 400, 12);
    expect(widths[0]).toBe(12);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 6);
    expect(widths[1]).toBeCloseTo(widths[2] as number, 6);
  });

  it('formats sizes and addresses for people', () => {
    expect(formatBytes(4 << 20)).toBe('4 MiB');
    expect(formatBytes(254 << 20)).toBe('254 MiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatBytes(100)).toBe('100 B');
    expect(formatAddress(0x400000)).toBe('0x0040_0000');
  });
});
