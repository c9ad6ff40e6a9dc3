// A process's file descriptor table: small integers to open file descriptions, with the
// close-on-exec flag per descriptor. fork() copies the table (sharing the descriptions, as
// Linux does without CLONE_FILES); threads share one table.

import { EBADF, EMFILE } from '../errno';
import type { Kernel } from '../kernel';
import { MAX_OPEN_FILES } from '../params';
import type { OpenFile } from './file';

interface Slot {
  file: OpenFile;
  cloexec: boolean;
}

export class FdTable {
  private readonly slots: Array<Slot | undefined> = [];
  /** The process whose table this is (set when it is made): a close drops its POSIX locks. */
  owner = 0;

  get(fd: number): OpenFile | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.slots[fd]?.file : undefined;
  }

  cloexec(fd: number): boolean {
    return this.slots[fd]?.cloexec ?? false;
  }

  setCloexec(fd: number, on: boolean): void {
    const slot = this.slots[fd];
    if (slot) slot.cloexec = on;
  }

  /** Installs `file` at the lowest free descriptor >= `min`; returns it or -EMFILE. */
  install(file: OpenFile, cloexec = false, min = 0): number {
    for (let fd = min; fd < MAX_OPEN_FILES; fd++) {
      if (!this.slots[fd]) {
        this.slots[fd] = { file, cloexec };
        return fd;
      }
    }
    return -EMFILE;
  }

  /** Puts `file` at exactly `fd`, closing what was there (dup2/dup3). */
  installAt(fd: number, file: OpenFile, cloexec: boolean, kernel: Kernel): number {
    if (!Number.isInteger(fd) || fd < 0 || fd >= MAX_OPEN_FILES) return -EBADF;
    if (this.slots[fd]) this.close(fd, kernel);
    this.slots[fd] = { file, cloexec };
    return fd;
  }

  close(fd: number, kernel: Kernel): number {
    const slot = Number.isInteger(fd) && fd >= 0 ? this.slots[fd] : undefined;
    if (!slot) return -EBADF;
    this.slots[fd] = undefined;
    kernel.locks.closedBy(this.owner, slot.file); // POSIX: any close drops the process's locks
    slot.file.ops.closed?.(slot.file, this.owner, kernel);
    release(slot.file, kernel);
    return 0;
  }

  /** A copy for a forked child: same descriptions, one more reference each. */
  fork(): FdTable {
    const copy = new FdTable();
    this.slots.forEach((slot, fd) => {
      if (!slot) return;
      slot.file.refs++;
      copy.slots[fd] = { ...slot };
    });
    return copy;
  }

  closeOnExec(kernel: Kernel): void {
    this.slots.forEach((slot, fd) => {
      if (slot?.cloexec) this.close(fd, kernel);
    });
  }

  closeAll(kernel: Kernel): void {
    this.slots.forEach((slot, fd) => {
      if (slot) this.close(fd, kernel);
    });
  }

  /** Open descriptors, for /proc/PID/fd. */
  entries(): Array<[number, OpenFile]> {
    const out: Array<[number, OpenFile]> = [];
    this.slots.forEach((slot, fd) => {
      if (slot) out.push([fd, slot.file]);
    });
    return out;
  }
}

/** Drops one reference to a description; the last one releases it. */
export function release(file: OpenFile, kernel: Kernel): void {
  if (--file.refs > 0) return;
  kernel.locks.descriptionReleased(file); // its OFD and flock locks
  file.ops.release?.(file, kernel);
}
