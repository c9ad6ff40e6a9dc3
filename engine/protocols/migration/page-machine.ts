// Page coherency as a state machine: one pure function, advance(entry, event, home), from a
// page's directory entry and what happened to the entry it leaves and what must be done, in
// order (messages to send, answers that wake threads, actions on the origin's own copy). The
// page server (page-server.ts) only decodes messages into events, advances, and carries the
// outputs out; the unit tests (page-machine.test.ts) drive it without a machine.
//
// An operation serves one request at a time per page; the handshake, at the origin (home):
//   1. request{who, write}: held to the next epoch while the origin's threads that got the page
//      have not used it yet (page-arrival.ts), queued when an operation is under way, else it starts
//   2. recall: another kernel writes the page: PAGE_INVALIDATE_REQUEST{want data, downgrade for
//      a read} to it; its ack (or its death) brings the bytes home (store), then step 3
//   3. grant: a page nobody has is made at home first (make). A read adds the requester to the
//      holders (the origin's own writable copy becomes read-only). A write invalidates every other
//      copy: PAGE_INVALIDATE_REQUEST to each sharer, acks in any order, the origin's own copy
//      dropped last
//   4. answer: the bytes, or "yours is current" (short), or an errno; then the next queued request
//      starts (step 1 again: it may be held).
// A PAGE_RELEASE (a kernel flushing its written copy home, or giving its copy up) changes the
// holders at any time, and settles the page when no operation is under way.

import { EFAULT } from '../../kernels/errno';
import { NO_FAULTS, type ProtocolFaults } from '../faults';
import { freshEntry, settled, type PageEntry, type PageOp, type PageRequest } from './page-directory';

/** What the origin knows of its own copy of the page, and when it is, as the event comes in. */
export interface HomeFacts {
  /** The origin's kernel id. */
  readonly self: number;
  /** The current time (virtual ns): an epoch start, or a message's arrival within an epoch. */
  readonly now: number;
  /** Whether the origin's page table maps the page. */
  readonly present: boolean;
  /** The origin's threads got the page and have not all used it yet (page-arrival.ts keepsPage). */
  readonly fresh: boolean;
  /** Steps the scenario asked to skip, to show why they exist (faults.ts). */
  readonly faults?: ProtocolFaults;
}

export type PageEvent =
  | { readonly kind: 'request'; readonly req: PageRequest }
  /** A PAGE_INVALIDATE_RESPONSE, with the writer's bytes for a recall; `gone`: the process ended meanwhile. */
  | { readonly kind: 'ack'; readonly from: number; readonly data: Uint8Array | undefined; readonly gone: boolean }
  /** A kernel asked to invalidate died before answering: its copy went with it. */
  | { readonly kind: 'peer-died'; readonly from: number; readonly gone: boolean }
  /** The origin stored recalled bytes (errno 0) or could not (-ENOMEM). */
  | { readonly kind: 'stored'; readonly errno: number }
  /** The origin made the page as a first touch (errno 0), or could not (-ENOMEM, -EFAULT). */
  | { readonly kind: 'made'; readonly errno: number }
  /** PAGE_RELEASE: `from` flushed its bytes home (`data` non-empty) and keeps a copy, or gave it up. */
  | { readonly kind: 'release'; readonly from: number; readonly data: Uint8Array; readonly keep: boolean };

/** What a requester gets: the bytes `copy` took, "yours is current", or an errno. */
export type Grant = { readonly data: true } | { readonly short: true } | { readonly error: number };

/** Actions on the origin's own copy of the page. */
export type HomeAction =
  /** Take the home copy's bytes (zeros if it has none): the next data answer carries them. */
  | 'copy'
  /** Make it read-only / writable. */
  | 'read-only'
  | 'writable'
  /** Make it read-only because another kernel reads it now (traced as a downgrade). */
  | 'downgrade'
  /** Drop it: another kernel writes the page now (traced as an invalidation). */
  | 'drop'
  /** Materialize it as a first touch would: answered by a 'made' event. */
  | 'make';

export type PageOut =
  | { readonly kind: 'invalidate'; readonly to: number; readonly wantData: boolean; readonly downgrade: boolean }
  | { readonly kind: 'answer'; readonly req: PageRequest; readonly grant: Grant }
  | { readonly kind: 'home'; readonly act: HomeAction }
  /** Install bytes at home: answered by a 'stored' event, or, when `fatal`, a failure kills the process. */
  | { readonly kind: 'store'; readonly data: Uint8Array; readonly fatal: boolean }
  /** Keep the request until the epoch start `req.notBefore`, then offer it again. */
  | { readonly kind: 'hold'; readonly req: PageRequest };

export interface Step {
  /** The entry left, or undefined when the page is the origin's alone again (forgotten). */
  readonly entry: PageEntry | undefined;
  /** To be carried out in this order (a step that needs the origin's memory to answer ends with it). */
  readonly out: readonly PageOut[];
}

/** The one transition function: `entry` is left untouched, the step holds a new one. */
export function advance(entry: PageEntry | undefined, ev: PageEvent, home: HomeFacts): Step {
  const s = new Stepper(entry, home);
  s.on(ev);
  return { entry: s.result(), out: s.out };
}

/** A mutable copy of an entry being advanced, with what the origin's copy has become meanwhile. */
class Stepper {
  readonly out: PageOut[] = [];
  private e: { holders: Set<number>; writer: number; op: PageOp | undefined; queue: PageRequest[] } | undefined;
  private present: boolean;
  private fresh: boolean;
  private readonly self: number;
  private readonly now: number;
  private readonly faults: ProtocolFaults;

  constructor(entry: PageEntry | undefined, home: HomeFacts) {
    this.e = entry && { holders: new Set(entry.holders), writer: entry.writer, op: entry.op, queue: [...entry.queue] };
    this.present = home.present;
    this.fresh = home.fresh;
    this.self = home.self;
    this.now = home.now;
    this.faults = home.faults ?? NO_FAULTS;
  }

  result(): PageEntry | undefined {
    return this.e && settled(this.e, this.self) ? undefined : this.e;
  }

  on(ev: PageEvent): void {
    switch (ev.kind) {
      case 'request':
        this.consider(ev.req);
        return;
      case 'ack':
      case 'peer-died':
        this.answered(ev.from, ev.kind === 'ack' ? ev.data : undefined, ev.gone);
        return;
      case 'stored':
        if (this.e?.op?.phase !== 'store') return;
        if (ev.errno < 0) this.finish({ error: ev.errno });
        else {
          this.present = true;
          this.recalled(this.e.op);
        }
        return;
      case 'made':
        if (this.e?.op?.phase !== 'make') return;
        if (ev.errno < 0) this.finish({ error: ev.errno });
        else {
          this.present = true;
          this.home('read-only');
          this.e.holders.clear();
          this.e.holders.add(this.self);
          this.grant(this.e.op.req);
        }
        return;
      case 'release':
        this.release(ev.from, ev.data, ev.keep);
    }
  }

  private home(act: HomeAction): void {
    this.out.push({ kind: 'home', act });
  }

  private entry(): NonNullable<Stepper['e']> {
    if (!this.e) {
      const f = freshEntry(this.self, this.present);
      this.e = { holders: new Set(f.holders), writer: f.writer, op: undefined, queue: [] };
    }
    return this.e;
  }

  /** Step 1: hold, queue, or start. */
  private consider(req: PageRequest): void {
    if (req.who !== this.self && this.fresh) {
      this.out.push({ kind: 'hold', req: { ...req, notBefore: this.now + 1 } });
      return;
    }
    const e = this.entry();
    if (e.op) {
      e.queue.push(req);
      return;
    }
    const who = req.who;
    if (!req.have && who !== this.self && e.holders.delete(who) && e.writer === who) {
      // the requester dropped its copy without the directory knowing (a range unmapped while an
      // operation on the page was under way): what it held went with the mapping
      e.writer = -1;
    }
    const writer = e.writer;
    if (writer < 0 || writer === this.self || writer === who) {
      this.setOp({ req, phase: 'grant', awaiting: [], from: -1, others: [], current: false });
      this.grant(req);
      return;
    }
    // step 2: another kernel writes the page: its bytes come home first
    this.setOp({ req, phase: 'recall', awaiting: [writer], from: writer, others: [], current: false });
    this.out.push({ kind: 'invalidate', to: writer, wantData: true, downgrade: !req.write });
  }

  private setOp(op: PageOp): void {
    this.entry().op = op;
  }

  /** A kernel asked to invalidate answered (or died): recall and invalidate go on when all did. */
  private answered(from: number, data: Uint8Array | undefined, gone: boolean): void {
    const op = this.e?.op;
    if (!op || (op.phase !== 'recall' && op.phase !== 'invalidate') || !op.awaiting.includes(from)) return;
    const awaiting = op.awaiting.filter((k) => k !== from);
    this.setOp({ ...op, awaiting });
    if (awaiting.length > 0) return;
    if (gone) {
      this.finish({ error: -EFAULT }); // the process ended meanwhile: its memory is gone
      return;
    }
    if (op.phase === 'invalidate') {
      this.invalidated(op);
      return;
    }
    if (data) {
      this.setOp({ ...op, awaiting, phase: 'store' });
      this.out.push({ kind: 'store', data, fatal: false });
      return;
    }
    this.recalled(op);
  }

  /** The writer's bytes are home (or it had none to give): the holders say so, then step 3. */
  private recalled(op: PageOp): void {
    const e = this.entry();
    if (e.writer === op.from) e.writer = -1;
    if (op.req.write) e.holders.delete(op.from);
    if (this.present) e.holders.add(this.self);
    this.setOp({ ...op, phase: 'grant' });
    this.grant(op.req);
  }

  /** Step 3: the home copy is current (or the requester writes it): hand it out. */
  private grant(req: PageRequest): void {
    const e = this.entry();
    const { who, write } = req;
    const self = this.self;
    if (e.writer < 0 && !this.present) {
      // nobody has it yet (or its last writer died): it is made here, as a first touch would be
      const op = e.op;
      if (op) this.setOp({ ...op, phase: 'make' });
      this.home('make');
      return; // the 'made' event goes on
    }
    if (!write) {
      const had = e.holders.has(who);
      if (e.writer === self && who !== self) {
        this.home('downgrade');
        e.writer = -1;
      }
      e.holders.add(who);
      if (who === self || had) this.finish({ short: true });
      else {
        this.home('copy');
        this.finish({ data: true });
      }
      return;
    }
    const current = e.holders.has(who) && (who !== self || this.present);
    const others = [...e.holders].filter((k) => k !== who && k !== self);
    const op: PageOp = { req, phase: 'invalidate', awaiting: others, from: -1, others, current };
    this.setOp(op);
    // the fault: the directory forgets the other copies instead of taking them back, which
    // leaves them mapped, read-only and stale once the writer writes
    if (others.length === 0 || this.faults.has('skip-write-invalidation')) {
      this.invalidated(op);
      return;
    }
    for (const k of others) this.out.push({ kind: 'invalidate', to: k, wantData: false, downgrade: false });
  }

  /** Every other copy is gone: the requester becomes the writer. */
  private invalidated(op: PageOp): void {
    const e = this.entry();
    const who = op.req.who;
    for (const k of op.others) e.holders.delete(k);
    e.holders.clear();
    e.holders.add(who);
    e.writer = who;
    if (who === this.self) {
      this.home('writable');
      this.finish({ short: true });
      return;
    }
    const withData = !op.current && this.present;
    if (withData) this.home('copy');
    if (this.present) {
      this.home('drop');
      this.present = false;
    }
    this.finish(withData ? { data: true } : { short: true });
  }

  /** Step 4: answer, and the next queued request (if any) starts. */
  private finish(grant: Grant): void {
    const e = this.entry();
    const req = e.op?.req;
    if (!('error' in grant)) this.normalize();
    e.op = undefined;
    const next = e.queue.shift();
    if (settled(e, this.self)) this.e = undefined;
    if (req) {
      this.out.push({ kind: 'answer', req, grant });
      if (req.reply.kind === 'fault') this.fresh = true; // the origin's threads got it now
    }
    if (next) this.consider(next);
  }

  /** A page only the origin holds is the origin's to write again. */
  private normalize(): void {
    const e = this.entry();
    if (e.writer < 0 && e.holders.size === 1 && e.holders.has(this.self)) {
      e.writer = this.self;
      this.home('writable');
    }
  }

  private release(from: number, data: Uint8Array, keep: boolean): void {
    const e = this.e;
    if (!e) return; // the directory never listed it: nothing to take
    if (data.length > 0 && e.writer === from) {
      this.out.push({ kind: 'store', data, fatal: true });
      this.present = true;
      e.writer = -1;
      e.holders.add(this.self);
    }
    if (!keep) e.holders.delete(from);
    if (!e.op) this.normalize();
  }
}

/**
 * A kernel died while the process lives on (it had no thread there): the directory forgets its
 * copies. A read-only copy costs nothing, the home copy is current. When it was the page's
 * writer, the only current copy died with it (`lost`): the process's memory is no longer whole,
 * and the page server kills it. An entry with an operation under way is left to the operation,
 * which hears of the death as an answer (peer-died) and removes the copy itself; the page
 * server forgets again at every epoch start while the kernel stays dead.
 */
export function forgetKernel(
  entry: PageEntry,
  dead: number,
  self: number,
): { readonly entry: PageEntry | undefined; readonly lost: boolean; readonly homeWritable: boolean } {
  if (entry.op || entry.queue.length > 0 || !entry.holders.has(dead))
    return { entry, lost: false, homeWritable: false };
  const holders = new Set(entry.holders);
  holders.delete(dead);
  const lost = entry.writer === dead;
  let writer = lost ? -1 : entry.writer;
  // a page only the origin holds is the origin's to write again (as Stepper.normalize)
  const homeWritable = writer < 0 && holders.size === 1 && holders.has(self);
  if (homeWritable) writer = self;
  const e: PageEntry = { holders, writer, op: undefined, queue: [] };
  return { entry: settled(e, self) ? undefined : e, lost, homeWritable };
}
