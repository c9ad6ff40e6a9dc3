// A page that arrived for threads that faulted on it stays where it arrived until they have used
// it. A kernel handles messages between its threads' runs (at each epoch start, and at quanta
// shorter than the slice also at each message's modelled arrival), so a request for the page
// that comes right behind it would take it away before the instruction that needed it ran
// again; two kernels writing one page would then pass it back and forth forever. "Used" means
// run for a microsecond (MIN_USE_NS): long enough for the accesses around the one that faulted
// (a read-modify-write, an LR/SC pair that a page leaving in between would fail), and the
// smallest link latency of the model, as long as a real request racing the page would take.
// (This rule once compared arrival times, "the page came in this epoch start": at a 2 us quantum
// messages are handled a few ns apart, the comparison failed, and `pingpong` never finished; a
// rule of one instruction let a thread retry its store and lose the page before its next one.)
//
// Used on both sides of the protocol: the origin holds another kernel's request while its own
// threads have not used the page (page-machine.ts step 1), a remote kernel holds the origin's
// invalidation while its threads have not (RemotePages.serveInvalidate). Both offer the held
// message again at the next epoch start.

import { NS_PER_INSTRUCTION, QUANTUM_INSTRUCTIONS } from '../../kernels/params';
import type { Thread } from '../../kernels/proc/task';

/** CPU time a thread that got its page runs before the page may leave again: 1 us, 1000 instructions. */
export const MIN_USE_NS = 1000;

/** The longest a page is kept for its threads: one scheduling slice, by which any runnable thread has had a hart. */
export const MAX_KEEP_NS = QUANTUM_INSTRUCTIONS * NS_PER_INSTRUCTION;

/** A page's arrival: when, and the CPU time each thread it was fetched for had then. */
export interface Arrival {
  readonly at: number;
  readonly waiters: readonly { readonly t: Thread; readonly cpu: number }[];
}

export function arrival(now: number, waiters: readonly Thread[]): Arrival {
  return { at: now, waiters: waiters.map((t) => ({ t, cpu: t.cpuTime })) };
}

/**
 * Whether the page must stay for now: a thread it was fetched for has not run MIN_USE_NS since
 * (by its CPU time), could run (it neither died, nor stopped, nor left), and the page has not
 * been kept for a whole slice yet (so no requester waits for ever behind a thread that the
 * scheduler keeps from running).
 */
export function keepsPage(a: Arrival | undefined, now: number): boolean {
  if (!a || now - a.at >= MAX_KEEP_NS) return false;
  return a.waiters.some(
    ({ t, cpu }) =>
      t.alive && t.away < 0 && (t.state === 'runnable' || t.state === 'running') && t.cpuTime - cpu < MIN_USE_NS,
  );
}
