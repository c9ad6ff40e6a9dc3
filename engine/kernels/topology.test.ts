import { describe, expect, it } from 'vitest';
import type { BootParams } from './kernel';
import { kernelDistance, LOCAL_DISTANCE, topologyOf, type BootTopology } from './topology';

const twoNodes: BootTopology = {
  kernels: [
    { harts: [0], memory: { base: 4 << 20, size: 64 << 20 }, node: 0 },
    { harts: [1], memory: { base: 68 << 20, size: 64 << 20 }, node: 0 },
    { harts: [2], memory: { base: 132 << 20, size: 64 << 20 }, node: 1 },
  ],
  distance: [
    [10, 20],
    [20, 10],
  ],
};

describe('the topology a kernel boots with', () => {
  it('gives the NUMA distance between two kernels’ nodes', () => {
    expect(kernelDistance(twoNodes, 0, 1)).toBe(10);
    expect(kernelDistance(twoNodes, 1, 2)).toBe(20);
    expect(kernelDistance(twoNodes, 2, 2)).toBe(10);
  });

  it('is the boot parameters’ when they carry one, else a machine of the kernel alone', () => {
    const params: BootParams = { id: 0, harts: [0, 1], memory: { base: 0, size: 16 << 20 }, tty: 0 };
    expect(topologyOf({ ...params, topology: twoNodes })).toBe(twoNodes);
    const alone = topologyOf(params);
    expect(alone.kernels).toEqual([{ harts: [0, 1], memory: params.memory, node: 0 }]);
    expect(kernelDistance(alone, 0, 0)).toBe(LOCAL_DISTANCE);
  });
});
