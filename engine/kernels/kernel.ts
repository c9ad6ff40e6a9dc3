// One kernel instance: the harts and the memory window it was booted with, its processes, its
// scheduler and its clock. It runs in one worker (or in-line in tests) and shares nothing with
// other kernels; the machine drives it one time slice at a time with tick().
//
// Time is virtual: every hart of the kernel runs up to QUANTUM_INSTRUCTIONS per tick, so a tick
// is QUANTUM_INSTRUCTIONS * NS_PER_INSTRUCTION nanoseconds (a time slice) for everyone, or less
// when the machine stops it earlier (an epoch shorter than a slice ends, a message arrives; the
// threads then keep their harts until the slice ends), and when no thread can run the clock
// jumps to the next timer. The same inputs give the same run, on any host.

import { BLOCKED, JUMPED, type SyscallOutcome } from './syscalls/outcome';
import { Hart } from '../hw/hart';
import type { HartExports } from '../hw/hart-module';
import { MIB } from '../hw/physical-memory';
import type { OomKill } from './mm/oom';
import { CONTEXT_BYTES, type Process, type Sleep, Thread } from './proc/task';
import { STOP_BUDGET } from '../hw/trap-codes';
import { TtyDevice } from '../hw/tty-device';
import { TraceDevice } from '../hw/trace-device';
import { EV, Tracer } from './trace';
import { NO_HART } from './trace-format';
import type { BootTopology } from './topology';
import { EINTR } from './errno';
import { FrameAllocator } from './mm/frame-allocator';
import type { AddressSpace } from './mm/address-space';
import { touchingUser } from './mm/remote-miss';
import { NS_PER_INSTRUCTION, QUANTUM_INSTRUCTIONS, CONTEXT_SWITCH_COST_NS } from './params';
import { Vfs } from './fs/vfs';
import { FileLocking } from './fs/locks';
import type { PendingContents } from './fs/inode';
import { mountKernelFilesystems } from './fs/mount';
import { updateLoadAverage } from './fs/loadavg';
import type { ProcFs } from './fs/procfs';
import { Tty } from './tty/tty';
import { installHostsFile } from './net/inet';
import { registerNetFiles } from './net/proc-net';
import { handleTrap, recheckSyscall } from './trap';
import { deliverSignals, signalProcess } from './signal/deliver';
import { IntervalTimers } from './proc/interval-timers';
import { SI_KERNEL } from './signal/signals';
import { Random } from './random';
import type { WaitQueue } from './proc/wait-queue';
import type { DistributedHooks, SharedFsHooks } from './distributed-hooks';
import { SyscallTable } from './syscalls/table';
import { busyboxLinks } from './userland-paths';

/** The root filesystem's files: absolute path -> bytes, or bytes to load on first use. */
export type RootFiles = Record<string, Uint8Array | PendingContents>;

export interface BootParams {
  /** This kernel's id (Popcorn's nid). */
  id: number;
  /** Hart indices this kernel owns (Popcorn's present_mask). */
  harts: number[];
  /** Its window of guest physical memory (Popcorn's memmap). */
  memory: { base: number; size: number };
  /** The TTY it drives (Popcorn's vty_offset). */
  tty: number;
  /** First pid it hands out, and the step between its pids (kernels interleave pids). */
  pidBase?: number;
  pidStride?: number;
  /** Seed of the kernel's random numbers (AT_RANDOM, getrandom). */
  seed?: number;
  hostname?: string;
  /**
   * Files of the root filesystem: absolute path -> contents, or contents to load on first use
   * (the page's programs). Files under /bin and /sbin are executable.
   */
  files?: RootFiles;
  /** Wall-clock time the machine pretends it booted at, in ns since the epoch. */
  realtimeBase?: number;
  /** Keep every trace event in memory too (for trace files). */
  keepTrace?: boolean;
  /** The machine it is one kernel of, for its services (topology.ts); alone when absent. */
  topology?: BootTopology;
  /**
   * The instance that ran in this partition before (it stopped): its trace hash carries on, and
   * its log is kept ahead of this one's, as Linux's pstore keeps a crashed kernel's last words.
   */
  previous?: { tracer: Tracer; log: readonly string[] };
}

export { BLOCKED, JUMPED, type SyscallOutcome } from './syscalls/outcome';

/** Work the kernel does outside threads, at tick starts (a softirq), and the timer it waits for. */
export interface KernelBackground {
  /** Does what is due at `now`. */
  run(now: number): void;
  /** Whether work waits that run() would do now. */
  readonly pending: boolean;
  /** The next time run() has something to do, if any. */
  nextTimer(): number | undefined;
}

export interface HartSlot {
  hart: Hart;
  current: Thread | undefined;
  /**
   * The address space loaded, so switching between threads of one process keeps the TLB.
   * Compared by identity, not by satp: a dead space's root frame may be reused by a new one.
   */
  mm: AddressSpace | undefined;
  /** Instructions this hart has run in the current tick (the clock within a tick). */
  elapsed: number;
  busyNs: number;
  /** The thread switched out last (a preempted one stays runnable: it only made way). */
  lastRan: Thread | undefined;
}

export class Kernel {
  readonly id: number;
  readonly frames: FrameAllocator;
  readonly slots: HartSlot[];
  /** Each slot's CPU as a mask bit (its global hart number), and the kernel's CPUs together. */
  private readonly hartBits: bigint[];
  private readonly localCpus: bigint;
  readonly vfs: Vfs;
  readonly tty: Tty;
  readonly random: Random;
  readonly hostname: string;
  readonly realtimeBase: number;
  readonly tracer: Tracer;
  /** /proc: services register their own files here (/proc/popcorn/...). */
  readonly procfs: ProcFs;
  /** File locks (fcntl and flock) on this kernel's files. */
  readonly locks: FileLocking;

  /** Virtual time at the start of the current tick, ns since boot. */
  now = 0;
  // The kernel's tables, read by anyone, changed only through its methods (addProcess,
  // addThread, makeRunnable, removeThread, removeProcess, and the scheduler's own).
  private readonly processTable = new Map<number, Process>();
  private readonly threadTable = new Map<number, Thread>();
  private readonly queue: Thread[] = [];
  /** Every process of this kernel by pid, zombies included until reaped. */
  readonly processes: ReadonlyMap<number, Process> = this.processTable;
  /** Every live thread on this kernel by tid (a migrated thread's proxy is not in it). */
  readonly threads: ReadonlyMap<number, Thread> = this.threadTable;
  /** Threads waiting for a hart, in the order they will get one (dead ones are skipped). */
  readonly runQueue: readonly Thread[] = this.queue;
  private readonly sleepers = new Set<Thread>();
  /** setitimer's timers of this kernel's processes. */
  readonly itimers = new IntervalTimers();
  readonly futexQueues = new Map<string, WaitQueue>();
  private nextPid: number;
  private readonly pidStride: number;

  readonly stats = {
    syscalls: 0,
    pageFaults: 0,
    contextSwitches: 0,
    signals: 0,
    unknownSyscalls: new Map<number, number>(),
  };
  /**
   * Extension point for the multikernel services: kill() of a pid this kernel does not have.
   * Unset on a lone kernel (the answer is then ESRCH).
   */
  remoteKill: ((pid: number, sig: number, sender: Thread) => SyscallOutcome) | undefined;
  /** Extension point for migration, page coherency and forwarding (unset on a lone kernel). */
  distributed: DistributedHooks | undefined;
  /**
   * Extension point for the machine's one filesystem (protocols/fs/): on a kernel that is not
   * the filesystem's home, the file syscalls on the shared tree go there. Unset on a lone kernel
   * and on the home itself, whose own tree is the shared one.
   */
  sharedFs: SharedFsHooks | undefined;
  /**
   * Extension point for the filesystem's home: a call another kernel sent that sleeps here (a
   * lock to wait for) sleeps in a surrogate thread, which is never run on a hart; when it is
   * woken, this says whether it was one (the home then runs the call again or answers it).
   */
  fsSurrogateWoken: ((t: Thread) => boolean) | undefined;
  /** This kernel's syscall table: Linux's calls, and the services' own, which they register at boot. */
  readonly syscalls = new SyscallTable();
  /**
   * Kernel work outside any thread (Linux's softirqs and their timers), run at the start of
   * every tick: the network stack registers here when it is first used.
   */
  readonly background: KernelBackground[] = [];
  /** Kernel messages (dmesg). */
  readonly log: string[] = [];
  /** Processes the kernel killed for want of memory, the latest last (mm/oom.ts). */
  readonly oomKills: OomKill[] = [];

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly wasm: HartExports,
    readonly params: BootParams,
  ) {
    this.id = params.id;
    this.frames = new FrameAllocator(memory, params.memory.base, params.memory.size);
    this.hartBits = params.harts.map((h) => 1n << BigInt(h));
    this.localCpus = this.hartBits.reduce((m, b) => m | b, 0n);
    this.slots = params.harts.map((h) => ({
      hart: new Hart(h, memory, wasm),
      current: undefined,
      mm: undefined,
      elapsed: 0,
      busyNs: 0,
      lastRan: undefined,
    }));
    this.random = new Random(params.seed ?? params.id + 1);
    this.hostname = params.hostname ?? `popcorn${params.id}`;
    this.realtimeBase = params.realtimeBase ?? 1_790_000_000_000_000_000;
    this.nextPid = params.pidBase ?? 1;
    this.pidStride = params.pidStride ?? 1;
    this.tracer = new Tracer(new TraceDevice(memory, params.id), params.keepTrace ?? false, params.previous?.tracer);
    this.log.push(...(params.previous?.log ?? []));
    this.vfs = new Vfs(() => this.now);
    this.locks = new FileLocking(this);
    this.tty = new Tty(this, new TtyDevice(memory, params.tty));
    for (const [path, bytes] of Object.entries(params.files ?? {})) {
      this.vfs.writeFile(path, bytes, path.startsWith('/bin/') || path.startsWith('/sbin/') ? 0o755 : 0o644);
    }
    for (const [path, target] of busyboxLinks(Object.keys(params.files ?? {}))) this.vfs.writeSymlink(path, target);
    this.vfs.mkdirs('/tmp').perm = 0o1777;
    installHostsFile(this);
    this.procfs = mountKernelFilesystems(this);
    registerNetFiles(this.procfs);
    this.printk(
      `kernel ${this.id}: ${this.slots.length} harts, ${Math.floor(params.memory.size / MIB)} MiB at ${hex(params.memory.base)}`,
    );
  }

  printk(message: string): void {
    this.log.push(`[${(this.now / 1e9).toFixed(6)}] ${message}`);
  }

  /**
   * A message that is also printed on the console, as Linux prints an error-level printk
   * (KERN_ERR and above reach the console at the default log level): what a person at the
   * terminal must know, such as a process killed because a kernel it ran on died.
   */
  printkConsole(message: string): void {
    this.printk(message);
    this.tty.writeKernelText(`[${(this.now / 1e9).toFixed(6).padStart(12)}] ${message}\n`);
  }

  /** Records an event of thread `t` at its current virtual time. */
  trace(t: Thread | undefined, kind: number, a: number, b: number, c: number): void {
    this.tracer.emit({
      time: t ? this.timeOf(t) : this.now,
      kind,
      hart: t && t.hart >= 0 ? (this.params.harts[t.hart] ?? 0) : NO_HART,
      pid: t?.process.pid ?? 0,
      tid: t?.tid ?? 0,
      a,
      b,
      c,
    });
  }

  allocPid(): number {
    const pid = this.nextPid;
    this.nextPid += this.pidStride;
    return pid;
  }

  // ---- the process and thread tables ----

  addProcess(p: Process): void {
    this.processTable.set(p.pid, p);
  }

  /** A thread of this kernel from now on (new, or arrived from another kernel); not yet runnable. */
  addThread(t: Thread): void {
    this.threadTable.set(t.tid, t);
  }

  /** Readies `t` to run: it gets a hart after the threads already waiting. */
  makeRunnable(t: Thread): void {
    t.state = 'runnable';
    this.queue.push(t);
  }

  /** Forgets a thread that ended (its process may live on). */
  removeThread(t: Thread): void {
    this.threadTable.delete(t.tid);
  }

  /** Forgets a reaped process and its threads for good. */
  removeProcess(p: Process): void {
    this.processTable.delete(p.pid);
    for (const t of p.threads) this.threadTable.delete(t.tid);
  }

  /** Virtual time as seen by thread `t` now (its hart's progress within the tick counts). */
  timeOf(t: Thread): number {
    const slot = t.hart >= 0 ? this.slots[t.hart] : undefined;
    return this.now + (slot ? slot.elapsed * NS_PER_INSTRUCTION : 0);
  }

  // ---- sleeping and waking ----

  /** Puts `t` to sleep; the caller returns BLOCKED from the syscall. */
  block(t: Thread, sleep: Sleep): typeof BLOCKED {
    t.state = 'blocked';
    t.sleep = sleep;
    t.wakeResult = undefined;
    sleep.queue?.add(t);
    if (sleep.deadline !== undefined) this.sleepers.add(t);
    return BLOCKED;
  }

  /** Wakes a sleeping thread; with a result its syscall completes with it, else it restarts. */
  wake(t: Thread, result?: number): void {
    if (t.state !== 'blocked') return;
    t.sleep?.queue?.remove(t);
    this.sleepers.delete(t);
    t.sleep = undefined;
    t.wakeResult = result;
    t.state = 'runnable';
    this.queue.push(t);
  }

  /**
   * Takes a thread off this kernel without the effects of an exit (exec ended it, it migrated
   * away, or its process died on another kernel): off its hart, its queues and its timers.
   */
  evict(t: Thread): void {
    const slot = this.slots.find((s) => s.current === t);
    if (slot) this.switchOut(slot);
    this.wake(t); // leaves any wait queue and timer; the scheduler skips it once dead
    t.state = 'dead';
    this.threadTable.delete(t.tid);
  }

  /** Wakes every thread on `queue` (they re-check their condition by restarting). */
  wakeAll(queue: WaitQueue, result?: number): void {
    for (const t of [...queue.peek()]) this.wake(t, result); // wake() takes each off the queue
  }

  /**
   * What a call that slept with `recheck` returns when, looking again after a signal woke it,
   * it still cannot complete: -EINTR, or JUMPED to restart (its ecall runs again after the
   * handler). Undefined when no signal woke it, or for a restart of a proxy's call: it sleeps
   * again (the ecall is on the kernel the thread runs on, whose handler runs when it returns).
   */
  interrupted(t: Thread): SyscallOutcome | undefined {
    if (t.recheck === 'eintr') return -EINTR;
    if (t.recheck === 'restart' && t.away < 0) return JUMPED;
    return undefined;
  }

  /** Ends an interruptible sleep because a signal arrived. */
  interrupt(t: Thread): void {
    if (t.state !== 'blocked' || !t.sleep?.interruptible) return;
    t.sleep.onInterrupt?.(t);
    this.wake(t, -EINTR);
  }

  /** sched_yield: the thread goes behind the others that are ready, if any are. */
  yieldThread(t: Thread): void {
    if (this.runQueue.some((o) => o.state === 'runnable')) {
      t.state = 'runnable';
      this.queue.push(t);
    }
  }

  private wakeExpired(until: number): void {
    for (const t of [...this.sleepers]) {
      const deadline = t.sleep?.deadline;
      if (deadline !== undefined && deadline <= until) this.wake(t, t.sleep?.timeoutResult);
    }
    for (const [p, sig] of this.itimers.expire(until))
      signalProcess(this, p, sig, { code: SI_KERNEL, pid: 0, addr: 0 });
  }

  /** Earliest sleep deadline or interval timer, if any thread sleeps with one or a timer is armed. */
  nextDeadline(): number | undefined {
    let next = this.itimers.nextReal();
    for (const work of this.background) {
      const at = work.pending ? this.now : work.nextTimer();
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    for (const t of this.sleepers) {
      const d = t.sleep?.deadline;
      if (d !== undefined && (next === undefined || d < next)) next = d;
    }
    return next;
  }

  // ---- context switching ----

  private switchIn(slot: HartSlot, t: Thread): void {
    const base = slot.hart.base;
    new Uint8Array(this.memory.buffer).set(t.context, base);
    t.regs = new DataView(this.memory.buffer);
    t.regsBase = base;
    t.hart = this.slots.indexOf(slot);
    t.state = 'running';
    this.loadAddressSpace(slot, t.process.mm);
    slot.hart.clearReservation();
    slot.current = t;
    this.stats.contextSwitches++;
    this.trace(t, EV.SWITCH, 0, 0, 0);
    slot.elapsed += CONTEXT_SWITCH_COST_NS / NS_PER_INSTRUCTION;
    this.completeWake(t);
  }

  /** A thread woken with a result: the syscall it slept in completes with it. */
  completeWake(t: Thread): void {
    if (t.wakeResult === undefined) return;
    t.setX(10, t.wakeResult);
    t.pc += 4;
    t.wakeResult = undefined;
  }

  /** Saves the thread's registers out of the hart (it stays in whatever state it is in). */
  switchOut(slot: HartSlot): void {
    const t = slot.current;
    if (!t) return;
    const base = slot.hart.base;
    t.context.set(new Uint8Array(this.memory.buffer, base, CONTEXT_BYTES));
    t.regs = new DataView(t.context.buffer);
    t.regsBase = 0;
    t.hart = -1;
    if (t.state === 'running') t.state = 'runnable';
    slot.current = undefined;
    slot.lastRan = t;
  }

  /** Empties the TLBs of every hart running `mm`'s threads (after rights were taken away). */
  shootdown(mm: AddressSpace): void {
    for (const slot of this.slots) {
      if (slot.mm !== mm) continue;
      slot.hart.flushTlb();
      slot.hart.clearReservation(); // a page may have left: an LR/SC pair across it must fail
    }
  }

  /** Points a hart at an address space (satp), emptying its TLBs when it changes. */
  loadAddressSpace(slot: HartSlot, mm: AddressSpace): void {
    if (slot.mm === mm) return;
    slot.hart.satp = mm.satp; // the setter flushes the TLBs
    slot.mm = mm;
  }

  // ---- the scheduler ----

  /**
   * Runs every hart to the end of the current time slice, or only to `horizon` (the end of the
   * current epoch, or a message's arrival) when that comes first. Slices end at whole multiples
   * of the slice length; only there do threads that wait take a hart from those that ran. An
   * idle kernel instead skips ahead to its next timer, but not past `horizon`. Returns false
   * when nothing can happen before the horizon without an outside event (input, a message):
   * the clock then stays where it is and the caller decides how far time moves.
   */
  tick(horizon = Infinity): boolean {
    const slice = QUANTUM_INSTRUCTIONS * NS_PER_INSTRUCTION;
    const sliceEnd = (Math.floor(this.now / slice) + 1) * slice;
    const end = Math.min(sliceEnd, horizon);
    const budget = (end - this.now) / NS_PER_INSTRUCTION;
    this.tty.pollInput();
    this.wakeExpired(this.now);
    for (const work of this.background) work.run(this.now);
    let ran = false;
    for (const slot of this.slots) {
      slot.elapsed = 0;
      ran = this.runHart(slot, budget) || ran;
    }
    // round robin: a thread that used its slice goes behind those that wait
    if (end === sliceEnd) {
      for (const slot of this.slots) {
        if (slot.current && this.runQueue.length > 0) {
          const t = slot.current;
          this.switchOut(slot);
          this.queue.push(t);
        }
      }
    }
    this.tty.flushOutput();
    updateLoadAverage(this);
    // output still waiting for room in the TTY ring is work: the clock must move for it to drain
    if (ran || this.runQueue.length > 0 || this.tty.canFlush) {
      this.now = end;
      return true;
    }
    const next = this.nextDeadline();
    if (next === undefined || this.now >= horizon) return false;
    // idle: skip to the slice boundary at or after the next timer (times stay slice-aligned)
    this.now = Math.min(horizon, Math.max(sliceEnd, Math.ceil(next / slice) * slice));
    return true;
  }

  /**
   * The first waiting thread allowed on `slot`'s hart; threads that no longer wait are dropped
   * on the way, threads kept to other harts (sched_setaffinity) stay in their place.
   */
  private pickNext(slot: HartSlot): Thread | undefined {
    const hart = this.slots.indexOf(slot);
    for (let i = 0; i < this.queue.length;) {
      const t = this.queue[i] as Thread;
      if (t.state !== 'runnable') this.queue.splice(i, 1);
      else if (t.affinity === undefined || this.mayRunOn(t, hart)) return this.queue.splice(i, 1)[0];
      else i++;
    }
    return undefined;
  }

  /** Whether thread `t` (with an affinity) may run on this kernel's hart `hart` (a slot index). */
  private mayRunOn(t: Thread, hart: number): boolean {
    const mask = t.affinity ?? 0n;
    if (t.away >= 0 || (mask & (this.hartBits[hart] ?? 0n)) !== 0n) return true;
    if ((mask & this.localCpus) !== 0n) return false;
    // none of its CPUs is here (it was moved here by other means: popcorn_migrate, a scenario):
    // as Linux's select_fallback_rq, it may run anywhere from now on, unless it is about to
    // leave for the CPUs it asked for
    if (t.proposedNid === undefined) {
      this.printk(`process ${t.tid} (${t.process.comm}) no longer affine to its CPUs; runs on kernel ${this.id}`);
      t.affinity = undefined;
    }
    return true;
  }

  /**
   * After `t`'s affinity changed: off a hart it may no longer use, to wait for one it may (the
   * caller of sched_setaffinity then leaves its hart when its syscall returns).
   */
  repin(t: Thread): void {
    if (t.hart < 0 || t.affinity === undefined || (t.affinity & (this.hartBits[t.hart] ?? 0n)) !== 0n) return;
    const slot = this.slots[t.hart];
    if (slot?.current !== t || t.state !== 'running') return;
    this.switchOut(slot);
    this.queue.push(t);
  }

  /** Runs threads on one hart for `budget` instructions (its slice, or what the tick leaves of it); true if any guest code ran. */
  private runHart(slot: HartSlot, budget: number): boolean {
    let ran = false;
    while (slot.elapsed < budget) {
      let t = slot.current;
      if (t?.proposedNid !== undefined && this.distributed?.beforeRun(t)) {
        // a migration was proposed while it ran: it left at this boundary
        if (slot.current === t) this.switchOut(slot);
        continue;
      }
      if (!t) {
        t = this.pickNext(slot);
        if (!t) break;
        if (t.away >= 0) {
          // a proxy (or the filesystem home's surrogate) never runs user code here
          if (!this.fsSurrogateWoken?.(t)) this.distributed?.proxyWoken(t);
          continue;
        }
        if (t.proposedNid !== undefined && this.distributed?.beforeRun(t)) continue;
        this.switchIn(slot, t);
        if (t.recheck !== undefined) {
          recheckSyscall(this, t); // a signal woke it: the call looks again before the handler
          if (!t.running) {
            if (slot.current === t) this.switchOut(slot);
            continue;
          }
        }
      }
      touchingUser(this, t, () => {
        deliverSignals(this, t); // a signal frame's page elsewhere is fetched first
      });
      if (t.state !== 'running') {
        this.switchOut(slot); // killed or stopped by a signal
        continue;
      }
      const before = slot.hart.instret;
      const stop = slot.hart.run(Math.max(1, Math.ceil(budget - slot.elapsed)));
      const retired = Number(slot.hart.instret - before);
      slot.elapsed += retired;
      t.cpuTime += retired * NS_PER_INSTRUCTION;
      ran = true;
      if (stop === STOP_BUDGET) break;
      handleTrap(this, slot, t, stop);
      // a thread that slept, stopped or died leaves the hart now, so that whoever wakes it
      // finds its registers saved
      if (!t.running && slot.current === t) this.switchOut(slot);
    }
    slot.busyNs += Math.min(slot.elapsed, budget) * NS_PER_INSTRUCTION;
    return ran;
  }

  /** Runs until nothing can run or `maxNs` of virtual time has passed; returns the time run. */
  runFor(maxNs: number): number {
    const start = this.now;
    while (this.now - start < maxNs) if (!this.tick()) break;
    return this.now - start;
  }
}

function hex(n: number): string {
  return '0x' + n.toString(16);
}
