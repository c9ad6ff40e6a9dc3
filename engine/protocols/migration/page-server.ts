// Page coherency for distributed processes (Popcorn's page server): reader-replicate,
// writer-invalidate, with the origin as home keeping each page's holders and the operation under
// way on it (page-directory.ts). What happens to a page is decided by one pure transition
// function (page-machine.ts, where the handshake is numbered); this server decodes messages
// into its events, advances the page's entry, and carries the outputs out: messages, answers
// that wake threads, actions on the origin's own copy.
//
// A remote kernel that faults on a page (its hart, or a syscall touching user memory) blocks the
// thread and sends REMOTE_PAGE_REQUEST to the origin (later faults on that page wait for the same
// answer), maps the page it gets read-only (shared) or writable (exclusive), and wakes the
// threads, which retry the access. It answers PAGE_INVALIDATE_REQUEST by dropping (or
// downgrading) its copy. A remote context with no thread left flushes home the bytes of the
// pages it could write (PAGE_RELEASE) and keeps clean copies. The origin's own threads fault into
// the same serialized operations.

import { EFAULT, ENOMEM } from '../../kernels/errno';
import type { Access } from '../../kernels/mm/address-space';
import { pageDown, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../kernels/mm/address-space';
import { oomKill } from '../../kernels/mm/oom';
import type { PageCoherence } from '../../kernels/mm/page-miss';
import type { Thread } from '../../kernels/proc/task';
import { EV } from '../../kernels/trace';
import { accessCode, INVALIDATE_DOWNGRADE } from '../../kernels/trace-format';
import { PAGE_SIZE } from '../../hw/memory-map';
import { VMA_SERVER_IF } from '../interfaces/vma-server';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import type { Distribution, Fetch, OriginState, RemoteContext } from './distribution';
import { arrival, keepsPage } from './page-arrival';
import type { ReplyTo } from './page-directory';
import { advance, forgetKernel, type Grant, type PageEvent, type PageOut } from './page-machine';
import { RemotePages } from './page-remote';
import { SharedPages } from './shm-service';
import {
  decodePageInvalidateResponse,
  decodePageRelease,
  decodeRemotePageRequest,
  encodePageInvalidateRequest,
  encodeRemotePageResponse,
} from './page-wire';

/** Observer called after every protocol step (the tests' invariant checker). */
export type StepObserver = (what: string) => void;

export class PageServer {
  /** Set by tests: runs after every step that changed a page's owners. */
  onStep: StepObserver | undefined;
  /** The remote kernels' side: fetches, invalidations, flushes. */
  readonly remote: RemotePages;
  /** MAP_SHARED objects mapped on several kernels: kept coherent per object (shm-service.ts). */
  readonly shm: SharedPages;

  constructor(private readonly d: Distribution) {
    this.shm = new SharedPages(
      d,
      (waiters) => {
        this.remote.wakeAfterFetch(waiters);
      },
      (what) => this.onStep?.(what),
    );
    this.remote = new RemotePages(d, (what) => this.onStep?.(what), this.shm);
    const m = d.messenger;
    m.on(MSG.REMOTE_PAGE_REQUEST, (msg) => {
      this.serveRequest(msg);
    });
    m.on(MSG.PAGE_INVALIDATE_REQUEST, (msg) => {
      if (!this.remote.serveInvalidate(msg)) this.d.held.push({ kind: 'invalidate', msg });
    });
    m.on(MSG.PAGE_RELEASE, (msg) => {
      this.serveRelease(msg);
    });
  }

  private get self(): number {
    return this.d.k.id;
  }

  /** At every epoch start (after dead peers were reaped): held work is offered again, in order. */
  onEpoch(): void {
    for (const h of this.d.held.splice(0)) {
      if (h.kind === 'request') this.run(h.st, h.page, { kind: 'request', req: h.req });
      else if (!this.remote.serveInvalidate(h.msg)) this.d.held.push(h);
    }
    this.shm.onEpoch();
  }

  /**
   * Whether `t` was woken by a page it waited for and has not retried its access yet (asking
   * clears it): see RemotePages.wasWaiting.
   */
  wasWaiting(t: Thread): boolean {
    return this.remote.wasWaiting(t);
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

  remoteCoherence(ctx: RemoteContext): PageCoherence {
    return this.remote.coherence(ctx);
  }

  remoteMiss(ctx: RemoteContext, t: Thread, va: number, access: Access, vmaKnown: boolean): void {
    this.remote.miss(ctx, t, va, access, vmaKnown);
  }

  // ---- the origin's side ----

  /** A thread of this kernel's own distributed process needs a page other kernels hold. */
  originMiss(st: OriginState, t: Thread, va: number, access: Access): void {
    const page = pageDown(va);
    const write = access === 'write';
    this.d.park(t);
    this.d.k.trace(t, EV.PAGE_FETCH, accessCode(write ? 'write' : 'read'), page, 0);
    const f = st.fetching.get(page);
    if (f) {
      f.waiters.push(t);
      return;
    }
    const fetch: Fetch = { write, waiters: [t] };
    st.fetching.set(page, fetch);
    this.request(st, page, this.self, write, true, { kind: 'fault' });
  }

  private serveRequest(m: Delivered): void {
    const q = decodeRemotePageRequest(m.body);
    const st = this.d.origins.get(q.pid);
    const reply: ReplyTo = { kind: 'message', msg: m, wantVma: q.wantVma };
    if (!st || !Number.isSafeInteger(q.page) || q.page % PAGE_SIZE !== 0) {
      this.answer(st, q.page, reply, { error: -EFAULT }, undefined);
      return;
    }
    st.remotes.add(m.from);
    const vma = st.p.mm.vmaAt(q.page);
    if (vma?.shared) {
      // a shared object's pages are its own protocol's: the kernel asking does not know which
      // object the VMA maps (it was made after the thread left). The origin's VMAs go to it with
      // their objects first (VMA_UNMAP, which takes nothing away that is still mapped); once it
      // took them, "yours is current": its retry finds the object and asks the object's home
      const mm = st.p.mm;
      const body = VMA_SERVER_IF.VMA_UNMAP.encode({
        pid: st.p.pid,
        vmas: [...mm.vmas],
        shared: this.shm.bindings(mm.vmas),
      });
      this.d.ask(m.from, MSG.VMA_UNMAP, body, () => {
        this.answer(st, q.page, reply, { short: true }, undefined);
      });
      return;
    }
    if (!vma || (vma.prot & (q.write ? PROT_WRITE : PROT_READ | PROT_EXEC)) === 0) {
      this.answer(st, q.page, reply, { error: -EFAULT }, undefined); // with the VMA as it is here, if any
      return;
    }
    this.request(st, q.page, m.from, q.write, q.have, reply);
  }

  private request(st: OriginState, page: number, who: number, write: boolean, have: boolean, reply: ReplyTo): void {
    this.run(st, page, { kind: 'request', req: { who, write, have, reply, notBefore: 0 } });
  }

  /** A kernel sent a page home: a flush (it keeps a read-only copy), or it gave its copy up. */
  private serveRelease(m: Delivered): void {
    const r = decodePageRelease(m.body);
    const st = this.d.origins.get(r.pid);
    if (!st?.dir.get(r.page)) return;
    this.run(st, r.page, { kind: 'release', from: m.from, data: r.data, keep: r.keep });
  }

  /** An answer to PAGE_INVALIDATE_REQUEST came (or its kernel died): the operation goes on. */
  private invalidated(st: OriginState, page: number, from: number, reply: Delivered | undefined): void {
    const gone = this.d.originOf(st.p) !== st; // the process ended meanwhile
    if (!reply) {
      this.d.k.printk(`process ${st.p.pid}: kernel ${from} died holding page ${page.toString(16)}`);
      this.run(st, page, { kind: 'peer-died', from, gone });
      return;
    }
    const data = decodePageInvalidateResponse(reply.body);
    this.run(st, page, { kind: 'ack', from, data: data.length > 0 ? data : undefined, gone });
  }

  /**
   * decode → advance → carry out, until the origin's memory has nothing more to answer; then the
   * page is in a state the invariants hold in (the tests check them here).
   */
  private run(st: OriginState, page: number, event: PageEvent): void {
    const mm = st.p.mm;
    let ev: PageEvent | undefined = event;
    const what = `k${this.self} ${event.kind} ${page.toString(16)}`;
    while (ev) {
      const home = {
        self: this.self,
        now: this.d.k.now,
        present: mm.holds(page).present,
        fresh: keepsPage(st.arrived.get(page), this.d.k.now),
        faults: this.d.faults,
      };
      const step = advance(st.dir.get(page), ev, home);
      st.dir.put(page, step.entry);
      ev = this.carryOut(st, page, step.out);
    }
    this.onStep?.(what);
  }

  /** Carries a step's outputs out in order; returns the origin memory's answer, if one is due. */
  private carryOut(st: OriginState, page: number, out: readonly PageOut[]): PageEvent | undefined {
    const mm = st.p.mm;
    let copied: Uint8Array | undefined;
    for (const o of out) {
      switch (o.kind) {
        case 'invalidate': {
          this.d.stats.invalidations++;
          const body = encodePageInvalidateRequest({
            pid: st.p.pid,
            page,
            wantData: o.wantData,
            downgrade: o.downgrade,
          });
          this.d.ask(o.to, MSG.PAGE_INVALIDATE_REQUEST, body, (reply) => {
            this.invalidated(st, page, o.to, reply);
          });
          break;
        }
        case 'hold':
          this.d.held.push({ kind: 'request', st, page, req: o.req });
          break;
        case 'store': {
          const ok = mm.installPage(page, o.data, false);
          if (o.fatal) {
            if (!ok) oomKill(this.d.k, st.p, 'taking a page home');
            break;
          }
          return { kind: 'stored', errno: ok ? 0 : -ENOMEM };
        }
        case 'home':
          switch (o.act) {
            case 'copy':
              copied = mm.pageBytes(page) ?? new Uint8Array(PAGE_SIZE);
              break;
            case 'read-only':
            case 'writable':
              mm.setWritable(page, o.act === 'writable');
              break;
            case 'downgrade':
              mm.setWritable(page, false);
              this.d.k.trace(undefined, EV.PAGE_INVALIDATE, INVALIDATE_DOWNGRADE, page, st.p.pid);
              break;
            case 'drop':
              mm.dropPage(page);
              this.d.k.trace(undefined, EV.PAGE_INVALIDATE, 0, page, st.p.pid);
              break;
            case 'make': {
              const made = mm.touch(page);
              return { kind: 'made', errno: made === 'mapped' ? 0 : made === 'oom' ? -ENOMEM : -EFAULT };
            }
          }
          break;
        case 'answer':
          this.answer(st, page, o.req.reply, o.grant, copied);
          break;
      }
    }
    return undefined;
  }

  /** Sends (or, for the origin's own threads, delivers) what a request gets. */
  private answer(
    st: OriginState | undefined,
    page: number,
    reply: ReplyTo,
    grant: Grant,
    copied: Uint8Array | undefined,
  ): void {
    switch (reply.kind) {
      case 'message': {
        const m = reply.msg;
        if ('short' in grant) {
          this.d.stats.grantsWithoutData++;
          const { type, body } = encodeRemotePageResponse({ short: true });
          this.d.messenger.reply(m, type, body, this.d.k.now);
          return;
        }
        const vma = reply.wantVma || 'error' in grant ? st?.p.mm.findVma(page) : undefined;
        const data = 'data' in grant ? (copied ?? new Uint8Array(PAGE_SIZE)) : undefined;
        if (data) this.d.stats.pagesSent++;
        const status = 'error' in grant ? grant.error : 0;
        const { type, body } = encodeRemotePageResponse({ status, vmas: vma ? [vma] : [], data });
        this.d.messenger.reply(m, type, body, this.d.k.now);
        return;
      }
      case 'fault': {
        if (!st) return;
        const fetch = st.fetching.get(page);
        st.fetching.delete(page);
        st.arrived.set(page, arrival(this.d.k.now, fetch?.waiters ?? []));
        if ('error' in grant && grant.error === -ENOMEM) oomKill(this.d.k, st.p, 'fetching a page');
        if (fetch) this.remote.wakeAfterFetch(fetch.waiters); // on an error the retry faults as a lone kernel would
        return;
      }
      case 'recall':
        if (--reply.group.left === 0) this.d.k.wake(reply.group.thread); // the fork runs again, every page home
        return;
    }
  }

  /**
   * Brings every page another kernel writes home (read-only copies may stay), then wakes `t`
   * (parked by the caller, and only when there is one): fork copies the origin's page table and
   * must find every page current there.
   */
  recallAll(st: OriginState, t: Thread): void {
    const pages = [...st.dir.pages()].filter(([, e]) => e.writer >= 0 && e.writer !== this.self).map(([p]) => p);
    const group = { left: pages.length, thread: t };
    for (const page of pages) this.request(st, page, this.self, false, true, { kind: 'recall', group });
  }

  /**
   * Kernel `dead` died while process `st` lives on: the directory forgets its copies. Returns the
   * pages whose only current copy died with it (the process is then killed by the caller).
   */
  forgetKernel(st: OriginState, dead: number): number[] {
    const lost: number[] = [];
    for (const [page, e] of [...st.dir.pages()]) {
      const step = forgetKernel(e, dead, this.self);
      if (step.entry === e) continue;
      st.dir.put(page, step.entry);
      if (step.lost) lost.push(page);
      if (step.homeWritable && st.p.mm.holds(page).present) st.p.mm.setWritable(page, true);
    }
    st.remotes.delete(dead);
    return lost;
  }

  /** Forgets pages of the directory in [start, end) (unmapped at the origin). */
  forget(st: OriginState, start: number, end: number): void {
    for (const [page, e] of [...st.dir.pages()]) if (page >= start && page < end && !e.op) st.dir.delete(page);
  }

  // ---- the remote's side, for the other services ----

  flushContext(ctx: RemoteContext): void {
    this.remote.flushContext(ctx);
  }

  discard(ctx: RemoteContext): void {
    this.remote.discard(ctx);
  }

  release(ctx: RemoteContext, page: number): void {
    this.remote.release(ctx, page);
  }
}
