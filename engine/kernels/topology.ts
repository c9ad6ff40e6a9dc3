// What a kernel is told at boot about the machine it is one kernel of, as a Popcorn kernel
// learns it from its boot parameters and the firmware's NUMA tables: every kernel's harts,
// memory window and NUMA node, and the distances between the nodes. The kernel itself runs on
// its own entry only; its services read the rest (/proc/popcorn/nodes, popcorn_get_node_info,
// message latency), so nothing above the kernel needs the machine's own description.

import type { BootParams } from './kernel';

/** One kernel of the machine as planned at boot (what it announces once up may say more). */
export interface KernelPlan {
  /** Global hart numbers it owns. */
  harts: readonly number[];
  /** Its window of guest physical memory, in bytes. */
  memory: { base: number; size: number };
  /** The NUMA node it sits on (that of its first hart). */
  node: number;
}

export interface BootTopology {
  /** Every kernel of the machine, by id. */
  kernels: readonly KernelPlan[];
  /** distance[i][j]: relative cost between NUMA nodes i and j (10 = local, as ACPI SLIT). */
  distance: readonly (readonly number[])[];
}

/** The distance of a node to itself (ACPI SLIT's LOCAL_DISTANCE). */
export const LOCAL_DISTANCE = 10;

/** The machine a kernel booted in: its boot parameters' topology, or a machine of itself alone. */
export function topologyOf(params: BootParams): BootTopology {
  return (
    params.topology ?? {
      kernels: [{ harts: params.harts, memory: params.memory, node: 0 }],
      distance: [[LOCAL_DISTANCE]],
    }
  );
}

/** NUMA distance between the nodes of kernels `from` and `to`. */
export function kernelDistance(t: BootTopology, from: number, to: number): number {
  const a = t.kernels[from]?.node ?? 0;
  const b = t.kernels[to]?.node ?? 0;
  return t.distance[a]?.[b] ?? LOCAL_DISTANCE;
}
