// One kernel's view of its distributed processes: those that started here and have threads or
// pages on other kernels (origin state: the page directory, the kernels involved), and the
// stand-ins of other kernels' processes whose threads run here (remote contexts: an address
// space filled on demand, with the threads that migrated in). Shared by the protocol modules of
// this directory; none of it is in shared memory.

import { NO_FAULTS, type ProtocolFaults } from '../faults';
import type { Kernel } from '../../kernels/kernel';
import type { Process, Thread } from '../../kernels/proc/task';
import { EV } from '../../kernels/trace';
import { accessCode } from '../../kernels/trace-format';
import type { Delivered, Messenger } from '../messaging/messenger';
import type { Arrival } from './page-arrival';
import type { PageDirectory, PageRequest } from './page-directory';
import type { BrokenInvariant } from './page-invariants';
import type { SharedBinding } from './wire';

export interface OriginState {
  readonly p: Process;
  readonly dir: PageDirectory;
  /** Kernels that have (or had) a context for the process: they may hold its pages. */
  readonly remotes: Set<number>;
  /** Fetches by this kernel's own threads under way, by page (merged). */
  readonly fetching: Map<number, Fetch>;
  /** When this kernel's threads last got each page, and which (see page-arrival.ts). */
  readonly arrived: Map<number, Arrival>;
}

export interface Fetch {
  write: boolean;
  readonly waiters: Thread[];
}

export interface RemoteContext {
  readonly origin: number;
  readonly p: Process;
  readonly fetching: Map<number, Fetch>;
  /** When each page last arrived, and for which threads: see RemotePages.serveInvalidate. */
  readonly arrived: Map<number, Arrival>;
  /** Pages the origin said no VMA covers (a second fault there is a SIGSEGV). */
  readonly absent: Set<number>;
  /** The shared objects its MAP_SHARED VMAs map, by VMA id, as the origin named them. */
  readonly shared: Map<number, SharedBinding>;
}

/**
 * Page work held to the next epoch start, offered again then in the order it was held: a request
 * for a page the origin's threads got in this epoch (page-machine.ts step 1), or an invalidation
 * of a page this kernel got in it (RemotePages.serveInvalidate).
 */
export type HeldPageWork =
  | { readonly kind: 'request'; readonly st: OriginState; readonly page: number; readonly req: PageRequest }
  | { readonly kind: 'invalidate'; readonly msg: Delivered };

/** Counters for /proc/popcorn/stat and the benchmarks. */
export interface MigrationStats {
  /** Threads that left this kernel for another: each migration once, wherever it goes. */
  moves: number;
  migrationsOut: number;
  migrationsIn: number;
  backMigrations: number;
  remoteFaults: number;
  pagesSent: number;
  grantsWithoutData: number;
  invalidations: number;
  forwardedSyscalls: number;
  servedSyscalls: number;
  forwardedSignals: number;
  /** Virtual time remote faults and remote futex calls took, from the fault to the answer. */
  remoteReads: number;
  remoteReadNs: number;
  remoteWrites: number;
  remoteWriteNs: number;
  remoteFutexes: number;
  remoteFutexNs: number;
}

/**
 * A thread faulted on a page held elsewhere (`page`, its address for the trace): parks it,
 * counts and traces the fault, and joins it to the fetch of `key` under way; returns the new
 * fetch, for the caller to ask for, when there was none.
 */
export function awaitFetch(
  d: Pick<Distribution, 'park' | 'stats' | 'k'>,
  fetching: Map<number, Fetch>,
  key: number,
  t: Thread,
  write: boolean,
  page: number,
): Fetch | undefined {
  d.park(t);
  d.stats.remoteFaults++;
  d.k.trace(t, EV.PAGE_FETCH, accessCode(write ? 'write' : 'read'), page, 0);
  const under = fetching.get(key);
  if (under) {
    under.waiters.push(t); // it retries when that fetch ends, and asks again if it needs more
    return undefined;
  }
  const fetch: Fetch = { write, waiters: [t] };
  fetching.set(key, fetch);
  return fetch;
}

/** Counts a remote fault's fetch that ended (of a process's page or a shared object's) and the virtual time it took. */
export function countFetch(stats: MigrationStats, write: boolean, ns: number): void {
  if (write) {
    stats.remoteWrites++;
    stats.remoteWriteNs += ns;
  } else {
    stats.remoteReads++;
    stats.remoteReadNs += ns;
  }
}

export class Distribution {
  readonly origins = new Map<number, OriginState>();
  readonly contexts = new Map<number, RemoteContext>();
  readonly stats: MigrationStats = {
    moves: 0,
    migrationsOut: 0,
    migrationsIn: 0,
    backMigrations: 0,
    remoteFaults: 0,
    pagesSent: 0,
    grantsWithoutData: 0,
    invalidations: 0,
    forwardedSyscalls: 0,
    servedSyscalls: 0,
    forwardedSignals: 0,
    remoteReads: 0,
    remoteReadNs: 0,
    remoteWrites: 0,
    remoteWriteNs: 0,
    remoteFutexes: 0,
    remoteFutexNs: 0,
  };

  /**
   * Invariants of the protocols this kernel saw broken, as they broke (only a scenario's faults
   * break them: faults.ts); each is also in the kernel's log.
   */
  readonly violations: BrokenInvariant[] = [];

  /** Page work held to the next epoch start (the page server offers it again then). */
  readonly held: HeldPageWork[] = [];
  /** Requests sent and not answered yet, with the kernel asked. */
  private readonly waiting = new Set<{ to: number; answer: (m: Delivered | undefined) => void }>();

  constructor(
    readonly k: Kernel,
    readonly messenger: Messenger,
    /** Protocol steps a scenario asked to skip, to show why they exist (faults.ts). */
    readonly faults: ProtocolFaults = NO_FAULTS,
  ) {}

  /**
   * Records a broken invariant (a protocol fault's doing) on the page it concerns and logs it:
   * the first 64 of them.
   */
  violated(broken: BrokenInvariant): void {
    if (this.violations.length >= 64) return; // a fault that breaks it in a loop must not fill memory
    this.violations.push(broken);
    this.k.printk(`invariant broken: ${broken.what}`);
  }

  /** At every epoch start, before messages: requests to kernels that died are answered. */
  onEpoch(): void {
    this.reapDead();
  }

  /** The remote context a process is here, if it is one. */
  contextOf(p: Process): RemoteContext | undefined {
    const ctx = this.contexts.get(p.pid);
    return ctx?.p === p ? ctx : undefined;
  }

  /** The origin state of a process of this kernel, if it is distributed. */
  originOf(p: Process): OriginState | undefined {
    const st = this.origins.get(p.pid);
    return st?.p === p ? st : undefined;
  }

  /** Whether kernel `nid` can take part now: it exists, checked in, and is not dead. */
  online(nid: number, checkedIn: (nid: number) => boolean): boolean {
    return (
      Number.isInteger(nid) &&
      nid >= 0 &&
      nid < this.messenger.kernels &&
      checkedIn(nid) &&
      !this.messenger.peerDead(nid)
    );
  }

  /**
   * Sends a request; `onReply` gets the answer, or undefined at once when the receiver is dead
   * (a failed peer never leaves a requester waiting).
   */
  ask(to: number, type: number, body: Uint8Array, onReply: (m: Delivered | undefined) => void): void {
    const waiting = { to, answer: onReply };
    const once = (m: Delivered | undefined) => {
      if (!this.waiting.delete(waiting)) return;
      onReply(m);
    };
    waiting.answer = once;
    this.waiting.add(waiting);
    const dropped = this.messenger.droppedToDead;
    this.messenger.request(to, type, body, this.k.now, once);
    if (this.messenger.droppedToDead > dropped) once(undefined);
  }

  /**
   * Kernels that died: requests to them are answered "no answer" (a failed peer never leaves
   * a requester waiting, unlike Popcorn's), the threads of this kernel's processes that ran
   * there are lost and their processes killed, and contexts of processes whose origin died go.
   */
  private reapDead(): void {
    for (const w of [...this.waiting]) if (this.messenger.peerDead(w.to)) w.answer(undefined);
    if (!this.anyPeerDead()) return;
    for (const st of [...this.origins.values()]) {
      let killed = false;
      for (const t of st.p.liveThreads) if ((killed = this.lostWithPeer?.(t) ?? false)) break; // the process is killed
      // it lives on: the dead kernel's copies of its pages are forgotten (a copy it wrote is lost)
      for (let k = 0; k < this.messenger.kernels && !killed; k++)
        if (this.messenger.peerDead(k) && this.originOf(st.p) === st) killed = this.forgetPeer?.(st, k) ?? false;
    }
    for (const ctx of [...this.contexts.values()]) {
      if (this.messenger.peerDead(ctx.origin)) this.onOrphan?.(ctx);
    }
  }

  private anyPeerDead(): boolean {
    for (let k = 0; k < this.messenger.kernels; k++) if (this.messenger.peerDead(k)) return true;
    return false;
  }

  /** Set by the service: whether a thread was lost with a dead kernel (its process then killed). */
  lostWithPeer: ((t: Thread) => boolean) | undefined;
  /**
   * Set by the service: kernel `k` died and process `st` (with no thread there) lives on: it
   * forgets k's copies of the pages; true when one was the only current copy (then it is killed).
   */
  forgetPeer: ((st: OriginState, k: number) => boolean) | undefined;
  /** Set by the service: a context lost its origin. */
  onOrphan: ((ctx: RemoteContext) => void) | undefined;

  /** Blocks a thread until a protocol step wakes it (it then retries what it was doing). */
  park(t: Thread): void {
    this.k.block(t, { interruptible: false });
  }
}
