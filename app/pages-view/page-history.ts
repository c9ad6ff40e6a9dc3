// What happened to each page of the focused process, from the kernels' trace events: the
// faults on it, the fetches from other kernels and the copies invalidated or downgraded. Kept
// per page (newest last) and bounded twice over, per page and in pages tracked, so a process
// that runs for hours keeps a fixed footprint: the page touched longest ago is forgotten first.

import { PAGE_SIZE } from '../../engine/machine/browser/kernel-view';
import {
  EV,
  pageFaultOf,
  pageFetchOf,
  pageInvalidateOf,
  type TraceEvent,
} from '../../engine/machine/browser/trace-events';

export type PageAction =
  'read fault' | 'write fault' | 'exec fault' | 'read fetch' | 'write fetch' | 'invalidated' | 'downgraded';

export interface PageRecord {
  /** Virtual ns. */
  time: number;
  /** The kernel it happened on: the faulting thread's, the fetching one, the one whose copy went. */
  kernel: number;
  /** The thread that faulted or fetched (0 for an invalidation, which no thread does). */
  tid: number;
  action: PageAction;
}

export interface PageEvent {
  va: number;
  record: PageRecord;
}

/** A trace event as the feed hands it: with the kernel whose ring held it. */
export type KernelEvent = TraceEvent & { kernel: number };

function pageOf(address: number): number {
  return address - (address % PAGE_SIZE);
}

/** The page event `e` is for process `pid`, if it is one (faults and fetches name the thread's pid, invalidations carry it in c). */
export function pageEventOf(e: KernelEvent, pid: number): PageEvent | undefined {
  switch (e.kind) {
    case EV.PAGE_FAULT: {
      if (e.pid !== pid) return undefined;
      const { access, address } = pageFaultOf(e);
      return {
        va: pageOf(address),
        record: { time: e.time, kernel: e.kernel, tid: e.tid, action: `${access} fault` },
      };
    }
    case EV.PAGE_FETCH: {
      if (e.pid !== pid) return undefined;
      const fetch = pageFetchOf(e);
      return {
        va: pageOf(fetch.page),
        record: {
          time: e.time,
          kernel: e.kernel,
          tid: e.tid,
          action: fetch.access === 'write' ? 'write fetch' : 'read fetch',
        },
      };
    }
    case EV.PAGE_INVALIDATE: {
      const gone = pageInvalidateOf(e);
      if (gone.pid !== pid) return undefined;
      return {
        va: pageOf(gone.page),
        record: { time: e.time, kernel: e.kernel, tid: 0, action: gone.downgrade ? 'downgraded' : 'invalidated' },
      };
    }
    default:
      return undefined;
  }
}

export interface HistoryLimits {
  /** Records kept per page. */
  perPage: number;
  /** Pages tracked. */
  pages: number;
}

export const DEFAULT_LIMITS: HistoryLimits = { perPage: 32, pages: 4096 };

export class PageHistory {
  /** Fetch events seen for the process (every one, whatever was forgotten since). */
  fetches = 0;
  faults = 0;
  invalidations = 0;
  /** Bumped by every record, so a panel knows when to read again. */
  version = 0;
  /** Per page, oldest first; the map's order is least recently touched first. */
  private readonly pages = new Map<number, PageRecord[]>();

  constructor(
    readonly pid: number,
    private readonly limits: HistoryLimits = DEFAULT_LIMITS,
  ) {}

  /** Records `e` if it is a page event of the process; returns it then. */
  add(e: KernelEvent): PageEvent | undefined {
    const ev = pageEventOf(e, this.pid);
    if (!ev) return undefined;
    const { action } = ev.record;
    if (action === 'read fetch' || action === 'write fetch') this.fetches++;
    else if (action === 'invalidated' || action === 'downgraded') this.invalidations++;
    else this.faults++;
    let list = this.pages.get(ev.va);
    if (list)
      this.pages.delete(ev.va); // re-inserted below: now the most recently touched
    else list = [];
    list.push(ev.record);
    // trimmed in steps, not on every record
    if (list.length >= 2 * this.limits.perPage) list = list.slice(-this.limits.perPage);
    this.pages.set(ev.va, list);
    if (this.pages.size > this.limits.pages) {
      const oldest = this.pages.keys().next();
      if (!oldest.done) this.pages.delete(oldest.value);
    }
    this.version++;
    return ev;
  }

  /** The page's records, newest first. */
  of(va: number): PageRecord[] {
    return (this.pages.get(va) ?? []).slice(-this.limits.perPage).reverse();
  }

  /** Pages with records. */
  get tracked(): number {
    return this.pages.size;
  }
}
