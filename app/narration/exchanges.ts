// Protocol exchanges from a window of trace events (pure: the "what just happened" panel, the
// views that follow a migration and the lessons read it): a request, the messages it caused and
// its response, grouped as a protocol runs them. A remote page fault is REMOTE_PAGE_REQUEST, the
// PAGE_INVALIDATE_REQUESTs its home sent to the holders and their responses, then
// REMOTE_PAGE_RESPONSE; a migration is TASK_MIGRATE and its TASK_PAIRING; a forwarded futex is
// FUTEX_REQUEST and FUTEX_RESPONSE; a message nobody answers (PROC_LIST) is an exchange alone.
//
// The trace says, per message, its type, sender, receiver, sequence, times and process, not the
// wait station that pairs a response with its request, so the pairing follows the declarations:
// a response (its spec's `answers`) goes back along the way its request came, for the same
// process, after the request arrived, oldest request first. Which requests a request may cause
// at the kernel that received it is the template table's (narration-templates.ts). The page and
// the access come from the events the services trace beside their messages: PAGE_FETCH at the
// faulting kernel (within an epoch of its request: messages are stamped at the slice start, the
// fault at the hart's time), PAGE_INVALIDATE where a copy went (when the answer leaves), MIGRATE
// where a thread left.

import { SLICE_NS } from '../../engine/machine/quantum';
import {
  EV,
  messageSpec,
  messageTypeName,
  migrateOf,
  pageFetchOf,
  pageInvalidateOf,
  syscallName,
  syscallOf,
  type Access,
} from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import { bySend } from '../messages-view/filter';
import { MessageLog, type MessageRecord } from '../messages-view/message-log';
import { CAUSES } from './narration-templates';

/** A copy of a page another kernel gave up (or kept read-only) during an exchange. */
export interface CopyChange {
  kernel: number;
  /** It keeps a read-only copy (only write access went). */
  downgrade: boolean;
}

export interface Exchange {
  /** The request's (or lone message's) key: names the exchange. */
  key: number;
  /** The message that started it: its Popcorn name. */
  root: string;
  /** The messages, in send order: the root, then what it caused, then its answer. */
  messages: MessageRecord[];
  /** The kernel that started it (the root's sender) and the one it asked (the root's receiver). */
  from: number;
  to: number;
  /** The process it was for (0 when the trace does not say). */
  pid: number;
  /** The thread, when the trace names it (a migration's, a fault's, a forwarded syscall's). */
  tid: number;
  /** The page it was about, and the access asked for. */
  page: number | undefined;
  access: Access | undefined;
  /** Copies taken back by the requests it caused (PAGE_INVALIDATE where each went). */
  invalidated: CopyChange[];
  /** The home's own copy, when it changed for the answer. */
  homeCopy: CopyChange | undefined;
  /** The syscall a forwarded call ran, when the trace names it. */
  syscall: string | undefined;
  /** Virtual ns: the first event (the fault, or the root's send) and the last delivery. */
  start: number;
  end: number;
  /** Every request in it was answered and every message delivered. */
  complete: boolean;
}

/** A message's spec name, or TYPE_n. */
function nameOf(r: MessageRecord): string {
  return messageTypeName(r.type);
}

/** The request a response answers ('' if it is none). */
function answers(r: MessageRecord): string {
  return messageSpec(r.type)?.answers ?? '';
}

function isRequest(r: MessageRecord): boolean {
  return (messageSpec(r.type)?.responses.length ?? 0) > 0;
}

/** Room for a pid in an index key (pids are u32 in a trace record). */
const PID_SPAN = 2 ** 32;

/** Trace events of one kind, per (kernel, pid), in time order; each taken once. */
class EventIndex {
  private readonly lists = new Map<number, FeedEvent[]>();
  private readonly taken = new Set<FeedEvent>();

  add(e: FeedEvent, pid: number): void {
    const k = e.kernel * PID_SPAN + pid;
    let list = this.lists.get(k);
    if (!list) this.lists.set(k, (list = []));
    list.push(e);
  }

  /** The first event not taken yet at `kernel` for `pid` with from <= time <= to (and `accept`). */
  take(
    kernel: number,
    pid: number,
    from: number,
    to: number,
    accept?: (e: FeedEvent) => boolean,
  ): FeedEvent | undefined {
    const list = this.lists.get(kernel * PID_SPAN + pid);
    if (!list) return undefined;
    // the first at or after `from` (each list is in time order)
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as FeedEvent).time < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i++) {
      const e = list[i] as FeedEvent;
      if (e.time > to) return undefined;
      if (this.taken.has(e) || (accept && !accept(e))) continue;
      this.taken.add(e);
      return e;
    }
    return undefined;
  }
}

/** The events exchanges.ts reads beside the messages, indexed in one pass. */
function indexEvents(events: readonly FeedEvent[]) {
  const fetches = new EventIndex();
  const invalidations = new EventIndex();
  const migrations = new EventIndex();
  const syscalls = new EventIndex();
  for (const e of events) {
    if (e.kind === EV.PAGE_FETCH) fetches.add(e, e.pid);
    else if (e.kind === EV.PAGE_INVALIDATE) invalidations.add(e, pageInvalidateOf(e).pid);
    else if (e.kind === EV.MIGRATE) migrations.add(e, e.pid);
    else if (e.kind === EV.SYSCALL) syscalls.add(e, e.pid);
  }
  return { fetches, invalidations, migrations, syscalls };
}

/** A request and the response that answered it (paired by the declarations and the route). */
function pairResponses(records: readonly MessageRecord[]): Map<MessageRecord, MessageRecord> {
  const partner = new Map<MessageRecord, MessageRecord>();
  const open: MessageRecord[] = [];
  for (const r of records) {
    const asked = answers(r);
    if (asked) {
      const i = open.findIndex(
        (q) =>
          nameOf(q) === asked &&
          q.from === r.to &&
          q.to === r.from &&
          (q.pid === r.pid || q.pid === 0 || r.pid === 0) &&
          q.deliverAt <= r.sentAt,
      );
      if (i >= 0) {
        const q = open[i] as MessageRecord;
        open.splice(i, 1);
        partner.set(q, r);
        partner.set(r, q);
      }
    }
    if (isRequest(r)) open.push(r);
  }
  return partner;
}

/**
 * The protocol exchanges in `events` (trace events of every kernel, oldest first, as the trace
 * feed gives them), in the order they started. Messages whose request is older than the window
 * are left out; an exchange still under way is there, not complete.
 */
export function findExchanges(events: readonly FeedEvent[]): Exchange[] {
  const log = new MessageLog(Number.MAX_SAFE_INTEGER);
  log.add(events);
  const records = log.all().slice().sort(bySend);
  const partner = pairResponses(records);
  const { fetches, invalidations, migrations, syscalls } = indexEvents(events);

  const exchanges: Exchange[] = [];
  /** Exchanges whose root may cause requests and whose answer had not left at the last send. */
  let causing: Exchange[] = [];
  const ofRequest = new Map<MessageRecord, Exchange>();
  for (const r of records) {
    const asked = answers(r);
    if (asked) {
      const q = partner.get(r);
      const x = q && ofRequest.get(q);
      if (!x) continue; // its request is older than the window
      x.messages.push(r);
      if (nameOf(r) === 'PAGE_INVALIDATE_RESPONSE') noteInvalidation(x, q, r, invalidations);
      continue;
    }
    // records come in send order: a root answered before this send causes nothing more
    causing = causing.filter((x) => !((partner.get(x.messages[0] as MessageRecord)?.sentAt ?? Infinity) < r.sentAt));
    const parent = causedBy(r, causing, partner);
    if (parent) {
      parent.messages.push(r);
      ofRequest.set(r, parent);
      continue;
    }
    const x = begin(r, fetches, migrations, syscalls);
    exchanges.push(x);
    if (CAUSES[x.root]) causing.push(x);
    ofRequest.set(r, x);
  }
  for (const x of exchanges) finish(x, partner, invalidations);
  return exchanges.sort((a, b) => a.start - b.start || a.key - b.key);
}

/**
 * The open exchange whose root, delivered at `r`'s sender, caused `r` (the template's CAUSES).
 * A home works on one operation per page at a time and answers it once the copies it took back
 * are in, so of the requests open there, `r` belongs to the one answered first after `r`'s own
 * answer came back (never to the one `r` is sent to: a home does not take its copy from the
 * kernel it is answering).
 */
function causedBy(
  r: MessageRecord,
  exchanges: readonly Exchange[],
  partner: ReadonlyMap<MessageRecord, MessageRecord>,
): Exchange | undefined {
  const name = nameOf(r);
  const back = partner.get(r);
  let best: Exchange | undefined;
  let bestAnswer = Infinity;
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const x = exchanges[i] as Exchange;
    const root = x.messages[0] as MessageRecord;
    if (!CAUSES[x.root]?.includes(name)) continue;
    if (root.to !== r.from || root.from === r.to || root.deliverAt > r.sentAt) continue;
    if (x.pid !== 0 && r.pid !== 0 && x.pid !== r.pid) continue;
    const answer = partner.get(root);
    if (answer && answer.sentAt < r.sentAt) continue; // answered before: not its doing
    if (answer && answer.sentAt === r.sentAt && bySend(answer, r) < 0) continue;
    if (answer && back && answer.sentAt < back.deliverAt) continue; // answered before r's answer came
    const when = answer ? answer.sentAt : Infinity;
    if (
      !best ||
      when < bestAnswer ||
      (when === bestAnswer && root.sentAt < (best.messages[0] as MessageRecord).sentAt)
    ) {
      best = x;
      bestAnswer = when;
    }
  }
  return best;
}

function begin(r: MessageRecord, fetches: EventIndex, migrations: EventIndex, syscalls: EventIndex): Exchange {
  const x: Exchange = {
    key: r.key,
    root: nameOf(r),
    messages: [r],
    from: r.from,
    to: r.to,
    pid: r.pid,
    tid: 0,
    page: undefined,
    access: undefined,
    invalidated: [],
    homeCopy: undefined,
    syscall: undefined,
    start: r.sentAt,
    end: r.deliverAt,
    complete: false,
  };
  // what the sender traced beside it: a message is stamped at its slice's start, the event at the
  // hart's time in that slice (or, for a thread leaving, a little before)
  const near = (index: EventIndex, accept?: (e: FeedEvent) => boolean) =>
    index.take(r.from, r.pid, r.sentAt, r.sentAt + SLICE_NS, accept) ??
    index.take(r.from, r.pid, r.sentAt - SLICE_NS, r.sentAt, accept);
  if (x.root === 'REMOTE_PAGE_REQUEST' || x.root === 'PAGE_INVALIDATE_REQUEST') {
    const f = r.pid === 0 ? undefined : near(fetches);
    if (f) {
      const { page, access } = pageFetchOf(f);
      x.page = page;
      x.access = access;
      x.tid = f.tid;
      x.start = Math.min(x.start, f.time);
    }
  } else if (x.root === 'TASK_MIGRATE' || x.root === 'TASK_MIGRATE_BACK') {
    const m = near(migrations, (e) => migrateOf(e).to === r.to);
    if (m) x.tid = m.tid;
  } else if (
    x.root === 'SYSCALL_FWD' ||
    x.root === 'FUTEX_REQUEST' ||
    x.root === 'VMA_OP_REQUEST' ||
    x.root === 'FS_REQUEST'
  ) {
    const s = near(syscalls);
    if (s) {
      x.syscall = syscallName(syscallOf(s).nr);
      x.tid = s.tid;
    }
  }
  return x;
}

/** A copy taken back: PAGE_INVALIDATE at the kernel that answered, when it answered. */
function noteInvalidation(x: Exchange, q: MessageRecord, r: MessageRecord, invalidations: EventIndex): void {
  const e = invalidations.take(q.to, r.pid || x.pid, q.deliverAt, r.sentAt);
  if (!e) return;
  const { page, downgrade } = pageInvalidateOf(e);
  x.page ??= page;
  x.invalidated.push({ kernel: q.to, downgrade });
}

function finish(x: Exchange, partner: ReadonlyMap<MessageRecord, MessageRecord>, invalidations: EventIndex): void {
  x.messages.sort(bySend);
  const root = x.messages[0] as MessageRecord;
  const answer = partner.get(root);
  if (x.root === 'REMOTE_PAGE_REQUEST' && answer && x.page !== undefined) {
    // the home's own copy, changed as the answer left
    const page = x.page;
    const e = invalidations.take(
      root.to,
      x.pid,
      answer.sentAt,
      answer.sentAt,
      (e) => pageInvalidateOf(e).page === page,
    );
    if (e) x.homeCopy = { kernel: root.to, downgrade: pageInvalidateOf(e).downgrade };
  }
  let end = x.start;
  let complete = true;
  for (const m of x.messages) {
    if (!m.deliver) complete = false;
    end = Math.max(end, m.deliverAt);
    if (isRequest(m) && !partner.has(m)) complete = false;
  }
  x.end = end;
  x.complete = complete;
}
