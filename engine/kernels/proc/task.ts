// Processes and threads of one kernel instance (Linux's task_struct split in two: what threads
// of a process share, and what each thread has alone).
//
// A thread's registers live in the hart block while it runs on a hart and in its own context
// buffer otherwise; `regs` points at whichever holds them, so the kernel reads and writes a
// thread's registers the same way in both cases.

import { HART_F, HART_FCSR, HART_PC, HART_X } from '../../hw/memory-map';
import type { AddressSpace } from '../mm/address-space';
import type { UserMemory } from '../mm/uaccess';
import type { FdTable } from '../fs/fd-table';
import { WaitQueue } from './wait-queue';

/** Bytes of a saved register file: x[32], f[32], pc, fcsr (the hart block's first bytes). */
export const CONTEXT_BYTES = HART_FCSR + 8;

export type ThreadState = 'runnable' | 'running' | 'blocked' | 'stopped' | 'dead';

export interface SigAction {
  handler: number; // 0 = SIG_DFL, 1 = SIG_IGN, else the handler's address
  flags: number;
  mask: bigint;
  // no sa_restorer: riscv64 has none; handlers return through the kernel's trampoline page
}

export interface Sleep {
  queue?: WaitQueue;
  /** Virtual time at which the sleep ends by itself, if it does. */
  deadline?: number;
  /** Result the syscall returns when the deadline passes (else it is restarted). */
  timeoutResult?: number;
  /** Whether a signal may end the sleep (with -EINTR or a restart). */
  interruptible: boolean;
  /**
   * Called when a signal ends the sleep with -EINTR (not when the call restarts): whoever the
   * thread waited on is told it waits no more (a call sent to another kernel is cancelled there).
   */
  onInterrupt?: (t: Thread) => void;
  /** Whether a handler with SA_RESTART restarts the call instead of failing it with EINTR. */
  restartable?: boolean;
  /**
   * Whether a signal makes the call look at its condition once more before any handler runs
   * (Linux's wait loops check it before they check for signals): it then completes if it can,
   * and only otherwise fails with EINTR or restarts. wait4 needs it: the SIGCHLD of a child's
   * exit must not make the wait for that child fail.
   */
  recheck?: boolean;
}

/** What a call woken by a signal from a `recheck` sleep does if it still cannot complete. */
export type Recheck = 'eintr' | 'restart';

export class Thread {
  state: ThreadState = 'runnable';
  /** Hart index this thread runs on, or -1. */
  hart = -1;
  /** Where the registers are now: the hart block while running, else `context`. */
  regs: DataView;
  regsBase = 0;
  readonly context = new Uint8Array(CONTEXT_BYTES);

  sleep: Sleep | undefined;
  /** Set by whoever ends a sleep with a result: the syscall completes with it instead of restarting. */
  wakeResult: number | undefined;
  /** Set when a signal ended a `recheck` sleep: the call runs once more before the handler. */
  recheck: Recheck | undefined;

  sigmask = 0n;
  /** The mask to restore when a sigsuspend ends (the handler's frame saves this one). */
  suspendMask: bigint | undefined;
  pending = 0n;
  altStack = { sp: 0, size: 0, flags: 2 /* SS_DISABLE */ };
  clearChildTid = 0;
  robustList = 0;
  /** Virtual nanoseconds this thread ran user code, and the syscalls it made. */
  cpuTime = 0;
  syscalls = 0;
  /**
   * Virtual nanoseconds its hart spent in the kernel for it: the fixed cost of each syscall and
   * page fault it took (params.ts), which the hart's time slice is charged and user code is not.
   * The system time of rusage and times(); it travels with the thread as cpuTime does.
   */
  sysTime = 0;
  /**
   * The kernel this thread runs on when it migrated away: here it is then a proxy that never
   * runs user code and only executes the syscalls forwarded to it (-1: it runs here). A mirror
   * of the migration service's record of the thread, written only by it, for the scheduler.
   */
  away = -1;
  /** A migration proposed to this thread (propose_migration): the kernel to move to (a mirror, as `away`). */
  proposedNid: number | undefined;
  /**
   * The CPUs it may run on (sched_setaffinity: bit N for the machine's hart N), undefined for
   * every CPU of the machine. It travels with the thread; the scheduler keeps it to these harts
   * of its kernel (cpus.ts, Kernel.pickNext).
   */
  affinity: bigint | undefined;

  constructor(
    readonly tid: number,
    readonly process: Process,
  ) {
    this.regs = new DataView(this.context.buffer);
  }

  // ---- registers: numbers for pointers and sizes, BigInt for whole 64-bit values ----

  xBig(i: number): bigint {
    return this.regs.getBigUint64(this.regsBase + HART_X + i * 8, true);
  }

  /** x[i] as a number: exact for values below 2^53 (every user address and size). */
  x(i: number): number {
    const at = this.regsBase + HART_X + i * 8;
    return this.regs.getUint32(at + 4, true) * 2 ** 32 + this.regs.getUint32(at, true);
  }

  /** x[i]'s low 32 bits as a signed int (C `int` arguments). */
  xInt(i: number): number {
    return this.regs.getInt32(this.regsBase + HART_X + i * 8, true);
  }

  /** x[i] as a signed 64-bit value in a number (lseek offsets, -1 flags). */
  xSigned(i: number): number {
    return Number(BigInt.asIntN(64, this.xBig(i)));
  }

  setX(i: number, v: number | bigint): void {
    if (i === 0) return;
    this.regs.setBigUint64(this.regsBase + HART_X + i * 8, BigInt.asUintN(64, BigInt(v)), true);
  }

  fBig(i: number): bigint {
    return this.regs.getBigUint64(this.regsBase + HART_F + i * 8, true);
  }

  setF(i: number, v: bigint): void {
    this.regs.setBigUint64(this.regsBase + HART_F + i * 8, BigInt.asUintN(64, v), true);
  }

  get pc(): number {
    return Number(this.regs.getBigUint64(this.regsBase + HART_PC, true));
  }

  set pc(v: number) {
    this.regs.setBigUint64(this.regsBase + HART_PC, BigInt(v), true);
  }

  get fcsr(): number {
    return this.regs.getUint32(this.regsBase + HART_FCSR, true);
  }

  set fcsr(v: number) {
    this.regs.setUint32(this.regsBase + HART_FCSR, v, true);
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  /** On a hart now (a getter, so callers re-read it after calls that may change it). */
  get running(): boolean {
    return this.state === 'running';
  }
}

export type ProcessState = 'alive' | 'zombie';

export class Process {
  state: ProcessState = 'alive';
  readonly threads: Thread[] = [];
  readonly children: Process[] = [];
  /** Linux wait status once a zombie: (code << 8) or the terminating signal. */
  waitStatus = 0;
  /** Signals pending for the process as a whole (delivered to any thread that accepts them). */
  pending = 0n;
  readonly actions: SigAction[] = Array.from({ length: 65 }, () => ({ handler: 0, flags: 0, mask: 0n }));
  umask = 0o022;
  /** Absolute path of the working directory. */
  cwd = '/';
  /** Process-wide counters for /proc and rusage. */
  minorFaults = 0;
  /** CPU time of its children (and theirs) that were waited for: RUSAGE_CHILDREN, tms_cutime. */
  childrenCpuTime = 0;
  /** System time of its children (and theirs) that were waited for: RUSAGE_CHILDREN, tms_cstime. */
  childrenSysTime = 0;
  /** Virtual time the process started, in ns. */
  startTime = 0;
  /** Job control: stopped by a signal, and what a waiting parent is told (WUNTRACED/WCONTINUED). */
  stopped = false;
  stopReport: number | undefined;
  continueReport = false;
  /** The parent's threads sleep here in wait4 until a child changes state. */
  readonly childWait: WaitQueue;
  /** A vfork parent sleeps here until this child execs or exits. */
  vforkDone: WaitQueue | undefined;

  constructor(
    readonly pid: number,
    public parent: Process | undefined,
    public mm: AddressSpace,
    public um: UserMemory,
    public fds: FdTable,
    public pgid: number,
    public sid: number,
    /** argv as exec'd, for /proc/PID/cmdline. */
    public argv: string[],
    /** Path of the executable. */
    public exe: string,
  ) {
    this.childWait = new WaitQueue(`wait4 ${pid}`);
    fds.owner = pid;
  }

  /** The command name: the executable's base name, at most 15 characters (Linux's comm). */
  get comm(): string {
    return (this.exe.split('/').pop() ?? '').slice(0, 15);
  }

  get liveThreads(): Thread[] {
    return this.threads.filter((t) => t.alive);
  }

  /**
   * The process's CPU time: the sum of its threads' (those that ended too), each counted once.
   * A thread that migrated carries its own time with it, and its proxy here learns it from every
   * syscall it forwards, so at the origin this counts the time threads ran on other kernels;
   * a kernel where threads run away from home asks the origin (protocols/migration/forwarding.ts).
   * It never decreases: each thread's time only grows.
   */
  get cpuTime(): number {
    return this.sumOfThreads((t) => t.cpuTime);
  }

  /** The process's system time, counted as cpuTime is (Thread.sysTime). */
  get sysTime(): number {
    return this.sumOfThreads((t) => t.sysTime);
  }

  private sumOfThreads(time: (t: Thread) => number): number {
    // a remote context may hold a thread twice: the one that left (dead) and the one back since
    const byTid = new Map<number, number>();
    for (const t of this.threads) byTid.set(t.tid, Math.max(byTid.get(t.tid) ?? 0, time(t)));
    let sum = 0;
    for (const ns of byTid.values()) sum += ns;
    return sum;
  }
}
