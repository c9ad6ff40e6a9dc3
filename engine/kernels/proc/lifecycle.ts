// Birth and death of threads and processes: clone (threads, fork, vfork), exit of one thread,
// exit of a whole process (exit_group, or a fatal signal), zombies, reparenting and reaping.

import { EAGAIN, EINVAL, ENOMEM } from '../errno';
import type { Kernel } from '../kernel';
import { MAX_PROCESSES, MAX_THREADS_PER_PROCESS } from '../params';
import { UserMemory } from '../mm/uaccess';
import { CLD_DUMPED, CLD_EXITED, CLD_KILLED, SA_NOCLDWAIT, SIG_IGN, SIGCHLD } from '../signal/signals';
import { signalProcess } from '../signal/deliver';
import { Process, Thread } from './task';
import { WaitQueue } from './wait-queue';
import { EV } from '../trace';
import { NO_HART } from '../trace-format';
import { futexWake } from '../syscalls/futex';
import { unlessMissed } from '../mm/remote-miss';

export const CLONE_VM = 0x100;
export const CLONE_FS = 0x200;
export const CLONE_FILES = 0x400;
export const CLONE_SIGHAND = 0x800;
export const CLONE_VFORK = 0x4000;
export const CLONE_PARENT = 0x8000;
export const CLONE_THREAD = 0x10000;
export const CLONE_SETTLS = 0x80000;
export const CLONE_PARENT_SETTID = 0x100000;
export const CLONE_CHILD_CLEARTID = 0x200000;
export const CLONE_CHILD_SETTID = 0x1000000;

/** A new thread of `p`, registered with the kernel but not yet runnable. */
export function newThread(k: Kernel, p: Process, tid = k.allocPid()): Thread {
  const t = new Thread(tid, p);
  p.threads.push(t);
  k.addThread(t);
  return t;
}

export interface CloneArgs {
  flags: number;
  stack: number;
  parentTid: number;
  childTid: number;
  tls: bigint;
}

/** clone(2): a thread of the same process, or a child process (fork, vfork). Returns the new tid or -errno. */
export function clone(k: Kernel, parent: Thread, args: CloneArgs): number {
  const { flags } = args;
  const p = parent.process;
  if (flags & CLONE_THREAD && !(flags & CLONE_VM && flags & CLONE_SIGHAND)) return -EINVAL;
  let child: Thread;
  if (flags & CLONE_THREAD) {
    if (p.liveThreads.length >= MAX_THREADS_PER_PROCESS) return -EAGAIN;
    child = newThread(k, p);
  } else {
    if (k.processes.size >= MAX_PROCESSES) return -EAGAIN;
    let mm = p.mm;
    if (flags & CLONE_VM) mm.users++;
    else {
      const copy = p.mm.fork();
      if (!copy) return -ENOMEM;
      mm = copy;
      mm.onShootdown = () => {
        k.shootdown(copy);
      };
    }
    const pid = k.allocPid();
    const np = new Process(
      pid,
      p,
      mm,
      flags & CLONE_VM ? p.um : new UserMemory(mm),
      p.fds.fork(),
      p.pgid,
      p.sid,
      [...p.argv],
      p.exe,
    );
    np.cwd = p.cwd;
    np.umask = p.umask;
    np.startTime = k.timeOf(parent);
    p.actions.forEach((a, i) => {
      np.actions[i] = { ...a };
    });
    if (flags & CLONE_PARENT && p.parent) np.parent = p.parent;
    np.parent?.children.push(np);
    k.addProcess(np);
    child = newThread(k, np, pid);
  }
  // the child starts as a copy of the parent's registers, returning 0 from clone
  child.context.set(new Uint8Array(parent.regs.buffer, parent.regs.byteOffset + parent.regsBase, child.context.length));
  child.setX(10, 0);
  child.pc = parent.pc + 4;
  if (args.stack) child.setX(2, args.stack);
  if (flags & CLONE_SETTLS) child.setX(4, args.tls);
  child.sigmask = parent.sigmask;
  child.affinity = parent.affinity; // inherited, as Linux copies cpus_mask
  child.altStack = flags & CLONE_VM && !(flags & CLONE_VFORK) ? { sp: 0, size: 0, flags: 2 } : { ...parent.altStack };
  if (flags & CLONE_PARENT_SETTID) p.um.writeU32(args.parentTid, child.tid);
  if (flags & CLONE_CHILD_SETTID) child.process.um.writeU32(args.childTid, child.tid);
  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = args.childTid;
  k.makeRunnable(child);
  if (flags & CLONE_VFORK) child.process.vforkDone = new WaitQueue(`vfork ${child.tid}`);
  return child.tid;
}

/** One thread ends. The last thread's exit ends the process with `status` (a wait status). */
export function exitThread(k: Kernel, t: Thread, status: number): void {
  if (!t.alive) return;
  const p = t.process;
  markDead(k, t);
  if (p.liveThreads.length === 0) exitProcess(k, p, status);
}

function markDead(k: Kernel, t: Thread): void {
  if (t.state === 'blocked') k.wake(t); // leaves its wait queue
  t.state = 'dead';
  if (t.clearChildTid && t.process.state === 'alive') {
    // pthread_join waits on this word: clear it and wake the joiner, as Linux does
    // the word's page may be on another kernel: the exit syscall fetches it first (prefault.ts),
    // so this is a thread killed with its process, whose joiners die with it
    unlessMissed(() => {
      if (t.process.um.writeU32(t.clearChildTid, 0)) futexWake(k, t.process, t.clearChildTid, 1, 0xffffffff, true);
    });
  }
  k.removeThread(t);
}

/** exit_group, or a fatal signal: every thread of `p` ends and `p` becomes a zombie. */
export function exitGroup(k: Kernel, p: Process, status: number): void {
  if (p.state !== 'alive') return;
  if (k.distributed?.groupExit(p, status)) return; // a remote context: its origin ends it
  for (const t of p.liveThreads) markDead(k, t);
  exitProcess(k, p, status);
}

function exitProcess(k: Kernel, p: Process, status: number): void {
  if (p.state !== 'alive') return;
  p.state = 'zombie';
  p.waitStatus = status;
  k.itimers.forget(p);
  k.tracer.emit({ time: k.now, kind: EV.EXIT, hart: NO_HART, pid: p.pid, tid: p.pid, a: status, b: 0, c: 0 });
  k.distributed?.processExited(p);
  p.fds.closeAll(k);
  if (p.vforkDone) k.wakeAll(p.vforkDone, p.pid); // the vfork parent's clone returns the pid
  if (--p.mm.users === 0) p.mm.destroy();
  // orphans go to init (pid 1) when it lives here, else they reap themselves
  const init = k.processes.get(1);
  for (const child of p.children) {
    child.parent = init && init !== p ? init : undefined;
    child.parent?.children.push(child);
    if (!child.parent && child.state === 'zombie') reap(k, child);
  }
  p.children.length = 0;
  const parent = p.parent;
  if (!parent || parent.state !== 'alive') {
    reap(k, p);
    return;
  }
  const act = parent.actions[SIGCHLD];
  if (act && (act.handler === SIG_IGN || act.flags & SA_NOCLDWAIT)) {
    reap(k, p);
  } else {
    // CLD_EXITED with the exit code, or CLD_KILLED / CLD_DUMPED with the signal
    const signal = status & 0x7f;
    const code = signal === 0 ? CLD_EXITED : status & 0x80 ? CLD_DUMPED : CLD_KILLED;
    signalProcess(k, parent, SIGCHLD, {
      code,
      pid: p.pid,
      addr: 0,
      status: signal === 0 ? (status >> 8) & 0xff : signal,
    });
  }
  k.wakeAll(parent.childWait);
}

/** Removes a zombie for good. */
export function reap(k: Kernel, p: Process): void {
  k.removeProcess(p);
  if (p.parent) {
    const i = p.parent.children.indexOf(p);
    if (i >= 0) p.parent.children.splice(i, 1);
  }
}
