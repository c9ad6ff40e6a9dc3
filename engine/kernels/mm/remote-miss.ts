// The one door through which an access to a page another kernel owns becomes a fetch. Such a
// page is met three ways: the hart faults on it (trap.ts), or kernel code touching user memory
// for a thread throws PageMiss from AddressSpace.hostAddress (a syscall, prefaulted or not, a
// signal frame being written), or a dying thread's last write finds it elsewhere. The first two
// come here: the thread blocks, the migration services fetch the page (DistributedHooks.pageMiss),
// and the thread retries what it was doing once the page is here. The third is skipped. A
// syscall's work on a file's page cache whose page another kernel holds (SharedMiss) comes
// here too (DistributedHooks.sharedMiss), and so does the filesystem home's stand-in for another
// kernel's call (protocols/fs/fs-home.ts).

import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import type { Access } from './address-space';
import { PageMiss, SharedMiss } from './page-miss';

/** What kernel work gives when it was abandoned for a page elsewhere (its thread now waits for it). */
export const MISSED: unique symbol = Symbol('missed');

/** The door: `t` needs `va` with `access` and another kernel owns it (only a distributed process's pages are elsewhere). */
export function remoteMiss(k: Kernel, t: Thread, va: number, access: Access): void {
  k.distributed?.pageMiss(t, va, access);
}

/**
 * Takes `e`, thrown by kernel work of `t`, through the door if it is a miss (true: `t` now waits
 * for the page, and the work is to run again); false for anything else, which the caller throws.
 */
export function tookMiss(k: Kernel, t: Thread, e: unknown): boolean {
  if (e instanceof PageMiss) remoteMiss(k, t, e.va, e.access);
  else if (e instanceof SharedMiss) k.distributed?.sharedMiss(t, e.mem, e.index, e.access);
  else return false;
  return true;
}

/**
 * Runs kernel work on `t`'s user memory. The work must have had no effect before the access
 * that misses (see protocols/migration/prefault.ts): a miss goes through the door and the work
 * is abandoned, to be run again from the start once the page is here.
 */
export function touchingUser<T>(k: Kernel, t: Thread, work: () => T): T | typeof MISSED {
  try {
    return work();
  } catch (e) {
    if (!tookMiss(k, t, e)) throw e;
    return MISSED;
  }
}

/** Runs kernel work whose page miss nobody waits for (a thread dying with its process): MISSED then. */
export function unlessMissed<T>(work: () => T): T | typeof MISSED {
  try {
    return work();
  } catch (e) {
    if (!(e instanceof PageMiss)) throw e;
    return MISSED;
  }
}
