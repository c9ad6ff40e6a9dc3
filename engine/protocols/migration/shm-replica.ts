// The other kernels' side of shared-memory coherency (the home's is shm-home.ts): a replica of
// another kernel's MAP_SHARED object, one per object on this kernel however many processes
// here map it, holding the pages this kernel was granted. A fault on a page it lacks (or may
// not write) asks the home (SHM_PAGE_REQUEST, faults on one page merged into one fetch); the
// home's SHM_INVALIDATE_REQUEST drops or downgrades the copy in every process here mapping
// it; when the last of them lets go, every copy goes home (SHM_RELEASE, with the bytes of
// those it could write), and a replica of a file's page cache mapped through the filesystem
// gives its grants back (SHM_UNMAP). A file's replica needs no size of its own: the home
// answers -EFAULT for a page past the file's end (SIGBUS here), and a truncate there takes the
// pages past the new end from every replica before it shrinks the file.

import { EFAULT, ENOMEM } from '../../kernels/errno';
import { oomKill } from '../../kernels/mm/oom';
import { forceSignal } from '../../kernels/signal/deliver';
import { SIGBUS } from '../../kernels/signal/signals';
import { SharedMemory, type SharedCoherence } from '../../kernels/mm/shared-memory';
import type { Thread } from '../../kernels/proc/task';
import { EV } from '../../kernels/trace';
import { INVALIDATE_DOWNGRADE } from '../../kernels/trace-format';
import { PAGE_SIZE } from '../../hw/memory-map';
import { SHM_IF } from '../interfaces/shm';
import { MSG } from '../messaging/message-types';
import type { Delivered } from '../messaging/messenger';
import { awaitFetch, countFetch, type Distribution, type Fetch } from './distribution';
import { arrival, keepsPage, type Arrival } from './page-arrival';
import type { PageRequest } from './page-directory';
import type { HomeObject } from './shm-home';

/** This kernel's copy of an object of kernel `home`. */
export interface Replica {
  readonly home: number;
  readonly id: number;
  readonly mem: SharedMemory;
  /** Pages it may write (it holds every page with a frame, read-only unless listed here). */
  readonly writable: Set<number>;
  readonly fetching: Map<number, Fetch>;
  /** When each page last arrived, and for whom (page-arrival.ts, see serveInvalidate). */
  readonly arrived: Map<number, Arrival>;
  /**
   * Pages the home could not give (lost with a kernel, or past the end of a file): the retry of
   * the access that asked is SIGBUS. The mark goes with it: the next touch asks again (a file
   * may have grown since).
   */
  readonly lost: Set<number>;
  /** The grants of the object through the filesystem this replica took (FS_MAP_REPLY): its SHM_UNMAP gives them back. */
  grants: number;
}

/**
 * Shared-page work held to the next epoch start, offered again then in the order it was held:
 * a request for a page the home's threads got in this epoch, or an invalidation of a page this
 * kernel got in it (as the process pages' Distribution.held).
 */
export type ShmHeld =
  | { readonly kind: 'request'; readonly o: HomeObject; readonly index: number; readonly req: PageRequest }
  | { readonly kind: 'invalidate'; readonly msg: Delivered };

const keyOf = (home: number, id: number) => `${home}:${id}`;

/** si_code of a SIGBUS for an address that has no memory behind it. */
const BUS_ADRERR = 2;

export class ShmReplicas {
  readonly replicas = new Map<string, Replica>();

  constructor(
    private readonly d: Distribution,
    private readonly held: ShmHeld[],
    private readonly wake: (waiters: readonly Thread[]) => void,
    private readonly stepped: (what: string) => void,
  ) {
    d.messenger.on(MSG.SHM_INVALIDATE_REQUEST, (m) => {
      if (!this.serveInvalidate(m)) this.held.push({ kind: 'invalidate', msg: m });
    });
  }

  /** This kernel's replica of object `id` of kernel `home`, made empty the first time. */
  replica(home: number, id: number): SharedMemory {
    const key = keyOf(home, id);
    const had = this.replicas.get(key);
    if (had) return had.mem;
    const mem = new SharedMemory(this.d.k.frames, this.d.k.memory);
    const r: Replica = {
      home,
      id,
      mem,
      writable: new Set(),
      fetching: new Map(),
      arrived: new Map(),
      lost: new Set(),
      grants: 0,
    };
    mem.key = { home, id };
    mem.coherence = this.gate(r);
    this.replicas.set(key, r);
    return mem;
  }

  /** This kernel maps object `id` of kernel `home` (a file's page cache) by a grant of the filesystem's home. */
  mapGranted(home: number, id: number): SharedMemory {
    const mem = this.replica(home, id);
    const r = this.get(home, id);
    if (r) r.grants++;
    return mem;
  }

  /** A grant nobody here took (its mmap was given up): it goes back to the home at once. */
  giveBack(home: number, id: number): void {
    this.d.messenger.send(home, MSG.SHM_UNMAP, SHM_IF.SHM_UNMAP.encode({ object: id, maps: 1 }), this.d.k.now);
  }

  get(home: number, id: number): Replica | undefined {
    return this.replicas.get(keyOf(home, id));
  }

  /** A replica's rule: nothing is touched before the home sent it, nothing written unless granted. */
  private gate(r: Replica): SharedCoherence {
    return {
      allows: (index, access) =>
        !r.lost.has(index) && (access === 'write' ? r.writable.has(index) : r.mem.peek(index) !== undefined),
      idle: () => {
        this.release(r);
        return true;
      },
    };
  }

  /** A thread here needs page `index` of `r`: fetch it (merged with a fetch under way). */
  miss(r: Replica, t: Thread, va: number, index: number, write: boolean): void {
    if (r.lost.delete(index)) {
      forceSignal(this.d.k, t, SIGBUS, va, BUS_ADRERR);
      return;
    }
    const fetch = awaitFetch(this.d, r.fetching, index, t, write, va - (va % PAGE_SIZE));
    if (!fetch) return;
    const have = r.mem.peek(index) !== undefined;
    const body = SHM_IF.SHM_PAGE_REQUEST.encode({ object: r.id, index, write, have });
    const asked = this.d.k.timeOf(t);
    this.d.ask(r.home, MSG.SHM_PAGE_REQUEST, body, (reply) => {
      this.fetched(r, index, fetch, asked, reply);
    });
  }

  private fetched(r: Replica, index: number, fetch: Fetch, asked: number, reply: Delivered | undefined): void {
    r.fetching.delete(index);
    countFetch(this.d.stats, fetch.write, this.d.k.now - asked);
    const errno = this.install(r, index, fetch, reply);
    if (errno === -EFAULT)
      r.lost.add(index); // the retry fails with SIGBUS (see miss)
    else if (errno < 0) {
      // the home is gone, or out of memory: the pages cannot be had (a lone kernel's OOM)
      for (const t of fetch.waiters) oomKill(this.d.k, t.process, 'fetching a shared page');
    }
    this.wake(fetch.waiters);
    this.stepped(`k${this.d.k.id} got shm ${r.id}:${index}`);
  }

  /** Takes what the home answered: 0, or why there is nothing to take (-ENOMEM: no answer). */
  private install(r: Replica, index: number, fetch: Fetch, reply: Delivered | undefined): number {
    if (!reply) return -ENOMEM;
    if (this.replicas.get(keyOf(r.home, r.id)) !== r) return 0;
    if (reply.type !== MSG.SHM_PAGE_RESPONSE_SHORT) {
      const { status, data } = SHM_IF.SHM_PAGE_RESPONSE.decode(reply.body);
      if (status < 0) return status;
      if (!data || !r.mem.store(index, data)) return -ENOMEM;
    } else if (r.mem.peek(index) === undefined) {
      return -ENOMEM; // "yours is current" for a copy it no longer has: cannot happen
    }
    r.arrived.set(index, arrival(this.d.k.now, fetch.waiters));
    if (fetch.write) r.writable.add(index);
    else r.writable.delete(index);
    r.mem.protect(index, fetch.write);
    return 0;
  }

  /**
   * The home takes this kernel's copy away (or makes it read-only). False while the threads the
   * page was fetched for have not used it yet (page-arrival.ts, as for a process's pages): the
   * request is then offered again at the next epoch start.
   */
  serveInvalidate(m: Delivered): boolean {
    const q = SHM_IF.SHM_INVALIDATE_REQUEST.decode(m.body);
    const r = this.replicas.get(keyOf(m.from, q.object));
    if (r && keepsPage(r.arrived.get(q.index), this.d.k.now)) return false;
    let data = new Uint8Array(0);
    const pa = r?.mem.peek(q.index);
    if (r && pa !== undefined) {
      if (q.wantData && r.writable.has(q.index)) data = r.mem.bytesOf(pa).slice();
      r.writable.delete(q.index);
      if (q.downgrade) r.mem.protect(q.index, false);
      else r.mem.drop(q.index);
      const kind = q.downgrade ? INVALIDATE_DOWNGRADE : 0;
      this.d.k.trace(undefined, EV.PAGE_INVALIDATE, kind, q.index * PAGE_SIZE, 0);
    }
    const body = SHM_IF.SHM_INVALIDATE_RESPONSE.encode({ data });
    this.d.messenger.reply(m, MSG.SHM_INVALIDATE_RESPONSE, body, this.d.k.now);
    this.stepped(`k${this.d.k.id} invalidated shm ${q.object}:${q.index}`);
    return true;
  }

  /** No process here maps `r` any more: every copy goes home, written bytes with it. */
  private release(r: Replica): void {
    this.replicas.delete(keyOf(r.home, r.id));
    for (const [index, pa] of r.mem.held()) {
      const data = r.writable.has(index) ? r.mem.bytesOf(pa).slice() : new Uint8Array(0);
      const body = SHM_IF.SHM_RELEASE.encode({ object: r.id, index, data });
      this.d.messenger.send(r.home, MSG.SHM_RELEASE, body, this.d.k.now);
    }
    r.writable.clear();
    // after the pages (a link delivers in order): the home's stand-in for this kernel may go
    if (r.grants > 0) {
      const body = SHM_IF.SHM_UNMAP.encode({ object: r.id, maps: r.grants });
      this.d.messenger.send(r.home, MSG.SHM_UNMAP, body, this.d.k.now);
    }
  }
}
