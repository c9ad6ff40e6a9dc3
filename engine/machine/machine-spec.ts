// What a machine is made of and how it is split among kernels: harts grouped in NUMA nodes
// with distances between nodes, the RAM, the messaging window, and the partition (each
// kernel's harts and memory window). validateMachine() says exactly what is wrong with a bad
// one, so a scenario or a URL can never boot a machine that overlaps or does not fit.

import { MAX_HARTS, MAX_KERNELS, PAGE_SIZE } from '../hw/memory-map';
import { MAX_RAM_BYTES, MIB } from '../hw/physical-memory';
import type { BootTopology } from '../kernels/topology';
import { quantumProblem } from './quantum';

export interface NodeSpec {
  /** Harts in this NUMA node; harts are numbered across nodes in order. */
  harts: number;
}

export interface KernelSpec {
  /** Global hart indices this kernel owns. */
  harts: number[];
  /** Its window of guest physical memory, in bytes. */
  memory: { base: number; size: number };
}

export interface MachineSpec {
  nodes: NodeSpec[];
  /** distance[i][j]: relative cost between node i and node j (10 = local, as ACPI SLIT). */
  distance: number[][];
  ramBytes: number;
  /** Bytes at the bottom of RAM that hold the message rings. */
  messagingBytes: number;
  kernels: KernelSpec[];
  /**
   * The synchronisation quantum in us (quantum.ts): virtual time between two epoch barriers,
   * the soonest a message reaches another kernel. Unset: the default, one time slice.
   */
  quantumUs?: number;
}

/** Smallest memory window a kernel can boot in: page tables, a shell and a program or two. */
export const MIN_KERNEL_MEMORY = 16 * MIB;

export class MachineSpecError extends Error {}

export function hartCount(spec: MachineSpec): number {
  return spec.nodes.reduce((n, node) => n + node.harts, 0);
}

/** The NUMA node of each hart. */
export function nodeOfHart(spec: MachineSpec): number[] {
  return spec.nodes.flatMap((node, i) => Array.from({ length: node.harts }, () => i));
}

/** What every kernel is told at boot about the machine (its boot parameters' topology). */
export function bootTopology(spec: MachineSpec): BootTopology {
  const nodes = nodeOfHart(spec);
  return {
    kernels: spec.kernels.map((k) => ({ harts: k.harts, memory: k.memory, node: nodes[k.harts[0] ?? 0] ?? 0 })),
    distance: spec.distance,
  };
}

/** Throws MachineSpecError naming the first problem found. */
export function validateMachine(spec: MachineSpec): void {
  const fail = (why: string): never => {
    throw new MachineSpecError(why);
  };
  if (spec.nodes.length === 0) fail('the machine has no NUMA node');
  spec.nodes.forEach((node, i) => {
    if (!Number.isInteger(node.harts) || node.harts < 1) fail(`node ${i} must have at least one hart`);
  });
  const harts = hartCount(spec);
  if (harts > MAX_HARTS) fail(`the machine has ${harts} harts; at most ${MAX_HARTS} are supported`);
  const n = spec.nodes.length;
  if (spec.distance.length !== n || spec.distance.some((row) => row.length !== n)) {
    fail(`the distance table must be ${n}x${n}, one row and column per node`);
  }
  spec.distance.forEach((row, i) => {
    row.forEach((d, j) => {
      if (!Number.isFinite(d) || d < 1) fail(`distance from node ${i} to node ${j} must be a positive number`);
      if (spec.distance[j]?.[i] !== d)
        fail(`distances must be symmetric (node ${i} to ${j} differs from ${j} to ${i})`);
    });
  });
  if (!Number.isInteger(spec.ramBytes) || spec.ramBytes % PAGE_SIZE !== 0 || spec.ramBytes <= 0) {
    fail('RAM size must be a positive whole number of 4 KiB pages');
  }
  if (spec.ramBytes > MAX_RAM_BYTES) fail(`RAM size ${mib(spec.ramBytes)} exceeds the maximum ${mib(MAX_RAM_BYTES)}`);
  if (spec.messagingBytes % PAGE_SIZE !== 0 || spec.messagingBytes < 0)
    fail('the messaging window must be whole pages');
  if (spec.kernels.length === 0) fail('the partition has no kernel');
  if (spec.kernels.length > MAX_KERNELS) fail(`at most ${MAX_KERNELS} kernels are supported`);
  const owner = new Map<number, number>();
  spec.kernels.forEach((k, i) => {
    if (k.harts.length === 0) fail(`kernel ${i} has no hart`);
    for (const h of k.harts) {
      if (!Number.isInteger(h) || h < 0 || h >= harts)
        fail(`kernel ${i} names hart ${h}, but the machine has harts 0 to ${harts - 1}`);
      const other = owner.get(h);
      if (other !== undefined) fail(`hart ${h} is in kernel ${other} and kernel ${i}`);
      owner.set(h, i);
    }
    const { base, size } = k.memory;
    if (base % PAGE_SIZE || size % PAGE_SIZE) fail(`kernel ${i}'s memory window is not page aligned`);
    if (size < MIN_KERNEL_MEMORY)
      fail(`kernel ${i} has ${mib(size)} of memory; a kernel needs at least ${mib(MIN_KERNEL_MEMORY)}`);
    if (base < spec.messagingBytes) fail(`kernel ${i}'s memory overlaps the messaging window`);
    if (base + size > spec.ramBytes)
      fail(`kernel ${i}'s memory ends at ${mib(base + size)}, past the end of RAM (${mib(spec.ramBytes)})`);
  });
  const windows = spec.kernels.map((k, i) => ({ ...k.memory, i })).sort((a, b) => a.base - b.base);
  for (let w = 1; w < windows.length; w++) {
    const a = windows[w - 1] as { base: number; size: number; i: number };
    const b = windows[w] as { base: number; size: number; i: number };
    if (a.base + a.size > b.base) fail(`memory frames of kernel ${a.i} and kernel ${b.i} overlap`);
  }
  if (spec.quantumUs !== undefined) {
    const problem = quantumProblem(spec, spec.quantumUs);
    if (problem) fail(problem);
  }
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(bytes % MIB ? 2 : 0)} MiB`;
}
