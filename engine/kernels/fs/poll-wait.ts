// Waking the sleepers of a file, and waiting on several files at once (poll, select).
//
// A thread blocked in read() sleeps on one file's queue and restarts its call when woken. A
// thread in ppoll() sleeps on a queue of its own and leaves a Poller on the queue of every
// file it watches, as Linux's poll_table leaves wait entries: whoever wakes a file's queue
// through wakeFile() also lets its pollers re-check their files, and a poller that finds one
// ready completes its call then and there. So ppoll never restarts, and its timeout keeps
// counting from the call, not from the last wake-up.

import type { Kernel } from '../kernel';
import type { WaitQueue } from '../proc/wait-queue';
import type { Block } from './file';

/** What FileOps.poll of this kernel's files reports (hangup and error for pipes). */
export interface PollState {
  readable: boolean;
  writable: boolean;
  queue: WaitQueue;
  /** The other end of a pipe is closed (POLLHUP). */
  hangup?: boolean;
  /** Writing would fail: no reader is left (POLLERR). */
  error?: boolean;
  /** A connection's peer shut down its writing half or closed: reads end (POLLRDHUP, if asked for). */
  readHangup?: boolean;
  /** Further queues whose wake-ups change the state (a FIFO open for both reading and writing). */
  more?: WaitQueue[];
}

/** A Block that also ends by itself at `deadline` (VTIME), completing the call with `timeoutResult`. */
export interface TimedBlock extends Block {
  deadline?: number;
  timeoutResult?: number;
  /** Called if a signal ends the sleep with EINTR (the call will not run again). */
  onInterrupt?: () => void;
}

export interface Poller {
  /** Whether the poller's thread still sleeps in its call. */
  active(): boolean;
  /** Re-checks the watched files; completes the call (waking the thread) if one is ready. */
  check(): void;
}

const watchers = new WeakMap<WaitQueue, Set<Poller>>();

/** Leaves `poller` on `queue` until its call ends. */
export function watch(queue: WaitQueue, poller: Poller): void {
  let set = watchers.get(queue);
  if (!set) watchers.set(queue, (set = new Set()));
  // pollers whose call ended (timeout, signal) are dropped here, so a quiet file does not
  // collect them without bound
  for (const p of set) if (!p.active()) set.delete(p);
  set.add(poller);
}

/** Whether a thread sleeps in poll() or select() watching a file with this queue. */
export function isWatched(queue: WaitQueue): boolean {
  for (const p of watchers.get(queue) ?? []) if (p.active()) return true;
  return false;
}

/** Wakes the threads sleeping on a file's queue and lets the file's pollers re-check. */
export function wakeFile(k: Kernel, queue: WaitQueue): void {
  k.wakeAll(queue);
  const set = watchers.get(queue);
  if (!set) return;
  for (const p of [...set]) {
    if (p.active()) p.check();
    if (!p.active()) set.delete(p);
  }
}
