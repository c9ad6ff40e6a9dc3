// What the filesystem system calls share: reading path arguments, finding where a *at call
// starts (AT_FDCWD or a directory descriptor), looking paths up, and putting a thread to
// sleep when a file's operation cannot finish now (or failing with EAGAIN under O_NONBLOCK).

import { EAGAIN, EBADF, EFAULT, ENAMETOOLONG, ENOENT, ENOTDIR } from '../errno';
import { type Block, O_NONBLOCK, type OpenFile } from '../fs/file';
import type { Inode, Located } from '../fs/inode';
import { O_PATH } from '../fs/open';
import type { TimedBlock } from '../fs/poll-wait';
import type { Lookup } from '../fs/vfs';
import type { Kernel, SyscallOutcome } from '../kernel';
import { PATH_MAX } from '../params';
import type { Thread } from '../proc/task';

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_EACCESS = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;

/** Most bytes one read or write moves, so a guest cannot make the kernel allocate without bound. */
export const MAX_IO_BYTES = 1 << 20;

/** A path argument, or -EFAULT / -ENAMETOOLONG. */
export function readPath(t: Thread, va: number): string | number {
  const path = t.process.um.readString(va, PATH_MAX);
  if (path !== undefined) return path;
  return t.process.mm.hostAddress(va, 'read') === undefined ? -EFAULT : -ENAMETOOLONG;
}

/** The calling process's working directory. */
export function cwdOf(k: Kernel, t: Thread): Located | number {
  const found = k.vfs.walk({ inode: k.vfs.root, path: '/' }, t.process.cwd, true, t);
  if (typeof found === 'number') return found;
  if (!found.inode) return -ENOENT; // removed since
  return { inode: found.inode, path: found.path };
}

/** Where a *at call's relative path starts: the working directory or `dirfd`'s directory. */
export function startOf(k: Kernel, t: Thread, dirfd: number): Located | number {
  if (dirfd === AT_FDCWD) return cwdOf(k, t);
  const file = t.process.fds.get(dirfd);
  if (!file) return -EBADF;
  if (file.inode.kind !== 'dir') return -ENOTDIR;
  return { inode: file.inode, path: file.path };
}

/** Walks a *at call's path (an absolute path ignores dirfd, as on Linux). */
export function lookupAt(k: Kernel, t: Thread, dirfd: number, path: string, follow: boolean): Lookup | number {
  const start = path.startsWith('/') ? { inode: k.vfs.root, path: '/' } : startOf(k, t, dirfd);
  if (typeof start === 'number') return start;
  return k.vfs.walk(start, path, follow, t);
}

/**
 * The inode a stat-like call names: `path` from `dirfd`, or with AT_EMPTY_PATH and an empty
 * path, `dirfd` itself.
 */
export function inodeAt(k: Kernel, t: Thread, dirfd: number, path: string, flags: number): Located | number {
  if (path === '' && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) return cwdOf(k, t);
    const file = t.process.fds.get(dirfd);
    return file ? { inode: file.inode, path: file.path } : -EBADF;
  }
  const found = lookupAt(k, t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
  if (typeof found === 'number') return found;
  return found.inode ? { inode: found.inode, path: found.path } : -ENOENT;
}

/** The open file `fd`, if it can do I/O (O_PATH descriptions cannot). */
export function ioFile(t: Thread, fd: number): OpenFile | undefined {
  const file = t.process.fds.get(fd);
  return file && (file.flags & O_PATH) === 0 ? file : undefined;
}

/** Sleeps until the file's queue is woken (the call then restarts), or EAGAIN if non-blocking. */
export function blockOn(k: Kernel, t: Thread, file: OpenFile, block: Block): SyscallOutcome {
  if (file.flags & O_NONBLOCK) return -EAGAIN;
  const timed = block as TimedBlock;
  return k.block(t, {
    queue: block.block,
    interruptible: true,
    restartable: true,
    deadline: timed.deadline,
    timeoutResult: timed.timeoutResult,
    onInterrupt: timed.onInterrupt,
  });
}

/** stat's view of which filesystem an inode lives on. */
export function isProcInode(k: Kernel, inode: Inode): boolean {
  for (let at: Inode | undefined = inode; at && at !== k.vfs.root; at = at.parent) if (at.generated) return true;
  return false;
}
