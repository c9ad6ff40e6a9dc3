// The task-migration handshake as a state machine: one pure function, advance(record, event,
// facts), from what one kernel knows of one thread (its TaskRecord) and what happened to the
// record it leaves and what must be done, in order (messages to send, effects on the thread and
// on the process's contexts). The process server (process-server.ts) only turns syscalls,
// scheduler hooks and messages into events, advances, and carries the outputs out; the unit
// tests (migration-machine.test.ts) drive it without a machine.
//
// A thread's phases, as seen by each kernel (its origin O, and the kernel R it runs on):
//
//        O: home ──migrate/proposal acted on──▶ O: away(R) ─ TASK_MIGRATE ─▶ R: (arriving)
//          ▲  (runs one slice before a          (a blocked proxy that serves   │ context made,
//          │   proposal moves it on)             R's forwarded syscalls)       │ or had one
//          │                                        ▲     │                    ▼
//          │          TASK_MIGRATE_BACK{next = O}   │     │ next = S:   R: guest (runs one slice
//          └─────────────────────────────────────── │ ◀───┘ TASK_MIGRATE    before a proposal
//                                                   │       to S            moves it on)
//             out of memory for the context: straight back (TASK_MIGRATE_BACK{next = O})
//             R: guest ─ migrate/proposal/fork/execve ─▶ gone (TASK_MIGRATE_BACK{next}; the
//                context closes, its pages sent home, when it was the last thread there)
//             R: guest ─ exit ─▶ gone (TASK_EXIT_REMOTE: the proxy at O exits for it)
//
// A proposal (propose_migration, --migrate-every, the UI) is recorded where the thread runs: a
// proxy passes it on to R (TASK_PROPOSE), which answers; it is acted on before the thread next
// runs. Process-wide events carry no thread record: a fatal signal at R (TASK_GROUP_EXIT to O),
// the process's end at O (TASK_EXIT_ORIGIN to every kernel that had a context), the context's
// end at R. A peer's death: O kills a process with a thread that ran there (peer-died); R drops
// the contexts of processes whose origin died (Distribution.reapDead, per context).

import { EAGAIN, EBUSY, EINVAL, ESRCH } from '../../kernels/errno';
import { NS_PER_INSTRUCTION, QUANTUM_INSTRUCTIONS } from '../../kernels/params';
import { SIGKILL } from '../../kernels/signal/signals';
import type { ThreadState } from './wire';

/** CPU time a thread runs where it arrived before a proposal moves it on (one slice). */
export const MIN_RUN_BEFORE_MOVING_NS = QUANTUM_INSTRUCTIONS * NS_PER_INSTRUCTION;

/** What one kernel knows of one thread of a distributed process. */
export interface TaskRecord {
  /**
   * home: at its origin, running here; away: at its origin, a proxy of the thread that runs on
   * `at`; arriving: TASK_MIGRATE came and the process's context is being made; guest: migrated
   * in, running here; gone: it left this kernel (or could not be taken in).
   */
  readonly phase: 'home' | 'away' | 'arriving' | 'guest' | 'gone';
  /** The kernel it runs on. */
  readonly at: number;
  /** Its origin (the kernel of its pid). */
  readonly origin: number;
  /** A migration proposed to it here: the kernel to move to when it next runs. */
  readonly proposed: number | undefined;
  /** Its CPU time when it arrived (or came back): a proposal waits until it ran one slice. */
  readonly arrivedCpu: number | undefined;
}

/** The record of a thread nobody moved: at `self`, its origin. */
export const atHome = (self: number): TaskRecord => ({
  phase: 'home',
  at: self,
  origin: self,
  proposed: undefined,
  arrivedCpu: undefined,
});

/** The record of a thread of a remote context that has none of its own (made there). */
export const guestOf = (self: number, origin: number): TaskRecord => ({
  phase: 'guest',
  at: self,
  origin,
  proposed: undefined,
  arrivedCpu: undefined,
});

/** What the kernel knows as the event comes in. */
export interface Facts {
  /** This kernel's id. */
  readonly self: number;
  /** How many kernels the machine has. */
  readonly kernels: number;
  /** Whether kernel `n` exists, checked in, and is not dead. */
  readonly online: (n: number) => boolean;
}

export type TaskEvent =
  /** popcorn_migrate(to): `regs` are those it continues with there (its syscall returns 0). */
  | { readonly kind: 'migrate'; readonly to: number; readonly regs: Uint8Array }
  /** fork, vfork or execve by a guest: it goes home as it is (the ecall runs again there). */
  | { readonly kind: 'go-home'; readonly regs: Uint8Array }
  /**
   * It is about to run (or faulted on a page): a proposal may be acted on now. The two questions
   * are asked in this order, each only when what comes before lets it go (the page server's
   * answer clears its mark, so asking it is a one-time thing).
   */
  | {
      readonly kind: 'run';
      readonly cpuTime: number;
      /** Signals are pending for it: they are acted on here first. */
      readonly signalsWaiting: () => boolean;
      /** It was woken by a page it waited for: it retries that access here first. */
      readonly pageWaiting: () => boolean;
    }
  /** TASK_MIGRATE arrived from the origin; `hasContext`: this kernel has the process's context. */
  | {
      readonly kind: 'arrive';
      readonly from: number;
      readonly hasContext: boolean;
      readonly regs: Uint8Array;
      readonly state: ThreadState;
    }
  /** The context asked for by 'open-context' was made (true) or memory ran out (false). */
  | { readonly kind: 'context'; readonly ok: boolean; readonly regs: Uint8Array; readonly state: ThreadState }
  /** TASK_PAIRING at the origin: the thread runs there (nothing changes). */
  | { readonly kind: 'pairing' }
  /** TASK_MIGRATE_BACK at the origin: the thread returns, to run on `next`. */
  | { readonly kind: 'back'; readonly next: number; readonly regs: Uint8Array; readonly state: ThreadState }
  /** A proposal for it here (propose_migration, the UI, TASK_PROPOSE from its origin). */
  | { readonly kind: 'propose'; readonly nid: number }
  /** exit() of a guest: `regs` and `state` go to its proxy, which exits with them. */
  | { readonly kind: 'exit'; readonly regs: Uint8Array; readonly state: ThreadState }
  /** A fatal signal in a remote context: every thread stops until the origin ends the process. */
  | { readonly kind: 'group-exit'; readonly status: number }
  /** The process ended at its origin: `remotes`, the kernels that had a context for it. */
  | { readonly kind: 'ended'; readonly remotes: ReadonlySet<number> }
  /** TASK_EXIT_ORIGIN at a remote: the context goes. */
  | { readonly kind: 'exit-origin' }
  /** TASK_GROUP_EXIT at the origin: the process ends with `status`. */
  | { readonly kind: 'group-exit-asked'; readonly status: number }
  /**
   * At an epoch start, at the origin: kernels found dead. A thread that ran on one is lost, and
   * its process is killed (answer -ESRCH). (A remote context whose origin died is dropped by
   * Distribution.reapDead: that is the context's, not a thread's, and may have no thread left.)
   */
  | { readonly kind: 'peer-died'; readonly dead: (n: number) => boolean };

export type TaskOut =
  /** Trace the move, count it (`back`: from a remote context). */
  | { readonly kind: 'moved'; readonly to: number; readonly back: boolean }
  /** The syscall it slept in completes with its waker's result before it moves. */
  | { readonly kind: 'complete-wake' }
  /** The origin notes that `at` has a context for the process (it may hold its pages). */
  | { readonly kind: 'context-at'; readonly at: number }
  /** TASK_MIGRATE to `to`: the thread's registers are `regs`, or its own when undefined. */
  | { readonly kind: 'send-migrate'; readonly to: number; readonly regs: Uint8Array | undefined }
  /** TASK_MIGRATE_BACK to the origin, to go on to `next`; undefined: the thread's own. */
  | {
      readonly kind: 'send-back';
      readonly to: number;
      readonly next: number;
      readonly regs: Uint8Array | undefined;
      readonly state: ThreadState | undefined;
    }
  /** TASK_PAIRING to the origin. */
  | { readonly kind: 'send-pairing'; readonly to: number }
  /** TASK_PROPOSE to where the thread runs; a refusal there goes to whoever proposed. */
  | { readonly kind: 'pass-proposal'; readonly to: number; readonly nid: number }
  /** TASK_EXIT_REMOTE to the origin with the thread's last registers. */
  | { readonly kind: 'send-exit'; readonly to: number; readonly regs: Uint8Array; readonly state: ThreadState }
  /** TASK_GROUP_EXIT / TASK_EXIT_ORIGIN. */
  | { readonly kind: 'send-group-exit'; readonly to: number; readonly status: number }
  | { readonly kind: 'send-exit-origin'; readonly to: number }
  /** Block the thread (a proxy; or every thread of a context, until the origin ends it). */
  | { readonly kind: 'park'; readonly all: boolean }
  /** Its pending signals follow it to `to` (a proxy: forwarded to where it runs). */
  | { readonly kind: 'signals-follow'; readonly to: number }
  /** Take it off this kernel (it left the remote context). */
  | { readonly kind: 'evict' }
  /** The remote context closes if no thread is left (its pages go home). */
  | { readonly kind: 'close-if-empty' }
  /** Make the process's remote context here (answered by a 'context' event). */
  | { readonly kind: 'open-context' }
  /** Make the thread here from the registers and state that came, and make it runnable. */
  | { readonly kind: 'start'; readonly regs: Uint8Array; readonly state: ThreadState }
  /** The origin's thread is itself again (registers and state loaded), to run on. */
  | { readonly kind: 'resume'; readonly regs: Uint8Array; readonly state: ThreadState }
  /** Wake it (its registers say where it goes on). */
  | { readonly kind: 'wake' }
  /** Drop the remote context (its threads end here). */
  | { readonly kind: 'discard-context' }
  /** End the process with `status` (exit_group at the origin). */
  | { readonly kind: 'end-process'; readonly status: number }
  /** Say in the kernel log that the thread could not be taken in / was lost with kernel `on`. */
  | { readonly kind: 'printk-out-of-memory' }
  | { readonly kind: 'printk-lost'; readonly on: number };

export interface TaskStep {
  /** The record left (undefined for a process-wide event, which has none). */
  readonly record: TaskRecord | undefined;
  /** To be carried out in this order. */
  readonly out: readonly TaskOut[];
  /** The answer to the caller: 0, or why not (-errno) for a migration or a proposal. */
  readonly answer: number;
}

/** Why a thread here cannot go to `nid` now (Popcorn's errors), or 0. */
export function checkTarget(nid: number, f: Facts): number {
  if (!Number.isInteger(nid) || nid < 0 || nid >= f.kernels) return -EINVAL;
  if (nid === f.self) return -EBUSY;
  if (!f.online(nid)) return -EAGAIN;
  return 0;
}

const step = (record: TaskRecord | undefined, out: TaskOut[] = [], answer = 0): TaskStep => ({ record, out, answer });

/** The one transition function: `r` is left untouched, the step holds the new record. */
export function advance(r: TaskRecord | undefined, ev: TaskEvent, f: Facts): TaskStep {
  switch (ev.kind) {
    case 'migrate': {
      const why = checkTarget(ev.to, f);
      if (why !== 0 || !r) return step(r, [], why);
      return leave(r, ev.to, ev.regs, false);
    }
    case 'go-home':
      return r?.phase === 'guest' ? leave(r, r.origin, ev.regs, false) : step(r);
    case 'run':
      return actOnProposal(r, ev, f);
    case 'arrive':
      if (!ev.hasContext) return step(arriving(ev.from, f), [{ kind: 'open-context' }]);
      return started(arriving(ev.from, f), ev.regs, ev.state);
    case 'context':
      if (r?.phase !== 'arriving') return step(r);
      if (ev.ok) return started(r, ev.regs, ev.state);
      // a thread that could not be taken in goes straight back to its origin
      return step({ ...r, phase: 'gone' }, [
        { kind: 'printk-out-of-memory' },
        { kind: 'send-back', to: r.origin, next: r.origin, regs: ev.regs, state: ev.state },
      ]);
    case 'pairing':
      return step(r);
    case 'back':
      return back(r, ev, f);
    case 'propose':
      return propose(r, ev.nid, f);
    case 'exit':
      if (r?.phase !== 'guest') return step(r);
      // its pages go home first (the context closes), so the origin's exit finds them there
      return step({ ...r, phase: 'gone' }, [
        { kind: 'evict' },
        { kind: 'close-if-empty' },
        { kind: 'send-exit', to: r.origin, regs: ev.regs, state: ev.state },
      ]);
    case 'group-exit':
      return step(r, [
        { kind: 'park', all: true },
        { kind: 'send-group-exit', to: r?.origin ?? f.self, status: ev.status },
      ]);
    case 'ended':
      return step(
        r,
        [...ev.remotes].map((to) => ({ kind: 'send-exit-origin', to })),
      );
    case 'exit-origin':
      return step(r, [{ kind: 'discard-context' }]);
    case 'group-exit-asked':
      return step(r, [{ kind: 'end-process', status: ev.status }]);
    case 'peer-died':
      if (r?.phase !== 'away' || !ev.dead(r.at)) return step(r);
      return step(
        r,
        [
          { kind: 'printk-lost', on: r.at },
          { kind: 'end-process', status: SIGKILL },
        ],
        -ESRCH,
      );
  }
}

/** A record for a thread on its way in from `origin`. */
function arriving(origin: number, f: Facts): TaskRecord {
  return { phase: 'arriving', at: f.self, origin, proposed: undefined, arrivedCpu: undefined };
}

/** Step 3 at the destination: the thread runs here, and its origin hears so. */
function started(r: TaskRecord, regs: Uint8Array, state: ThreadState): TaskStep {
  return step({ ...r, phase: 'guest', proposed: undefined, arrivedCpu: state.cpuTime }, [
    { kind: 'start', regs, state },
    { kind: 'send-pairing', to: r.origin },
  ]);
}

/** The thread leaves for `to`: out from its origin (it becomes a proxy), or back (and maybe on). */
function leave(r: TaskRecord, to: number, regs: Uint8Array | undefined, wake: boolean): TaskStep {
  const out: TaskOut[] = wake ? [{ kind: 'complete-wake' }] : [];
  if (r.phase === 'guest') {
    out.push(
      { kind: 'moved', to, back: true },
      { kind: 'send-back', to: r.origin, next: to, regs, state: undefined },
      { kind: 'signals-follow', to: r.origin }, // signals still pending here follow it
      { kind: 'evict' },
      { kind: 'close-if-empty' },
    );
    return step({ ...r, phase: 'gone', proposed: undefined }, out);
  }
  if (r.phase !== 'home') return step(r, [], -ESRCH); // a proxy does not run user code
  out.push({ kind: 'moved', to, back: false }, ...sendOut(to, regs));
  return step({ ...r, phase: 'away', at: to, proposed: undefined, arrivedCpu: undefined }, out);
}

/** Steps 1-2 at the origin: TASK_MIGRATE, and the thread here a blocked proxy. */
function sendOut(to: number, regs: Uint8Array | undefined): TaskOut[] {
  return [
    { kind: 'context-at', at: to },
    { kind: 'send-migrate', to, regs },
    { kind: 'park', all: false },
    { kind: 'signals-follow', to }, // signals already pending follow it
  ];
}

/** Before it runs: a proposal is acted on once it ran a slice here, with nothing left to do here. */
function run(r: TaskRecord | undefined, ev: Extract<TaskEvent, { kind: 'run' }>): TaskStep {
  if (!r || (r.phase !== 'home' && r.phase !== 'guest')) return step(r, [], -ESRCH);
  // a thread that just arrived runs one slice first: proposals as fast as its pages travel
  // would otherwise move it on every time before it got anything done
  if (r.arrivedCpu !== undefined && ev.cpuTime < r.arrivedCpu + MIN_RUN_BEFORE_MOVING_NS) return step(r, [], -EBUSY);
  if (ev.signalsWaiting() || ev.pageWaiting()) return step(r, [], -EBUSY); // what waits here first
  return step({ ...r, proposed: undefined });
}

/** TASK_MIGRATE_BACK at the origin: the proxy is the thread again, or sends it on. */
function back(r: TaskRecord | undefined, ev: Extract<TaskEvent, { kind: 'back' }>, f: Facts): TaskStep {
  if (r?.phase !== 'away') return step(r); // its process ended meanwhile
  const resume: TaskOut = { kind: 'resume', regs: ev.regs, state: ev.state };
  if (ev.next !== f.self && checkTarget(ev.next, f) === 0) {
    return step({ ...r, at: ev.next }, [resume, ...sendOut(ev.next, ev.regs)]);
  }
  return step({ ...r, phase: 'home', at: f.self, proposed: undefined, arrivedCpu: ev.state.cpuTime }, [
    resume,
    { kind: 'wake' },
  ]);
}

/** A proposal here: recorded where the thread runs, passed on by a proxy. */
function propose(r: TaskRecord | undefined, nid: number, f: Facts): TaskStep {
  if (!r || r.phase === 'gone') return step(r, [], -ESRCH);
  if (!Number.isInteger(nid) || nid < 0 || nid >= f.kernels) return step(r, [], -EINVAL);
  if (r.at === nid) return step(r, [], -EBUSY);
  if (!f.online(nid)) return step(r, [], -EAGAIN);
  // the thread runs elsewhere: the proposal follows it (answered there; it was valid here)
  if (r.phase === 'away') return step(r, [{ kind: 'pass-proposal', to: r.at, nid }]);
  return step({ ...r, proposed: nid });
}

/**
 * A proposal acted on: once `run` lets it go, the proposal is taken (a refused target only drops
 * it), the syscall it slept in completes, and it leaves.
 */
function actOnProposal(r: TaskRecord | undefined, ev: Extract<TaskEvent, { kind: 'run' }>, f: Facts): TaskStep {
  const nid = r?.proposed;
  const s = run(r, ev);
  if (s.answer !== 0 || !s.record) return s;
  if (nid === undefined || checkTarget(nid, f) !== 0) return step(s.record, [], -EAGAIN);
  return leave(s.record, nid, undefined, true);
}
