// The process server's interface (migration/process-server.ts): threads moving between kernels,
// and the end of processes that have threads elsewhere. The handshake is numbered in
// process-server.ts's header.

import { registers, sharedBindings, sigActions, threadState, vmaList } from '../migration/wire';
import { defineInterface } from '../messaging/interface';
import { addr, f64, field, i32, nulList, optional, string, u32, u64 } from '../messaging/wire-types';

const pid = field(u32, 'the process (its pid at the origin)');
const tid = field(u32, 'the thread');

export const PROCESS_SERVER_IF = defineInterface('process server', 'Thread migration between kernels.', {
  TASK_MIGRATE: {
    number: 30,
    doc: 'A thread leaves its origin for this kernel: everything it needs to run here but its pages.',
    responses: ['TASK_PAIRING'],
    fields: {
      pid,
      tid,
      regs: field(registers, 'its registers'),
      state: field(threadState, 'its per-thread state'),
      vmas: field(vmaList, "the process's VMAs"),
      brkStart: field(addr, 'where the heap starts'),
      brk: field(addr, 'the program break'),
      pgid: field(u32, 'process group'),
      sid: field(u32, 'session'),
      ppid: field(u32, "the parent's pid (a remote context has no parent)"),
      startTime: field(f64, 'when the process started (virtual ns)'),
      exe: field(string(32), 'the executable path'),
      argv: field(nulList(), 'the arguments'),
      actions: field(sigActions, "the process's signal actions"),
      shared: field(optional(sharedBindings), 'the shared objects its MAP_SHARED VMAs map, if any'),
    },
  },
  TASK_PAIRING: {
    number: 31,
    doc: 'The thread runs here now: the answer to TASK_MIGRATE, to its origin.',
    fields: { pid, tid },
  },
  TASK_MIGRATE_BACK: {
    number: 32,
    doc: 'A migrated thread goes back to its origin (which may send it on to another kernel).',
    fields: {
      pid,
      tid,
      next: field(i32, 'the kernel it is to run on next (the origin, or one it goes on to)'),
      regs: field(registers, 'its registers'),
      state: field(threadState, 'its per-thread state'),
    },
  },
  TASK_EXIT_REMOTE: {
    number: 33,
    doc: 'A migrated thread called exit(): its proxy at the origin exits as it would have.',
    fields: {
      pid,
      tid,
      regs: field(registers, 'its registers at exit()'),
      state: field(threadState, 'its per-thread state'),
    },
  },
  TASK_EXIT_ORIGIN: {
    number: 34,
    doc: 'The process ended at its origin: every kernel with a context of it drops it.',
    fields: { pid },
  },
  TASK_PROPOSE: {
    number: 35,
    doc: 'propose_migration(tid, nid) for a thread of another kernel, or passed on to where it runs.',
    responses: ['TASK_PROPOSE_RESPONSE'],
    fields: { tid, nid: field(i32, 'the kernel it is asked to move to') },
  },
  TASK_PROPOSE_RESPONSE: {
    number: 36,
    doc: 'Whether the proposal was taken.',
    fields: { result: field(i32, '0, or -ESRCH, -EINVAL, -EBUSY, -EAGAIN') },
  },
  TASK_GROUP_EXIT: {
    number: 37,
    doc: 'A fatal signal in a remote context: the origin ends the whole process with this status.',
    fields: { pid, status: field(i32, 'the wait status the process ends with') },
  },
  TASK_AFFINITY: {
    number: 38,
    doc: 'sched_getaffinity or sched_setaffinity of a thread of another kernel: to its origin, passed on to where it runs.',
    responses: ['TASK_AFFINITY_RESPONSE'],
    fields: {
      tid,
      set: field(u32, '1: set its CPUs to mask; 0: tell them'),
      mask: field(u64, 'the CPUs asked for (bit N: the machine hart N)'),
    },
  },
  TASK_AFFINITY_RESPONSE: {
    number: 39,
    doc: "The thread's CPUs, or why not.",
    fields: {
      result: field(i32, '0, or -ESRCH, -EINVAL; 1: the thread left that kernel meanwhile (asked again)'),
      mask: field(u64, 'its CPUs (a get), online ones only'),
    },
  },
});
