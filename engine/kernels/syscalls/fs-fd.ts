// System calls on file descriptors themselves: close, close_range, dup, dup3, fcntl, ioctl
// and pipe2 (fcntl's lock commands are in fs-lock.ts).

import { EBADF, EFAULT, EINVAL, EMFILE, ENOTTY } from '../errno';
import { release } from '../fs/fd-table';
import { isBlock, O_APPEND, O_CLOEXEC, O_NONBLOCK, type OpenFile } from '../fs/file';
import { createPipe, FIONREAD } from '../fs/pipe';
import type { Kernel, SyscallOutcome } from '../kernel';
import { MAX_OPEN_FILES, PIPE_BUFFER } from '../params';
import type { Thread } from '../proc/task';
import { blockOn, ioFile } from './fs-common';
import { fcntlLock, LOCK_COMMANDS } from './fs-lock';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

const CLOSE_RANGE_CLOEXEC = 4;
const CLOSE_RANGE_UNSHARE = 2;

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;
const F_GETPIPE_SZ = 1032;
const FD_CLOEXEC = 1;

export const FIONCLEX = 0x5450;
export const FIOCLEX = 0x5451;
export const FIONBIO = 0x5421;
/** pipe2's int pipefd[2]. */
export const PIPE_FDS_BYTES = 8;

/** Installs another descriptor for `file` at the lowest free number >= `min`. */
function duplicate(t: Thread, file: OpenFile, cloexec: boolean, min = 0): number {
  file.refs++;
  const fd = t.process.fds.install(file, cloexec, min);
  if (fd < 0) file.refs--;
  return fd;
}

function dup3(k: Kernel, t: Thread): SyscallOutcome {
  const [oldFd, newFd, flags] = [t.xInt(10), t.xInt(11), t.xInt(12)];
  if (flags & ~O_CLOEXEC) return -EINVAL;
  const file = t.process.fds.get(oldFd);
  if (!file) return -EBADF;
  if (oldFd === newFd) return -EINVAL;
  file.refs++;
  const fd = t.process.fds.installAt(newFd, file, (flags & O_CLOEXEC) !== 0, k);
  if (fd < 0) file.refs--;
  return fd;
}

function fcntl(k: Kernel, t: Thread): SyscallOutcome {
  const fd = t.xInt(10);
  const cmd = t.xInt(11);
  const fds = t.process.fds;
  const file = fds.get(fd);
  if (!file) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      const min = t.xInt(12);
      if (min < 0 || min >= MAX_OPEN_FILES) return -EINVAL;
      return duplicate(t, file, cmd === F_DUPFD_CLOEXEC, min);
    }
    case F_GETFD:
      return fds.cloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
      fds.setCloexec(fd, (t.xInt(12) & FD_CLOEXEC) !== 0);
      return 0;
    case F_GETFL:
      return file.flags;
    case F_SETFL: {
      // only the status flags change; the access mode and creation flags stay as opened
      const settable = O_APPEND | O_NONBLOCK;
      file.flags = (file.flags & ~settable) | (t.xInt(12) & settable);
      return 0;
    }
    case F_GETPIPE_SZ:
      return file.inode.kind === 'fifo' ? PIPE_BUFFER : -EBADF;
    default:
      return LOCK_COMMANDS.has(cmd) ? fcntlLock(k, t, fd, cmd) : -EINVAL;
  }
}

function ioctl(k: Kernel, t: Thread): SyscallOutcome {
  const fd = t.xInt(10);
  const request = t.xInt(11) >>> 0;
  const arg = t.x(12);
  const file = ioFile(t, fd);
  if (!file) return -EBADF;
  // the requests every file understands (Linux's do_vfs_ioctl)
  switch (request) {
    case FIOCLEX:
    case FIONCLEX:
      t.process.fds.setCloexec(fd, request === FIOCLEX);
      return 0;
    case FIONBIO: {
      const on = t.process.um.readU32(arg);
      if (on === undefined) return -EFAULT;
      file.flags = on ? file.flags | O_NONBLOCK : file.flags & ~O_NONBLOCK;
      return 0;
    }
    case FIONREAD:
      if (file.inode.kind === 'file' && !file.inode.generate) {
        const left = Math.max(0, file.inode.size - file.offset);
        return t.process.um.writeU32(arg, Math.min(left, 0x7fffffff)) ? 0 : -EFAULT;
      }
  }
  if (!file.ops.ioctl) return -ENOTTY;
  const result = file.ops.ioctl(file, request, arg, { kernel: k, thread: t });
  return isBlock(result) ? blockOn(k, t, file, result) : result;
}

function pipe2(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(11);
  if (flags & ~(O_NONBLOCK | O_CLOEXEC)) return -EINVAL; // O_DIRECT (packet pipes) is not supported
  const [reader, writer] = createPipe(k, flags & O_NONBLOCK);
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const fds = t.process.fds;
  const r = fds.install(reader, cloexec);
  const w = r < 0 ? -EMFILE : fds.install(writer, cloexec);
  const out = new Uint8Array(PIPE_FDS_BYTES);
  new DataView(out.buffer).setInt32(0, r, true);
  new DataView(out.buffer).setInt32(4, w, true);
  if (r >= 0 && w >= 0 && t.process.um.write(t.x(10), out)) return 0;
  if (r >= 0) fds.close(r, k);
  else release(reader, k);
  if (w >= 0) fds.close(w, k);
  else release(writer, k);
  return r < 0 || w < 0 ? -EMFILE : -EFAULT;
}

function closeRange(k: Kernel, t: Thread): SyscallOutcome {
  const first = t.xInt(10) >>> 0;
  const last = t.xInt(11) >>> 0;
  const flags = t.xInt(12);
  if (flags & ~(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE) || first > last) return -EINVAL;
  // the table is already private to the process unless threads share it, which UNSHARE keeps
  for (const [fd] of t.process.fds.entries()) {
    if (fd < first || fd > last) continue;
    if (flags & CLOSE_RANGE_CLOEXEC) t.process.fds.setCloexec(fd, true);
    else t.process.fds.close(fd, k);
  }
  return 0;
}

export const fdSyscalls: SyscallGroup = [
  [SYS.close, (k, t) => t.process.fds.close(t.xInt(10), k)],
  [SYS.close_range, closeRange],
  [
    SYS.dup,
    (_k, t) => {
      const file = t.process.fds.get(t.xInt(10));
      return file ? duplicate(t, file, false) : -EBADF;
    },
  ],
  [SYS.dup3, dup3],
  [SYS.fcntl, fcntl],
  [SYS.ioctl, ioctl],
  [SYS.pipe2, pipe2],
];
