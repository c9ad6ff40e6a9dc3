// Thread migration (Popcorn's process server).
//
// Out, from the origin to kernel R:
//   1. popcorn_migrate(R) (or a proposal acted on when the thread next runs) turns the thread
//      into a proxy: it stays here, blocked, and serves what the migrated thread forwards
//   2. TASK_MIGRATE{pid, tid, registers, per-thread state, VMAs, break, signal actions, names}
//   3. R creates the remote context on the first arrival (an empty address space: pages come
//      on demand from the page server), starts the thread, and answers TASK_PAIRING
// Back, from R to the origin (or on, through the origin, to a third kernel):
//   4. TASK_MIGRATE_BACK{pid, tid, registers, state, next kernel}: R forgets the thread (and the
//      whole context, pages sent home, when it was the last); the origin's proxy becomes the
//      thread again, or moves on to the next kernel
// Exit:
//   5. a remote thread's exit is TASK_EXIT_REMOTE (the proxy then exits at the origin, which
//      clears the tid word and wakes pthread_join); a fatal signal at R asks the origin to end
//      the whole process (TASK_GROUP_EXIT); when the process ends at the origin TASK_EXIT_ORIGIN tells every
//      remote to drop its context.

import { EAGAIN, EBUSY, EINVAL, ESRCH } from '../../kernels/errno';
import { AddressSpace } from '../../kernels/mm/address-space';
import { UserMemory } from '../../kernels/mm/uaccess';
import { MAX_PROCESS_MEMORY_SHARE, NS_PER_INSTRUCTION, QUANTUM_INSTRUCTIONS } from '../../kernels/params';
import { FdTable } from '../../kernels/fs/fd-table';
import { Process, Thread, type SigAction } from '../../kernels/proc/task';
import { exitGroup } from '../../kernels/proc/lifecycle';
import { signalsWaiting } from '../../kernels/signal/deliver';
import { BLOCKED, type SyscallOutcome } from '../../kernels/syscalls/outcome';
import { EV } from '../../kernels/trace';
import { originOf } from '../../kernels/pid-space';
import { PROCESS_SERVER_IF as IF } from '../interfaces/process-server';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import type { NodeInfoService } from '../node-info';
import type { Distribution, OriginState, RemoteContext } from './distribution';
import { PageDirectory } from './page-directory';
import type { PageServer } from './page-server';
import { applyThreadState, loadRegisters, registersOf, threadStateOf, type ThreadState } from './wire';
import { HART_PC, HART_X } from '../../hw/memory-map';

/** CPU time a thread runs where it arrived before a proposal moves it on (one slice). */
export const MIN_RUN_BEFORE_MOVING_NS = QUANTUM_INSTRUCTIONS * NS_PER_INSTRUCTION;

export class ProcessServer {
  /** Called when a remote thread leaves for `to` (its pending signals are then sent after it). */
  onLeaving: ((t: Thread, to: number) => void) | undefined;
  /** Called when a thread became a proxy (its pending signals are then forwarded). */
  onProxy: ((t: Thread) => void) | undefined;
  /** CPU time of each thread when it arrived here: it runs before it moves on (actOnProposal). */
  private readonly arrivedCpu = new WeakMap<Thread, number>();

  constructor(
    private readonly d: Distribution,
    private readonly pages: PageServer,
    private readonly nodes: NodeInfoService,
  ) {
    const m = d.messenger;
    m.on(MSG.TASK_MIGRATE, (msg) => {
      this.arrive(msg);
    });
    m.on(MSG.TASK_PAIRING, () => undefined); // the origin learns the thread runs: nothing to do
    m.on(MSG.TASK_MIGRATE_BACK, (msg) => {
      this.comeBack(msg);
    });
    m.on(MSG.TASK_EXIT_ORIGIN, (msg) => {
      const ctx = d.contexts.get(IF.TASK_EXIT_ORIGIN.decode(msg.body).pid);
      if (ctx) pages.discard(ctx);
    });
    m.on(MSG.TASK_GROUP_EXIT, (msg) => {
      const { pid, status } = IF.TASK_GROUP_EXIT.decode(msg.body);
      this.endAtOrigin(pid, status);
    });
    m.on(MSG.TASK_PROPOSE, (msg) => {
      const { tid, nid } = IF.TASK_PROPOSE.decode(msg.body);
      const result = this.proposeHere(tid, nid);
      d.messenger.reply(msg, MSG.TASK_PROPOSE_RESPONSE, IF.TASK_PROPOSE_RESPONSE.encode({ result }), d.k.now);
    });
  }

  private get k() {
    return this.d.k;
  }

  /** Why a thread on this kernel cannot go to `nid` now (Popcorn's errors), or 0. */
  check(nid: number): number {
    if (!Number.isInteger(nid) || nid < 0 || nid >= this.d.messenger.kernels) return -EINVAL;
    if (nid === this.k.id) return -EBUSY;
    if (!this.d.online(nid, (n) => this.nodes.online(n))) return -EAGAIN;
    return 0;
  }

  /**
   * popcorn_migrate(nid) by `t`, on a hart in its syscall: the thread continues on `nid` with
   * the syscall returning 0 there.
   */
  migrateSelf(t: Thread, nid: number): SyscallOutcome {
    const why = this.check(nid);
    if (why !== 0) return why;
    const regs = registersOf(t);
    const dv = new DataView(regs.buffer);
    dv.setBigUint64(HART_X + 10 * 8, 0n, true); // popcorn_migrate returns 0 where it arrives
    dv.setBigUint64(HART_PC, BigInt(t.pc + 4), true);
    this.leave(t, nid, regs);
    return BLOCKED;
  }

  /** Takes a migrated thread home as it is (its ecall then runs again there: fork, execve). */
  goHome(t: Thread): void {
    const ctx = this.d.contextOf(t.process);
    if (ctx) this.leave(t, ctx.origin, registersOf(t));
  }

  /** A proposed migration, acted on before the thread runs: true if it left. */
  actOnProposal(t: Thread): boolean {
    const nid = t.proposedNid;
    // a thread that just arrived runs one slice first: proposals as fast as its pages travel
    // would otherwise move it on every time before it got anything done
    const arrived = this.arrivedCpu.get(t);
    if (arrived !== undefined && t.cpuTime < arrived + MIN_RUN_BEFORE_MOVING_NS) return false;
    if (signalsWaiting(t)) return false; // its signals are acted on here first, then it moves
    if (this.pages.wasWaiting(t)) return false; // it retries what waited for a page first
    t.proposedNid = undefined;
    if (nid === undefined || this.check(nid) !== 0) return false;
    this.k.completeWake(t); // a syscall it slept in completes before it moves
    this.leave(t, nid, registersOf(t));
    return true;
  }

  /** Sends `t` with registers `regs` to `nid`: out from its origin, or back (and maybe on). */
  private leave(t: Thread, nid: number, regs: Uint8Array): void {
    this.k.trace(t, EV.MIGRATE, this.k.id, nid, 0);
    this.d.stats.moves++;
    const ctx = this.d.contextOf(t.process);
    if (ctx) {
      this.d.stats.backMigrations++;
      this.sendBack(ctx.origin, t.process.pid, t.tid, nid, regs, threadStateOf(t));
      this.onLeaving?.(t, ctx.origin); // signals still pending here follow it
      this.forget(ctx, t);
      return;
    }
    this.sendOut(t, nid, regs);
  }

  /** Step 1-2 at the origin: `t` becomes the proxy of a thread that now runs on `nid`. */
  private sendOut(t: Thread, nid: number, regs: Uint8Array): void {
    const st = this.originState(t.process);
    st.remotes.add(nid);
    this.d.stats.migrationsOut++;
    const p = t.process;
    const body = IF.TASK_MIGRATE.encode({
      pid: p.pid,
      tid: t.tid,
      regs,
      state: threadStateOf(t),
      vmas: [...p.mm.vmas],
      brkStart: p.mm.brkStart,
      brk: p.mm.brk,
      pgid: p.pgid,
      sid: p.sid,
      ppid: p.parent?.pid ?? 0,
      startTime: p.startTime,
      exe: p.exe,
      argv: p.argv,
      actions: p.actions,
    });
    t.away = nid;
    if (t.state !== 'blocked') this.d.park(t);
    this.d.messenger.send(nid, MSG.TASK_MIGRATE, body, this.k.now);
    this.onProxy?.(t); // signals already pending follow it
  }

  /** The origin state of a process, created when its first thread leaves. */
  originState(p: Process): OriginState {
    let st = this.d.originOf(p);
    if (!st) {
      st = { p, dir: new PageDirectory(this.k.id), remotes: new Set(), fetching: new Map(), arrived: new Map() };
      this.d.origins.set(p.pid, st);
      p.mm.coherence = this.pages.originCoherence(st);
    }
    return st;
  }

  /** Step 3 at the destination. */
  private arrive(m: Delivered): void {
    // the parent's pid is not used: a remote context has no parent here
    const { pid, tid, regs, state, vmas, brkStart, brk, pgid, sid, startTime, exe, argv, actions } =
      IF.TASK_MIGRATE.decode(m.body);
    let ctx = this.d.contexts.get(pid);
    if (!ctx) {
      const mm = AddressSpace.create(
        this.k.frames,
        this.k.memory,
        Math.floor(this.k.frames.total * MAX_PROCESS_MEMORY_SHARE),
      );
      if (!mm) {
        this.k.printk(`migration of ${tid}: out of memory for a remote context; sent back`);
        this.bounce(m.from, pid, tid, regs, state);
        return;
      }
      mm.adoptVmas(vmas);
      mm.brkStart = brkStart;
      mm.brk = brk;
      mm.onShootdown = () => {
        this.k.shootdown(mm);
      };
      const p = new Process(pid, undefined, mm, new UserMemory(mm), new FdTable(), pgid, sid, argv, exe);
      p.startTime = startTime;
      ctx = { origin: m.from, p, fetching: new Map(), arrived: new Map(), absent: new Set() };
      mm.coherence = this.pages.remoteCoherence(ctx);
      this.d.contexts.set(pid, ctx);
    }
    for (let sig = 1; sig < 65; sig++) ctx.p.actions[sig] = actions[sig] as SigAction;
    const t = new Thread(tid, ctx.p);
    ctx.p.threads.push(t);
    this.k.addThread(t);
    loadRegisters(t, regs);
    applyThreadState(t, state);
    this.k.makeRunnable(t);
    this.arrivedCpu.set(t, t.cpuTime);
    this.d.stats.migrationsIn++;
    this.d.messenger.send(m.from, MSG.TASK_PAIRING, IF.TASK_PAIRING.encode({ pid, tid }), this.k.now);
  }

  /** A thread that could not be taken in goes straight back to its origin. */
  private bounce(origin: number, pid: number, tid: number, regs: Uint8Array, state: ThreadState) {
    this.sendBack(origin, pid, tid, origin, regs, state);
  }

  /** Step 4 at a remote: TASK_MIGRATE_BACK to the origin, the thread to run next on `next`. */
  private sendBack(origin: number, pid: number, tid: number, next: number, regs: Uint8Array, state: ThreadState) {
    const body = IF.TASK_MIGRATE_BACK.encode({ pid, tid, next, regs, state });
    this.d.messenger.send(origin, MSG.TASK_MIGRATE_BACK, body, this.k.now);
  }

  /** Step 4 at the origin: the proxy is the thread again, or sends it on. */
  private comeBack(m: Delivered): void {
    const { tid, next, regs, state } = IF.TASK_MIGRATE_BACK.decode(m.body);
    const t = this.k.threads.get(tid);
    if (!t || t.away < 0 || !t.alive) return; // its process ended meanwhile
    loadRegisters(t, regs);
    applyThreadState(t, state);
    t.away = -1;
    if (next !== this.k.id && this.check(next) === 0) {
      this.sendOut(t, next, regs);
      return;
    }
    this.arrivedCpu.set(t, t.cpuTime);
    this.k.wake(t); // its registers say where it goes on
  }

  /** A thread left this remote context (migrated on, or exited): the context may close. */
  forget(ctx: RemoteContext, t: Thread): void {
    this.k.evict(t);
    if (ctx.p.liveThreads.length === 0) this.pages.flushContext(ctx);
  }

  /** The origin's part of a process's end: every remote context goes. */
  processEnded(p: Process): void {
    const st = this.d.originOf(p);
    if (!st) return;
    for (const k of st.remotes)
      this.d.messenger.send(k, MSG.TASK_EXIT_ORIGIN, IF.TASK_EXIT_ORIGIN.encode({ pid: p.pid }), this.k.now);
    this.d.origins.delete(p.pid);
    p.mm.coherence = undefined;
  }

  /** A fatal signal in a remote context: the origin ends the process with that status. */
  remoteGroupExit(ctx: RemoteContext, status: number): void {
    for (const t of ctx.p.liveThreads) if (t.state !== 'blocked') this.d.park(t); // until TASK_EXIT_ORIGIN
    const body = IF.TASK_GROUP_EXIT.encode({ pid: ctx.p.pid, status });
    this.d.messenger.send(ctx.origin, MSG.TASK_GROUP_EXIT, body, this.k.now);
  }

  // ---- proposals ----

  /** propose_migration(tid, nid) from any thread of this kernel. */
  propose(caller: Thread, tid: number, nid: number): SyscallOutcome {
    const here = this.k.threads.get(tid);
    if (here) return this.proposeHere(tid, nid);
    // the kernel that handed the tid out is its origin, and knows where it runs
    const origin = originOf(tid, this.d.messenger.kernels);
    if (tid <= 0 || origin === this.k.id || !this.d.online(origin, (x) => this.nodes.online(x))) return -ESRCH;
    const body = IF.TASK_PROPOSE.encode({ tid, nid });
    const sleep = { interruptible: false };
    this.d.ask(origin, MSG.TASK_PROPOSE, body, (reply) => {
      if (caller.sleep === sleep)
        this.k.wake(caller, reply ? IF.TASK_PROPOSE_RESPONSE.decode(reply.body).result : -ESRCH);
    });
    if (caller.state === 'blocked') return BLOCKED; // answered at once: the peer is dead
    return this.k.block(caller, sleep);
  }

  /**
   * Records a proposal for a thread of this kernel (a proxy passes it to where it runs): 0, or
   * why not. A proposal passed on is answered there; `refusedThere` hears that kernel's answer
   * when it is a refusal (the thread left it meanwhile, or ended).
   */
  proposeHere(tid: number, nid: number, refusedThere?: (errno: number) => void): number {
    const t = this.k.threads.get(tid);
    if (!t || !t.alive) return -ESRCH;
    if (!Number.isInteger(nid) || nid < 0 || nid >= this.d.messenger.kernels) return -EINVAL;
    const where = t.away >= 0 ? t.away : this.k.id;
    if (where === nid) return -EBUSY;
    if (!this.d.online(nid, (x) => this.nodes.online(x))) return -EAGAIN;
    if (t.away >= 0) {
      // the thread runs elsewhere: the proposal follows it (not answered: it was valid here)
      this.d.messenger.request(t.away, MSG.TASK_PROPOSE, IF.TASK_PROPOSE.encode({ tid, nid }), this.k.now, (m) => {
        const answer = IF.TASK_PROPOSE_RESPONSE.decode(m.body).result;
        if (answer < 0) refusedThere?.(answer);
      });
      return 0;
    }
    t.proposedNid = nid;
    return 0;
  }

  /** Ends a process at the origin at a remote's request (TASK_GROUP_EXIT: a fatal signal there). */
  endAtOrigin(pid: number, status: number): void {
    const st = this.d.origins.get(pid);
    if (st) exitGroup(this.k, st.p, status);
  }
}
