// Page coherency for distributed processes (Popcorn's page server): reader-replicate,
// writer-invalidate, with the origin as home keeping each page's holders (page-directory.ts).
//
// A remote kernel that faults on a page (its hart, or a syscall touching user memory):
//   1. blocks the thread and sends REMOTE_PAGE_REQUEST{pid, page, write} to the origin; later
//      faults on that page wait for the same answer (merged)
//   2. the origin serializes operations per page. If another kernel writes the page it sends it
//      PAGE_INVALIDATE_REQUEST{want data, downgrade for a read} and takes the bytes home. For a
//      write it invalidates every other copy (its own included) and waits for all answers.
//   3. it answers REMOTE_PAGE_RESPONSE with the bytes, or REMOTE_PAGE_RESPONSE_SHORT when the
//      requester's copy is already current (ownership without data), or an errno (no VMA)
//   4. the requester maps the page read-only (shared) or writable (exclusive) and wakes the
//      threads, which retry the access.
// The origin's own threads fault into the same serialized operations. A remote context with no
// thread left flushes home the bytes of the pages it could write (PAGE_RELEASE) and keeps clean copies.

import { EFAULT, ENOMEM } from '../../kernels/errno';
import type { Access } from '../../kernels/mm/address-space';
import { pageDown, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../kernels/mm/address-space';
import { oomKill } from '../../kernels/mm/oom';
import type { PageCoherence } from '../../kernels/mm/page-miss';
import type { Thread } from '../../kernels/proc/task';
import { exitGroup } from '../../kernels/proc/lifecycle';
import { SIGKILL } from '../../kernels/signal/signals';
import { EV } from '../../kernels/trace';
import { PAGE_SIZE } from '../../hw/memory-map';
import { WireReader, WireWriter } from '../messaging/codec';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import type { Distribution, Fetch, OriginState, RemoteContext } from './distribution';
import type { PageEntry } from './page-directory';
import { readVmas, writeVmas } from './wire';

/** What the origin tells a requester: bytes, "yours is current", or an errno. */
type Grant = { data: Uint8Array } | { short: true } | { error: number };

/** Observer called after every protocol step (the tests' invariant checker). */
export type StepObserver = (what: string) => void;

export class PageServer {
  /** Set by tests: runs after every step that changed a page's owners. */
  onStep: StepObserver | undefined;
  /** Threads woken because their page arrived, until they retried what faulted (see wasWaiting). */
  private readonly retrying = new WeakSet<Thread>();

  /**
   * Whether `t` was woken by a page it waited for and has not retried its access yet (asking
   * clears it): it must not move on first, or a thread moved as often as its pages travel
   * would fetch forever and never run the instruction that needed them.
   */
  wasWaiting(t: Thread): boolean {
    const was = this.retrying.has(t);
    this.retrying.delete(t);
    return was;
  }

  private wakeAfterFetch(waiters: readonly Thread[]): void {
    for (const w of waiters) {
      this.retrying.add(w);
      this.d.k.wake(w);
    }
  }

  constructor(private readonly d: Distribution) {
    const m = d.messenger;
    m.on(MSG.REMOTE_PAGE_REQUEST, (msg) => {
      this.serveRequest(msg);
    });
    m.on(MSG.PAGE_INVALIDATE_REQUEST, (msg) => {
      this.serveInvalidate(msg);
    });
    m.on(MSG.PAGE_RELEASE, (msg) => {
      this.serveRelease(msg);
    });
  }

  private get self(): number {
    return this.d.k.id;
  }

  // ---- coherence as the address spaces see it ----

  /** The origin's rule: pages in the directory are touched only with the rights it records. */
  originCoherence(st: OriginState): PageCoherence {
    return {
      allows: (page, access) => {
        const e = st.dir.get(page);
        if (!e) return true;
        return access === 'write' ? e.writer === this.self : e.holders.has(this.self);
      },
      unknownVma: () => false,
    };
  }

  /** A remote context's rule: nothing is touched before the origin sent it. */
  remoteCoherence(ctx: RemoteContext): PageCoherence {
    return {
      allows: (page, access) => {
        const h = ctx.p.mm.holds(page);
        return access === 'write' ? h.writable : h.present;
      },
      unknownVma: (va) => !ctx.absent.has(pageDown(va)),
    };
  }

  // ---- faults ----

  /** A thread of a remote context needs `page`: fetch it (merged with fetches under way). */
  remoteMiss(ctx: RemoteContext, t: Thread, va: number, access: Access, vmaKnown: boolean): void {
    const page = pageDown(va);
    const write = access === 'write';
    this.d.park(t);
    this.d.stats.remoteFaults++;
    this.d.k.trace(t, EV.PAGE_FETCH, write ? 1 : 0, page, 0);
    const f = ctx.fetching.get(page);
    if (f) {
      f.waiters.push(t); // it retries when this fetch ends, and asks again if it needs more
      return;
    }
    const fetch: Fetch = { write, waiters: [t] };
    ctx.fetching.set(page, fetch);
    const have = ctx.p.mm.holds(page).present;
    const body = new WireWriter()
      .u32(ctx.p.pid)
      .f64(page)
      .u8(write ? 1 : 0)
      .u8(vmaKnown ? 0 : 1)
      .u8(have ? 1 : 0)
      .done();
    const asked = this.d.k.timeOf(t);
    this.d.ask(ctx.origin, MSG.REMOTE_PAGE_REQUEST, body, (reply) => {
      ctx.fetching.delete(page);
      const stats = this.d.stats;
      if (write) {
        stats.remoteWrites++;
        stats.remoteWriteNs += this.d.k.now - asked;
      } else {
        stats.remoteReads++;
        stats.remoteReadNs += this.d.k.now - asked;
      }
      if (this.d.contexts.get(ctx.p.pid) !== ctx) return; // the process ended meanwhile
      this.install(ctx, page, fetch, reply);
      this.wakeAfterFetch(fetch.waiters);
      this.onStep?.(`k${this.self} got ${page.toString(16)}`);
    });
  }

  private install(ctx: RemoteContext, page: number, fetch: Fetch, reply: Delivered | undefined): void {
    const mm = ctx.p.mm;
    if (!reply) {
      ctx.p.threads.forEach((t) => {
        if (t.alive) this.d.k.printk(`process ${ctx.p.pid}: origin kernel ${ctx.origin} is gone`);
      });
      exitGroup(this.d.k, ctx.p, SIGKILL);
      return;
    }
    const r = new WireReader(reply.body);
    if (reply.type === MSG.REMOTE_PAGE_RESPONSE_SHORT) {
      ctx.arrived.set(page, this.d.k.now);
      mm.setWritable(page, fetch.write);
      return;
    }
    const status = r.i32();
    // the VMA the page belongs to, when this kernel did not know it or knew it with other rights
    // (on demand, from the origin)
    const vmas = readVmas(r);
    for (const vma of vmas) {
      mm.vmas = mm.vmas.filter((v) => v.end <= vma.start || v.start >= vma.end);
      mm.addVma(vma);
    }
    if (status < 0) {
      // no VMA there, or one that forbids the access: the retry takes the SIGSEGV (or EFAULT)
      if (vmas.length === 0) mm.munmap(page, PAGE_SIZE);
      ctx.absent.add(page);
      return;
    }
    if (vmas.length > 0) ctx.absent.clear();
    const data = r.bytes();
    ctx.arrived.set(page, this.d.k.now);
    if (!mm.installPage(page, data, fetch.write)) {
      oomKill(this.d.k, ctx.p, 'fetching a page');
    }
  }

  /** A thread of this kernel's own distributed process needs a page other kernels hold. */
  originMiss(st: OriginState, t: Thread, va: number, access: Access): void {
    const page = pageDown(va);
    const write = access === 'write';
    this.d.park(t);
    this.d.k.trace(t, EV.PAGE_FETCH, write ? 1 : 0, page, 0);
    const f = st.fetching.get(page);
    if (f) {
      f.waiters.push(t);
      return;
    }
    const fetch: Fetch = { write, waiters: [t] };
    st.fetching.set(page, fetch);
    this.acquire(st, page, this.self, write, (grant) => {
      st.fetching.delete(page);
      st.arrived.set(page, this.d.k.now);
      if ('error' in grant && grant.error === -ENOMEM) {
        oomKill(this.d.k, st.p, 'fetching a page');
      }
      this.wakeAfterFetch(fetch.waiters); // on an error the retry faults as a lone kernel would
    });
  }

  // ---- the origin's side ----

  private serveRequest(m: Delivered): void {
    const r = new WireReader(m.body);
    const pid = r.u32();
    const page = r.f64();
    const write = r.u8() === 1;
    const wantVma = r.u8() === 1;
    const have = r.u8() === 1;
    const st = this.d.origins.get(pid);
    const answer = (grant: Grant) => {
      if ('short' in grant) {
        this.d.stats.grantsWithoutData++;
        this.d.messenger.reply(m, MSG.REMOTE_PAGE_RESPONSE_SHORT, new Uint8Array(0), this.d.k.now);
        return;
      }
      const w = new WireWriter().i32('error' in grant ? grant.error : 0);
      const vma = wantVma || 'error' in grant ? st?.p.mm.findVma(page) : undefined;
      writeVmas(w, vma ? [vma] : []);
      if ('data' in grant) {
        w.bytes(grant.data);
        this.d.stats.pagesSent++;
      }
      this.d.messenger.reply(m, MSG.REMOTE_PAGE_RESPONSE, w.done(), this.d.k.now);
    };
    if (!st || !Number.isSafeInteger(page) || page % PAGE_SIZE !== 0) {
      answer({ error: -EFAULT });
      return;
    }
    st.remotes.add(m.from);
    const vma = st.p.mm.vmaAt(page);
    if (!vma || (vma.prot & (write ? PROT_WRITE : PROT_READ | PROT_EXEC)) === 0) {
      answer({ error: -EFAULT }); // with the VMA as it is here, if any
      return;
    }
    this.acquire(st, page, m.from, write, answer, have);
  }

  /**
   * Brings `page` to the state where kernel `who` may read it (or write it), one operation per
   * page at a time; `done` gets what to send `who`.
   */
  private acquire(
    st: OriginState,
    page: number,
    who: number,
    write: boolean,
    done: (g: Grant) => void,
    have = true,
  ): void {
    const mm = st.p.mm;
    const self = this.self;
    if (who !== self && st.arrived.get(page) === this.d.k.now) {
      // the origin's threads got this page in this epoch: they use it once first (serveInvalidate)
      this.d.defer(() => {
        this.acquire(st, page, who, write, done, have);
      });
      return;
    }
    const e = st.dir.open(page, mm.holds(page).present);
    if (e.busy) {
      e.queue.push(() => {
        this.acquire(st, page, who, write, done, have);
      });
      return;
    }
    e.busy = true;
    if (!have && who !== self && e.holders.delete(who) && e.writer === who) {
      // the requester dropped its copy without the directory knowing (a range unmapped while an
      // operation on the page was under way): what it held went with the mapping
      e.writer = -1;
    }
    const finish = (g: Grant) => {
      if (!('error' in g)) this.normalize(st, page, e);
      e.busy = false;
      const next = e.queue.shift();
      st.dir.settle(page);
      done(g);
      this.onStep?.(`k${self} ${write ? 'write' : 'read'} ${page.toString(16)} for k${who}`);
      next?.();
    };
    const second = () => {
      this.grant(st, page, e, who, write, finish);
    };
    const writer = e.writer;
    if (writer < 0 || writer === self || writer === who) {
      second();
      return;
    }
    // another kernel writes the page: take its bytes home first
    this.invalidate(st, writer, page, true, !write, (data) => {
      if (this.d.originOf(st.p) !== st) {
        finish({ error: -EFAULT }); // the process ended meanwhile: its memory is gone
        return;
      }
      if (data && !mm.installPage(page, data, false)) {
        finish({ error: -ENOMEM });
        return;
      }
      if (e.writer === writer) e.writer = -1;
      if (write) e.holders.delete(writer);
      if (mm.holds(page).present) e.holders.add(self);
      second();
    });
  }

  /** Step two: the home copy is current (or `who` writes it): hand it out. */
  private grant(st: OriginState, page: number, e: PageEntry, who: number, write: boolean, finish: (g: Grant) => void) {
    const mm = st.p.mm;
    const self = this.self;
    if (e.writer < 0 && !mm.holds(page).present) {
      // nobody has it yet (or its last writer died): it is made here, as a first touch would be
      const made = mm.touch(page);
      if (made !== 'mapped') {
        finish({ error: made === 'oom' ? -ENOMEM : -EFAULT });
        return;
      }
      mm.setWritable(page, false);
      e.holders.clear();
      e.holders.add(self);
    }
    if (!write) {
      const had = e.holders.has(who);
      if (e.writer === self && who !== self) {
        mm.setWritable(page, false);
        this.d.k.trace(undefined, EV.PAGE_INVALIDATE, 1, page, st.p.pid);
        e.writer = -1;
      }
      e.holders.add(who);
      if (who === self || had) finish({ short: true });
      else finish({ data: mm.pageBytes(page) ?? new Uint8Array(PAGE_SIZE) });
      return;
    }
    const current = e.holders.has(who) && (who !== self || mm.holds(page).present);
    const others = [...e.holders].filter((k) => k !== who && k !== self);
    let left = others.length;
    const invalidated = () => {
      if (this.d.originOf(st.p) !== st) {
        finish({ error: -EFAULT });
        return;
      }
      for (const k of others) e.holders.delete(k);
      if (who === self) {
        e.holders.clear();
        e.holders.add(self);
        e.writer = self;
        mm.setWritable(page, true);
        finish({ short: true });
        return;
      }
      const data = current ? undefined : mm.pageBytes(page);
      if (mm.holds(page).present) {
        mm.dropPage(page);
        this.d.k.trace(undefined, EV.PAGE_INVALIDATE, 0, page, st.p.pid);
      }
      e.holders.clear();
      e.holders.add(who);
      e.writer = who;
      finish(data ? { data } : { short: true });
    };
    if (left === 0) {
      invalidated();
      return;
    }
    for (const k of others) {
      this.invalidate(st, k, page, false, false, () => {
        if (--left === 0) invalidated();
      });
    }
  }

  /** A page only the origin holds is the origin's to write again. */
  private normalize(st: OriginState, page: number, e: PageEntry): void {
    if (e.writer < 0 && e.holders.size === 1 && e.holders.has(this.self)) {
      e.writer = this.self;
      st.p.mm.setWritable(page, true);
    }
  }

  private invalidate(
    st: OriginState,
    to: number,
    page: number,
    wantData: boolean,
    downgrade: boolean,
    done: (data: Uint8Array | undefined) => void,
  ): void {
    this.d.stats.invalidations++;
    const body = new WireWriter()
      .u32(st.p.pid)
      .f64(page)
      .u8(wantData ? 1 : 0)
      .u8(downgrade ? 1 : 0)
      .done();
    this.d.ask(to, MSG.PAGE_INVALIDATE_REQUEST, body, (reply) => {
      if (!reply) {
        this.d.k.printk(`process ${st.p.pid}: kernel ${to} died holding page ${page.toString(16)}`);
        done(undefined);
        return;
      }
      const data = new WireReader(reply.body).bytes();
      done(data.length > 0 ? data : undefined);
    });
  }

  /** A kernel sent a page home: a flush (it keeps a read-only copy), or it gave its copy up. */
  private serveRelease(m: Delivered): void {
    const r = new WireReader(m.body);
    const st = this.d.origins.get(r.u32());
    const page = r.f64();
    const data = r.bytes();
    const keep = r.u8() === 1; // it keeps a read-only copy (a flush), or gave the page up
    const e = st?.dir.get(page);
    if (!st || !e) return;
    if (data.length > 0 && e.writer === m.from) {
      if (!st.p.mm.installPage(page, data, false)) oomKill(this.d.k, st.p, 'taking a page home');
      e.writer = -1;
      e.holders.add(this.self);
    }
    if (!keep) e.holders.delete(m.from);
    if (!e.busy) {
      this.normalize(st, page, e);
      st.dir.settle(page);
    }
    this.onStep?.(`k${this.self} release ${page.toString(16)} from k${m.from}`);
  }

  // ---- the remote's side ----

  /**
   * A page that arrived in this very epoch is kept until the threads that waited for it ran
   * once: messages are handled at epoch starts, and answering at once would take every page
   * away before anyone used it (three kernels writing one page would pass it round forever).
   */
  private serveInvalidate(m: Delivered): void {
    const r = new WireReader(m.body);
    const ctx = this.d.contexts.get(r.u32());
    const page = r.f64();
    if (ctx && ctx.arrived.get(page) === this.d.k.now) {
      this.d.defer(() => {
        this.serveInvalidate(m);
      });
      return;
    }
    const wantData = r.u8() === 1;
    const downgrade = r.u8() === 1;
    let data: Uint8Array = new Uint8Array(0);
    const mm = ctx?.p.mm;
    const held = mm?.holds(page);
    if (mm && held?.present) {
      if (wantData && held.writable) data = mm.pageBytes(page) ?? data;
      if (downgrade) mm.setWritable(page, false);
      else mm.dropPage(page);
      this.d.k.trace(undefined, EV.PAGE_INVALIDATE, downgrade ? 1 : 0, page, ctx.p.pid);
    }
    this.d.messenger.reply(m, MSG.PAGE_INVALIDATE_RESPONSE, new WireWriter().bytes(data).done(), this.d.k.now);
    this.onStep?.(`k${this.self} invalidated ${page.toString(16)}`);
  }

  /**
   * The last thread left this context (went home, moved on, or ended): the bytes of every page
   * it could write go home (PAGE_RELEASE, keeping a read-only copy), so the origin has them all.
   * The clean copies stay, listed as holders at the origin: a thread that comes back finds its
   * code and data here, and a write anywhere invalidates them as usual. They go when the process
   * ends (TASK_EXIT_ORIGIN).
   */
  flushContext(ctx: RemoteContext): void {
    const mm = ctx.p.mm;
    const dirty: number[] = [];
    mm.pageTable.forEachPage((va) => {
      if (mm.holds(va).writable) dirty.push(va);
    });
    for (const page of dirty) {
      const data = mm.pageBytes(page) ?? new Uint8Array(0);
      mm.setWritable(page, false);
      this.sendRelease(ctx, page, data, true);
    }
  }

  private sendRelease(ctx: RemoteContext, page: number, data: Uint8Array, keep: boolean): void {
    const body = new WireWriter()
      .u32(ctx.p.pid)
      .f64(page)
      .bytes(data)
      .u8(keep ? 1 : 0)
      .done();
    this.d.messenger.send(ctx.origin, MSG.PAGE_RELEASE, body, this.d.k.now);
  }

  /** Frees a context without sending anything (its process ended at the origin). */
  discard(ctx: RemoteContext): void {
    for (const t of ctx.p.threads) if (t.alive) this.d.k.evict(t);
    ctx.p.mm.destroy();
    ctx.p.state = 'zombie';
    if (this.d.contexts.get(ctx.p.pid) === ctx) this.d.contexts.delete(ctx.p.pid);
  }

  /** Gives a page whose VMA lost the right to be written back home (VMA_UNMAP of an mprotect). */
  release(ctx: RemoteContext, page: number): void {
    const mm = ctx.p.mm;
    const held = mm.holds(page);
    if (!held.present) return;
    const data = held.writable ? (mm.pageBytes(page) ?? new Uint8Array(0)) : new Uint8Array(0);
    mm.dropPage(page);
    this.sendRelease(ctx, page, data, false);
  }

  /**
   * Brings every page another kernel writes home (read-only copies may stay), then calls
   * `done`: fork copies the origin's page table and must find every page current there.
   */
  recallAll(st: OriginState, done: () => void): void {
    const pages = [...st.dir.pages()].filter(([, e]) => e.writer >= 0 && e.writer !== this.self).map(([p]) => p);
    let left = pages.length;
    if (left === 0) {
      done();
      return;
    }
    for (const page of pages) {
      this.acquire(st, page, this.self, false, () => {
        if (--left === 0) done();
      });
    }
  }

  /** Forgets pages of the directory in [start, end) (unmapped at the origin). */
  forget(st: OriginState, start: number, end: number): void {
    for (const [page] of [...st.dir.pages()])
      if (page >= start && page < end && !st.dir.get(page)?.busy) st.dir.delete(page);
  }
}
