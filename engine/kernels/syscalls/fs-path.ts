// System calls on names: openat (with O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, O_NOFOLLOW,
// O_PATH), mkdirat, unlinkat, renameat/renameat2, symlinkat, linkat, readlinkat, and the
// working directory (getcwd, chdir, fchdir). The VFS applies Linux's rules; this file decodes
// arguments and picks which paths follow symlinks.

import { EBADF, EEXIST, EFAULT, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTSUP, EPERM, ERANGE } from '../errno';
import { O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, OpenFile } from '../fs/file';
import { release } from '../fs/fd-table';
import type { Located } from '../fs/inode';
import { keptFlags, O_PATH, O_TMPFILE, openInode } from '../fs/open';
import { fifoInstalled, isNamedFifo, makeFifo, openNamedFifo, waitingFifoFd } from '../fs/pipe';
import type { Kernel, SyscallOutcome } from '../kernel';
import type { Thread } from '../proc/task';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_REMOVEDIR,
  AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW,
  cwdOf,
  inodeAt,
  lookupAt,
  readPath,
} from './fs-common';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

/** O_TMPFILE as programs pass it: __O_TMPFILE | O_DIRECTORY. */
const O_TMPFILE_REQUEST = O_TMPFILE | O_DIRECTORY;

function openat(k: Kernel, t: Thread): SyscallOutcome {
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const flags = t.xInt(12);
  const mode = t.x(13) & 0o7777;
  if ((flags & O_TMPFILE_REQUEST) === O_TMPFILE_REQUEST) return -ENOTSUP; // unnamed files are not supported
  const creating = (flags & O_CREAT) !== 0 && (flags & O_PATH) === 0;
  const follow = (flags & O_NOFOLLOW) === 0 && !(creating && flags & O_EXCL);
  const found = lookupAt(k, t, t.xInt(10), path, follow);
  if (typeof found === 'number') return found;
  let at: Located;
  if (!found.inode) {
    if (!creating) return -ENOENT;
    if (found.trailingSlash) return -EISDIR;
    const inode = k.vfs.create(found.dir, found.name, 'file', mode & ~t.process.umask);
    if (typeof inode === 'number') return inode;
    at = { inode, path: found.path };
  } else {
    const inode = found.inode;
    if (creating && flags & O_EXCL) return -EEXIST;
    if (creating && inode.kind === 'dir') return -EISDIR;
    const symlinkItself = inode.kind === 'symlink' && flags & O_PATH;
    if (flags & O_DIRECTORY && inode.kind !== 'dir' && !symlinkItself) return -ENOTDIR;
    at = { inode, path: found.path };
  }
  if (at.inode.kind === 'fifo' && isNamedFifo(at.inode) && !(flags & O_PATH)) return openNamed(k, t, at, flags);
  const file = openInode(k, t, at, flags);
  if (typeof file === 'number') return file;
  const fd = t.process.fds.install(file, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) release(file, k);
  return fd;
}

/**
 * openat of a named pipe: its open may wait for the other side (pipe.ts). The waiting
 * description is installed at once (it counts as a reader or writer while it waits, and goes
 * with the process if it dies waiting); the call, run again when woken, returns it.
 */
function openNamed(k: Kernel, t: Thread, at: Located, flags: number): SyscallOutcome {
  if ((flags & O_ACCMODE) === O_ACCMODE) return -EINVAL;
  const r = openNamedFifo(k, at.inode, keptFlags(flags), at.path, t);
  if (typeof r === 'number') return r; // an error, or the descriptor a finished wait installed
  if (r instanceof OpenFile) {
    const fd = t.process.fds.install(r, (flags & O_CLOEXEC) !== 0);
    if (fd < 0) release(r, k);
    return fd;
  }
  if (waitingFifoFd(t, at.inode) === undefined) {
    const fd = t.process.fds.install(r.wait, (flags & O_CLOEXEC) !== 0);
    if (fd < 0) {
      release(r.wait, k);
      return fd;
    }
    fifoInstalled(t, fd);
  }
  return k.block(t, { queue: r.queue, interruptible: true, restartable: true });
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFIFO = 0o010000;

/** mknodat: regular files and named pipes (device nodes are not made: each kernel's /dev has its own). */
function mknodat(k: Kernel, t: Thread): SyscallOutcome {
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const mode = t.xInt(12);
  const type = mode & S_IFMT;
  if (type !== 0 && type !== S_IFREG && type !== S_IFIFO) return type === 0o040000 ? -EPERM : -EINVAL;
  const found = lookupAt(k, t, t.xInt(10), path, false);
  if (typeof found === 'number') return found;
  if (found.inode) return -EEXIST;
  if (found.trailingSlash) return -ENOENT;
  const inode = k.vfs.create(
    found.dir,
    found.name,
    type === S_IFIFO ? 'fifo' : 'file',
    mode & 0o7777 & ~t.process.umask,
  );
  if (typeof inode === 'number') return inode;
  if (type === S_IFIFO) makeFifo(inode);
  return 0;
}

function mkdirat(k: Kernel, t: Thread): SyscallOutcome {
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const found = lookupAt(k, t, t.xInt(10), path, false);
  if (typeof found === 'number') return found;
  if (found.inode) return -EEXIST;
  const made = k.vfs.create(found.dir, found.name, 'dir', t.x(12) & 0o1777 & ~t.process.umask);
  return typeof made === 'number' ? made : 0;
}

function unlinkat(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(12);
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const found = lookupAt(k, t, t.xInt(10), path, false);
  if (typeof found === 'number') return found;
  if (!found.inode) return -ENOENT;
  return k.vfs.unlink(found.dir, found.name, (flags & AT_REMOVEDIR) !== 0);
}

function renameat(k: Kernel, t: Thread, flags: number): SyscallOutcome {
  const oldPath = readPath(t, t.x(11));
  const newPath = readPath(t, t.x(13));
  if (typeof oldPath === 'number') return oldPath;
  if (typeof newPath === 'number') return newPath;
  const from = lookupAt(k, t, t.xInt(10), oldPath, false);
  if (typeof from === 'number') return from;
  if (!from.inode) return -ENOENT;
  const to = lookupAt(k, t, t.xInt(12), newPath, false);
  if (typeof to === 'number') return to;
  if (to.trailingSlash && from.inode.kind !== 'dir') return -ENOTDIR;
  return k.vfs.rename(from.dir, from.name, to.dir, to.name, flags);
}

function symlinkat(k: Kernel, t: Thread): SyscallOutcome {
  const target = readPath(t, t.x(10));
  const path = readPath(t, t.x(12));
  if (typeof target === 'number') return target;
  if (typeof path === 'number') return path;
  if (target === '') return -ENOENT;
  const found = lookupAt(k, t, t.xInt(11), path, false);
  if (typeof found === 'number') return found;
  if (found.inode) return -EEXIST;
  const inode = k.vfs.create(found.dir, found.name, 'symlink', 0o777);
  if (typeof inode === 'number') return inode;
  inode.target = target;
  inode.size = new TextEncoder().encode(target).length; // lstat's st_size
  return 0;
}

function linkat(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(14);
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const oldPath = readPath(t, t.x(11));
  const newPath = readPath(t, t.x(13));
  if (typeof oldPath === 'number') return oldPath;
  if (typeof newPath === 'number') return newPath;
  // linkat does not follow a final symlink unless asked: it links the symlink itself
  const source = inodeAt(
    k,
    t,
    t.xInt(10),
    oldPath,
    (flags & AT_EMPTY_PATH) | (flags & AT_SYMLINK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW),
  );
  if (typeof source === 'number') return source;
  const to = lookupAt(k, t, t.xInt(12), newPath, false);
  if (typeof to === 'number') return to;
  if (to.inode) return -EEXIST;
  if (to.trailingSlash) return -ENOENT;
  return k.vfs.link(to.dir, to.name, source.inode);
}

function readlinkat(k: Kernel, t: Thread): SyscallOutcome {
  const size = t.xInt(13);
  if (size <= 0) return -EINVAL;
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const at = inodeAt(k, t, t.xInt(10), path, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
  if (typeof at === 'number') return at;
  if (at.inode.kind !== 'symlink') return -EINVAL;
  const bytes = new TextEncoder().encode(at.inode.target).subarray(0, size);
  return t.process.um.write(t.x(12), bytes) ? bytes.length : -EFAULT;
}

function getcwd(k: Kernel, t: Thread): SyscallOutcome {
  const cwd = cwdOf(k, t);
  if (typeof cwd === 'number') return cwd; // the directory was removed
  const bytes = new TextEncoder().encode(`${cwd.path}\0`);
  if (t.x(11) < bytes.length) return -ERANGE;
  return t.process.um.write(t.x(10), bytes) ? bytes.length : -EFAULT;
}

function chdir(k: Kernel, t: Thread): SyscallOutcome {
  const path = readPath(t, t.x(10));
  if (typeof path === 'number') return path;
  const at = inodeAt(k, t, AT_FDCWD, path, 0);
  if (typeof at === 'number') return at;
  if (at.inode.kind !== 'dir') return -ENOTDIR;
  t.process.cwd = at.path;
  return 0;
}

function fchdir(_k: Kernel, t: Thread): SyscallOutcome {
  const file = t.process.fds.get(t.xInt(10));
  if (!file) return -EBADF;
  if (file.inode.kind !== 'dir') return -ENOTDIR;
  t.process.cwd = file.path;
  return 0;
}

export const pathSyscalls: SyscallGroup = [
  [SYS.openat, openat],
  [SYS.mknodat, mknodat],
  [SYS.mkdirat, mkdirat],
  [SYS.unlinkat, unlinkat],
  [SYS.renameat, (k, t) => renameat(k, t, 0)],
  [SYS.renameat2, (k, t) => renameat(k, t, t.xInt(14))],
  [SYS.symlinkat, symlinkat],
  [SYS.linkat, linkat],
  [SYS.readlinkat, readlinkat],
  [SYS.getcwd, getcwd],
  [SYS.chdir, chdir],
  [SYS.fchdir, fchdir],
];
