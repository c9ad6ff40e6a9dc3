// The system-wide files of /proc, in Linux's formats: meminfo (from the frame allocator),
// cpuinfo (one block per hart), uptime, loadavg, stat (per-hart busy time), version, mounts,
// and popcorn_syscalls (the syscalls this kernel does not implement, by number, and totals).
// On a replicated-kernel machine (procfs.remote set) meminfo and cpuinfo describe the whole
// machine: every kernel's memory and every hart, each with the kernel that owns it.

import { PAGE_SIZE } from '../../hw/memory-map';
import { machineCpus, onlineMask } from '../cpus';
import type { Kernel } from '../kernel';
import { syscallName } from '../syscalls/numbers';
import { loadAverages, runnableThreads } from './loadavg';
import type { ProcContext, ProcFs } from './procfs';

export const KERNEL_RELEASE = '6.1.0-popcorn';

const ticks = (ns: number) => Math.floor(ns / 1e7);

/** Seconds with two decimals, truncated as Linux prints them. */
const seconds = (ns: number) => `${Math.floor(ns / 1e9)}.${String(Math.floor((ns % 1e9) / 1e7)).padStart(2, '0')}`;

function now(ctx: ProcContext): number {
  return ctx.caller ? ctx.kernel.timeOf(ctx.caller) : ctx.kernel.now;
}

/** Each kernel's memory in KiB (this one's and, on a machine of several, the others'), by kernel. */
function kernelMemory(k: Kernel): Array<{ kernel: number; totalKb: number; freeKb: number }> {
  const total = (k.frames.total * PAGE_SIZE) / 1024;
  const free = (k.frames.available * PAGE_SIZE) / 1024;
  return [{ kernel: k.id, totalKb: total, freeKb: free }, ...(k.procfs.remote?.memory() ?? [])].sort(
    (a, b) => a.kernel - b.kernel,
  );
}

/**
 * The memory the machine has and has free, in KiB: what MemTotal and MemFree say, and sysinfo(2)
 * too (free, uptime and top read one or the other), so that both describe the whole machine.
 */
export function machineMemoryKb(k: Kernel): { totalKb: number; freeKb: number } {
  const kernels = kernelMemory(k);
  return {
    totalKb: kernels.reduce((n, m) => n + m.totalKb, 0),
    freeKb: kernels.reduce((n, m) => n + m.freeKb, 0),
  };
}

export function meminfoText(k: Kernel): string {
  const kernels = kernelMemory(k);
  const machine = machineMemoryKb(k);
  const sum = (key: 'totalKb' | 'freeKb') => machine[key];
  // file contents live in the kernel's own heap, not in guest frames: no page cache to report
  const rows: Array<[string, number]> = [
    ['MemTotal', sum('totalKb')],
    ['MemFree', sum('freeKb')],
    ['MemAvailable', sum('freeKb')],
    ['Buffers', 0],
    ['Cached', 0],
    ['SwapCached', 0],
    ['SwapTotal', 0],
    ['SwapFree', 0],
  ];
  // each kernel's share, after the standard keys (free and top look for those by name)
  if (k.procfs.remote) {
    for (const m of kernels) rows.push([`Kernel${m.kernel}Total`, m.totalKb], [`Kernel${m.kernel}Free`, m.freeKb]);
  }
  return rows.map(([name, kb]) => `${`${name}:`.padEnd(15)} ${String(kb).padStart(8)} kB\n`).join('');
}

export function cpuinfoText(k: Kernel): string {
  const block = (processor: number, hart: number, kernel: string) =>
    `processor\t: ${processor}\nhart\t\t: ${hart}\n${kernel}isa\t\t: rv64imafdc_zicsr_zifencei\nmmu\t\t: sv39\n\n`;
  const remote = k.procfs.remote;
  // on a machine of several kernels, processors are numbered across the machine, as harts are
  if (remote)
    return remote
      .harts()
      .map((h) => block(h.hart, h.hart, `kernel\t\t: ${h.kernel}\n`))
      .join('');
  return k.slots.map((_slot, i) => block(i, k.params.harts[i] ?? i, '')).join('');
}

function idleNs(k: Kernel, at: number): number {
  return k.slots.reduce((n, slot) => n + Math.max(0, at - slot.busyNs), 0);
}

export function uptimeText(k: Kernel, at: number): string {
  return `${seconds(at)} ${seconds(idleNs(k, at))}\n`;
}

export function loadavgText(k: Kernel): string {
  const avg = loadAverages(k).map((a) => (Math.floor(a * 100 + 0.5) / 100).toFixed(2));
  const lastPid = Math.max(0, ...k.threads.keys(), ...k.processes.keys());
  return `${avg.join(' ')} ${runnableThreads(k)}/${k.threads.size} ${lastPid}\n`;
}

/**
 * /proc/stat: hart time in USER_HZ ticks (busy time is all counted as user time). A line for
 * every online CPU of the machine, by its global number, as Linux lists its online CPUs (glibc's
 * get_nprocs counts them when /sys is missing); another kernel's harts show no time, which
 * this kernel does not see.
 */
export function statText(k: Kernel, at: number): string {
  const line = (name: string, busy: number, idle: number) => `${name} ${ticks(busy)} 0 0 ${ticks(idle)} 0 0 0 0 0 0\n`;
  const busy = k.slots.reduce((n, s) => n + s.busyNs, 0);
  let out = line('cpu ', busy, idleNs(k, at));
  const online = onlineMask(k);
  for (const { cpu } of machineCpus(k)) {
    if (((online >> BigInt(cpu)) & 1n) === 0n) continue;
    const slot = k.slots[k.params.harts.indexOf(cpu)];
    out += line(`cpu${cpu}`, slot?.busyNs ?? 0, slot ? Math.max(0, at - slot.busyNs) : 0);
  }
  out += `intr 0\nctxt ${k.stats.contextSwitches}\nbtime ${Math.floor(k.realtimeBase / 1e9)}\n`;
  out += `procs_running ${runnableThreads(k)}\nprocs_blocked 0\n`;
  return out;
}

export function versionText(k: Kernel): string {
  return `Linux version ${KERNEL_RELEASE} (popcorn@playground) (TypeScript) #1 SMP popcorn kernel ${k.id}\n`;
}

export function syscallsText(k: Kernel): string {
  const unknown = [...k.stats.unknownSyscalls].sort(([a], [b]) => a - b);
  const missed = unknown.reduce((n, [, count]) => n + count, 0);
  let out = `syscalls ${k.stats.syscalls}\nunknown ${missed}\n`;
  for (const [nr, count] of unknown) out += `${nr} ${syscallName(nr)} ${count}\n`;
  return out;
}

const MOUNTS = 'rootfs / rootfs rw 0 0\nproc /proc proc rw,relatime 0 0\ndevtmpfs /dev devtmpfs rw,relatime 0 0\n';

export function registerSystemFiles(procfs: ProcFs): void {
  const file = (read: (ctx: ProcContext) => string) => ({ kind: 'file' as const, read });
  procfs.add(
    'meminfo',
    file((ctx) => meminfoText(ctx.kernel)),
  );
  procfs.add(
    'cpuinfo',
    file((ctx) => cpuinfoText(ctx.kernel)),
  );
  procfs.add(
    'uptime',
    file((ctx) => uptimeText(ctx.kernel, now(ctx))),
  );
  procfs.add(
    'loadavg',
    file((ctx) => loadavgText(ctx.kernel)),
  );
  procfs.add(
    'stat',
    file((ctx) => statText(ctx.kernel, now(ctx))),
  );
  procfs.add(
    'version',
    file((ctx) => versionText(ctx.kernel)),
  );
  procfs.add(
    'mounts',
    file(() => MOUNTS),
  );
  procfs.add(
    'popcorn_syscalls',
    file((ctx) => syscallsText(ctx.kernel)),
  );
}
