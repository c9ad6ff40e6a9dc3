// poll and select on a description kept at the filesystem's home, from another kernel: a named
// pipe's (or an AF_UNIX socket's) readiness is known only at the home, so the kernel that polls it asks the home to
// watch it (FS_WATCH) and keeps what the home tells it (FS_READY, at once and at every change)
// for its poll to read. The pure decisions of both sides are here.
//
//   1. a poll or select of a thread whose process holds a remote named pipe not watched yet:
//      FS_WATCH for each, and the call waits (interruptibly) until every answer came, so even a
//      poll with a zero timeout sees the pipe as it is
//   2. the home watches the description from then on, as a poller of its own queues, and tells
//      every change (FS_READY) until the description is let go
//   3. each FS_READY wakes the pollers of the description's local queue; the call sees it
//   4. a home that died, or that booted again, leaves the pipe lost: ready with an error, so a
//      poll returns and the read that follows fails with EIO, never waits for ever
//
// Regular files, directories and symlinks are always ready, as Linux's poll says: they are
// never watched.

import type { InodeKind } from '../../kernels/fs/inode';

export interface Readiness {
  readable: boolean;
  writable: boolean;
  hangup: boolean;
  error: boolean;
  /** A socket's peer shut its writing half or closed (POLLRDHUP). */
  readHangup: boolean;
}

/** What a description of a lost home reports. */
export const LOST: Readiness = { readable: true, writable: true, hangup: true, error: true, readHangup: true };

/** Whether poll of a description of this kind needs the home (a regular file needs nothing). */
export function watchable(kind: InodeKind): boolean {
  return kind === 'fifo' || kind === 'char' || kind === 'socket';
}

/** What the home tells of a description's poll state (hangup, error and read hangup absent: false). */
export function readinessOf(s: {
  readable: boolean;
  writable: boolean;
  hangup?: boolean;
  error?: boolean;
  readHangup?: boolean;
}): Readiness {
  return {
    readable: s.readable,
    writable: s.writable,
    hangup: s.hangup === true,
    error: s.error === true,
    readHangup: s.readHangup === true,
  };
}

/** Whether the home must tell a change (step 2): nothing told yet, or a field changed. */
export function changed(told: Readiness | undefined, now: Readiness): boolean {
  return (
    told?.readable !== now.readable ||
    told.writable !== now.writable ||
    told.hangup !== now.hangup ||
    told.error !== now.error ||
    told.readHangup !== now.readHangup
  );
}

/** What the client knows of a watched description: asked and not answered yet, or its readiness. */
export type Watch = { phase: 'asked' } | { phase: 'known'; readiness: Readiness };

/** Step 1: of the remote descriptions a process holds, those to ask the home to watch, and whether the call waits. */
export function beforePoll(
  held: ReadonlyArray<{ handle: number; kind: InodeKind }>,
  watchOf: (handle: number) => Watch | undefined,
): { watch: number[]; wait: boolean } {
  const watch: number[] = [];
  let wait = false;
  for (const { handle, kind } of held) {
    if (!watchable(kind) || watch.includes(handle)) continue;
    const w = watchOf(handle);
    if (!w) watch.push(handle);
    if (w?.phase !== 'known') wait = true;
  }
  return { watch, wait };
}
