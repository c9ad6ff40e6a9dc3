// The task-migration state machine driven transition by transition, without a machine: the
// simulated world of testing/task-world.ts carries each step's outputs out as the process server
// would, delivers messages one at a time, and checks the handshake's invariants after every
// transition.

import { describe, expect, it } from 'vitest';
import { EAGAIN, EBUSY, EINVAL, ESRCH } from '../../kernels/errno';
import { atHome, MIN_RUN_BEFORE_MOVING_NS, type TaskEvent } from './migration-machine';
import { ORIGIN, regs, state, World } from './testing/task-world';

const run = (cpuTime: number, signalsWaiting = false, pageWaiting = false): TaskEvent => ({
  kind: 'run',
  cpuTime,
  signalsWaiting: () => signalsWaiting,
  pageWaiting: () => pageWaiting,
});
const migrate = (to: number): TaskEvent => ({ kind: 'migrate', to, regs });

describe('migration machine: out and back', () => {
  it('popcorn_migrate makes a proxy at home, a context and a running thread there, and a pairing', () => {
    const w = new World();
    expect(w.event(ORIGIN, 1, migrate(2))).toBe(0);
    expect(w.record(ORIGIN, 1)).toMatchObject({ phase: 'away', at: 2 });
    expect(w.threadsAt(ORIGIN).get(1)).toBe('blocked');
    expect(w.inflight.map((m) => m.kind)).toEqual(['TASK_MIGRATE']);
    w.deliver();
    expect(w.record(2, 1)).toMatchObject({ phase: 'guest', origin: ORIGIN, arrivedCpu: 500 });
    expect(w.contexts.has(2)).toBe(true);
    expect(w.runsOn(1)).toBe(2);
    w.settle(); // TASK_PAIRING changes nothing
    expect(w.record(ORIGIN, 1)).toMatchObject({ phase: 'away', at: 2 });
    expect(w.moves).toBe(1);
  });

  it('refuses a bad target with Popcorn errors and changes nothing', () => {
    const w = new World();
    w.offline.add(3);
    expect(w.event(ORIGIN, 1, migrate(0))).toBe(-EBUSY);
    expect(w.event(ORIGIN, 1, migrate(9))).toBe(-EINVAL);
    expect(w.event(ORIGIN, 1, migrate(1.5))).toBe(-EINVAL);
    expect(w.event(ORIGIN, 1, migrate(3))).toBe(-EAGAIN);
    expect(w.inflight).toEqual([]);
    expect(w.runsOn(1)).toBe(ORIGIN);
  });

  it('comes back home: the proxy is the thread again, and the context closes with its last thread', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.settle();
    expect(w.event(1, 1, migrate(ORIGIN))).toBe(0);
    expect(w.contexts.has(1)).toBe(false);
    expect(w.inflight).toMatchObject([{ kind: 'TASK_MIGRATE_BACK', to: ORIGIN, next: ORIGIN }]);
    w.deliver();
    expect(w.record(ORIGIN, 1)).toMatchObject({ phase: 'home', arrivedCpu: 900 });
    expect(w.runsOn(1)).toBe(ORIGIN);
    expect(w.remotes.has(1)).toBe(true); // it may still hold pages: the origin keeps it listed
  });

  it('moves on through the origin to a third kernel', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.settle();
    w.event(1, 1, migrate(3));
    w.deliver(); // TASK_MIGRATE_BACK{next 3}: the origin sends it on
    expect(w.record(ORIGIN, 1)).toMatchObject({ phase: 'away', at: 3 });
    expect(w.inflight).toMatchObject([{ kind: 'TASK_MIGRATE', to: 3 }]);
    w.settle();
    expect(w.runsOn(1)).toBe(3);
    expect([...w.contexts]).toEqual([3]);
    expect(w.moves).toBe(2);
  });

  it('comes home instead when the next kernel went offline meanwhile', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.settle();
    w.event(1, 1, migrate(3));
    w.offline.add(3);
    w.settle();
    expect(w.runsOn(1)).toBe(ORIGIN);
  });

  it('fork or execve at a remote takes the thread home as it is', () => {
    const w = new World();
    w.event(ORIGIN, 2, migrate(2));
    w.settle();
    w.event(2, 2, { kind: 'go-home', regs });
    w.settle();
    expect(w.runsOn(2)).toBe(ORIGIN);
    // at home, go-home does nothing
    w.event(ORIGIN, 2, { kind: 'go-home', regs });
    expect(w.inflight).toEqual([]);
  });

  it('out of memory for a context: straight back to the origin', () => {
    const w = new World();
    w.noMemory.add(2);
    w.event(ORIGIN, 1, migrate(2));
    w.deliver();
    expect(w.log).toContain('printk-out-of-memory');
    expect(w.contexts.has(2)).toBe(false);
    expect(w.inflight).toMatchObject([{ kind: 'TASK_MIGRATE_BACK', to: ORIGIN, next: ORIGIN }]);
    w.deliver();
    expect(w.runsOn(1)).toBe(ORIGIN);
  });

  it('a second thread joins the context, which stays until the last one leaves', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.event(ORIGIN, 2, migrate(1));
    w.settle();
    expect(w.threadsAt(1).size).toBe(2);
    w.event(1, 1, migrate(ORIGIN));
    expect(w.contexts.has(1)).toBe(true);
    w.event(1, 2, migrate(2));
    expect(w.contexts.has(1)).toBe(false);
    w.settle();
    expect([w.runsOn(1), w.runsOn(2)]).toEqual([ORIGIN, 2]);
  });

  it('a TASK_MIGRATE_BACK for a thread that is home (its process ended meanwhile) is dropped', () => {
    const w = new World();
    w.event(ORIGIN, 1, { kind: 'back', next: 2, regs, state: state(1) });
    expect(w.inflight).toEqual([]);
    expect(w.runsOn(1)).toBe(ORIGIN);
  });
});

describe('migration machine: proposals', () => {
  it('is kept where the thread runs and acted on before it runs', () => {
    const w = new World();
    expect(w.event(ORIGIN, 1, { kind: 'propose', nid: 2 })).toBe(0);
    expect(w.record(ORIGIN, 1)?.proposed).toBe(2);
    w.event(ORIGIN, 1, run(10));
    expect(w.log).toContain('complete-wake');
    expect(w.record(ORIGIN, 1)).toMatchObject({ phase: 'away', at: 2, proposed: undefined });
    w.settle();
    expect(w.runsOn(1)).toBe(2);
  });

  it('waits for one slice after an arrival, for pending signals, and for a page it waited for', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.settle();
    w.event(1, 1, { kind: 'propose', nid: 3 });
    const arrived = 500;
    expect(w.event(1, 1, run(arrived + MIN_RUN_BEFORE_MOVING_NS - 1))).toBe(-EBUSY);
    expect(w.event(1, 1, run(arrived + MIN_RUN_BEFORE_MOVING_NS, true))).toBe(-EBUSY);
    expect(w.event(1, 1, run(arrived + MIN_RUN_BEFORE_MOVING_NS, false, true))).toBe(-EBUSY);
    expect(w.record(1, 1)?.proposed).toBe(3);
    expect(w.event(1, 1, run(arrived + MIN_RUN_BEFORE_MOVING_NS))).toBe(0);
    w.settle();
    expect(w.runsOn(1)).toBe(3);
  });

  it('is dropped when its target went offline by the time it is acted on', () => {
    const w = new World();
    w.event(ORIGIN, 1, { kind: 'propose', nid: 2 });
    w.offline.add(2);
    expect(w.event(ORIGIN, 1, run(10))).toBe(-EAGAIN);
    expect(w.record(ORIGIN, 1)?.proposed).toBeUndefined();
    expect(w.runsOn(1)).toBe(ORIGIN);
  });

  it('a proxy passes it on to where the thread runs, which answers a refusal', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.settle();
    expect(w.event(ORIGIN, 1, { kind: 'propose', nid: 1 })).toBe(-EBUSY); // it is there already
    expect(w.event(ORIGIN, 1, { kind: 'propose', nid: 2 })).toBe(0);
    expect(w.record(ORIGIN, 1)?.proposed).toBeUndefined();
    w.deliver();
    expect(w.record(1, 1)?.proposed).toBe(2);
    // passed on again while the thread leaves: the kernel it left refuses
    w.event(ORIGIN, 1, { kind: 'propose', nid: 3 });
    w.event(1, 1, run(500 + MIN_RUN_BEFORE_MOVING_NS));
    w.deliver(1);
    expect(w.refused).toEqual([-ESRCH]);
    w.settle();
    expect(w.runsOn(1)).toBe(2);
  });

  it('checks the target where it is asked', () => {
    const w = new World();
    w.offline.add(3);
    expect(w.event(ORIGIN, 1, { kind: 'propose', nid: 4 })).toBe(-EINVAL);
    expect(w.event(ORIGIN, 1, { kind: 'propose', nid: 0 })).toBe(-EBUSY);
    expect(w.event(ORIGIN, 1, { kind: 'propose', nid: 3 })).toBe(-EAGAIN);
    expect(w.record(ORIGIN, 1)?.proposed).toBeUndefined();
  });
});

describe('migration machine: exits', () => {
  it("a remote thread's exit closes the context after its pages, and its proxy exits", () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.settle();
    w.event(1, 1, { kind: 'exit', regs, state: state(700) });
    expect(w.contexts.has(1)).toBe(false);
    expect(w.inflight).toMatchObject([{ kind: 'TASK_EXIT_REMOTE', to: ORIGIN }]);
    w.settle();
    expect(w.runsOn(1)).toBeUndefined();
    expect(w.runsOn(2)).toBe(ORIGIN);
  });

  it('a fatal signal at a remote stops its threads and asks the origin to end the process', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.event(ORIGIN, 2, migrate(1));
    w.settle();
    w.event(1, 0, { kind: 'group-exit', status: 11 }, { ...atHome(1), phase: 'guest', origin: ORIGIN });
    expect([...w.threadsAt(1).values()]).toEqual(['blocked', 'blocked']);
    w.deliver();
    expect(w.ended).toBe(11);
  });

  it("the process's end at the origin tells every kernel that had a context, which drops it", () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.event(ORIGIN, 2, migrate(2));
    w.settle();
    w.event(ORIGIN, 0, { kind: 'ended', remotes: w.remotes });
    // the origin's threads end with the process
    w.threads.get(ORIGIN)?.clear();
    w.records.get(ORIGIN)?.clear();
    w.exited.add(1).add(2);
    expect(w.inflight.map((m) => [m.kind, m.to])).toEqual([
      ['TASK_EXIT_ORIGIN', 1],
      ['TASK_EXIT_ORIGIN', 2],
    ]);
    w.settle();
    expect(w.contexts.size).toBe(0);
    expect(w.threadsAt(1).size + w.threadsAt(2).size).toBe(0);
  });

  it('a kernel that died takes the thread that ran there with it: the origin kills the process', () => {
    const w = new World();
    w.event(ORIGIN, 1, migrate(1));
    w.event(ORIGIN, 2, migrate(2));
    w.settle();
    const dead = (n: number) => n === 2;
    expect(w.event(ORIGIN, 1, { kind: 'peer-died', dead })).toBe(0); // kernel 1 lives
    expect(w.ended).toBeUndefined();
    expect(w.event(ORIGIN, 2, { kind: 'peer-died', dead })).toBe(-ESRCH);
    expect(w.log).toContain('printk-lost');
    expect(w.ended).toBe(9); // SIGKILL
  });
});
