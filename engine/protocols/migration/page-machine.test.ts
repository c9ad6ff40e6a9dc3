// The page-coherency state machine driven transition by transition, without a machine: a small
// simulated world (the origin's copy, the other kernels' copies, invalidations in flight)
// carries each step's outputs out as the page server would, and the page-ownership invariants
// (page-invariants.ts) are checked after every transition.

import { describe, expect, it } from 'vitest';
import { EFAULT, ENOMEM } from '../../kernels/errno';
import type { PageEntry, PageRequest, ReplyTo } from './page-directory';
import { checkPage, type PageCopy } from './page-invariants';
import { advance, forgetKernel, type Grant, type PageEvent } from './page-machine';

const ORIGIN = 0;
const fault: ReplyTo = { kind: 'fault' };
/** A remote kernel's REMOTE_PAGE_REQUEST (the world delivers answers itself). */
const remote = (from: number): ReplyTo => ({
  kind: 'message',
  msg: { from, type: 44, seq: 0, sentAt: 0, deliverAt: 0, station: 0, body: new Uint8Array(0) },
  wantVma: false,
});

const bytes = (v: number) => new Uint8Array(16).fill(v);

interface Copy {
  writable: boolean;
  bytes: Uint8Array;
}

/** One page of one process, the origin and kernels 1..3 around it. */
class World {
  entry: PageEntry | undefined;
  home: Copy | undefined;
  readonly copies = new Map<number, Copy>();
  readonly inflight: Array<{ to: number; wantData: boolean; downgrade: boolean }> = [];
  readonly answers: Array<{ req: PageRequest; grant: Grant; data?: Uint8Array }> = [];
  readonly held: PageRequest[] = [];
  now = 100;
  /** The origin's threads got the page and have not used it yet (the server asks page-arrival.ts). */
  fresh = false;
  makeFails = 0;
  storeFails = false;
  readonly errors: string[] = [];
  steps = 0;

  constructor(homeBytes?: Uint8Array) {
    if (homeBytes) this.home = { writable: true, bytes: homeBytes };
  }

  request(who: number, write: boolean, reply: ReplyTo = who === ORIGIN ? fault : remote(who), have = true): void {
    this.event({ kind: 'request', req: { who, write, have, reply, notBefore: 0 } });
  }

  /** Kernel `k` answers its oldest invalidation (drops or downgrades its copy, sends bytes). */
  ack(k: number): void {
    const i = this.inflight.findIndex((x) => x.to === k);
    const inv = this.inflight.splice(i, 1)[0];
    if (!inv) throw new Error(`no invalidation in flight to ${k}`);
    const c = this.copies.get(k);
    const data = inv.wantData && c?.writable ? c.bytes.slice() : undefined;
    if (c && inv.downgrade) c.writable = false;
    else this.copies.delete(k);
    this.event({ kind: 'ack', from: k, data, gone: false });
  }

  died(k: number, gone = false): void {
    const i = this.inflight.findIndex((x) => x.to === k);
    this.inflight.splice(i, 1);
    this.copies.delete(k);
    this.event({ kind: 'peer-died', from: k, gone });
  }

  /** The one driver: advance, then carry the outputs out as the page server does. */
  event(ev: PageEvent | undefined): void {
    while (ev) {
      const before = JSON.stringify(this.entry, (_k, v: unknown) => (v instanceof Set ? [...v] : v));
      const step = advance(this.entry, ev, {
        self: ORIGIN,
        now: this.now,
        present: this.home !== undefined,
        fresh: this.fresh,
      });
      const after = JSON.stringify(this.entry, (_k, v: unknown) => (v instanceof Set ? [...v] : v));
      if (before !== after) this.errors.push('advance changed the entry it was given');
      this.entry = step.entry;
      ev = undefined;
      let copied: Uint8Array | undefined;
      for (const o of step.out) {
        if (o.kind === 'invalidate') this.inflight.push({ to: o.to, wantData: o.wantData, downgrade: o.downgrade });
        else if (o.kind === 'hold') this.held.push(o.req);
        else if (o.kind === 'store') {
          if (this.storeFails) ev = { kind: 'stored', errno: -ENOMEM };
          else {
            this.home = { writable: false, bytes: o.data.slice() };
            if (!o.fatal) ev = { kind: 'stored', errno: 0 };
          }
        } else if (o.kind === 'answer') {
          const data = 'data' in o.grant ? copied : undefined;
          this.answers.push({ req: o.req, grant: o.grant, data });
          if (o.req.who !== ORIGIN && !('error' in o.grant)) {
            // delivered at once: the requester maps what it got with the rights it asked for
            const c = this.copies.get(o.req.who);
            if (data) this.copies.set(o.req.who, { writable: o.req.write, bytes: data.slice() });
            else if (c) c.writable = o.req.write;
          }
          if (o.req.reply.kind === 'fault') this.fresh = true;
        } else {
          const h = this.home;
          switch (o.act) {
            case 'copy':
              copied = h ? h.bytes.slice() : new Uint8Array(16);
              break;
            case 'read-only':
            case 'downgrade':
              if (h) h.writable = false;
              break;
            case 'writable':
              if (h) h.writable = true;
              break;
            case 'drop':
              this.home = undefined;
              break;
            case 'make':
              if (this.makeFails) ev = { kind: 'made', errno: this.makeFails };
              else {
                this.home = { writable: true, bytes: new Uint8Array(16) };
                ev = { kind: 'made', errno: 0 };
              }
              break;
          }
        }
      }
      this.steps++;
      // a step that ends asking the origin's own memory (make, store) is answered before anyone
      // else runs: the invariants hold again after that answer's transition
      if (!ev) this.check();
    }
  }

  /** The held requests' epoch began: offered again. */
  nextEpoch(): void {
    this.now += 100;
    const held = this.held.splice(0);
    for (const req of held) this.event({ kind: 'request', req });
  }

  write(k: number, v: number): void {
    const c = k === ORIGIN ? this.home : this.copies.get(k);
    if (!c?.writable) throw new Error(`kernel ${k} may not write`);
    c.bytes.fill(v);
  }

  private check(): void {
    const all: PageCopy[] = [];
    if (this.home) all.push({ kernel: ORIGIN, ...this.home });
    for (const [kernel, c] of this.copies) all.push({ kernel, ...c });
    for (const e of checkPage(`step ${this.steps}`, this.entry, all, ORIGIN)) this.errors.push(e);
  }

  holders(): number[] {
    return [...(this.entry?.holders ?? (this.home ? [ORIGIN] : []))].sort();
  }
}

/** A world where kernels `readers` already hold read-only copies of the origin's page. */
function shared(readers: number[], v = 7): World {
  const w = new World(bytes(v));
  for (const k of readers) w.request(k, false);
  return w;
}

describe('page-coherency state machine', () => {
  it('grants a read of an idle page with its bytes, and the origin keeps a read-only copy', () => {
    const w = new World(bytes(5));
    w.request(1, false);
    expect(w.answers).toHaveLength(1);
    expect(w.answers[0]).toMatchObject({ req: { who: 1, write: false }, grant: { data: true }, data: bytes(5) });
    expect(w.holders()).toEqual([0, 1]);
    expect(w.entry?.writer).toBe(-1);
    expect(w.home?.writable).toBe(false);
    expect(w.errors).toEqual([]);
  });

  it('makes a page nobody has yet before granting it, and answers an errno when it cannot', () => {
    const w = new World();
    w.request(2, true);
    expect(w.answers[0]?.grant).toEqual({ data: true });
    expect(w.holders()).toEqual([2]);
    expect(w.entry?.writer).toBe(2);
    expect(w.home).toBeUndefined(); // dropped: kernel 2 writes it

    const oom = new World();
    oom.makeFails = -ENOMEM;
    oom.request(1, false);
    expect(oom.answers[0]?.grant).toEqual({ error: -ENOMEM });
    expect(oom.entry).toBeUndefined(); // nothing recorded: the page is still nobody's
    expect([...w.errors, ...oom.errors]).toEqual([]);
  });

  it('invalidates every sharer for a write, acks in any order, and answers only after the last', () => {
    for (const order of [
      [2, 3],
      [3, 2],
    ]) {
      const w = shared([1, 2, 3]);
      w.request(1, true);
      expect(w.inflight.map((x) => x.to)).toEqual([2, 3]);
      expect(w.entry?.op).toMatchObject({ phase: 'invalidate', awaiting: [2, 3] });
      w.ack(order[0] as number);
      expect(w.answers).toHaveLength(3); // the three reads only
      expect(w.entry?.op?.awaiting).toEqual([order[1]]);
      w.ack(order[1] as number);
      expect(w.answers[3]?.grant).toEqual({ short: true }); // its read-only copy was current
      expect(w.holders()).toEqual([1]);
      expect(w.entry?.writer).toBe(1);
      expect(w.copies.get(1)?.writable).toBe(true);
      expect(w.home).toBeUndefined();
      expect(w.errors).toEqual([]);
    }
  });

  it('recalls a written page from its writer before another kernel reads it', () => {
    const w = new World(bytes(1));
    w.request(1, true);
    w.write(1, 9);
    w.request(2, false);
    expect(w.inflight).toEqual([{ to: 1, wantData: true, downgrade: true }]);
    expect(w.entry?.op).toMatchObject({ phase: 'recall', from: 1, awaiting: [1] });
    w.ack(1);
    expect(w.answers[1]).toMatchObject({ grant: { data: true }, data: bytes(9) });
    expect(w.home?.bytes).toEqual(bytes(9));
    expect(w.holders()).toEqual([0, 1, 2]);
    expect(w.entry?.writer).toBe(-1);
    expect(w.errors).toEqual([]);
  });

  it('queues a request while another operation is under way and starts it when that one ends', () => {
    const w = shared([1, 2]);
    w.request(1, true);
    w.request(2, true); // kernel 2 wants to write too: it waits its turn
    expect(w.entry?.queue).toHaveLength(1);
    expect(w.inflight.map((x) => x.to)).toEqual([2]);
    w.ack(2);
    // kernel 1 got the write; kernel 2's operation began at once: the page is recalled from 1
    expect(w.answers.map((a) => a.req.who)).toEqual([1, 2, 1]);
    expect(w.inflight).toEqual([{ to: 1, wantData: true, downgrade: false }]);
    w.write(1, 4);
    w.ack(1);
    expect(w.answers[3]).toMatchObject({ req: { who: 2 }, grant: { data: true }, data: bytes(4) });
    expect(w.holders()).toEqual([2]);
    expect(w.entry?.queue).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('takes a released page home, and forgets the page when only the origin holds it again', () => {
    const w = new World(bytes(1));
    w.request(3, true);
    w.write(3, 6);
    const c = w.copies.get(3);
    if (c) c.writable = false; // the flush: kernel 3 keeps a read-only copy
    w.event({ kind: 'release', from: 3, data: c?.bytes ?? bytes(0), keep: true });
    expect(w.home?.bytes).toEqual(bytes(6));
    expect(w.holders()).toEqual([0, 3]);
    w.copies.delete(3);
    w.event({ kind: 'release', from: 3, data: new Uint8Array(0), keep: false });
    expect(w.entry).toBeUndefined();
    expect(w.home?.writable).toBe(true);
    expect(w.errors).toEqual([]);
  });

  it('goes on when a kernel dies in the middle of an operation', () => {
    const w = shared([1, 2, 3]);
    w.request(1, true);
    w.died(3);
    w.ack(2);
    expect(w.holders()).toEqual([1]);
    expect(w.answers[3]?.grant).toEqual({ short: true });

    // the writer dies holding the only copy: a reader gets the page made anew
    const lost = new World(bytes(2));
    lost.request(1, true);
    lost.request(2, false);
    lost.died(1);
    expect(lost.answers[1]).toMatchObject({ grant: { data: true }, data: new Uint8Array(16) });
    expect([...w.errors, ...lost.errors]).toEqual([]);
  });

  it('answers EFAULT when the process ended while an invalidation was out', () => {
    const w = shared([1, 2]);
    w.request(1, true);
    w.inflight.splice(0);
    w.event({ kind: 'ack', from: 2, data: undefined, gone: true });
    expect(w.answers[2]?.grant).toEqual({ error: -EFAULT });
    expect(w.entry?.op).toBeUndefined();
  });

  it("holds another kernel's request while the origin's threads that got the page have not used it", () => {
    const w = shared([1]);
    w.request(1, true); // kernel 1 writes it; now the origin's thread faults it back
    w.request(ORIGIN, false);
    w.ack(1);
    expect(w.fresh).toBe(true);
    w.request(2, true);
    expect(w.held).toEqual([expect.objectContaining({ who: 2, notBefore: 101 })]);
    expect(w.inflight).toEqual([]);
    w.nextEpoch(); // still not used (its thread had no hart): held again
    expect(w.held).toEqual([expect.objectContaining({ who: 2 })]);
    expect(w.inflight).toEqual([]);
    w.fresh = false; // the thread ran
    w.nextEpoch();
    expect(w.held).toEqual([]);
    expect(w.inflight.map((x) => x.to)).toEqual([1]); // kernel 1's read-only copy goes
    w.ack(1);
    expect(w.holders()).toEqual([2]);
    expect(w.errors).toEqual([]);
  });

  it('fails a recall whose bytes cannot be stored with ENOMEM', () => {
    const w = new World(bytes(1));
    w.request(1, true);
    w.storeFails = true;
    w.request(ORIGIN, false);
    w.ack(1);
    expect(w.answers[1]?.grant).toEqual({ error: -ENOMEM });
  });
});

describe('a kernel dead while the process lives on', () => {
  const entry = (holders: number[], writer: number): PageEntry => ({
    holders: new Set(holders),
    writer,
    op: undefined,
    queue: [],
  });

  it('forgets its read-only copy: the home copy is current, nothing is lost', () => {
    const step = forgetKernel(entry([ORIGIN, 1, 2], -1), 1, ORIGIN);
    expect(step.lost).toBe(false);
    expect([...(step.entry?.holders ?? [])]).toEqual([ORIGIN, 2]);
    // the origin's alone again: it may write it, and the directory forgets the page
    const alone = forgetKernel(entry([ORIGIN, 1], -1), 1, ORIGIN);
    expect(alone).toEqual({ entry: undefined, lost: false, homeWritable: true });
  });

  it('says the page is lost when the dead kernel was its writer', () => {
    const step = forgetKernel(entry([1], 1), 1, ORIGIN);
    expect(step.lost).toBe(true);
    expect(step.entry).toBeUndefined(); // nobody holds it: the process is killed anyway
  });

  it('leaves an entry with an operation under way to the operation, and a page it never held alone', () => {
    const w = new World(bytes(1));
    w.request(2, false);
    w.request(1, true); // kernel 2's copy is being invalidated
    const busy = w.entry;
    if (!busy?.op) throw new Error('no operation');
    expect(forgetKernel(busy, 2, ORIGIN).entry).toBe(busy);
    const other = entry([ORIGIN, 2], -1);
    expect(forgetKernel(other, 1, ORIGIN).entry).toBe(other);
  });
});
