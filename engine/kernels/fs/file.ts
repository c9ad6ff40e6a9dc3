// Open file descriptions (Linux's struct file): what a file descriptor points at. Several
// descriptors (dup, fork) may share one, with its offset and flags. What reading or writing
// does depends on the object behind it, through its FileOps.

import type { Thread } from '../proc/task';
import type { WaitQueue } from '../proc/wait-queue';
import type { Kernel } from '../kernel';
import type { SharedMemory } from '../mm/shared-memory';
import type { SyscallOutcome } from '../syscalls/outcome';
import type { Inode } from './inode';
import type { PollState } from './poll-wait';

export const O_ACCMODE = 3;
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_CLOEXEC = 0o2000000;

/** An I/O call that cannot finish now: the thread sleeps on `queue` and the syscall restarts. */
export interface Block {
  block: WaitQueue;
}

export function isBlock(v: unknown): v is Block {
  return typeof v === 'object' && v !== null && 'block' in v;
}

export interface IoContext {
  kernel: Kernel;
  thread: Thread;
}

export interface FileOps {
  /** Up to `count` bytes, or -errno, or Block. Zero bytes means end of file. */
  read?(file: OpenFile, count: number, ctx: IoContext): Uint8Array | number | Block;
  /** Bytes accepted, or -errno, or Block. */
  write?(file: OpenFile, data: Uint8Array, ctx: IoContext): number | Block;
  ioctl?(file: OpenFile, request: number, arg: number, ctx: IoContext): number | Block;
  /** Readiness for poll/select/epoll, and the queues to sleep on until it changes. */
  poll?(file: OpenFile): PollState;
  /**
   * A descriptor on this description was closed by process `owner` (every close, not only the
   * last: POSIX record locks go with any close). The shared filesystem's remote descriptions
   * tell their home (protocols/fs/remote-file.ts).
   */
  closed?(file: OpenFile, owner: number, kernel: Kernel): void;
  /**
   * The shared object a MAP_SHARED mapping of this description maps, when the file's page cache
   * is not on this kernel (a description of the shared filesystem's home, protocols/fs/): the
   * object, or the syscall's outcome (BLOCKED while the home is asked: mmap then runs again).
   */
  mapShared?(file: OpenFile, thread: Thread): SharedMemory | SyscallOutcome;
  /**
   * The bytes a MAP_PRIVATE mapping of this description copies, when they are not on this
   * kernel: the file's bytes, or the syscall's outcome (BLOCKED while they come: mmap then runs
   * again).
   */
  mapPrivate?(file: OpenFile, thread: Thread): Uint8Array | SyscallOutcome;
  /** The last descriptor on this description was closed. */
  release?(file: OpenFile, kernel: Kernel): void;
}

export class OpenFile {
  offset = 0;
  refs = 1;

  constructor(
    readonly inode: Inode,
    readonly ops: FileOps,
    public flags: number,
    /** The path it was opened by, for /proc/PID/fd and error messages. */
    readonly path: string,
  ) {}

  get readable(): boolean {
    return (this.flags & O_ACCMODE) !== O_WRONLY;
  }

  get writable(): boolean {
    return (this.flags & O_ACCMODE) !== O_RDONLY;
  }
}
