// Which messages the sequence chart shows: the visitor hides message types, and may keep only
// the messages to or from one kernel, or those of one process. The chart shows the latest few
// that pass, in send order; while the views follow a migration, the messages it caused.

import type { MessageRecord } from './message-log';

export interface MessageFilter {
  /** Types not shown (so a type seen for the first time shows). */
  hiddenTypes: ReadonlySet<number>;
  /** Only messages sent or received by this kernel. */
  kernel: number | undefined;
  /** Only messages sent for this process. */
  pid: number | undefined;
}

export const SHOW_ALL: MessageFilter = { hiddenTypes: new Set(), kernel: undefined, pid: undefined };

export function passes(r: MessageRecord, f: MessageFilter): boolean {
  if (f.hiddenTypes.has(r.type)) return false;
  if (f.kernel !== undefined && r.from !== f.kernel && r.to !== f.kernel) return false;
  if (f.pid !== undefined && r.pid !== f.pid) return false;
  return true;
}

/** Send order: send time, then sender, then sequence number (the order deliveries use too). */
export function bySend(a: MessageRecord, b: MessageRecord): number {
  return a.sentAt - b.sentAt || a.from - b.from || a.to - b.to || a.seq - b.seq;
}

/**
 * The latest `limit` messages that pass `f`, in send order. `records` is in the order they were
 * read, which each kernel's trace keeps in time order; kernels run a little apart, so the scan
 * takes the last `limit` read and orders those.
 */
export function latestPassing(records: readonly MessageRecord[], f: MessageFilter, limit: number): MessageRecord[] {
  const picked: MessageRecord[] = [];
  for (let i = records.length - 1; i >= 0 && picked.length < limit; i--) {
    const r = records[i] as MessageRecord;
    if (passes(r, f)) picked.push(r);
  }
  return picked.sort(bySend);
}

/**
 * While the views follow a migration: the messages of the move and of what it caused (`keys`)
 * that pass `f`, the first `limit` in send order, so that the move stays on the chart.
 */
export function followedPassing(
  records: readonly MessageRecord[],
  keys: ReadonlySet<number>,
  f: MessageFilter,
  limit: number,
): MessageRecord[] {
  return records
    .filter((r) => keys.has(r.key) && passes(r, f))
    .sort(bySend)
    .slice(0, limit);
}

/** `f` with `types` hidden too (a new filter; `f` itself when there is nothing to add). */
export function hidingToo(f: MessageFilter, types: ReadonlySet<number>): MessageFilter {
  if ([...types].every((t) => f.hiddenTypes.has(t))) return f;
  return { ...f, hiddenTypes: new Set([...f.hiddenTypes, ...types]) };
}

/** `hidden` with `type` shown if it was hidden and hidden if it was shown (a new set). */
export function toggleType(hidden: ReadonlySet<number>, type: number): Set<number> {
  const next = new Set(hidden);
  if (next.has(type)) next.delete(type);
  else next.add(type);
  return next;
}
