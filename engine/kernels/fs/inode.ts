// Inodes of the in-memory filesystems: regular files (bytes), directories (named entries),
// symbolic links, character devices, FIFOs and sockets. Special files carry the FileOps that opening
// them uses; regular files and directories get the VFS's own (fs/open.ts).
//
// Generated filesystems (/proc) use the hooks: a directory whose entries are computed when
// looked up or listed, a file whose contents are produced at open time, and a "magic" link
// that leads straight to an inode (/proc/PID/fd/N reaches a pipe that has no path).

import type { Thread } from '../proc/task';
import type { FileOps } from './file';
import type { PageCache } from './page-cache';

/** 'anon': an inode in no filesystem (Linux's anon_inode: an epoll instance), with no type bits. */
export type InodeKind = 'file' | 'dir' | 'symlink' | 'char' | 'fifo' | 'socket' | 'anon';

/**
 * A file's bytes that are not in memory yet: a program of the root filesystem whose size is
 * known at boot and whose bytes are fetched the first time something needs them (the page
 * fetches programs on first use). `load` blocks until they are here, and returns undefined when
 * they cannot be had (the read, exec or mmap then fails with EIO; a later one asks again).
 */
export interface PendingContents {
  readonly size: number;
  load(): Uint8Array | undefined;
}

export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;
export const S_IFSOCK = 0o140000;

const TYPE_BITS: Record<InodeKind, number> = {
  file: S_IFREG,
  dir: S_IFDIR,
  symlink: S_IFLNK,
  char: S_IFCHR,
  fifo: S_IFIFO,
  socket: S_IFSOCK,
  anon: 0,
};

/** Where a path leads: an inode and the canonical absolute path it was reached by. */
export interface Located {
  inode: Inode;
  path: string;
}

export class Inode {
  /** File contents; only the first `size` bytes count, and bytes past `size` are always zero. */
  data: Uint8Array = new Uint8Array(0);
  size = 0;
  /** Directory entries, in creation order (getdents lists them so). */
  readonly entries = new Map<string, Inode>();
  /** A directory's parent and its name there (a directory has exactly one). */
  parent: Inode | undefined;
  name = '';
  /** Symlink target. */
  target = '';
  nlink = 1;
  uid = 0;
  gid = 0;
  /** Virtual times in ns since boot (stat adds the machine's boot time). */
  atime = 0;
  mtime = 0;
  ctime = 0;
  /** For device files: major << 8 | minor. */
  rdev = 0;
  /** Pipes and terminals: no file position, so lseek, pread and pwrite fail with ESPIPE. */
  stream = false;
  /** For special files: what reading and writing do. */
  ops: FileOps | undefined;
  /** Contents not fetched yet (`size` is already theirs); they come in with load(). */
  pending: PendingContents | undefined;
  /** While the file is mapped MAP_SHARED: the frames holding its mapped pages' current bytes. */
  cache: PageCache | undefined;

  // ---- hooks of generated filesystems (/proc); `caller` is the thread doing the lookup ----

  /** A generated file: its contents, produced at open time. */
  generate: ((caller: Thread | undefined) => Uint8Array) | undefined;
  /** A generated directory: the entry `name`, computed on lookup. */
  lookup: ((name: string, caller: Thread | undefined) => Inode | undefined) | undefined;
  /** A generated directory: its entries, computed when listed. */
  list: ((caller: Thread | undefined) => Array<[string, Inode]>) | undefined;
  /** A magic link: following it leads to this inode, whatever `target` says. */
  follow: ((caller: Thread | undefined) => Located | undefined) | undefined;

  constructor(
    readonly ino: number,
    readonly kind: InodeKind,
    /** Permission bits (0o7777). */
    public perm: number,
  ) {}

  get mode(): number {
    return TYPE_BITS[this.kind] | (this.perm & 0o7777);
  }

  /**
   * Brings pending contents into memory (a no-op for every other file). False when they could
   * not be had: the file stays pending, so a later call tries again. Nothing else changes, not
   * even a time stamp, so a run is the same whenever the bytes arrive.
   */
  load(): boolean {
    const pending = this.pending;
    if (!pending) return true;
    const bytes = pending.load();
    if (bytes?.length !== pending.size) return false;
    this.data = bytes;
    this.size = bytes.length;
    this.pending = undefined;
    return true;
  }

  /** The file's bytes (a view, not a copy), loaded if pending; undefined if they cannot be had (EIO). */
  contents(): Uint8Array | undefined {
    if (!this.load()) return undefined;
    this.cache?.readBack(0, this.size);
    return this.data.subarray(0, this.size);
  }

  /** Replaces the contents (used when the root filesystem is populated). */
  setContents(bytes: Uint8Array): void {
    this.data = bytes;
    this.size = bytes.length;
    this.pending = undefined;
  }

  /** Gives the file contents to be loaded on first use (when the root filesystem is populated). */
  setPending(pending: PendingContents): void {
    this.data = new Uint8Array(0);
    this.size = pending.size;
    this.pending = pending;
  }

  /** Whether this directory's entries are generated (nothing may be created or removed in it). */
  get generated(): boolean {
    return this.lookup !== undefined;
  }
}
