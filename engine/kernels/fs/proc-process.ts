// The per-process and per-thread files of /proc, in Linux's formats: PID/stat, status, statm,
// maps, cmdline, comm, the exe and cwd links, fd/ (links to what each descriptor has open) and
// task/TID/ (the same views for one thread). Times are in clock ticks of 100 Hz of virtual
// time; kernel time is the virtual cost of the syscalls and page faults the process made.

import { PAGE_SIZE } from '../../hw/memory-map';
import type { Kernel } from '../kernel';
import { type Vma } from '../mm/address-space';
import type { Process, Thread } from '../proc/task';
import type { Located } from './inode';
import { type ProcContext, type ProcFs, type ProcNode } from './procfs';

/** Device number of the terminal (/dev/console, 5:1) as stat's tty_nr encodes it. */
export const CONSOLE_TTY_NR = (5 << 8) | 1;
const RLIM_INFINITY = '18446744073709551615';

const ticks = (ns: number) => Math.floor(ns / 1e7);
const hex8 = (n: number) => n.toString(16).padStart(8, '0');
const mask16 = (m: bigint) => BigInt.asUintN(64, m).toString(16).padStart(16, '0');

function processOf(ctx: ProcContext): Process {
  if (!ctx.process) throw new Error('procfs: a per-process file without its process');
  return ctx.process;
}

export function stateLetter(p: Process, t: Thread | undefined): string {
  if (p.state === 'zombie' || !t || t.state === 'dead') return 'Z';
  if (p.stopped || t.state === 'stopped') return 'T';
  if (t.state === 'blocked') return t.sleep?.interruptible ? 'S' : 'D';
  return 'R';
}

export const STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk sleep',
  T: 'stopped',
  Z: 'zombie',
};

export function memoryOf(p: Process) {
  const vmas = p.mm.vmas;
  const size = (filter: (v: Vma) => boolean) => vmas.filter(filter).reduce((n, v) => n + v.end - v.start, 0);
  const code = vmas.filter((v) => v.kind === 'code' && !v.name.startsWith('['));
  const data = vmas.filter((v) => v.kind !== 'code' && v.kind !== 'stack');
  return {
    vsize: size(() => true),
    rssPages: p.mm.resident,
    code: size((v) => code.includes(v)),
    data: size((v) => data.includes(v) && (v.prot & 2) !== 0),
    stack: size((v) => v.kind === 'stack'),
    startCode: code[0]?.start ?? 0,
    endCode: code.at(-1)?.end ?? 0,
    startData: vmas.find((v) => v.kind === 'data')?.start ?? 0,
    endData: vmas.find((v) => v.kind === 'data')?.end ?? 0,
    stackTop: vmas.find((v) => v.kind === 'stack')?.end ?? 0,
  };
}

/** User and system time of a thread, or of the whole process, as getrusage counts them. */
export function cpuTimes(p: Process, t: Thread | undefined) {
  if (t) return { user: t.cpuTime, system: t.sysTime };
  return { user: p.cpuTime, system: p.sysTime };
}

function signalMasks(p: Process) {
  let ignored = 0n;
  let caught = 0n;
  p.actions.forEach((a, sig) => {
    if (sig === 0) return;
    if (a.handler === 1) ignored |= 1n << BigInt(sig - 1);
    else if (a.handler > 1) caught |= 1n << BigInt(sig - 1);
  });
  return { ignored, caught };
}

/** The variable fields of a stat line; formatStat() puts them in Linux's 52-field order. */
export interface StatView {
  id: number;
  comm: string;
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  ttyNr: number;
  tpgid: number;
  minorFaults: number;
  userNs: number;
  systemNs: number;
  threads: number;
  startTime: number;
  vsize: number;
  rssPages: number;
  startCode: number;
  endCode: number;
  stackTop: number;
  pending: bigint;
  blocked: bigint;
  ignored: bigint;
  caught: bigint;
  exitSignal: number;
  hart: number;
  startData: number;
  endData: number;
  startBrk: number;
  exitCode: number;
}

export function formatStat(v: StatView): string {
  const fields: Array<string | number> = [
    v.id,
    `(${v.comm})`,
    v.state,
    v.ppid,
    v.pgid,
    v.sid,
    v.ttyNr,
    v.tpgid,
    0, // flags
    v.minorFaults,
    0, // cminflt: children's faults are not accounted
    0, // majflt: nothing is ever read from a disk
    0,
    ticks(v.userNs),
    ticks(v.systemNs),
    0, // cutime, cstime: children's times are not accounted
    0,
    20, // priority (nice 0)
    0,
    v.threads,
    0, // itrealvalue, always 0 since Linux 2.6.17
    ticks(v.startTime),
    v.vsize,
    v.rssPages,
    RLIM_INFINITY,
    v.startCode,
    v.endCode,
    v.stackTop,
    0, // kstkesp, kstkeip: 0 unless the task is being dumped
    0,
    v.pending.toString(),
    v.blocked.toString(),
    v.ignored.toString(),
    v.caught.toString(),
    0, // wchan
    0, // nswap, cnswap
    0,
    v.exitSignal,
    v.hart,
    0, // rt_priority, policy (SCHED_OTHER)
    0,
    0, // delayacct_blkio_ticks, guest_time, cguest_time
    0,
    0,
    v.startData,
    v.endData,
    v.startBrk,
    0, // arg_start..env_end: where argv and envp lie is not kept
    0,
    0,
    0,
    v.exitCode,
  ];
  return fields.join(' ') + '\n';
}

/** /proc/PID/stat and /proc/PID/task/TID/stat: the 52 fields of Linux's proc_pid_stat. */
export function statText(k: Kernel, p: Process, thread: Thread | undefined): string {
  const t = thread ?? p.threads[0];
  const onTty = k.tty.session !== 0 && p.sid === k.tty.session;
  const mem = memoryOf(p);
  const cpu = cpuTimes(p, thread);
  const { ignored, caught } = signalMasks(p);
  return formatStat({
    id: thread?.tid ?? p.pid,
    comm: p.comm,
    state: stateLetter(p, t),
    ppid: p.parent?.pid ?? 0,
    pgid: p.pgid,
    sid: p.sid,
    ttyNr: onTty ? CONSOLE_TTY_NR : 0,
    tpgid: onTty ? k.tty.foregroundPgrp : -1,
    minorFaults: p.minorFaults,
    userNs: cpu.user,
    systemNs: cpu.system,
    threads: p.liveThreads.length,
    startTime: p.startTime,
    vsize: mem.vsize,
    rssPages: mem.rssPages,
    startCode: mem.startCode,
    endCode: mem.endCode,
    stackTop: mem.stackTop,
    pending: (t?.pending ?? 0n) | p.pending,
    blocked: t?.sigmask ?? 0n,
    ignored,
    caught,
    exitSignal: thread && thread.tid !== p.pid ? -1 : 17, // SIGCHLD for a process
    hart: k.params.harts[t && t.hart >= 0 ? t.hart : 0] ?? 0,
    startData: mem.startData,
    endData: mem.endData,
    startBrk: p.mm.brkStart,
    exitCode: p.state === 'zombie' ? p.waitStatus : 0,
  });
}

export function statusText(k: Kernel, p: Process, thread: Thread | undefined): string {
  const t = thread ?? p.threads[0]; // a process is described by its main thread
  const letter = stateLetter(p, t);
  const mem = memoryOf(p);
  const { ignored, caught } = signalMasks(p);
  const maxFd = Math.max(-1, ...p.fds.entries().map(([fd]) => fd));
  const harts = k.slots.length;
  const kb = (bytes: number) => `${String(Math.floor(bytes / 1024)).padStart(8)} kB`;
  const lines: Array<[string, string | number]> = [
    ['Name', p.comm],
    ['Umask', p.umask.toString(8).padStart(4, '0')],
    ['State', `${letter} (${STATE_NAMES[letter] ?? ''})`],
    ['Tgid', p.pid],
    ['Ngid', 0],
    ['Pid', thread?.tid ?? p.pid],
    ['PPid', p.parent?.pid ?? 0],
    ['TracerPid', 0],
    ['Uid', '0\t0\t0\t0'],
    ['Gid', '0\t0\t0\t0'],
    ['FDSize', Math.max(64, Math.ceil((maxFd + 1) / 64) * 64)],
    ['Groups', ''],
    ['NSpid', thread?.tid ?? p.pid],
    ['NSpgid', p.pgid],
    ['NSsid', p.sid],
    ['VmSize', kb(mem.vsize)],
    ['VmRSS', kb(mem.rssPages * PAGE_SIZE)],
    ['VmData', kb(mem.data)],
    ['VmStk', kb(mem.stack)],
    ['VmExe', kb(mem.code)],
    ['Threads', p.liveThreads.length],
    ['SigPnd', mask16(t?.pending ?? 0n)],
    ['ShdPnd', mask16(p.pending)],
    ['SigBlk', mask16(t?.sigmask ?? 0n)],
    ['SigIgn', mask16(ignored)],
    ['SigCgt', mask16(caught)],
    ['Cpus_allowed', ((1n << BigInt(harts)) - 1n).toString(16)],
    ['Cpus_allowed_list', harts > 1 ? `0-${harts - 1}` : '0'],
    ['Kernel', k.id],
  ];
  return lines.map(([key, value]) => `${key}:\t${value}\n`).join('');
}

/** /proc/PID/maps: one line per VMA, as Linux's show_map_vma pads it. */
export function mapsText(k: Kernel, p: Process): string {
  return p.mm.vmas
    .map((v) => {
      const perms = `${v.prot & 1 ? 'r' : '-'}${v.prot & 2 ? 'w' : '-'}${v.prot & 4 ? 'x' : '-'}${v.shared ? 's' : 'p'}`;
      const file = v.name.startsWith('/') ? k.vfs.resolve(k.vfs.root, v.name) : -1;
      const ino = typeof file === 'number' ? 0 : file.ino;
      const dev = ino ? '00:01' : '00:00';
      const head = `${hex8(v.start)}-${hex8(v.end)} ${perms} ${hex8(v.file?.offset ?? v.shared?.offset ?? 0)} ${dev} ${ino} `;
      return (v.name ? head.padEnd(73) + v.name : head) + '\n';
    })
    .join('');
}

export function statmText(p: Process): string {
  const mem = memoryOf(p);
  const pages = (bytes: number) => Math.floor(bytes / PAGE_SIZE);
  return `${pages(mem.vsize)} ${mem.rssPages} 0 ${pages(mem.code)} 0 ${pages(mem.data + mem.stack)} 0\n`;
}

function locate(k: Kernel, path: string): Located | undefined {
  const found = k.vfs.walk({ inode: k.vfs.root, path: '/' }, path, true);
  return typeof found === 'number' || !found.inode ? undefined : { inode: found.inode, path: found.path };
}

const file = (read: (ctx: ProcContext, p: Process) => string): ProcNode => ({
  kind: 'file',
  read: (ctx) => read(ctx, processOf(ctx)),
});

export function registerProcessFiles(procfs: ProcFs): void {
  const stat = file((ctx, p) => statText(ctx.kernel, p, ctx.thread));
  const status = file((ctx, p) => statusText(ctx.kernel, p, ctx.thread));
  const comm = file((_ctx, p) => `${p.comm}\n`);
  const fdLink: ProcNode = {
    kind: 'link',
    target: (ctx) => {
      const f = processOf(ctx).fds.get(ctx.fd ?? -1);
      return f && (f.inode.nlink === 0 && f.inode.kind === 'file' ? `${f.path} (deleted)` : f.path);
    },
    follow: (ctx) => {
      const f = processOf(ctx).fds.get(ctx.fd ?? -1);
      return f && { inode: f.inode, path: f.path };
    },
  };
  procfs.addProcessEntry('stat', stat);
  procfs.addProcessEntry('status', status);
  procfs.addProcessEntry(
    'statm',
    file((_ctx, p) => statmText(p)),
  );
  procfs.addProcessEntry(
    'maps',
    file((ctx, p) => mapsText(ctx.kernel, p)),
  );
  procfs.addProcessEntry('comm', comm);
  procfs.addProcessEntry(
    'cmdline',
    file((_ctx, p) => (p.state === 'zombie' ? '' : p.argv.map((a) => `${a}\0`).join(''))),
  );
  procfs.addProcessEntry('exe', {
    kind: 'link',
    target: (ctx) => (processOf(ctx).state === 'zombie' ? undefined : processOf(ctx).exe),
    follow: (ctx) => (processOf(ctx).state === 'zombie' ? undefined : locate(ctx.kernel, processOf(ctx).exe)),
  });
  procfs.addProcessEntry('cwd', {
    kind: 'link',
    target: (ctx) => processOf(ctx).cwd,
    follow: (ctx) => locate(ctx.kernel, processOf(ctx).cwd),
  });
  procfs.addProcessEntry('fd', {
    kind: 'dir',
    entries: (ctx) =>
      processOf(ctx)
        .fds.entries()
        .map(([fd]) => [String(fd), fdLink, { ...ctx, fd }]),
    lookup: (name, ctx) => {
      const fd = /^(0|[1-9][0-9]*)$/.test(name) ? Number(name) : -1;
      return processOf(ctx).fds.get(fd) ? [fdLink, { ...ctx, fd }] : undefined;
    },
  });
  procfs.addThreadEntry('stat', stat);
  procfs.addThreadEntry('status', status);
  procfs.addThreadEntry('comm', comm);
}
