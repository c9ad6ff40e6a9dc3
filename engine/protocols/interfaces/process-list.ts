// The process-list service's interface (ssi/process-list.ts): every kernel pushes a summary of
// its processes to its peers, the single system image's /proc of the other kernels.

import type { ProcessSummary } from '../../kernels/fs/proc-remote';
import { defineInterface } from '../messaging/interface';
import { f64, field, i32, list, sized, string, struct, u32, type Codec } from '../messaging/wire-types';

/** A process as its kernel sums it up (which kernel that is, the receiver knows: the sender). */
export type WireSummary = Omit<ProcessSummary, 'kernel' | 'popcorn'> & { popcorn: string };

const summaryRecord = struct('process summary', {
  pid: field(u32, 'process id'),
  ppid: field(u32, "its parent's pid"),
  pgid: field(u32, 'process group'),
  sid: field(u32, 'session'),
  state: field(string(1), "stat's state letter: R, S, D, T or Z"),
  threads: field(u32, 'live threads'),
  comm: field(string(15), 'command name'),
  cmdline: field(string(64), 'the arguments, each ended by a NUL'),
  ttyNr: field(u32, "stat's tty_nr"),
  tpgid: field(i32, 'foreground group of its terminal'),
  minorFaults: field(u32, 'minor page faults'),
  utime: field(u32, 'user CPU time (ticks)'),
  stime: field(u32, 'system CPU time (ticks)'),
  start: field(u32, 'start time (ticks since boot)'),
  vsize: field(f64, 'virtual memory size in bytes'),
  rssPages: field(u32, 'resident pages'),
  hart: field(u32, 'the hart it last ran on'),
  exitCode: field(u32, 'wait status of a zombie, else 0'),
  popcorn: field(string(40), "its /proc/popcorn/ps record ('' if none)"),
});

/** One summary, behind its length. */
export const processSummary: Codec<WireSummary> = sized(summaryRecord);

export const PROCESS_LIST_IF = defineInterface('process lists', "Every kernel's processes, pushed to its peers.", {
  PROC_LIST: {
    number: 10,
    doc: "A part of a kernel's process list, sent to every peer when its process table changed.",
    fields: {
      generation: field(u32, 'which list this part belongs to (newer lists have higher numbers)'),
      part: field(u32, 'which part of the list this is'),
      parts: field(u32, 'how many parts the list has'),
      totalKb: field(f64, "the sender's memory in KiB"),
      freeKb: field(f64, "the sender's free memory in KiB"),
      entries: field(list(processSummary, 8, 'process summaries'), 'its processes in this part'),
    },
  },
});
