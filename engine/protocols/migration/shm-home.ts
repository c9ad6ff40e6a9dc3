// The home side of shared-memory coherency: for every MAP_SHARED object of this kernel whose
// pages other kernels map (its processes' threads moved there, or forked children did), which
// kernels hold a copy of each page and which one may write it. The object's own frames here
// are the home copy, mapped by every process of this kernel that maps the object; other
// kernels keep replicas (shm-replica.ts). It is the page protocol of a process's pages
// (page-server.ts) with the page named by object and index instead of process and address:
// the same directory records (page-directory.ts), advanced by the same pure transition
// function (page-machine.ts), so read replication, write invalidation, the recall of a
// writer's bytes and the hold of a page the home's threads just got work alike. Only the
// carrying out differs: the home's "own copy" is the object's frame, and changing its rights
// changes them in every address space here that maps the object.
//
// A file's page cache (kernels/fs/page-cache.ts) is such an object too, at the filesystem's
// home: other kernels map it through their descriptions of the file (FS_MAP_REQUEST,
// fs-home.ts), with no process here mapping it perhaps. Each such kernel counts as one more
// mapper of the object here (a stand-in address space that maps nothing), so the cache lives
// while any kernel maps it; SHM_UNMAP (or the kernel's death) takes the stand-in away. And
// read, write and truncate here copy between the cache's frames and the file's bytes: a page
// another kernel holds is first brought back through this same directory (claim, below) by
// the thread whose syscall needs it, a thread here or the stand-in of another kernel's call.

import { EFAULT, ENOMEM } from '../../kernels/errno';
import { oomKill } from '../../kernels/mm/oom';
import type { Access } from '../../kernels/mm/address-space';
import type { SharedCoherence, SharedKey, SharedMapper, SharedMemory } from '../../kernels/mm/shared-memory';
import type { Thread } from '../../kernels/proc/task';
import { forceSignal } from '../../kernels/signal/deliver';
import { SIGBUS } from '../../kernels/signal/signals';
import { EV } from '../../kernels/trace';
import { accessCode, INVALIDATE_DOWNGRADE } from '../../kernels/trace-format';
import { PAGE_SIZE } from '../../hw/memory-map';
import { SHM_IF } from '../interfaces/shm';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import type { Distribution, Fetch } from './distribution';
import { arrival, keepsPage, type Arrival } from './page-arrival';
import { PageDirectory, type ReplyTo } from './page-directory';
import { advance, forgetKernel, type Grant, type PageEvent, type PageOut } from './page-machine';
import type { ShmHeld } from './shm-replica';

/** si_code of a SIGBUS for memory that failed (Linux's BUS_MCEERR_AR). */
const BUS_MCEERR_AR = 4;

/** A shared object of this kernel that other kernels have heard of. */
export interface HomeObject {
  readonly id: number;
  readonly mem: SharedMemory;
  /** Its pages that left home, by index (the origin in the records is this kernel). */
  readonly dir: PageDirectory;
  /** Fetches by this kernel's own threads under way, by index (merged). */
  readonly fetching: Map<number, Fetch>;
  /** When this kernel's threads last got each page, and who (page-arrival.ts, page-machine.ts step 1). */
  readonly arrived: Map<number, Arrival>;
  /** Pages whose only current copy died with a kernel: touching one is SIGBUS, as a poisoned page. */
  readonly lost: Set<number>;
  /** Kernels that map it through the filesystem (FS_MAP_REQUEST): their stand-in and grants taken. */
  readonly remoteMaps: Map<number, { readonly mapper: SharedMapper; grants: number }>;
}

/** Whether a kernel other than `self` holds a page of `o`, or an operation on one is under way. */
function heldElsewhere(o: HomeObject, self: number): boolean {
  for (const [, e] of o.dir.pages()) if (e.op || [...e.holders].some((k) => k !== self)) return true;
  return false;
}

/** Another kernel's mappings of a file's page cache, as the object here sees them: nothing to map or unmap here. */
const standIn = (): SharedMapper => ({
  unmapShared: () => undefined, // its pages past a new end are taken by the truncate's claim
  protectShared: () => undefined,
  unmapSharedPage: () => undefined,
  writesShared: () => false,
});

export class ShmHome {
  /** Exported objects by number; an object leaves when no process here maps it any more. */
  readonly objects = new Map<number, HomeObject>();
  private nextId = 1;

  constructor(
    private readonly d: Distribution,
    private readonly held: ShmHeld[],
    private readonly wake: (waiters: readonly Thread[]) => void,
    private readonly stepped: (what: string) => void,
  ) {
    d.messenger.on(MSG.SHM_PAGE_REQUEST, (m) => {
      this.serveRequest(m);
    });
    d.messenger.on(MSG.SHM_RELEASE, (m) => {
      const r = SHM_IF.SHM_RELEASE.decode(m.body);
      const o = this.objects.get(r.object);
      if (o?.dir.get(r.index)) this.run(o, r.index, { kind: 'release', from: m.from, data: r.data, keep: false });
    });
    d.messenger.on(MSG.SHM_UNMAP, (m) => {
      const r = SHM_IF.SHM_UNMAP.decode(m.body);
      const o = this.objects.get(r.object);
      if (o) this.unmapRemote(o, m.from, r.maps);
    });
  }

  private get self(): number {
    return this.d.k.id;
  }

  /**
   * The object's name across kernels, given it the first time another kernel is to hear of it:
   * from then on its pages here are touched only with the rights its directory records.
   */
  export(mem: SharedMemory): SharedKey {
    if (mem.key) return mem.key;
    const o: HomeObject = {
      id: this.nextId++,
      mem,
      dir: new PageDirectory(this.self),
      fetching: new Map(),
      arrived: new Map(),
      lost: new Set(),
      remoteMaps: new Map(),
    };
    this.objects.set(o.id, o);
    mem.key = { home: this.self, id: o.id };
    mem.coherence = this.gate(o);
    return mem.key;
  }

  /**
   * Kernel `kernel` maps `mem` (a file's page cache) through its description of the file: the
   * object is exported, and `kernel` holds it as one more mapper until it has sent back as many
   * grants (SHM_UNMAP) as it took, or died.
   */
  mapRemote(mem: SharedMemory, kernel: number): SharedKey {
    const key = this.export(mem);
    const o = this.objects.get(key.id);
    if (!o) return key; // cannot be: just exported
    let held = o.remoteMaps.get(kernel);
    if (!held) {
      held = { mapper: standIn(), grants: 0 };
      o.remoteMaps.set(kernel, held);
      mem.attach(held.mapper);
    }
    held.grants++;
    return key;
  }

  /** `kernel` gave back `grants` of its grants of `o` (all it held: its stand-in goes, perhaps the object with it). */
  private unmapRemote(o: HomeObject, kernel: number, grants: number): void {
    const held = o.remoteMaps.get(kernel);
    if (!held) return;
    held.grants -= grants;
    if (held.grants > 0) return;
    o.remoteMaps.delete(kernel);
    o.mem.detach(held.mapper);
  }

  /**
   * Kernel work of `t` here (a read, write or truncate of the file whose page cache `o` is) needs
   * page `index` with `access`: fetched as a thread's fault here is, and `t` runs it again. A
   * page lost with a kernel is given up first: the file keeps the bytes this kernel last had of
   * it (as Linux rereads a page whose memory failed from the disk), and the call goes on.
   */
  claim(o: HomeObject, t: Thread, index: number, access: Access): void {
    if (o.lost.delete(index)) {
      this.d.k.printk(`shared object ${o.id}: page ${index}, lost with a kernel, is the file's last known bytes again`);
      o.dir.delete(index);
      o.mem.drop(index);
      this.d.park(t);
      this.d.k.wake(t); // it runs its call again at once
      return;
    }
    this.miss(o, t, index * PAGE_SIZE, index, access === 'write');
  }

  /** The home's rule: a page in the directory is touched only with the rights it records. */
  private gate(o: HomeObject): SharedCoherence {
    return {
      allows: (index, access) => {
        if (o.lost.has(index)) return false;
        const e = o.dir.get(index);
        if (!e) return true;
        return access === 'write' ? e.writer === this.self : e.holders.has(this.self);
      },
      idle: () => {
        // no process here maps it: nobody can reach it by address any more (a remote that
        // still asks is told it is gone). But a page another kernel holds may hold bytes that
        // are to come home (a file's written page: they are the file's): the object waits for
        // them, served as before, and goes once the last came (drained)
        if (heldElsewhere(o, this.self)) return false;
        this.objects.delete(o.id);
        return true;
      },
    };
  }

  /** A thread of this kernel needs page `index` of `o` that another kernel holds (or writes). */
  miss(o: HomeObject, t: Thread, va: number, index: number, write: boolean): void {
    if (o.lost.has(index)) {
      forceSignal(this.d.k, t, SIGBUS, va, BUS_MCEERR_AR);
      return;
    }
    this.d.park(t);
    this.d.k.trace(t, EV.PAGE_FETCH, accessCode(write ? 'write' : 'read'), va - (va % PAGE_SIZE), 0);
    const f = o.fetching.get(index);
    if (f) {
      f.waiters.push(t);
      return;
    }
    o.fetching.set(index, { write, waiters: [t] });
    this.request(o, index, this.self, write, true, { kind: 'fault' });
  }

  private serveRequest(m: Delivered): void {
    const q = SHM_IF.SHM_PAGE_REQUEST.decode(m.body);
    const o = this.objects.get(q.object);
    const reply: ReplyTo = { kind: 'message', msg: m, wantVma: false };
    if (!o || !o.mem.within(q.index) || o.lost.has(q.index)) {
      this.answer(o, q.index, reply, { error: -EFAULT }, undefined);
      return;
    }
    this.request(o, q.index, m.from, q.write, q.have, reply);
  }

  private request(o: HomeObject, index: number, who: number, write: boolean, have: boolean, reply: ReplyTo): void {
    this.run(o, index, { kind: 'request', req: { who, write, have, reply, notBefore: 0 } });
  }

  /**
   * Kernel `dead` died: the directories forget its copies (page-machine.ts's forgetKernel, as for
   * a process's pages). A page it wrote died with it: no copy anywhere is current, so the page is
   * marked lost and every later touch of it, here or elsewhere, fails (SIGBUS, as Linux does for
   * a page whose memory failed) rather than reading as zeros. Called at every epoch start while
   * the kernel stays dead; an entry with an operation under way hears of the death as an answer.
   */
  forgetKernel(dead: number): void {
    for (const o of [...this.objects.values()]) {
      const held = o.remoteMaps.get(dead);
      if (held) this.unmapRemote(o, dead, held.grants);
      if (this.objects.get(o.id) !== o) continue; // it was the last to map it
      for (const [index, e] of [...o.dir.pages()]) {
        const step = forgetKernel(e, dead, this.self);
        if (step.entry === e) continue;
        o.dir.put(index, step.entry);
        if (step.lost) {
          o.lost.add(index);
          this.d.k.printkConsole(
            `popcorn: kernel ${dead} died with the only copy of page ${index} of shared object ${o.id}`,
          );
        }
        if (step.homeWritable && o.mem.peek(index) !== undefined) o.mem.protect(index, true);
      }
      this.drained(o);
    }
  }

  /** An answer to SHM_INVALIDATE_REQUEST came (or its kernel died): the operation goes on. */
  private invalidated(o: HomeObject, index: number, from: number, reply: Delivered | undefined): void {
    const gone = this.objects.get(o.id) !== o; // nobody here maps it any more
    if (!reply) {
      this.d.k.printk(`shared object ${o.id}: kernel ${from} died holding page ${index}`);
      // the writer whose bytes were asked home died with them: the page is lost, not zeros
      const op = o.dir.get(index)?.op;
      const lost = op?.phase === 'recall' && op.from === from;
      if (lost) o.lost.add(index);
      this.run(o, index, { kind: 'peer-died', from, gone: gone || lost });
      return;
    }
    const data = SHM_IF.SHM_INVALIDATE_RESPONSE.decode(reply.body).data;
    this.run(o, index, { kind: 'ack', from, data: data.length > 0 ? data : undefined, gone });
  }

  /** decode → advance → carry out, until the object's frames have nothing more to answer. */
  run(o: HomeObject, index: number, event: PageEvent): void {
    let ev: PageEvent | undefined = event;
    const what = `k${this.self} shm ${event.kind} ${o.id}:${index}`;
    while (ev) {
      const home = {
        self: this.self,
        now: this.d.k.now,
        present: o.mem.peek(index) !== undefined,
        fresh: keepsPage(o.arrived.get(index), this.d.k.now),
        faults: this.d.faults,
      };
      const step = advance(o.dir.get(index), ev, home);
      o.dir.put(index, step.entry);
      ev = this.carryOut(o, index, step.out);
    }
    this.drained(o);
    this.stepped(what);
  }

  /** An object nothing here maps that waited for other kernels' pages goes once none is elsewhere. */
  private drained(o: HomeObject): void {
    if (this.objects.get(o.id) === o && !o.mem.attached && !heldElsewhere(o, this.self)) o.mem.settle();
  }

  /** Carries a step's outputs out in order; returns the object's answer, if one is due. */
  private carryOut(o: HomeObject, index: number, out: readonly PageOut[]): PageEvent | undefined {
    const mem = o.mem;
    let copied: Uint8Array | undefined;
    for (const x of out) {
      switch (x.kind) {
        case 'invalidate': {
          this.d.stats.invalidations++;
          const body = SHM_IF.SHM_INVALIDATE_REQUEST.encode({
            object: o.id,
            index,
            wantData: x.wantData,
            downgrade: x.downgrade,
          });
          this.d.ask(x.to, MSG.SHM_INVALIDATE_REQUEST, body, (reply) => {
            this.invalidated(o, index, x.to, reply);
          });
          break;
        }
        case 'hold':
          this.held.push({ kind: 'request', o, index, req: x.req });
          break;
        case 'store': {
          const ok = mem.store(index, x.data);
          if (x.fatal) {
            if (!ok) this.d.k.printk(`shared object ${o.id}: out of memory taking page ${index} home; lost`);
            break;
          }
          return { kind: 'stored', errno: ok ? 0 : -ENOMEM };
        }
        case 'home':
          switch (x.act) {
            case 'copy': {
              const pa = mem.peek(index);
              copied = pa === undefined ? new Uint8Array(PAGE_SIZE) : mem.bytesOf(pa).slice();
              break;
            }
            case 'read-only':
            case 'writable':
              mem.protect(index, x.act === 'writable');
              break;
            case 'downgrade':
              mem.protect(index, false);
              this.d.k.trace(undefined, EV.PAGE_INVALIDATE, INVALIDATE_DOWNGRADE, index * PAGE_SIZE, 0);
              break;
            case 'drop':
              mem.drop(index);
              this.d.k.trace(undefined, EV.PAGE_INVALIDATE, 0, index * PAGE_SIZE, 0);
              break;
            case 'make': {
              const made = mem.within(index) ? mem.frame(index) !== undefined : false;
              return { kind: 'made', errno: made ? 0 : mem.within(index) ? -ENOMEM : -EFAULT };
            }
          }
          break;
        case 'answer':
          this.answer(o, index, x.req.reply, x.grant, copied);
          break;
      }
    }
    return undefined;
  }

  /** Sends (or, for this kernel's own threads, delivers) what a request gets. */
  private answer(
    o: HomeObject | undefined,
    index: number,
    reply: ReplyTo,
    grant: Grant,
    copied: Uint8Array | undefined,
  ): void {
    if (reply.kind === 'message') {
      const m = reply.msg;
      if ('short' in grant) {
        this.d.stats.grantsWithoutData++;
        this.d.messenger.reply(m, MSG.SHM_PAGE_RESPONSE_SHORT, SHM_IF.SHM_PAGE_RESPONSE_SHORT.encode({}), this.d.k.now);
        return;
      }
      const data = 'data' in grant ? (copied ?? new Uint8Array(PAGE_SIZE)) : undefined;
      if (data) this.d.stats.pagesSent++;
      const status = 'error' in grant ? grant.error : 0;
      this.d.messenger.reply(m, MSG.SHM_PAGE_RESPONSE, SHM_IF.SHM_PAGE_RESPONSE.encode({ status, data }), this.d.k.now);
      return;
    }
    if (reply.kind !== 'fault' || !o) return;
    const fetch = o.fetching.get(index);
    o.fetching.delete(index);
    o.arrived.set(index, arrival(this.d.k.now, fetch?.waiters ?? []));
    if (!fetch) return;
    // a lost page fails the retry (SIGBUS, see miss); memory that ran out kills, as a lone kernel's
    if ('error' in grant && !o.lost.has(index))
      for (const t of fetch.waiters) oomKill(this.d.k, t.process, 'fetching a shared page');
    this.wake(fetch.waiters);
  }
}
