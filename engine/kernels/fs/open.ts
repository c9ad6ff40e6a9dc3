// Opening an inode: the open file description each kind of inode gets, and the operations of
// regular files, directories and generated (/proc) files. Devices and pipes bring their own
// operations (devfs.ts, pipe.ts, tty/tty.ts).

import { EACCES, EINVAL, EIO, EISDIR, ELOOP, ENXIO } from '../errno';
import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import {
  type FileOps,
  O_ACCMODE,
  O_APPEND,
  O_CLOEXEC,
  O_CREAT,
  O_EXCL,
  O_NOCTTY,
  O_RDONLY,
  O_TRUNC,
  OpenFile,
} from './file';
import type { Located } from './inode';
import { openFifo } from './pipe';

export const O_LARGEFILE = 0o100000;
export const O_PATH = 0o10000000;
export const O_TMPFILE = 0o20000000;

/** What a regular file's read and write do, at the description's offset. */
export const regularFileOps: FileOps = {
  read(file, count, ctx) {
    const inode = file.inode;
    if (!inode.load()) return -EIO; // a program whose bytes could not be fetched
    const start = Math.min(file.offset, inode.size);
    const end = Math.min(inode.size, start + count);
    inode.cache?.claim(start, end, 'read'); // pages another kernel writes come back first
    inode.cache?.readBack(start, end); // what mappings stored there
    file.offset += end - start;
    // relatime: the access time moves when it is older than the last change
    if (inode.atime <= inode.mtime) inode.atime = ctx.kernel.now;
    return inode.data.slice(start, end);
  },
  write(file, data, ctx) {
    if (file.flags & O_APPEND) file.offset = file.inode.size;
    const n = ctx.kernel.vfs.writeAt(file.inode, file.offset, data);
    if (n > 0) file.offset += n;
    return n;
  },
};

/** Directories are read with getdents64; read() on one fails with EISDIR. */
export const directoryOps: FileOps = {};

/** O_PATH descriptions: a place in the tree (for *at calls, fchdir, fstat), no I/O. */
export const pathOps: FileOps = {};

/** Contents of an open generated file, produced when it was opened (Linux's seq_file). */
const snapshots = new WeakMap<OpenFile, Uint8Array>();

export const generatedFileOps: FileOps = {
  read(file, count) {
    const bytes = snapshots.get(file) ?? new Uint8Array(0);
    const start = Math.min(file.offset, bytes.length);
    const end = Math.min(bytes.length, start + count);
    file.offset += end - start;
    return bytes.slice(start, end);
  },
};

/** Size of an open file's contents as lseek(SEEK_END) sees it. */
export function contentSize(file: OpenFile): number {
  return snapshots.get(file)?.length ?? file.inode.size;
}

/** The status flags a description keeps of open(2)'s: the creation flags and close-on-exec are gone. */
export function keptFlags(flags: number): number {
  return (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | O_LARGEFILE;
}

/**
 * The description for opening `at` with open(2) `flags` (O_CREAT and O_EXCL were dealt with
 * by the caller), or -errno. `caller` is the opening thread (generated files depend on it).
 */
export function openInode(k: Kernel, caller: Thread | undefined, at: Located, flags: number): OpenFile | number {
  const { inode, path } = at;
  const accmode = flags & O_ACCMODE;
  if (accmode === O_ACCMODE) return -EINVAL;
  const kept = keptFlags(flags);
  if (flags & O_PATH) return new OpenFile(inode, pathOps, kept & ~O_ACCMODE, path);
  const writes = accmode !== O_RDONLY;
  switch (inode.kind) {
    case 'dir':
      return writes ? -EISDIR : new OpenFile(inode, directoryOps, kept, path);
    case 'symlink':
      return -ELOOP; // O_NOFOLLOW met a symlink
    case 'fifo':
      return openFifo(inode, kept, path);
    case 'char':
      return inode.ops ? new OpenFile(inode, inode.ops, kept, path) : -ENXIO;
    case 'socket':
    case 'anon':
      return -ENXIO; // a bound socket's name is reached by connect, never by open (Linux's too)
    case 'file': {
      if (inode.generate) {
        if (writes) return -EACCES;
        const file = new OpenFile(inode, generatedFileOps, kept, path);
        snapshots.set(file, inode.generate(caller));
        return file;
      }
      if (flags & O_TRUNC) {
        const err = k.vfs.resize(inode, 0);
        if (err < 0) return err;
      }
      return new OpenFile(inode, regularFileOps, kept, path);
    }
  }
}
