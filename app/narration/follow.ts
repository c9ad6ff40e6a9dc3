// Following a migration the reader caused (pure): in the exchanges of the trace window, find the
// move asked for (its TASK_MIGRATE, or TASK_MIGRATE_BACK going home, for that thread, to that
// kernel, after it was asked) and the
// exchanges it caused (those of its process started at the kernel it moved to, after the move:
// the pages its thread fetched there, the syscalls it forwarded home), keeping what an earlier
// window already found, since the window slides on while the lock holds.

import { SLICE_NS } from '../../engine/machine/quantum';
import type { Exchange } from './exchanges';
import { narrate } from './narrate';
import type { FollowAsk, FollowLock } from './narration-store';

/** Exchanges a lock keeps after the move: the sequence chart draws them all (about 25 rows show). */
export const MAX_CAUSED = 10;
/** Virtual ns after the move within which an exchange of its process counts as caused by it. */
export const CAUSED_WITHIN_NS = 20_000_000;

/** A thread moving: out from its origin, or back to it (a move between remotes is both). */
const MOVES = new Set(['TASK_MIGRATE', 'TASK_MIGRATE_BACK']);

function isMove(x: Exchange, ask: FollowAsk): boolean {
  if (!MOVES.has(x.root) || x.to !== ask.to || x.start < ask.sinceNs - SLICE_NS) return false;
  return x.tid === ask.tid || (x.tid === 0 && x.pid === ask.pid);
}

/**
 * The lock for `ask` given the exchanges now in the window (from the trace, oldest first), or
 * undefined while the move has not shown. `previous` is the lock found so far.
 */
export function followLock(
  exchanges: readonly Exchange[],
  ask: FollowAsk,
  previous: FollowLock | undefined,
): FollowLock | undefined {
  let move = previous?.move;
  if (!move) {
    const x = exchanges.find((e) => e.complete && isMove(e, ask));
    if (!x) return undefined;
    move = narrate(x);
  }
  const m = move.exchange;
  const caused = previous ? [...previous.caused] : [];
  const known = new Set(caused.map((n) => n.exchange.key));
  for (const x of exchanges) {
    if (caused.length >= MAX_CAUSED) break;
    if (!x.complete || known.has(x.key) || x.key === m.key) continue;
    if (x.pid !== m.pid || x.from !== m.to || x.start < m.start || x.start > m.end + CAUSED_WITHIN_NS) continue;
    caused.push(narrate(x));
    known.add(x.key);
  }
  if (previous && previous.move === move && caused.length === previous.caused.length) return previous;
  const keys = new Set<number>();
  const pages: number[] = [];
  for (const n of [move, ...caused]) {
    for (const r of n.exchange.messages) keys.add(r.key);
    const page = n.exchange.page;
    if (page !== undefined && !pages.includes(page)) pages.push(page);
  }
  return { ask, move, caused, keys, pages };
}
