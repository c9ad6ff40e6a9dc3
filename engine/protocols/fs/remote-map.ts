// One mmap(MAP_SHARED) of a description kept at the filesystem's home, by a thread of a kernel
// that is not the home, as an explicit record advanced by pure functions (fs-client.ts keeps
// one per thread whose mmap is under way):
//
//   1. asked: FS_MAP_REQUEST{handle} sent, the thread sleeps (not interruptibly: the home
//      exports the file's page cache and counts this kernel as a mapper whatever happens)
//   2. answered: FS_MAP_REPLY came (or the home died: EIO), the thread is woken and its mmap
//      runs again, which finishes the call: it maps this kernel's replica of the object named
//      (its pages then come by the shared-memory page protocol), or fails with the home's errno
//   3. done: the record is dropped. A reply whose thread gave up (it died) is a grant nobody
//      took: it goes straight back to the home (SHM_UNMAP), so the home's count stays exact.

import { EIO } from '../../kernels/errno';

export type MapCall =
  | { readonly phase: 'asked'; readonly handle: number }
  | { readonly phase: 'answered'; readonly handle: number; readonly status: number; readonly object: number };

/** What the thread's mmap does when it runs (again) for description `handle`. */
export type MapStep =
  | { readonly kind: 'ask' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'fail'; readonly errno: number }
  | { readonly kind: 'map'; readonly object: number };

/** Step 1. */
export const mapAsked = (handle: number): MapCall => ({ phase: 'asked', handle });

/** Step 2: the home's answer; undefined when the home died first (EIO). */
export function mapAnswered(call: MapCall, reply: { status: number; object: number } | undefined): MapCall {
  if (call.phase !== 'asked') return call; // answered once already
  const { status, object } = reply ?? { status: -EIO, object: 0 };
  return { phase: 'answered', handle: call.handle, status, object };
}

/** Step 3, or step 1 for a call not asked yet (or asked about another description, then given up). */
export function mapStep(call: MapCall | undefined, handle: number): MapStep {
  if (!call || call.handle !== handle) return { kind: 'ask' };
  if (call.phase === 'asked') return { kind: 'wait' };
  return call.status < 0 ? { kind: 'fail', errno: call.status } : { kind: 'map', object: call.object };
}
