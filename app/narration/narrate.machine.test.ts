// The narration on recorded traces: real scenarios run headless (a migration of busy, pingpong's
// page fought over by two kernels, mt's futexes and invalidations on four), and the sentences
// must say what the trace shows: the kernels, the page, the process and thread, the messages
// and the virtual time between the first send and the last delivery.

import { describe, expect, it } from 'vitest';
import { CommandMailbox } from '../../engine/machine/command-mailbox';
import { EV, MSG, messageTypeName, pageFetchOf } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import { explainMessage } from './explain';
import { followLock, MAX_CAUSED } from './follow';
import { findExchanges, type Exchange } from './exchanges';
import { narrate, whatJustHappened } from './narrate';
import { busyOnKernel1, recordBusyMigration, recordTrace } from './testing/recorded-trace';

const names = (x: Exchange) => x.messages.map((m) => messageTypeName(m.type));
const hex = (n: number) => `0x${n.toString(16)}`;

/** Every message (by sender, receiver and sequence) sent in the trace. */
function sends(events: readonly FeedEvent[]): FeedEvent[] {
  return events.filter((e) => e.kind === EV.MSG_SEND);
}

describe('the narration of a migration (busy moved from kernel 1 to kernel 0)', async () => {
  const { events, pid, tid, askedAt } = await recordBusyMigration();
  const exchanges = findExchanges(events);

  it('tells TASK_MIGRATE and TASK_PAIRING as one exchange, with the thread, the kernels and the time', () => {
    const moves = exchanges.filter((x) => x.root === 'TASK_MIGRATE');
    expect(moves).toHaveLength(1);
    const move = moves[0] as Exchange;
    expect(names(move)).toEqual(['TASK_MIGRATE', 'TASK_PAIRING']);
    expect([move.from, move.to, move.pid, move.tid]).toEqual([1, 0, pid, tid]);
    const migrate = events.find((e) => e.kind === EV.MSG_SEND && e.a === MSG.TASK_MIGRATE);
    const pairing = events.find((e) => e.kind === EV.MSG_DELIVER && e.a === MSG.TASK_PAIRING);
    expect(migrate?.time).toBeGreaterThanOrEqual(askedAt);
    expect(move.end - move.start).toBe((pairing?.time ?? NaN) - (migrate?.time ?? NaN));
    expect(narrate(move).sentence).toBe(
      `Thread ${tid} of pid ${pid} moved from kernel 1 to kernel 0: kernel 1 sent its registers, signal actions and VMAs ` +
        '(TASK_MIGRATE) and kept a proxy of it; kernel 0 made a context for it and answered TASK_PAIRING; its pages ' +
        'follow one fault at a time; 2 messages, 200.0 µs.',
    );
  });

  it('tells each page the thread then fetched from its home, by the page its fault asked for', () => {
    const fetched = events.filter((e) => e.kind === EV.PAGE_FETCH && e.kernel === 0 && e.pid === pid);
    const asked = exchanges.filter((x) => x.root === 'REMOTE_PAGE_REQUEST' && x.complete);
    expect(asked.length).toBeGreaterThan(5);
    // one request per fetch, in order (the thread faults once per page on arrival)
    expect(asked.map((x) => x.page)).toEqual(fetched.slice(0, asked.length).map((e) => pageFetchOf(e).page));
    const first = asked[0] as Exchange;
    const page = pageFetchOf(fetched[0] as FeedEvent);
    expect(names(first)).toEqual(['REMOTE_PAGE_REQUEST', 'REMOTE_PAGE_RESPONSE']);
    expect(narrate(first).sentence).toBe(
      `Kernel 0 asked kernel 1 (home of page ${hex(page.page)} of pid ${pid}) for the page to ${page.access === 'write' ? 'write' : 'read'}; ` +
        'kernel 1 kept its own copy read-only and sent the page; 2 messages, 200.0 µs.',
    );
  });

  it('says the last exchange, leaving housekeeping out unless asked', () => {
    const move = exchanges.find((x) => x.root === 'TASK_MIGRATE') as Exchange;
    // the trace as the page had it when TASK_PAIRING arrived
    const upTo = events.filter((e) => e.time <= move.end);
    const [last] = whatJustHappened(upTo, { count: 1, housekeeping: false });
    expect(last?.exchange.root).toBe('TASK_MIGRATE');
    expect(last?.steps.map((s) => [s.name, s.from, s.to, s.partner])).toEqual([
      ['TASK_MIGRATE', 1, 0, 'answered by TASK_PAIRING'],
      ['TASK_PAIRING', 0, 1, 'answers TASK_MIGRATE'],
    ]);
    expect(last?.steps[0]?.doc).toMatch(/^A thread leaves its origin/);
    const withHousekeeping = whatJustHappened(upTo, { count: 50, housekeeping: true });
    expect(withHousekeeping.some((n) => n.exchange.root === 'PROC_LIST' && n.housekeeping)).toBe(true);
    expect(whatJustHappened(upTo, { count: 50, housekeeping: false }).some((n) => n.housekeeping)).toBe(false);
  });

  it('explains a message by its exchange, its partner and what it changed', () => {
    const move = exchanges.find((x) => x.root === 'TASK_MIGRATE') as Exchange;
    const [migrate, pairing] = move.messages;
    const explained = explainMessage(events, migrate?.key ?? -1);
    expect(explained?.narration.exchange.key).toBe(move.key);
    expect(explained?.partner?.key).toBe(pairing?.key);
    expect(explained?.effect).toBe(
      `thread ${tid} of pid ${pid} runs on kernel 0 now, in a context made for its process there; kernel 1 keeps a proxy of it.`,
    );
    expect(explainMessage(events, pairing?.key ?? -1)?.partner?.key).toBe(migrate?.key);
    const fetch = exchanges.find((x) => x.root === 'REMOTE_PAGE_REQUEST' && x.complete) as Exchange;
    const answer = explainMessage(events, fetch.messages[1]?.key ?? -1);
    expect(answer?.effect).toBe(
      `kernel 0 holds page ${hex(fetch.page ?? -1)} now, ${fetch.access === 'write' ? 'writable: the only copy' : 'read-only'}.`,
    );
    expect(explainMessage(events, -1)).toBeUndefined();
  });

  it('locks onto the migration asked for, with the pages it then fetched, and keeps them as the window slides', () => {
    const ask = { tid, pid, to: 0, sinceNs: askedAt, label: 'busy' };
    expect(followLock(findExchanges(events.filter((e) => e.time < askedAt)), ask, undefined)).toBeUndefined();
    expect(followLock(exchanges, { ...ask, to: 1 }, undefined), 'not where it went').toBeUndefined();
    const lock = followLock(exchanges, ask, undefined);
    expect(lock?.move.exchange.root).toBe('TASK_MIGRATE');
    const fetches = exchanges.filter((x) => x.root === 'REMOTE_PAGE_REQUEST' && x.complete && x.from === 0);
    expect(lock?.caused.map((n) => n.exchange.key)).toEqual(fetches.slice(0, MAX_CAUSED).map((x) => x.key));
    expect(lock?.pages).toEqual(fetches.slice(0, MAX_CAUSED).map((x) => x.page));
    const migrate = lock?.move.exchange.messages[0];
    expect(lock?.keys.has(migrate?.key ?? -1)).toBe(true);
    expect(lock?.keys.size).toBe(2 + 2 * (lock?.caused.length ?? 0));
    // later, the move is out of the window: the lock keeps it
    const later = findExchanges(events.filter((e) => e.time > (lock?.move.exchange.end ?? 0) + 1e6));
    const kept = followLock(later, ask, lock);
    expect(kept).toBe(lock);
  });

  it('puts every message of the window in exactly one exchange', () => {
    const grouped = exchanges.flatMap((x) => x.messages.map((m) => m.key));
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(grouped.length).toBe(sends(events).length);
  });
});

describe('the narration of a migration home (busy moved to kernel 0 and back)', async () => {
  let tid = 0;
  let pid = 0;
  let backAt = 0;
  const events = await recordTrace(
    { version: 1, machine: { preset: 'two-kernels' }, shells: false, programs: [{ kernel: 1, argv: ['busy'] }] },
    (m) => {
      m.runUntil(2e6);
      ({ pid, tid } = busyOnKernel1(m));
      const mailbox = new CommandMailbox(m.memory, 1);
      mailbox.post({ kind: 'migrate', tid, to: 0 });
      m.runUntil(4e6);
      backAt = m.now;
      mailbox.post({ kind: 'migrate', tid, to: 1 });
      m.runUntil(12e6);
    },
  );

  it('tells TASK_MIGRATE_BACK with the thread, and a lock follows it home', () => {
    const back = findExchanges(events).find((x) => x.root === 'TASK_MIGRATE_BACK');
    expect([back?.from, back?.to, back?.pid, back?.tid]).toEqual([0, 1, pid, tid]);
    expect(narrate(back as Exchange).sentence).toMatch(
      new RegExp(
        `^Thread ${tid} of pid ${pid} went back from kernel 0 to its origin, kernel 1, with its registers; 1 message, \\d+\\.0 µs\\.$`,
      ),
    );
    const lock = followLock(findExchanges(events), { tid, pid, to: 1, sinceNs: backAt, label: 'busy' }, undefined);
    expect(lock?.move.exchange.root).toBe('TASK_MIGRATE_BACK');
  });
});

describe('the narration of a page two kernels fight over (pingpong)', async () => {
  const events = await recordTrace(
    {
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      programs: [{ kernel: 0, argv: ['pingpong', '3'], at: 1e6 }],
    },
    (m) => {
      m.runUntil(5e6);
    },
  );
  const exchanges = findExchanges(events).filter((x) => x.complete);
  // the page the two threads take turns on: the one written most often
  const writes = new Map<number, number>();
  for (const e of events)
    if (e.kind === EV.PAGE_FETCH && pageFetchOf(e).access === 'write')
      writes.set(pageFetchOf(e).page, (writes.get(pageFetchOf(e).page) ?? 0) + 1);
  const page = [...writes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1;

  it('tells a write at the home that took the page back from the other kernel', () => {
    const home = exchanges.filter((x) => x.root === 'PAGE_INVALIDATE_REQUEST' && x.access === 'write');
    expect(home.length).toBeGreaterThan(0);
    const x = home[0] as Exchange;
    expect([x.from, x.to, x.page]).toEqual([0, 1, page]);
    expect(names(x)).toEqual(['PAGE_INVALIDATE_REQUEST', 'PAGE_INVALIDATE_RESPONSE']);
    expect(narrate(x).sentence).toBe(
      `Thread ${x.tid} of pid ${x.pid} faulted at its home, kernel 0, on page ${hex(page)} to write; ` +
        'kernel 0 invalidated the copy at kernel 1, then let the thread go on; 2 messages, 200.0 µs.',
    );
  });

  it('explains an invalidation by the copy it took', () => {
    const x = exchanges.find((e) => e.root === 'PAGE_INVALIDATE_REQUEST' && e.access === 'write') as Exchange;
    const [request, response] = x.messages;
    expect(explainMessage(events, request?.key ?? -1)?.effect).toBe(`kernel 1's copy of page ${hex(page)} went.`);
    expect(explainMessage(events, response?.key ?? -1)?.partner?.key).toBe(request?.key);
  });

  it('tells a read at the home that left the other kernel a read-only copy', () => {
    const x = exchanges.find((e) => e.root === 'PAGE_INVALIDATE_REQUEST' && e.access === 'read' && e.page === page);
    expect(x?.invalidated).toEqual([{ kernel: 1, downgrade: true }]);
    expect(narrate(x as Exchange).sentence).toMatch(
      /^Thread \d+ of pid \d+ faulted at its home, kernel 0, on page 0x[0-9a-f]+ to read; kernel 0 made the copy at kernel 1 read-only, then let the thread go on; 2 messages, \d+\.0 µs\.$/,
    );
  });

  it('tells a write whose requester held a current copy: ownership alone, no bytes', () => {
    const x = exchanges.find((e) => names(e).includes('REMOTE_PAGE_RESPONSE_SHORT'));
    expect(x?.access).toBe('write');
    expect(x?.page).toBe(page);
    expect(narrate(x as Exchange).sentence).toContain(
      `Kernel 1 asked kernel 0 (home of page ${hex(page)} of pid ${x?.pid ?? 0}) for the page to write; kernel 0 gave up its own copy and let kernel 1 use the copy it had (no bytes sent); 2 messages,`,
    );
  });
});

describe('the narration of futexes and invalidations on four kernels (mt -s 4)', async () => {
  const events = await recordTrace(
    {
      version: 1,
      machine: { preset: 'kernel-per-hart' },
      shells: false,
      programs: [{ kernel: 0, argv: ['mt', '-s', '4', '2000'], at: 1e6 }],
    },
    (m) => {
      m.runUntil(8e6);
    },
  );
  const exchanges = findExchanges(events).filter((x) => x.complete);

  it("tells a futex call forwarded to the origin, timed from the request's send to the answer's delivery", () => {
    const futex = exchanges.find((x) => x.root === 'FUTEX_REQUEST');
    expect(futex).toBeDefined();
    const x = futex as Exchange;
    expect(names(x)).toEqual(['FUTEX_REQUEST', 'FUTEX_RESPONSE']);
    const [request, response] = x.messages;
    const sent = events.find((e) => e.kind === EV.MSG_SEND && e.kernel === x.from && e.tid === request?.seq);
    const back = events.find((e) => e.kind === EV.MSG_DELIVER && e.kernel === x.from && e.tid === response?.seq);
    const took = (back?.time ?? NaN) - (sent?.time ?? NaN);
    expect(took).toBeGreaterThan(0);
    expect(x.tid).toBeGreaterThan(0);
    expect(narrate(x).sentence).toBe(
      `Thread ${x.tid} of pid ${x.pid} on kernel ${x.from} called futex; the call ran at its origin, kernel 0, where the ` +
        `futex queues are, which answered FUTEX_RESPONSE when it returned; 2 messages, ${(took / 1000).toFixed(1)} µs.`,
    );
  });

  it("tells a write that first invalidated the copies at two other kernels, never the requester's", () => {
    const pages = exchanges.filter((x) => x.root === 'REMOTE_PAGE_REQUEST');
    for (const x of pages) expect(x.invalidated.map((c) => c.kernel)).not.toContain(x.from);
    const wide = pages.find((x) => x.access === 'write' && x.invalidated.length === 2);
    expect(wide).toBeDefined();
    const x = wide as Exchange;
    expect(names(x).filter((n) => n === 'PAGE_INVALIDATE_REQUEST')).toHaveLength(2);
    expect(names(x).filter((n) => n === 'PAGE_INVALIDATE_RESPONSE')).toHaveLength(2);
    const [a, b] = x.invalidated.map((c) => c.kernel);
    expect(narrate(x).sentence).toMatch(
      new RegExp(
        `^Kernel ${x.from} asked kernel 0 \\(home of page 0x[0-9a-f]+ of pid ${x.pid}\\) for the page to write; ` +
          `kernel 0 first invalidated the copy at kernels ${a} and ${b}, then .+; 6 messages, \\d+\\.0 µs\\.$`,
      ),
    );
  });
});
