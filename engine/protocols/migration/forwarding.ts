// What a migrated thread's syscalls and signals do (Popcorn's syscall and signal forwarding).
//
// On the remote kernel, each syscall of a migrated thread is one of (its row's placement in the
// syscall table, kernels/syscalls/table.ts):
//   - local: it needs only the thread and its address space (time, sleeping, signal masks,
//     ids the context knows, the popcorn calls), and runs there; but the process's CPU-time
//     clock is the origin's, which counts every thread's time;
//   - forwarded: it needs the origin's state (files, pipes, the TTY, processes, futex queues,
//     the VMAs). The thread blocks and its registers go to the origin as SYSCALL_FWD (futexes
//     as FUTEX_REQUEST, mmap and friends as VMA_OP_REQUEST); the proxy there runs the syscall
//     with them, exactly as if the thread were home (sleeping there if it must: a TTY read
//     sleeps in the proxy), and the result returns as SYSCALL_REP / FUTEX_RESPONSE /
//     VMA_OP_RESPONSE. User memory it touches comes home through the page server.
//   - back: fork, vfork and execve take the thread home first (the syscall then runs there);
//   - exit: the thread ends here, and its proxy exits at the origin (TASK_EXIT_REMOTE), which
//     clears the tid word and wakes pthread_join as a local exit does.
// Signals for a proxy (a thread that migrated) are acted on at the origin when their action is
// the default (killing the whole process, wherever its threads are), and otherwise forwarded
// (SIGNAL_FWD_THREAD) to run the handler where the thread runs.

import { pageDown } from '../../kernels/mm/address-space';
import { ESRCH } from '../../kernels/errno';
import type { Kernel } from '../../kernels/kernel';
import type { SigAction, Thread } from '../../kernels/proc/task';
import { exitGroup } from '../../kernels/proc/lifecycle';
import { signalThread, takeSignal, type SigInfo } from '../../kernels/signal/deliver';
import { defaultAction, SIG_DFL, SIG_IGN, SIGKILL, SIGSTOP } from '../../kernels/signal/signals';
import { SYS } from '../../kernels/syscalls/numbers';
import { BLOCKED, JUMPED, type SyscallOutcome } from '../../kernels/syscalls/outcome';
import { placementOf, type SyscallRow } from '../../kernels/syscalls/syscall-row';
import { runSyscall } from '../../kernels/trap';
import {
  FUTEX_CLOCK_REALTIME,
  FUTEX_PRIVATE_FLAG,
  FUTEX_WAKE,
  FUTEX_WAKE_BITSET,
  futexWaiters,
} from '../../kernels/syscalls/futex';
import { unlessMissed } from '../../kernels/mm/remote-miss';
import { originOf } from '../../kernels/pid-space';
import { FORWARDING_IF } from '../interfaces/forwarding';
import { PROCESS_SERVER_IF } from '../interfaces/process-server';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import type { SignalForwardingService } from '../ssi/signal-forwarding';
import type { Distribution, RemoteContext } from './distribution';
import type { ProcessServer } from './process-server';
import { prefault } from './prefault';
import { applyThreadState, loadRegisters, registersOf } from './wire';

interface Job {
  nr: number;
  /** The request to answer (none for an exit). */
  request: Delivered | undefined;
}

export class Forwarding {
  private readonly jobs = new WeakMap<Thread, Job>();

  constructor(
    private readonly d: Distribution,
    private readonly procs: ProcessServer,
    private readonly signals: SignalForwardingService,
  ) {
    const m = d.messenger;
    for (const type of [MSG.SYSCALL_FWD, MSG.FUTEX_REQUEST, MSG.VMA_OP_REQUEST]) {
      m.on(type, (msg) => {
        this.serve(msg);
      });
    }
    m.on(MSG.TASK_EXIT_REMOTE, (msg) => {
      this.serveExit(msg);
    });
    signals.onThreadSignal = (s) => {
      this.deliverToThread(s.tid, s.sig, s.info, s.action);
    };
  }

  private get k(): Kernel {
    return this.d.k;
  }

  // ---- the remote's side ----

  /** A syscall of a migrated thread: run here (undefined), forwarded, or taken home, as its row says. */
  atRemote(ctx: RemoteContext, t: Thread, nr: number, row: SyscallRow | undefined): SyscallOutcome | undefined {
    const where = placementOf(row, t);
    if (where === 'local') {
      prefault(t, row);
      return undefined;
    }
    if (where === 'exit') return this.exitHere(t);
    if (where === 'home') {
      this.procs.goHome(t); // the ecall runs again at the origin
      return BLOCKED;
    }
    const request =
      where === 'futex'
        ? FORWARDING_IF.FUTEX_REQUEST
        : where === 'vma'
          ? FORWARDING_IF.VMA_OP_REQUEST
          : FORWARDING_IF.SYSCALL_FWD;
    const type = request.type;
    // the thread's CPU and system time go along: the proxy counts them in the process's (Process.cpuTime)
    const body = request.encode({
      pid: ctx.p.pid,
      tid: t.tid,
      nr,
      sigmask: t.sigmask,
      cpuTime: t.cpuTime,
      sysTime: t.sysTime,
      regs: registersOf(t),
    });
    const sleep = { interruptible: false };
    this.d.stats.forwardedSyscalls++;
    const asked = this.k.timeOf(t);
    this.d.ask(ctx.origin, type, body, (reply) => {
      if (type === MSG.FUTEX_REQUEST) {
        this.d.stats.remoteFutexes++;
        this.d.stats.remoteFutexNs += this.k.now - asked;
      }
      if (t.sleep !== sleep) return; // the thread ended meanwhile
      // the three responses have one layout
      const result = reply ? FORWARDING_IF.SYSCALL_REP.decode(reply.body).result : -ESRCH;
      if (nr === SYS.rt_sigaction && result === 0) this.mirrorSigaction(t);
      this.k.wake(t, result);
    });
    if (t.state === 'blocked') return BLOCKED;
    return this.k.block(t, sleep);
  }

  /** rt_sigaction ran at the origin: this kernel's copy of the actions takes the change too. */
  private mirrorSigaction(t: Thread): void {
    unlessMissed(() => this.k.syscalls.row(SYS.rt_sigaction)?.handler?.(this.k, t)); // missed: the origin has the same table
  }

  /** exit() of a migrated thread: it ends here and its proxy exits at the origin. */
  private exitHere(t: Thread): SyscallOutcome {
    this.procs.exitHere(t); // TASK_EXIT_REMOTE, after its pages went home (migration-machine.ts)
    return JUMPED;
  }

  // ---- the origin's side: proxies ----

  private serve(m: Delivered): void {
    // SYSCALL_FWD, FUTEX_REQUEST and VMA_OP_REQUEST have one layout
    const { pid, tid, nr, sigmask, cpuTime, sysTime, regs } = FORWARDING_IF.SYSCALL_FWD.decode(m.body);
    const t = this.k.threads.get(tid);
    if (!t || t.away !== m.from || t.process.pid !== pid || this.jobs.has(t)) {
      this.answer(m, -ESRCH);
      return;
    }
    loadRegisters(t, regs);
    t.sigmask = sigmask;
    t.cpuTime = Math.max(t.cpuTime, cpuTime);
    t.sysTime = Math.max(t.sysTime, sysTime);
    this.d.stats.servedSyscalls++;
    if (m.type === MSG.FUTEX_REQUEST && this.dropsWake(t, m.from)) {
      this.answer(m, 0);
      return;
    }
    this.jobs.set(t, { nr, request: m });
    this.execute(t);
  }

  /**
   * The fault drop-remote-futex-wake (faults.ts): a FUTEX_WAKE from a migrated thread answered
   * "woke none" without waking anyone. That breaks the futex's one invariant, that a wake finds
   * the threads waiting on the word; with any there, the break is recorded.
   */
  private dropsWake(t: Thread, from: number): boolean {
    if (!this.d.faults.has('drop-remote-futex-wake')) return false;
    const cmd = t.xInt(11) & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    if (cmd !== FUTEX_WAKE && cmd !== FUTEX_WAKE_BITSET) return false;
    const uaddr = t.x(10);
    const waiting = futexWaiters(this.k, t.process, uaddr, (t.xInt(11) & FUTEX_PRIVATE_FLAG) === 0);
    if (waiting > 0)
      this.d.violated({
        pid: t.process.pid,
        page: pageDown(uaddr),
        what: `kernel ${this.k.id} dropped a FUTEX_WAKE from kernel ${from} (pid ${t.process.pid}, word ${uaddr.toString(16)}): ${waiting} waiting, none woken`,
      });
    return true;
  }

  private serveExit(m: Delivered): void {
    const { tid, regs, state } = PROCESS_SERVER_IF.TASK_EXIT_REMOTE.decode(m.body);
    const t = this.k.threads.get(tid);
    if (!t || t.away !== m.from) return;
    loadRegisters(t, regs);
    applyThreadState(t, state);
    this.jobs.set(t, { nr: SYS.exit, request: undefined });
    this.execute(t);
  }

  /** Runs (or runs again) the proxy's forwarded syscall. */
  private execute(t: Thread): void {
    const job = this.jobs.get(t);
    if (!job) return;
    const result = runSyscall(this.k, t, job.nr);
    if (result === BLOCKED) return; // asleep: proxyWoken goes on
    if (result === JUMPED) {
      this.jobs.delete(t); // exit: the proxy is gone
      return;
    }
    this.complete(t, result);
  }

  /** A proxy was woken: its syscall completes with the waker's result, or runs again. */
  proxyWoken(t: Thread): void {
    if (!this.jobs.has(t)) {
      if (t.alive && t.away >= 0) this.d.park(t); // idle proxies sleep
      return;
    }
    const result = t.wakeResult;
    t.wakeResult = undefined;
    if (result === undefined) this.execute(t);
    else this.complete(t, result);
  }

  private complete(t: Thread, result: number): void {
    const job = this.jobs.get(t);
    this.jobs.delete(t);
    if (t.alive && t.state !== 'blocked') this.d.park(t);
    if (job?.request) this.answer(job.request, result);
    this.forwardSignals(t);
  }

  private answer(m: Delivered, result: number): void {
    const type =
      m.type === MSG.FUTEX_REQUEST
        ? MSG.FUTEX_RESPONSE
        : m.type === MSG.VMA_OP_REQUEST
          ? MSG.VMA_OP_RESPONSE
          : MSG.SYSCALL_REP;
    this.d.messenger.reply(m, type, FORWARDING_IF.SYSCALL_REP.encode({ result }), this.k.now);
  }

  /** Whether `t` is a proxy with no syscall of its own under way. */
  idle(t: Thread): boolean {
    return t.away >= 0 && !this.jobs.has(t);
  }

  // ---- signals ----

  /** Acts on a proxy's pending signals: default actions here, handlers where the thread runs. */
  forwardSignals(t: Thread): void {
    if (t.away < 0 || !t.alive) return;
    const p = t.process;
    // every pending signal goes, blocked or not: the proxy's copy of the mask is only as fresh
    // as the last forwarded syscall, and the kernel there applies the thread's real one
    const none = 0n;
    for (let s = takeSignal(t, none); s; s = takeSignal(t, none)) {
      const act = p.actions[s.sig] as SigAction;
      if (s.sig === SIGKILL) {
        exitGroup(this.k, p, SIGKILL); // the whole process, wherever its threads are
        return;
      }
      const what = defaultAction(s.sig);
      if (act.handler === SIG_IGN || (act.handler === SIG_DFL && (what === 'ignore' || what === 'continue'))) continue;
      if (act.handler === SIG_DFL && (what === 'stop' || s.sig === SIGSTOP)) continue; // job control of migrated threads is not modelled
      this.d.stats.forwardedSignals++;
      const { sig, info } = s;
      this.sendSignal(t.away, t.tid, sig, info, act);
    }
  }

  /** A migrated thread leaves for `to` with signals pending here: they follow it (after it, FIFO). */
  handOver(t: Thread, to: number): void {
    for (let s = takeSignal(t, 0n); s; s = takeSignal(t, 0n)) {
      const { sig, info } = s;
      const act = t.process.actions[sig] as SigAction;
      this.sendSignal(to, t.tid, sig, info, act);
    }
  }

  /** SIGNAL_FWD_THREAD{tid, sig, info, action} to kernel `to`. */
  private sendSignal(to: number, tid: number, sig: number, info: SigInfo, action: SigAction): void {
    this.signals.sendToThread(to, { tid, sig, info, action });
  }

  /** SIGNAL_FWD_THREAD: queue it here, or pass it on to where the thread went. */
  private deliverToThread(tid: number, sig: number, info: SigInfo, action: SigAction): void {
    const t = this.k.threads.get(tid);
    if (t?.alive && t.away >= 0) {
      this.sendSignal(t.away, tid, sig, info, action); // it moved on before the signal arrived
      return;
    }
    if (t?.alive) {
      const ctx = this.d.contextOf(t.process);
      if (ctx) ctx.p.actions[sig] = action;
      signalThread(this.k, t, sig, info);
      return;
    }
    const origin = originOf(tid, this.d.messenger.kernels);
    if (origin !== this.k.id) this.sendSignal(origin, tid, sig, info, action); // it went home: the origin has it now
  }
}
