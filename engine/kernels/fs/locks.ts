// The kernel's side of file locks: the lock table (fs/lock-table.ts), the threads asleep in
// F_SETLKW, F_OFD_SETLKW or a blocking flock (a wait queue per file, woken whenever a lock on
// it goes or weakens), who waits for whom (for EDEADLK), and the releases Linux makes:
//   - closing any descriptor of a file drops the closing process's POSIX locks on it (and so
//     does its exit, which closes everything);
//   - the last close of an open file description drops its OFD and flock locks.
// Files are inode numbers; a process's POSIX locks are owned by its pid, OFD and flock locks by
// a key this kernel gives the description the first time it locks.

import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import { WaitQueue } from '../proc/wait-queue';
import type { OpenFile } from './file';
import { F_UNLCK, LockTable, processOwner, type LockOwner } from './lock-table';

/** Linux's MAX_DEEP_LOCKS: how far the waits-for chain is followed looking for a deadlock. */
const MAX_DEEP_LOCKS = 10;

interface Waiting {
  file: number;
  owner: LockOwner;
  /** The owner of the lock it waits for. */
  blocker: LockOwner;
}

export class FileLocking {
  readonly table = new LockTable();
  private readonly queues = new Map<number, WaitQueue>();
  private readonly waiting = new Map<Thread, Waiting>();
  private readonly descriptions = new WeakMap<OpenFile, LockOwner>();
  private nextDescription = 1;

  constructor(private readonly k: Kernel) {}

  /** The owner of a description's OFD and flock locks (given the first time it is asked for). */
  descriptionOwner(file: OpenFile): LockOwner {
    let key = this.descriptions.get(file);
    if (!key) this.descriptions.set(file, (key = `d${this.k.id}.${this.nextDescription++}`));
    return key;
  }

  /** Where threads sleep until a lock on `file` goes. */
  queue(file: number): WaitQueue {
    let q = this.queues.get(file);
    if (!q) this.queues.set(file, (q = new WaitQueue(`locks ${file}`)));
    return q;
  }

  /** Wakes whoever waits for a lock on `file` (each asks again). */
  wake(file: number): void {
    const q = this.queues.get(file);
    if (!q) return;
    this.k.wakeAll(q);
    this.queues.delete(file);
  }

  /** Records that `t` (for `owner`) is about to sleep for a lock of `blocker` on `file`. */
  willWait(t: Thread, file: number, owner: LockOwner, blocker: LockOwner): void {
    this.waiting.set(t, { file, owner, blocker });
  }

  /**
   * Whether `owner` waiting for `blocker` would close a cycle: `blocker` waits (through other
   * owners, at most MAX_DEEP_LOCKS deep) for a lock `owner` holds (Linux's posix_locks_deadlock).
   */
  wouldDeadlock(owner: LockOwner, blocker: LockOwner): boolean {
    let next: LockOwner | undefined = blocker;
    for (let depth = 0; next !== undefined && depth <= MAX_DEEP_LOCKS; depth++) {
      if (next === owner) return true;
      next = this.waitsFor(next);
    }
    return false;
  }

  /** The owner `owner` waits for now, if one of its threads sleeps for a lock. */
  private waitsFor(owner: LockOwner): LockOwner | undefined {
    for (const [t, w] of this.waiting) {
      // an entry stays only while its thread still sleeps in that lock call
      if (t.state !== 'blocked' || t.sleep?.queue !== this.queues.get(w.file)) {
        this.waiting.delete(t);
        continue;
      }
      if (w.owner === owner) return w.blocker;
    }
    return undefined;
  }

  /** Process `pid` closed a descriptor of `file`: its POSIX locks on the file go. */
  closedBy(pid: number, file: OpenFile): void {
    if (this.table.releaseRanges(file.inode.ino, processOwner(pid))) this.wake(file.inode.ino);
  }

  /** The last descriptor of `file` was closed: its OFD and flock locks go. */
  descriptionReleased(file: OpenFile): void {
    const owner = this.descriptions.get(file);
    if (owner === undefined) return; // it never locked
    const ino = file.inode.ino;
    const ranges = this.table.releaseRanges(ino, owner);
    const flock = this.table.setFlock(ino, owner, F_UNLCK);
    if (ranges || flock) this.wake(ino);
  }
}
