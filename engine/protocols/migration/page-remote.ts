// The remote kernels' side of page coherency (the origin's is page-server.ts): a remote context
// fetches pages from the origin (REMOTE_PAGE_REQUEST, faults on one page merged into one fetch),
// installs what it gets, drops or downgrades its copy when the origin invalidates it, and sends
// written pages home (PAGE_RELEASE) when its last thread leaves.

import type { Access, Vma } from '../../kernels/mm/address-space';
import { pageDown } from '../../kernels/mm/address-space';
import { oomKill } from '../../kernels/mm/oom';
import type { PageCoherence } from '../../kernels/mm/page-miss';
import type { Thread } from '../../kernels/proc/task';
import { exitGroup } from '../../kernels/proc/lifecycle';
import { SIGKILL } from '../../kernels/signal/signals';
import { EV } from '../../kernels/trace';
import { INVALIDATE_DOWNGRADE } from '../../kernels/trace-format';
import { PAGE_SIZE } from '../../hw/memory-map';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import { awaitFetch, countFetch, type Distribution, type Fetch, type RemoteContext } from './distribution';
import { arrival, keepsPage } from './page-arrival';
import type { SharedPages } from './shm-service';
import type { SharedBinding } from './wire';
import {
  decodePageInvalidateRequest,
  decodeRemotePageResponse,
  encodePageInvalidateResponse,
  encodePageRelease,
  encodeRemotePageRequest,
} from './page-wire';

export class RemotePages {
  /** Threads woken because their page arrived, until they retried what faulted (see wasWaiting). */
  private readonly retrying = new WeakSet<Thread>();

  constructor(
    private readonly d: Distribution,
    private readonly stepped: (what: string) => void,
    private readonly shm: SharedPages,
  ) {}

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

  wakeAfterFetch(waiters: readonly Thread[]): void {
    for (const w of waiters) {
      this.retrying.add(w);
      this.d.k.wake(w);
    }
  }

  /** A remote context's rule: nothing is touched before the origin sent it. */
  coherence(ctx: RemoteContext): PageCoherence {
    return {
      allows: (page, access) => {
        const h = ctx.p.mm.holds(page);
        return access === 'write' ? h.writable : h.present;
      },
      unknownVma: (va) => !ctx.absent.has(pageDown(va)),
    };
  }

  /** A thread of a remote context needs `page`: fetch it (merged with fetches under way). */
  miss(ctx: RemoteContext, t: Thread, va: number, access: Access, vmaKnown: boolean): void {
    const page = pageDown(va);
    const write = access === 'write';
    const fetch = awaitFetch(this.d, ctx.fetching, page, t, write, page);
    if (!fetch) return;
    const have = ctx.p.mm.holds(page).present;
    const body = encodeRemotePageRequest({ pid: ctx.p.pid, page, write, wantVma: !vmaKnown, have });
    const asked = this.d.k.timeOf(t);
    this.d.ask(ctx.origin, MSG.REMOTE_PAGE_REQUEST, body, (reply) => {
      this.fetched(ctx, page, fetch, asked, reply);
    });
  }

  private fetched(ctx: RemoteContext, page: number, fetch: Fetch, asked: number, reply: Delivered | undefined): void {
    ctx.fetching.delete(page);
    countFetch(this.d.stats, fetch.write, this.d.k.now - asked);
    if (this.d.contexts.get(ctx.p.pid) !== ctx) return; // the process ended meanwhile
    this.install(ctx, page, fetch, reply);
    this.wakeAfterFetch(fetch.waiters);
    this.stepped(`k${this.d.k.id} got ${page.toString(16)}`);
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
    const r = decodeRemotePageResponse(reply.type, reply.body);
    if ('short' in r) {
      ctx.arrived.set(page, arrival(this.d.k.now, fetch.waiters));
      mm.setWritable(page, fetch.write);
      return;
    }
    // the VMA the page belongs to, when this kernel did not know it or knew it with other rights
    // (on demand, from the origin)
    this.bind(ctx, r.vmas);
    for (const vma of r.vmas) mm.putVma(vma);
    if (r.status < 0 || !r.data) {
      // no VMA there, or one that forbids the access: the retry takes the SIGSEGV (or EFAULT)
      if (r.vmas.length === 0) mm.munmap(page, PAGE_SIZE);
      ctx.absent.add(page);
      return;
    }
    if (r.vmas.length > 0) ctx.absent.clear();
    ctx.arrived.set(page, arrival(this.d.k.now, fetch.waiters));
    if (!mm.installPage(page, r.data, fetch.write)) {
      oomKill(this.d.k, ctx.p, 'fetching a page');
    }
  }

  /**
   * The origin takes this kernel's copy away (or makes it read-only). False while the threads
   * the page was fetched for have not used it yet (page-arrival.ts): the request is then offered
   * again at the next epoch start.
   */
  serveInvalidate(m: Delivered): boolean {
    const q = decodePageInvalidateRequest(m.body);
    const ctx = this.d.contexts.get(q.pid);
    if (ctx && keepsPage(ctx.arrived.get(q.page), this.d.k.now)) return false;
    let data: Uint8Array = new Uint8Array(0);
    const mm = ctx?.p.mm;
    const held = mm?.holds(q.page);
    if (mm && held?.present) {
      if (q.wantData && held.writable) data = mm.pageBytes(q.page) ?? data;
      if (q.downgrade) mm.setWritable(q.page, false);
      else mm.dropPage(q.page);
      this.d.k.trace(undefined, EV.PAGE_INVALIDATE, q.downgrade ? INVALIDATE_DOWNGRADE : 0, q.page, ctx.p.pid);
    }
    this.d.messenger.reply(m, MSG.PAGE_INVALIDATE_RESPONSE, encodePageInvalidateResponse(data), this.d.k.now);
    this.stepped(`k${this.d.k.id} invalidated ${q.page.toString(16)}`);
    return true;
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
      if (mm.holds(va).writable && !mm.findVma(va)?.shared) dirty.push(va); // shared pages are their object's
    });
    // the fault skip-dirty-flush: the written pages are dropped, not sent, and the origin's
    // directory goes on naming this kernel as their writer while nobody holds them
    if (this.d.faults.has('skip-dirty-flush')) {
      for (const page of dirty) mm.dropPage(page);
      return;
    }
    for (const page of dirty) {
      const data = mm.pageBytes(page) ?? new Uint8Array(0);
      mm.setWritable(page, false);
      this.sendRelease(ctx, page, data, true);
    }
  }

  private sendRelease(ctx: RemoteContext, page: number, data: Uint8Array, keep: boolean): void {
    const body = encodePageRelease({ pid: ctx.p.pid, page, data, keep });
    this.d.messenger.send(ctx.origin, MSG.PAGE_RELEASE, body, this.d.k.now);
  }

  /** Gives VMAs that came from the origin the shared objects they map (the object's replica here). */
  bind(ctx: RemoteContext, vmas: readonly Vma[], more?: readonly SharedBinding[]): void {
    this.shm.bind(vmas, ctx.shared, more);
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
}
