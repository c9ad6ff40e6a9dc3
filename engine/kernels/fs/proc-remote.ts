// What /proc shows of a process another kernel runs. Each kernel summarizes its own processes
// (summarize: the fields ps and top read, nothing more) and publishes the summaries to its
// peers (engine/protocols/ssi/process-list.ts); a peer then makes /proc/PID/stat, status,
// cmdline and comm from the latest summary with the functions here, in the formats of the
// local files, so that ps and top cannot tell the two apart. Fields a summary does not carry
// (code and stack addresses, signal masks) read 0, as Linux shows them to a reader without
// ptrace rights over the process.

import { PAGE_SIZE } from '../../hw/memory-map';
import type { Kernel } from '../kernel';
import type { Process } from '../proc/task';
import {
  CONSOLE_TTY_NR,
  cpuTimes,
  formatStat,
  memoryOf,
  STATE_NAMES,
  stateLetter,
  type StatView,
} from './proc-process';
import type { ProcContext, ProcFs, ProcNode } from './procfs';

/** Longest command line a summary carries, in characters (ps keeps 511 of it). */
export const SUMMARY_CMDLINE_MAX = 511;

const TICK_NS = 1e7;
const ticks = (ns: number) => Math.floor(ns / TICK_NS);

/** One process as its kernel describes it to the others. Times are in 100 Hz clock ticks. */
export interface ProcessSummary {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** stat's state letter: R, S, D, T or Z. */
  state: string;
  threads: number;
  comm: string;
  /** /proc/PID/cmdline: the arguments, each ended by a NUL ('' for a zombie). */
  cmdline: string;
  /** stat's tty_nr and tpgid, as its own kernel computes them for its console. */
  ttyNr: number;
  tpgid: number;
  minorFaults: number;
  utime: number;
  stime: number;
  start: number;
  vsize: number;
  rssPages: number;
  /** Global index of the hart it last ran on. */
  hart: number;
  /** The kernel that runs it. */
  kernel: number;
  /** The wait status of a zombie, else 0. */
  exitCode: number;
  /** Its /proc/popcorn/ps record: where its threads run and who holds its pages ('' if none). */
  popcorn?: string;
}

export function summarize(k: Kernel, p: Process): ProcessSummary {
  const t = p.threads[0];
  const onTty = k.tty.session !== 0 && p.sid === k.tty.session;
  const cpu = cpuTimes(p, undefined);
  const mem = memoryOf(p);
  const cmdline = p.state === 'zombie' ? '' : p.argv.map((a) => `${a}\0`).join('');
  return {
    pid: p.pid,
    ppid: p.parent?.pid ?? 0,
    pgid: p.pgid,
    sid: p.sid,
    state: stateLetter(p, t),
    threads: p.liveThreads.length,
    comm: p.comm,
    cmdline: cmdline.slice(0, SUMMARY_CMDLINE_MAX),
    ttyNr: onTty ? CONSOLE_TTY_NR : 0,
    tpgid: onTty ? k.tty.foregroundPgrp : -1,
    minorFaults: p.minorFaults,
    utime: ticks(cpu.user),
    stime: ticks(cpu.system),
    start: ticks(p.startTime),
    vsize: mem.vsize,
    rssPages: mem.rssPages,
    hart: k.params.harts[t && t.hart >= 0 ? t.hart : 0] ?? 0,
    kernel: k.id,
    exitCode: p.state === 'zombie' ? p.waitStatus : 0,
  };
}

/** Every process of kernel `k`, in pid order (the order is part of the determinism). */
export function summarizeProcesses(k: Kernel): ProcessSummary[] {
  return [...k.processes.values()].sort((a, b) => a.pid - b.pid).map((p) => summarize(k, p));
}

export function remoteStatText(s: ProcessSummary): string {
  const view: StatView = {
    ...s,
    id: s.pid,
    userNs: s.utime * TICK_NS,
    systemNs: s.stime * TICK_NS,
    startTime: s.start * TICK_NS,
    startCode: 0,
    endCode: 0,
    stackTop: 0,
    pending: 0n,
    blocked: 0n,
    ignored: 0n,
    caught: 0n,
    exitSignal: 17,
    startData: 0,
    endData: 0,
    startBrk: 0,
  };
  return formatStat(view);
}

export function remoteStatusText(s: ProcessSummary): string {
  const kb = (bytes: number) => `${String(Math.floor(bytes / 1024)).padStart(8)} kB`;
  const lines: Array<[string, string | number]> = [
    ['Name', s.comm],
    ['State', `${s.state} (${STATE_NAMES[s.state] ?? ''})`],
    ['Tgid', s.pid],
    ['Pid', s.pid],
    ['PPid', s.ppid],
    ['Uid', '0\t0\t0\t0'],
    ['Gid', '0\t0\t0\t0'],
    ['NSpid', s.pid],
    ['NSpgid', s.pgid],
    ['NSsid', s.sid],
    ['VmSize', kb(s.vsize)],
    ['VmRSS', kb(s.rssPages * PAGE_SIZE)],
    ['Threads', s.threads],
    ['Kernel', s.kernel],
  ];
  return lines.map(([key, value]) => `${key}:\t${value}\n`).join('');
}

/** A file of a remote /proc/PID: empty once the process left the summaries (as a reaped one). */
function remoteFile(read: (s: ProcessSummary) => string): ProcNode {
  return {
    kind: 'file',
    read: (ctx: ProcContext) => {
      const s = ctx.remotePid === undefined ? undefined : ctx.kernel.procfs.remote?.process(ctx.remotePid);
      return s ? read(s) : '';
    },
  };
}

/** Registers the files of every remote /proc/PID (the single-system-image service calls it). */
export function registerRemoteProcessFiles(procfs: ProcFs): void {
  procfs.addRemoteProcessEntry('stat', remoteFile(remoteStatText));
  procfs.addRemoteProcessEntry('status', remoteFile(remoteStatusText));
  procfs.addRemoteProcessEntry(
    'cmdline',
    remoteFile((s) => s.cmdline),
  );
  procfs.addRemoteProcessEntry(
    'comm',
    remoteFile((s) => `${s.comm}\n`),
  );
}
