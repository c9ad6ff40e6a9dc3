// What became of a migration asked from the threads panel, pure (tested without a browser),
// worked out a few times per second from what the machine publishes: the origin's answer to the
// request (BrowserMachine.migrationAnswer) and the threads the kernels list (a thread waiting
// to move is listed with `movingTo`, a blocked one with the syscall it sleeps in). A thread is
// moved at a safe point, when it next runs: one blocked in wait4 waits until it wakes. The
// panel shows the sentence until the thread moved, or the request was refused or dropped.

import type { ViewThread } from '../../engine/machine/browser/kernel-view';

/** A request the panel made, and what it has seen of it so far. */
export interface AskedMove {
  tid: number;
  /** "pid·tid" and the command, as the panel names the thread. */
  label: string;
  comm: string;
  origin: number;
  to: number;
  /** The machine's epoch when it was asked. */
  askedAt: number;
  /** Whether a kernel has listed the thread as waiting to move to `to`. */
  seenWaiting: boolean;
  /** The epoch since which no kernel lists the thread (between kernels, or ended), if none does. */
  missingSince: number | undefined;
}

export type MoveAnswer = { taken: true } | { taken: false; error: string } | undefined;

export interface MoveStatus {
  kind: 'asked' | 'refused' | 'waiting' | 'moving' | 'moved' | 'dropped' | 'replaced' | 'ended';
  text: string;
  /** Nothing more will happen to this request. */
  done: boolean;
}

/**
 * Epochs a taken request may go unseen (not waiting, not moved) before it counts as dropped,
 * and a thread may go unlisted before it counts as ended: a request passed on to the kernel the
 * thread runs on, and a thread between two kernels, take an epoch or two.
 */
export const PATIENCE_EPOCHS = 50;

/** Why a kernel refuses a migration, by Popcorn's error. */
function refusal(error: string, a: AskedMove): string {
  switch (error) {
    case 'EBUSY':
      return `it already runs on kernel ${a.to}`;
    case 'EAGAIN':
      return `kernel ${a.to} is not up`;
    case 'EINVAL':
      return `there is no kernel ${a.to}`;
    case 'ESRCH':
      return 'the thread has ended';
    default:
      return error;
  }
}

/** What it waits for, said of a thread listed as waiting to move. */
function waitingFor(t: ViewThread, a: AskedMove): string {
  const who = `${a.comm} (${a.label})`;
  switch (t.state) {
    case 'blocked':
      return `${who} is blocked${t.blockedIn ? ` in ${t.blockedIn}` : ''} on kernel ${t.kernel}; it moves to kernel ${a.to} when it next runs`;
    case 'stopped':
      return `${who} is stopped on kernel ${t.kernel}; it moves to kernel ${a.to} when it is continued`;
    default:
      return `${who} moves to kernel ${a.to} the next time kernel ${t.kernel} schedules it`;
  }
}

/**
 * The request's status now, and the request with what this reading saw (the same object when
 * it saw nothing new). `threads` are every kernel's listed threads, `up[k]` whether kernel k is
 * up, `epoch` the epoch that listing is current to (BrowserMachine.threadsEpoch).
 */
export function moveStatus(
  a: AskedMove,
  answer: MoveAnswer,
  threads: readonly ViewThread[],
  up: readonly boolean[],
  epoch: number,
): { status: MoveStatus; ask: AskedMove } {
  const thread = `thread ${a.label} (${a.comm})`;
  const say = (kind: MoveStatus['kind'], text: string, done = false, ask = a) => ({
    status: { kind, text, done },
    ask,
  });
  if (answer === undefined)
    return say(
      'asked',
      `Asked kernel ${a.origin} (its origin) to move ${thread} to kernel ${a.to}; it takes the request at its next epoch start.`,
    );
  if (!answer.taken)
    return say(
      'refused',
      `Kernel ${a.origin} refused to move ${thread} to kernel ${a.to}: ${refusal(answer.error, a)}.`,
      true,
    );
  const t = threads.find((x) => x.tid === a.tid);
  if (!t) {
    const missingSince = a.missingSince ?? epoch;
    const ask = missingSince === a.missingSince ? a : { ...a, missingSince };
    if (epoch - missingSince > PATIENCE_EPOCHS) return say('ended', `${capital(thread)} has ended.`, true, ask);
    return say('moving', `Moving: ${thread} is between kernels.`, false, ask);
  }
  const seen = a.missingSince === undefined ? a : { ...a, missingSince: undefined };
  if (t.kernel === a.to) return say('moved', `Moved: ${thread} now runs on kernel ${a.to}.`, true, seen);
  if (t.movingTo === a.to) {
    const ask = seen.seenWaiting ? seen : { ...seen, seenWaiting: true };
    return say('waiting', `Waiting: ${waitingFor(t, a)}.`, false, ask);
  }
  if (t.movingTo >= 0)
    return say('replaced', `A later request moves ${thread} to kernel ${t.movingTo} instead.`, true, seen);
  if (!up[a.to])
    return say('dropped', `${capital(thread)} stays on kernel ${t.kernel}: kernel ${a.to} is not up.`, true, seen);
  if (seen.seenWaiting || epoch - a.askedAt > PATIENCE_EPOCHS)
    return say('dropped', `${capital(thread)} stays on kernel ${t.kernel}: the request was dropped.`, true, seen);
  // taken, and not listed yet as waiting: the board is published at the epoch's end, and a
  // request for a thread that runs elsewhere is passed on to its kernel, an epoch or two away
  const passed = t.kernel !== a.origin ? ` and passed it on to kernel ${t.kernel}, where it runs` : '';
  return say('asked', `Kernel ${a.origin} took the request to move ${thread} to kernel ${a.to}${passed}.`, false, seen);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
