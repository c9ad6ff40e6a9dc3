import { describe, expect, it } from 'vitest';
import { bootTopology, MachineSpecError, validateMachine, type MachineSpec } from './machine-spec';
import { DEFAULT_TOPOLOGY, preset, PRESETS, uniformTopology } from './presets';

const MiB = 1 << 20;

function spec(edit: (s: MachineSpec) => void): MachineSpec {
  const s = structuredClone(preset('two-kernels'));
  edit(s);
  return s;
}

describe('machine presets', () => {
  it.each(PRESETS)('%s is a valid partition of the default machine', (name) => {
    expect(() => {
      validateMachine(preset(name));
    }).not.toThrow();
  });

  it('splits the default machine as each name says', () => {
    expect(preset('smp').kernels.map((k) => k.harts)).toEqual([[0, 1, 2, 3]]);
    expect(preset('two-kernels').kernels.map((k) => k.harts)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(preset('kernel-per-hart').kernels).toHaveLength(4);
    expect(preset('kernel-per-node', uniformTopology(4, 2, 1024 * MiB)).kernels.map((k) => k.harts)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
  });

  it('tells each kernel at boot every kernel’s harts, memory and NUMA node, and the distances', () => {
    const spec = preset('kernel-per-node', uniformTopology(2, 2, 512 * MiB));
    const topology = bootTopology(spec);
    expect(topology.kernels.map((k) => [k.harts, k.node])).toEqual([
      [[0, 1], 0],
      [[2, 3], 1],
    ]);
    expect(topology.kernels.map((k) => k.memory)).toEqual(spec.kernels.map((k) => k.memory));
    expect(topology.distance).toEqual([
      [10, 20],
      [20, 10],
    ]);
  });

  it('gives kernels disjoint memory above the messaging window', () => {
    const kernels = preset('kernel-per-hart').kernels;
    kernels.forEach((k, i) => {
      expect(k.memory.base).toBeGreaterThanOrEqual(DEFAULT_TOPOLOGY.messagingBytes);
      const next = kernels[i + 1];
      if (next) expect(k.memory.base + k.memory.size).toBeLessThanOrEqual(next.memory.base);
    });
  });
});

describe('validateMachine', () => {
  const bad: Array<[string, (s: MachineSpec) => void, RegExp]> = [
    [
      'a hart in two kernels',
      (s) => (s.kernels[1] as { harts: number[] }).harts.push(0),
      /hart 0 is in kernel 0 and kernel 1/,
    ],
    ['a kernel without harts', (s) => ((s.kernels[1] as { harts: number[] }).harts = []), /kernel 1 has no hart/],
    ['a hart the machine lacks', (s) => (s.kernels[0] as { harts: number[] }).harts.push(9), /names hart 9/],
    [
      'overlapping memory',
      (s) => ((s.kernels[1] as { memory: { base: number } }).memory.base -= 8 * MiB),
      /memory frames of kernel 0 and kernel 1 overlap/,
    ],
    [
      'too little memory',
      (s) => ((s.kernels[0] as { memory: { size: number } }).memory.size = 4 * MiB),
      /at least 16 MiB/,
    ],
    ['memory past the end of RAM', (s) => (s.ramBytes = 256 * MiB), /past the end of RAM/],
    [
      'memory in the messaging window',
      (s) => ((s.kernels[0] as { memory: { base: number } }).memory.base = 0),
      /messaging window/,
    ],
    ['an unaligned window', (s) => ((s.kernels[0] as { memory: { base: number } }).memory.base += 100), /page aligned/],
    ['a lopsided distance table', (s) => ((s.distance[0] as number[])[1] = 30), /symmetric/],
    [
      'a node without harts',
      (s) => ((s.nodes[0] as { harts: number }).harts = 0),
      /node 0 must have at least one hart/,
    ],
    ['no kernels', (s) => (s.kernels = []), /no kernel/],
    ['too many harts', (s) => (s.nodes = [{ harts: 65 }]), /at most 64/],
  ];
  it.each(bad)('rejects %s with the right message', (_what, edit, message) => {
    const s = spec(edit);
    expect(() => {
      validateMachine(s);
    }).toThrow(MachineSpecError);
    expect(() => {
      validateMachine(s);
    }).toThrow(message);
  });
});
