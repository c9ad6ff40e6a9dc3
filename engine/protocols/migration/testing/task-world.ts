// A small simulated world for the task-migration machine's unit tests (migration-machine.test.ts):
// the origin, kernel 0, and kernels 1..3; each kernel's records; where each thread runs or
// sleeps; the remote contexts; messages in flight. It carries each step's outputs out as the
// process server would, delivers messages one at a time, and checks the handshake's invariants
// after every transition.

import { expect } from 'vitest';
import { ESRCH } from '../../../kernels/errno';
import { advance, atHome, type TaskEvent, type TaskRecord } from '../migration-machine';
import type { ThreadState } from '../wire';

export const ORIGIN = 0;
export const KERNELS = 4;
export const regs = new Uint8Array(8);
export const state = (cpuTime: number): ThreadState => ({
  sigmask: 0n,
  clearChildTid: 0,
  robustList: 0,
  altSp: 0,
  altSize: 0,
  altFlags: 2,
  cpuTime,
  sysTime: 0,
  affinity: 0n,
});

type Msg =
  | { kind: 'TASK_MIGRATE'; from: number; to: number; tid: number }
  | { kind: 'TASK_MIGRATE_BACK'; from: number; to: number; tid: number; next: number }
  | { kind: 'TASK_PAIRING'; from: number; to: number; tid: number }
  | { kind: 'TASK_PROPOSE'; from: number; to: number; tid: number; nid: number }
  | { kind: 'TASK_EXIT_REMOTE'; from: number; to: number; tid: number }
  | { kind: 'TASK_GROUP_EXIT'; from: number; to: number; status: number }
  | { kind: 'TASK_EXIT_ORIGIN'; from: number; to: number };

/** One process of kernel 0 with threads 1 and 2, and kernels 1..3 around it. */
export class World {
  /** Each kernel's records, by tid (none: at home at the origin, not there elsewhere). */
  readonly records = new Map<number, Map<number, TaskRecord>>();
  /** Each kernel's threads of the process and whether each runs or is blocked. */
  readonly threads = new Map<number, Map<number, 'runnable' | 'blocked'>>();
  /** Kernels with a remote context for the process. */
  readonly contexts = new Set<number>();
  /** What the origin knows: kernels that had a context. */
  readonly remotes = new Set<number>();
  readonly inflight: Msg[] = [];
  readonly offline = new Set<number>();
  readonly noMemory = new Set<number>();
  readonly exited = new Set<number>();
  readonly log: string[] = [];
  /** Answers to proposals passed on, as the proposer heard them. */
  readonly refused: number[] = [];
  ended: number | undefined;
  moves = 0;
  steps = 0;

  constructor() {
    for (let k = 0; k < KERNELS; k++) {
      this.records.set(k, new Map());
      this.threads.set(k, new Map());
    }
    this.threadsAt(ORIGIN).set(1, 'runnable');
    this.threadsAt(ORIGIN).set(2, 'runnable');
  }

  threadsAt(k: number): Map<number, 'runnable' | 'blocked'> {
    return this.threads.get(k) as Map<number, 'runnable' | 'blocked'>;
  }

  record(k: number, tid: number): TaskRecord | undefined {
    const r = this.records.get(k)?.get(tid);
    if (r) return r;
    return k === ORIGIN && !this.exited.has(tid) ? atHome(ORIGIN) : undefined;
  }

  /** The one driver: advance at kernel `k` for `tid`, then carry the outputs out. */
  event(k: number, tid: number, ev: TaskEvent, held?: TaskRecord): number {
    const before = held ?? this.record(k, tid);
    const frozen = before && Object.freeze({ ...before });
    const step = advance(frozen, ev, {
      self: k,
      kernels: KERNELS,
      online: (n) => n >= 0 && n < KERNELS && !this.offline.has(n),
    });
    const recs = this.records.get(k) as Map<number, TaskRecord>;
    if (step.record?.phase === 'gone') recs.delete(tid);
    else if (step.record && step.record.phase !== 'arriving') recs.set(tid, step.record);
    for (const o of step.out) {
      switch (o.kind) {
        case 'moved':
          this.moves++;
          break;
        case 'context-at':
          this.remotes.add(o.at);
          break;
        case 'send-migrate':
          this.inflight.push({ kind: 'TASK_MIGRATE', from: k, to: o.to, tid });
          break;
        case 'send-back':
          this.inflight.push({ kind: 'TASK_MIGRATE_BACK', from: k, to: o.to, tid, next: o.next });
          break;
        case 'send-pairing':
          this.inflight.push({ kind: 'TASK_PAIRING', from: k, to: o.to, tid });
          break;
        case 'pass-proposal':
          this.inflight.push({ kind: 'TASK_PROPOSE', from: k, to: o.to, tid, nid: o.nid });
          break;
        case 'send-exit':
          this.inflight.push({ kind: 'TASK_EXIT_REMOTE', from: k, to: o.to, tid });
          break;
        case 'send-group-exit':
          this.inflight.push({ kind: 'TASK_GROUP_EXIT', from: k, to: o.to, status: o.status });
          break;
        case 'send-exit-origin':
          this.inflight.push({ kind: 'TASK_EXIT_ORIGIN', from: k, to: o.to });
          break;
        case 'park':
          for (const [x] of this.threadsAt(k)) if (o.all || x === tid) this.threadsAt(k).set(x, 'blocked');
          break;
        case 'evict':
          this.threadsAt(k).delete(tid);
          break;
        case 'close-if-empty':
          if (this.threadsAt(k).size === 0) this.contexts.delete(k);
          break;
        case 'open-context': {
          const ok = !this.noMemory.has(k);
          if (ok) this.contexts.add(k);
          this.event(k, tid, { kind: 'context', ok, regs, state: state(500) }, step.record);
          break;
        }
        case 'start':
          this.threadsAt(k).set(tid, 'runnable');
          break;
        case 'wake':
          this.threadsAt(k).set(tid, 'runnable');
          break;
        case 'discard-context':
          this.contexts.delete(k);
          this.threadsAt(k).clear();
          this.records.get(k)?.clear();
          break;
        case 'end-process':
          this.ended = o.status;
          break;
        case 'complete-wake':
        case 'resume':
        case 'signals-follow':
        case 'printk-out-of-memory':
        case 'printk-lost':
          this.log.push(o.kind);
          break;
      }
    }
    this.steps++;
    this.check();
    return step.answer;
  }

  /** Delivers the oldest message in flight (to `to` if given), as the process server decodes it. */
  deliver(to?: number): void {
    const i = to === undefined ? 0 : this.inflight.findIndex((m) => m.to === to);
    const m = this.inflight.splice(i, 1)[0];
    if (!m) throw new Error('no message in flight');
    switch (m.kind) {
      case 'TASK_MIGRATE':
        this.event(m.to, m.tid, {
          kind: 'arrive',
          from: m.from,
          hasContext: this.contexts.has(m.to),
          regs,
          state: state(500),
        });
        return;
      case 'TASK_MIGRATE_BACK':
        this.event(m.to, m.tid, { kind: 'back', next: m.next, regs, state: state(900) });
        return;
      case 'TASK_PAIRING':
        this.event(m.to, m.tid, { kind: 'pairing' });
        return;
      case 'TASK_PROPOSE': {
        const answer = this.record(m.to, m.tid) ? this.event(m.to, m.tid, { kind: 'propose', nid: m.nid }) : -ESRCH;
        if (answer < 0) this.refused.push(answer);
        return;
      }
      case 'TASK_EXIT_REMOTE':
        // the proxy runs exit() at the origin: the thread is gone everywhere
        this.threadsAt(m.to).delete(m.tid);
        this.records.get(m.to)?.delete(m.tid);
        this.exited.add(m.tid);
        this.check();
        return;
      case 'TASK_GROUP_EXIT':
        this.event(m.to, 0, { kind: 'group-exit-asked', status: m.status });
        return;
      case 'TASK_EXIT_ORIGIN':
        this.event(m.to, 0, { kind: 'exit-origin' });
        return;
    }
  }

  settle(): void {
    while (this.inflight.length > 0) this.deliver();
  }

  /** Where `tid` runs now, if it runs anywhere (and is not on its way). */
  runsOn(tid: number): number | undefined {
    const at = [...this.threads].filter(
      ([k, ts]) => ts.get(tid) === 'runnable' && this.record(k, tid)?.phase !== 'away',
    );
    return at[0]?.[0];
  }

  /** The handshake's invariants, for each thread and the process. */
  check(): void {
    const at = `after step ${this.steps}`;
    for (const tid of [1, 2]) {
      if (this.exited.has(tid)) continue;
      const moving = this.inflight.some(
        (m) =>
          (m.kind === 'TASK_MIGRATE' || m.kind === 'TASK_MIGRATE_BACK' || m.kind === 'TASK_EXIT_REMOTE') &&
          m.tid === tid,
      );
      const home = this.record(ORIGIN, tid);
      const guests = [1, 2, 3].filter((k) => this.record(k, tid)?.phase === 'guest');
      // a thread runs in exactly one place, or none while a migration message carries it
      expect(guests.length + (home?.phase === 'home' ? 1 : 0), `${at}: tid ${tid} in one place`).toBe(moving ? 0 : 1);
      // the origin has a proxy (blocked) exactly when the thread is not home
      if (home?.phase === 'away') {
        expect(this.threadsAt(ORIGIN).get(tid), `${at}: the proxy of ${tid} sleeps`).toBe('blocked');
        expect(moving || guests[0] === home.at, `${at}: ${tid} runs where the proxy says`).toBe(true);
      }
      for (const k of guests) {
        // a remote context exists where a thread runs away from home, and the origin knows it
        expect(this.contexts.has(k), `${at}: context at ${k}`).toBe(true);
        expect(this.remotes.has(k), `${at}: origin knows ${k}`).toBe(true);
        expect(this.record(k, tid)?.origin).toBe(ORIGIN);
      }
      // a proposal is kept only where the thread runs
      for (let k = 0; k < KERNELS; k++) {
        const r = this.record(k, tid);
        if (r?.proposed !== undefined) expect(['home', 'guest'], `${at}: proposal at ${k}`).toContain(r.phase);
        if (k !== ORIGIN) expect(r?.phase === 'home' || r?.phase === 'away', `${at}: home only at origin`).toBe(false);
      }
    }
  }
}
