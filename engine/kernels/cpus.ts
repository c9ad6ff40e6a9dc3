// The machine's CPUs as a process sees them, Popcorn's single system image: every hart of the
// machine, numbered by its global index whichever kernel owns it, so that sched_getaffinity,
// getcpu, /proc/cpuinfo, /proc/stat and /sys/devices/system/cpu all agree on one machine.
// A CPU is online when its kernel is: this kernel's own harts always, another kernel's while
// that kernel takes part (the migration service answers, Kernel.distributed.kernelOnline).
// Masks are bigints with bit N for CPU N (MAX_HARTS is 64: one long, as a cpu_set_t's first).

import type { Kernel } from './kernel';
import { topologyOf } from './topology';

/**
 * Bytes of a kernel cpumask (Linux's cpumask_size() with NR_CPUS = MAX_HARTS = 64 and no
 * CONFIG_CPUMASK_OFFSTACK): what sched_getaffinity writes and sched_setaffinity reads at most.
 */
export const CPU_MASK_BYTES = 8;

/** One CPU of the machine: its global hart index, the kernel that owns it, and its NUMA node. */
export interface MachineCpu {
  cpu: number;
  kernel: number;
  node: number;
}

/** Every CPU of the machine this kernel booted in, in CPU order. */
export function machineCpus(k: Kernel): MachineCpu[] {
  return topologyOf(k.params)
    .kernels.flatMap((plan, kernel) => plan.harts.map((cpu) => ({ cpu, kernel, node: plan.node })))
    .sort((a, b) => a.cpu - b.cpu);
}

/** Linux's nr_cpu_ids: one past the highest CPU number the machine has. */
export function nrCpuIds(k: Kernel): number {
  return machineCpus(k).reduce((n, c) => Math.max(n, c.cpu + 1), 0);
}

export function maskOf(cpus: Iterable<number>): bigint {
  let m = 0n;
  for (const c of cpus) m |= 1n << BigInt(c);
  return m;
}

/** The CPUs that exist (cpu_possible_mask: every hart of the machine). */
export function possibleMask(k: Kernel): bigint {
  return maskOf(machineCpus(k).map((c) => c.cpu));
}

/** This kernel's own harts. */
export function localMask(k: Kernel): bigint {
  return maskOf(k.params.harts);
}

/** The CPUs that can run a thread now (cpu_online_mask): the harts of the kernels online. */
export function onlineMask(k: Kernel): bigint {
  const up = machineCpus(k).filter((c) => c.kernel === k.id || (k.distributed?.kernelOnline(c.kernel) ?? false));
  return maskOf(up.map((c) => c.cpu));
}

/** The kernel that owns CPU `cpu`, or undefined. */
export function kernelOfCpu(k: Kernel, cpu: number): number | undefined {
  return machineCpus(k).find((c) => c.cpu === cpu)?.kernel;
}

/** The lowest CPU of a non-empty mask. */
export function lowestCpu(mask: bigint): number {
  let cpu = 0;
  while (((mask >> BigInt(cpu)) & 1n) === 0n) cpu++;
  return cpu;
}

/** A mask in Linux's cpulist format, as /sys/devices/system/cpu/online prints it: "0-3,6". */
export function cpulist(mask: bigint): string {
  const ranges: string[] = [];
  for (let cpu = 0; mask >> BigInt(cpu) !== 0n; cpu++) {
    if (((mask >> BigInt(cpu)) & 1n) === 0n) continue;
    const first = cpu;
    while (((mask >> BigInt(cpu + 1)) & 1n) !== 0n) cpu++;
    ranges.push(first === cpu ? `${first}` : `${first}-${cpu}`);
  }
  return ranges.join(',');
}
