// The shipped machine presets and the partitioning helper behind them: split a machine's harts
// into groups and give each group an equal share of the RAM above the messaging window.

import { PAGE_SIZE } from '../hw/memory-map';
import { MIB } from '../hw/physical-memory';
import type { MachineSpec, NodeSpec } from './machine-spec';

export type PresetName = 'smp' | 'two-kernels' | 'kernel-per-hart' | 'kernel-per-node';
export const PRESETS: PresetName[] = ['smp', 'two-kernels', 'kernel-per-hart', 'kernel-per-node'];
export const DEFAULT_PRESET: PresetName = 'two-kernels';

export interface Topology {
  nodes: NodeSpec[];
  distance: number[][];
  ramBytes: number;
  messagingBytes: number;
}

/** Two NUMA nodes of two harts, 512 MiB: the machine every preset partitions by default. */
export const DEFAULT_TOPOLOGY: Topology = {
  nodes: [{ harts: 2 }, { harts: 2 }],
  distance: [
    [10, 20],
    [20, 10],
  ],
  ramBytes: 512 * MIB,
  messagingBytes: 4 * MIB,
};

/** A topology of `nodes` nodes with `hartsPerNode` harts each (local 10, remote 20). */
export function uniformTopology(nodes: number, hartsPerNode: number, ramBytes: number): Topology {
  return {
    nodes: Array.from({ length: nodes }, () => ({ harts: hartsPerNode })),
    distance: Array.from({ length: nodes }, (_, i) => Array.from({ length: nodes }, (_, j) => (i === j ? 10 : 20))),
    ramBytes,
    messagingBytes: 4 * MIB,
  };
}

/** Gives each hart group a kernel with an equal, page-aligned share of the RAM. */
export function partition(topology: Topology, groups: number[][]): MachineSpec {
  const usable = topology.ramBytes - topology.messagingBytes;
  const share = Math.floor(usable / groups.length / PAGE_SIZE) * PAGE_SIZE;
  return {
    ...topology,
    kernels: groups.map((harts, i) => ({ harts, memory: { base: topology.messagingBytes + i * share, size: share } })),
  };
}

export function preset(name: PresetName, topology: Topology = DEFAULT_TOPOLOGY): MachineSpec {
  const all = topology.nodes.flatMap((_, n) => hartsOfNode(topology, n));
  switch (name) {
    case 'smp':
      return partition(topology, [all]);
    case 'two-kernels': {
      const half = Math.ceil(all.length / 2);
      return partition(topology, all.length < 2 ? [all] : [all.slice(0, half), all.slice(half)]);
    }
    case 'kernel-per-hart':
      return partition(
        topology,
        all.map((h) => [h]),
      );
    case 'kernel-per-node':
      return partition(
        topology,
        topology.nodes.map((_, n) => hartsOfNode(topology, n)),
      );
  }
}

function hartsOfNode(topology: Topology, node: number): number[] {
  const first = topology.nodes.slice(0, node).reduce((n, x) => n + x.harts, 0);
  return Array.from({ length: topology.nodes[node]?.harts ?? 0 }, (_, i) => first + i);
}
