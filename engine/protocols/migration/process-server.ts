// Thread migration (Popcorn's process server): threads leave their origin for another kernel
// (TASK_MIGRATE, answered TASK_PAIRING; the origin keeps a proxy that serves what the thread
// forwards), come back or move on through the origin (TASK_MIGRATE_BACK), and end
// (TASK_EXIT_REMOTE, TASK_GROUP_EXIT, TASK_EXIT_ORIGIN). The handshake's state and rules, with
// a drawing of the phases, are in migration-machine.ts: each thread's TaskRecord advanced by one
// pure function. This file turns syscalls, scheduler hooks and messages into events, advances,
// and carries the outputs out (apply); Thread.away and Thread.proposedNid are the kernel's
// read-only mirrors of the record, written only here (keep).

import { ESRCH } from '../../kernels/errno';
import type { Process, Thread } from '../../kernels/proc/task';
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
import { migrateBody, openContext, startThread, type Migrate } from './task-context';
import { HART_PC, HART_X } from '../../hw/memory-map';
import {
  advance,
  atHome,
  checkTarget,
  guestOf,
  type Facts,
  type TaskEvent,
  type TaskOut,
  type TaskRecord,
  type TaskStep,
} from './migration-machine';

/** What an event is about: a thread of this kernel, or (arriving, process-wide) a pid. */
interface Subject {
  t: Thread | undefined;
  readonly pid: number;
  readonly tid: number;
  /** The remote context a thread arrives into (set by 'open-context' or found). */
  ctx?: RemoteContext | undefined;
  /** TASK_MIGRATE's process fields, for the context and the thread made from it. */
  readonly migrate?: Migrate;
  /** Who hears a refusal of a proposal passed on. */
  readonly refusedThere?: ((errno: number) => void) | undefined;
}

export class ProcessServer {
  /** Called when a remote thread leaves for `to` (its pending signals are then sent after it). */
  onLeaving: ((t: Thread, to: number) => void) | undefined;
  /** Called when a thread became a proxy (its pending signals are then forwarded). */
  onProxy: ((t: Thread) => void) | undefined;
  /** Each moved thread's record (none: at home, or made in a remote context: see recordOf). */
  private readonly records = new WeakMap<Thread, TaskRecord>();
  private readonly facts: Facts;
  /** Whether a kernel checked in (made once: the hot paths make no closures). */
  private readonly checkedIn = (n: number) => this.nodes.online(n);
  /** The record of every thread at home that never moved (records are never changed in place). */
  private readonly home: TaskRecord;
  /** The thread a 'run' event asks about, and its questions, made once. */
  private asked: Thread | undefined;
  private readonly signalsWaiting = () => this.asked !== undefined && signalsWaiting(this.asked);
  private readonly pageWaiting = () => this.asked !== undefined && this.pages.wasWaiting(this.asked);
  private readonly dead = (n: number) => this.d.messenger.peerDead(n);

  constructor(
    private readonly d: Distribution,
    private readonly pages: PageServer,
    private readonly nodes: NodeInfoService,
  ) {
    this.facts = {
      self: d.k.id,
      kernels: d.messenger.kernels,
      online: (n) => this.d.online(n, this.checkedIn),
    };
    this.home = atHome(d.k.id);
    const m = d.messenger;
    m.on(MSG.TASK_MIGRATE, (msg) => {
      this.arrive(msg);
    });
    m.on(MSG.TASK_PAIRING, (msg) => {
      const { tid } = IF.TASK_PAIRING.decode(msg.body);
      const t = this.k.threads.get(tid);
      if (t) this.step({ t, pid: t.process.pid, tid }, { kind: 'pairing' }); // nothing changes
    });
    m.on(MSG.TASK_MIGRATE_BACK, (msg) => {
      this.comeBack(msg);
    });
    m.on(MSG.TASK_EXIT_ORIGIN, (msg) => {
      const { pid } = IF.TASK_EXIT_ORIGIN.decode(msg.body);
      this.step({ t: undefined, pid, tid: 0 }, { kind: 'exit-origin' });
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
    return checkTarget(nid, this.facts);
  }

  /** What this kernel knows of `t`. */
  recordOf(t: Thread): TaskRecord {
    const r = this.records.get(t);
    if (r) return r;
    const ctx = this.d.contextOf(t.process);
    return ctx ? guestOf(this.k.id, ctx.origin) : this.home;
  }

  /**
   * popcorn_migrate(nid) by `t`, on a hart in its syscall: the thread continues on `nid` with
   * the syscall returning 0 there.
   */
  migrateSelf(t: Thread, nid: number): SyscallOutcome {
    const regs = registersOf(t);
    const dv = new DataView(regs.buffer);
    dv.setBigUint64(HART_X + 10 * 8, 0n, true); // popcorn_migrate returns 0 where it arrives
    dv.setBigUint64(HART_PC, BigInt(t.pc + 4), true);
    const answer = this.step(this.about(t), { kind: 'migrate', to: nid, regs });
    return answer !== 0 ? answer : BLOCKED;
  }

  /** Takes a migrated thread home as it is (its ecall then runs again there: fork, execve). */
  goHome(t: Thread): void {
    this.step(this.about(t), { kind: 'go-home', regs: registersOf(t) });
  }

  /** A proposed migration, acted on before the thread runs: true if it left. */
  actOnProposal(t: Thread): boolean {
    // its signals are acted on here first, then it moves; it retries what waited for a page first
    this.asked = t;
    const ev: TaskEvent = {
      kind: 'run',
      cpuTime: t.cpuTime,
      signalsWaiting: this.signalsWaiting,
      pageWaiting: this.pageWaiting,
    };
    const left = this.step(this.about(t), ev) === 0;
    this.asked = undefined;
    return left;
  }

  /** Advances the record of `s`, keeps it, and carries the outputs out: the answer (0 or -errno). */
  private step(s: Subject, ev: TaskEvent): number {
    const r = s.t ? this.recordOf(s.t) : undefined;
    const st: TaskStep = advance(r, ev, this.facts);
    if (s.t && st.record && st.record !== r) this.keep(s.t, st.record);
    for (const o of st.out) this.apply(s, o, st.record);
    return st.answer;
  }

  /** Stores a thread's record and its mirrors on the Thread (what the kernel reads). */
  private keep(t: Thread, r: TaskRecord): void {
    this.records.set(t, r);
    t.away = r.phase === 'away' ? r.at : -1;
    t.proposedNid = r.proposed;
  }

  private about(t: Thread): Subject {
    return { t, pid: t.process.pid, tid: t.tid };
  }

  /** Carries one output out. */
  private apply(s: Subject, o: TaskOut, r: TaskRecord | undefined): void {
    const t = s.t;
    const k = this.k;
    switch (o.kind) {
      case 'moved':
        if (t) k.trace(t, EV.MIGRATE, k.id, o.to, 0);
        this.d.stats.moves++;
        if (o.back) this.d.stats.backMigrations++;
        return;
      case 'complete-wake':
        if (t) k.completeWake(t); // a syscall it slept in completes before it moves
        return;
      case 'context-at':
        if (t) this.originState(t.process).remotes.add(o.at);
        return;
      case 'send-migrate':
        if (!t) return;
        this.d.stats.migrationsOut++;
        this.d.messenger.send(o.to, MSG.TASK_MIGRATE, migrateBody(t, o.regs ?? registersOf(t), this.pages), k.now);
        return;
      case 'send-back': {
        const regs = o.regs ?? (t ? registersOf(t) : new Uint8Array(0));
        const state = o.state ?? (t ? threadStateOf(t) : undefined);
        if (!state) return;
        const body = IF.TASK_MIGRATE_BACK.encode({ pid: s.pid, tid: s.tid, next: o.next, regs, state });
        this.d.messenger.send(o.to, MSG.TASK_MIGRATE_BACK, body, k.now);
        return;
      }
      case 'send-pairing':
        this.d.messenger.send(o.to, MSG.TASK_PAIRING, IF.TASK_PAIRING.encode({ pid: s.pid, tid: s.tid }), k.now);
        return;
      case 'pass-proposal': {
        const body = IF.TASK_PROPOSE.encode({ tid: s.tid, nid: o.nid });
        this.d.messenger.request(o.to, MSG.TASK_PROPOSE, body, k.now, (m) => {
          const answer = IF.TASK_PROPOSE_RESPONSE.decode(m.body).result;
          if (answer < 0) s.refusedThere?.(answer);
        });
        return;
      }
      case 'send-exit': {
        const body = IF.TASK_EXIT_REMOTE.encode({ pid: s.pid, tid: s.tid, regs: o.regs, state: o.state });
        this.d.messenger.send(o.to, MSG.TASK_EXIT_REMOTE, body, k.now);
        return;
      }
      case 'send-group-exit':
        this.d.messenger.send(
          o.to,
          MSG.TASK_GROUP_EXIT,
          IF.TASK_GROUP_EXIT.encode({ pid: s.pid, status: o.status }),
          k.now,
        );
        return;
      case 'send-exit-origin':
        this.d.messenger.send(o.to, MSG.TASK_EXIT_ORIGIN, IF.TASK_EXIT_ORIGIN.encode({ pid: s.pid }), k.now);
        return;
      case 'park':
        if (o.all) {
          for (const x of s.ctx?.p.liveThreads ?? []) if (x.state !== 'blocked') this.d.park(x);
        } else if (t && t.state !== 'blocked') this.d.park(t);
        return;
      case 'signals-follow':
        if (!t) return;
        if (r?.phase === 'away') this.onProxy?.(t);
        else this.onLeaving?.(t, o.to);
        return;
      case 'evict':
        if (t) k.evict(t);
        return;
      case 'close-if-empty': {
        const ctx = t && this.d.contextOf(t.process);
        if (ctx && ctx.p.liveThreads.length === 0) this.pages.flushContext(ctx);
        return;
      }
      case 'open-context':
        this.openContext(s, r);
        return;
      case 'start':
        this.start(s, o.regs, o.state, r);
        return;
      case 'resume':
        if (!t) return;
        loadRegisters(t, o.regs);
        applyThreadState(t, o.state);
        return;
      case 'wake':
        if (t) k.wake(t); // its registers say where it goes on
        return;
      case 'discard-context': {
        const ctx = this.d.contexts.get(s.pid);
        if (ctx) this.pages.discard(ctx);
        return;
      }
      case 'end-process': {
        const st = this.d.origins.get(s.pid);
        if (st) exitGroup(k, st.p, o.status);
        return;
      }
      case 'printk-out-of-memory':
        k.printk(`migration of ${s.tid}: out of memory for a remote context; sent back`);
        return;
      case 'printk-lost':
        k.printkConsole(
          `popcorn: process ${s.pid}${s.t ? ` (${s.t.process.comm})` : ''}: thread ${s.tid} was on kernel ${o.on}, which died; killed`,
        );
        return;
    }
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
    const migrate = IF.TASK_MIGRATE.decode(m.body);
    const { pid, tid, regs, state } = migrate;
    const ctx = this.d.contexts.get(pid);
    const s: Subject = { t: undefined, pid, tid, ctx, migrate };
    this.stepWith(s, { kind: 'arrive', from: m.from, hasContext: ctx !== undefined, regs, state }, undefined);
  }

  /** Advances a record held outside the map: an arriving thread has no Thread until 'start'. */
  private stepWith(s: Subject, ev: TaskEvent, r: TaskRecord | undefined): void {
    const st = advance(r, ev, this.facts);
    for (const o of st.out) this.apply(s, o, st.record);
  }

  /** Makes the remote context of an arriving thread's process, then advances with the outcome. */
  private openContext(s: Subject, r: TaskRecord | undefined): void {
    const g = s.migrate;
    if (!g) return;
    const ctx = openContext(this.k, this.pages, g, r?.origin ?? 0);
    if (ctx) this.d.contexts.set(g.pid, ctx);
    s.ctx = ctx;
    this.stepWith(s, { kind: 'context', ok: ctx !== undefined, regs: g.regs, state: g.state }, r);
  }

  /** Makes an arrived thread in its context and lets it run. */
  private start(s: Subject, regs: Uint8Array, state: ThreadState, r: TaskRecord | undefined) {
    if (!s.ctx || !s.migrate) return;
    const t = startThread(this.k, this.pages, s.ctx, s.migrate, regs, state);
    if (r) this.keep(t, r);
    s.t = t;
    this.d.stats.migrationsIn++;
  }

  /** Step 4 at the origin: the proxy is the thread again, or sends it on. */
  private comeBack(m: Delivered): void {
    const { tid, next, regs, state } = IF.TASK_MIGRATE_BACK.decode(m.body);
    const t = this.k.threads.get(tid);
    if (!t || !t.alive) return; // its process ended meanwhile
    this.step(this.about(t), { kind: 'back', next, regs, state });
  }

  /** A guest left this remote context (migrated on, or exited): the context may close. */
  exitHere(t: Thread): void {
    this.step(this.about(t), { kind: 'exit', regs: registersOf(t), state: threadStateOf(t) });
  }

  /** The origin's part of a process's end: every remote context goes. */
  processEnded(p: Process): void {
    const st = this.d.originOf(p);
    if (!st) return;
    this.step({ t: undefined, pid: p.pid, tid: 0 }, { kind: 'ended', remotes: st.remotes });
    this.d.origins.delete(p.pid);
    p.mm.coherence = undefined;
  }

  /** A fatal signal in a remote context: the origin ends the process with that status. */
  remoteGroupExit(ctx: RemoteContext, status: number): void {
    this.stepWith(
      { t: undefined, pid: ctx.p.pid, tid: 0, ctx },
      { kind: 'group-exit', status },
      guestOf(this.k.id, ctx.origin),
    );
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
    return this.step({ t, pid: t.process.pid, tid, refusedThere }, { kind: 'propose', nid });
  }

  /** At an epoch start: true when `t` ran on a kernel that died (its process is then killed). */
  lostWithPeer(t: Thread): boolean {
    return this.step(this.about(t), { kind: 'peer-died', dead: this.dead }) !== 0;
  }

  /** Ends a process at the origin at a remote's request (TASK_GROUP_EXIT: a fatal signal there). */
  endAtOrigin(pid: number, status: number): void {
    this.step({ t: undefined, pid, tid: 0 }, { kind: 'group-exit-asked', status });
  }
}
