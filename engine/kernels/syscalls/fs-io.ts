// Moving data through open files: read, write, readv, writev, pread64, pwrite64, sendfile,
// lseek, getdents64, ftruncate/truncate and the sync calls. The file's operations do the work; this
// file copies between them and user memory, turns a Block into a sleep (or EAGAIN), and
// raises SIGPIPE when a pipe has no reader left.

import { EBADF, EFAULT, EINVAL, EISDIR, ENOTDIR, ENXIO, EPIPE, ESPIPE } from '../errno';
import { isBlock, O_APPEND, type OpenFile } from '../fs/file';
import { contentSize, O_PATH } from '../fs/open';
import type { Kernel, SyscallOutcome } from '../kernel';
import type { Thread } from '../proc/task';
import { signalThread } from '../signal/deliver';
import { SIGPIPE } from '../signal/signals';
import { AT_FDCWD, blockOn, inodeAt, ioFile, MAX_IO_BYTES, readPath } from './fs-common';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

const UIO_MAXIOV = 1024;
/** struct iovec: void *iov_base, size_t iov_len. */
export const IOVEC_BYTES = 16;

/** Reads up to `count` bytes from `fd` (at `at` for pread); the bytes, or what the call returns. */
function readFrom(k: Kernel, t: Thread, fd: number, count: number, at?: number): Uint8Array | SyscallOutcome {
  const file = ioFile(t, fd);
  if (!file || !file.readable) return -EBADF;
  if (file.inode.kind === 'dir') return -EISDIR;
  if (!file.ops.read) return -EINVAL;
  if (at !== undefined && file.inode.stream) return -ESPIPE;
  const n = Math.min(count, MAX_IO_BYTES);
  if (n === 0) return new Uint8Array(0);
  const saved = file.offset;
  if (at !== undefined) file.offset = at;
  const result = file.ops.read(file, n, { kernel: k, thread: t });
  if (at !== undefined) file.offset = saved;
  if (isBlock(result)) return blockOn(k, t, file, result);
  return result;
}

/** Writes `data` to `fd` (at `at` for pwrite); bytes written, or what the call returns. */
function writeTo(k: Kernel, t: Thread, fd: number, data: Uint8Array, at?: number): SyscallOutcome {
  const file = ioFile(t, fd);
  if (!file || !file.writable) return -EBADF;
  if (!file.ops.write) return -EINVAL;
  if (at !== undefined && file.inode.stream) return -ESPIPE;
  if (data.length === 0) return 0;
  const saved = file.offset;
  if (at !== undefined) file.offset = at;
  const result = file.ops.write(file, data, { kernel: k, thread: t });
  if (at !== undefined) file.offset = saved;
  if (isBlock(result)) return blockOn(k, t, file, result);
  if (result === -EPIPE) signalThread(k, t, SIGPIPE, { code: 0, pid: t.process.pid, addr: 0 });
  return result;
}

/** Undoes the part of a read that could not be copied out, where the file allows (a file position). */
function unread(t: Thread, fd: number, bytes: number): void {
  const file = t.process.fds.get(fd);
  if (file && !file.inode.stream) file.offset -= bytes;
}

function read(k: Kernel, t: Thread, at?: number): SyscallOutcome {
  const [fd, va] = [t.xInt(10), t.x(11)];
  const data = readFrom(k, t, fd, t.x(12), at);
  if (!(data instanceof Uint8Array)) return data;
  if (t.process.um.write(va, data)) return data.length;
  if (at === undefined) unread(t, fd, data.length);
  return -EFAULT;
}

function write(k: Kernel, t: Thread, at?: number): SyscallOutcome {
  const data = t.process.um.read(t.x(11), Math.min(t.x(12), MAX_IO_BYTES));
  if (!data) return ioFile(t, t.xInt(10)) ? -EFAULT : -EBADF;
  return writeTo(k, t, t.xInt(10), data, at);
}

/** The (base, length) pairs of an iovec array, or -errno. */
function readIovecs(t: Thread, va: number, count: number): Array<[number, number]> | number {
  if (count < 0 || count > UIO_MAXIOV) return -EINVAL;
  if (count === 0) return [];
  const raw = t.process.um.read(va, count * IOVEC_BYTES);
  if (!raw) return -EFAULT;
  const dv = new DataView(raw.buffer);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const len = dv.getBigUint64(i * IOVEC_BYTES + 8, true);
    if (len > BigInt(Number.MAX_SAFE_INTEGER)) return -EINVAL;
    out.push([Number(dv.getBigUint64(i * IOVEC_BYTES, true)), Number(len)]);
  }
  return out;
}

function readv(k: Kernel, t: Thread): SyscallOutcome {
  const fd = t.xInt(10);
  const iovs = readIovecs(t, t.x(11), t.xInt(12));
  if (typeof iovs === 'number') return iovs;
  const total = iovs.reduce((n, [, len]) => n + len, 0);
  const data = readFrom(k, t, fd, total);
  if (!(data instanceof Uint8Array)) return data;
  // one read, scattered: a pipe's message is taken whole, as Linux's readv does
  let done = 0;
  for (const [base, len] of iovs) {
    const piece = data.subarray(done, done + len);
    if (piece.length === 0) break;
    if (!t.process.um.write(base, piece)) {
      unread(t, fd, data.length - done);
      return done > 0 ? done : -EFAULT;
    }
    done += piece.length;
  }
  return done;
}

function writev(k: Kernel, t: Thread): SyscallOutcome {
  const iovs = readIovecs(t, t.x(11), t.xInt(12));
  if (typeof iovs === 'number') return iovs;
  // gathered into one write, so that a small writev to a pipe stays atomic
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (const [base, len] of iovs) {
    const n = Math.min(len, MAX_IO_BYTES - total);
    const piece = t.process.um.read(base, n);
    if (!piece) {
      if (total === 0) return ioFile(t, t.xInt(10)) ? -EFAULT : -EBADF;
      break;
    }
    pieces.push(piece);
    total += n;
    if (total >= MAX_IO_BYTES) break;
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    data.set(p, at);
    at += p.length;
  }
  return writeTo(k, t, t.xInt(10), data);
}

/** off_t, sendfile's offset. */
export const OFF_T_BYTES = 8;

/**
 * sendfile(out_fd, in_fd, off_t *offset, count): copies up to `count` bytes of in_fd (a file
 * with a position: not a pipe or socket, EINVAL) to out_fd in one write, as Linux does in the
 * kernel (BusyBox httpd sends its files so). With `offset`, reads there and advances *offset,
 * not the file's position. The read is positional, so a write that must wait restarts the
 * call with nothing consumed.
 */
function sendfile(k: Kernel, t: Thread): SyscallOutcome {
  const [outFd, inFd, offsetVa, count] = [t.xInt(10), t.xInt(11), t.x(12), t.x(13)];
  const from = ioFile(t, inFd);
  const to = ioFile(t, outFd);
  if (!from || !from.readable || !to || !to.writable) return -EBADF;
  if (from.inode.stream || from.inode.kind === 'dir' || to.flags & O_APPEND) return -EINVAL;
  let at = from.offset;
  if (offsetVa) {
    const given = t.process.um.readU64(offsetVa);
    if (given === undefined) return -EFAULT;
    at = Number(BigInt.asIntN(64, given));
    if (at < 0) return -EINVAL;
  }
  const data = readFrom(k, t, inFd, Math.min(count, MAX_IO_BYTES), at);
  if (!(data instanceof Uint8Array) || data.length === 0) return data instanceof Uint8Array ? 0 : data;
  const written = writeTo(k, t, outFd, data);
  if (typeof written !== 'number' || written < 0) return written;
  if (!offsetVa) from.offset = at + written;
  else if (!t.process.um.writeU64(offsetVa, BigInt(at + written))) return -EFAULT;
  return written;
}

function positional(t: Thread, k: Kernel, op: typeof read): SyscallOutcome {
  const offset = t.xSigned(13);
  if (offset < 0) return t.process.fds.get(t.xInt(10)) ? -EINVAL : -EBADF;
  return op(k, t, offset);
}

const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;
const SEEK_DATA = 3;
const SEEK_HOLE = 4;

function lseek(_k: Kernel, t: Thread): SyscallOutcome {
  const file = ioFile(t, t.xInt(10));
  if (!file) return -EBADF;
  if (file.inode.stream) return -ESPIPE;
  if (file.inode.kind === 'char') {
    file.offset = 0; // devices such as /dev/null have no position to move (Linux's null_lseek)
    return 0;
  }
  const offset = t.xSigned(11);
  const size = contentSize(file);
  let pos: number;
  switch (t.xInt(12)) {
    case SEEK_SET:
      pos = offset;
      break;
    case SEEK_CUR:
      pos = file.offset + offset;
      break;
    case SEEK_END:
      pos = size + offset;
      break;
    case SEEK_DATA:
      if (offset >= size) return -ENXIO;
      pos = offset; // no holes: data is everywhere
      break;
    case SEEK_HOLE:
      if (offset >= size) return -ENXIO;
      pos = size;
      break;
    default:
      return -EINVAL;
  }
  if (pos < 0 || !Number.isSafeInteger(pos)) return -EINVAL;
  file.offset = pos;
  return pos;
}

const DT_TYPES = { fifo: 1, char: 2, dir: 4, file: 8, symlink: 10, socket: 12, anon: 0 } as const;
const encoder = new TextEncoder();

/** getdents64: struct linux_dirent64 records from the description's position (an entry index). */
function getdents64(k: Kernel, t: Thread): SyscallOutcome {
  const file = ioFile(t, t.xInt(10));
  if (!file) return -EBADF;
  const dir = file.inode;
  if (dir.kind !== 'dir') return -ENOTDIR;
  const count = Math.min(t.x(12), MAX_IO_BYTES);
  const entries: Array<[string, typeof dir]> = [['.', dir], ['..', dir.parent ?? dir], ...k.vfs.list(dir, t)];
  const out = new Uint8Array(count);
  const dv = new DataView(out.buffer);
  let used = 0;
  let pos = file.offset;
  for (; pos < entries.length; pos++) {
    const [name, inode] = entries[pos] as [string, typeof dir];
    const bytes = encoder.encode(name);
    const reclen = Math.ceil((19 + bytes.length + 1) / 8) * 8;
    if (used + reclen > count) break;
    dv.setBigUint64(used, BigInt(inode.ino), true);
    dv.setBigInt64(used + 8, BigInt(pos + 1), true);
    dv.setUint16(used + 16, reclen, true);
    out[used + 18] = DT_TYPES[inode.kind];
    out.set(bytes, used + 19);
    used += reclen;
  }
  if (used === 0 && pos < entries.length) return -EINVAL; // the buffer holds not even one entry
  if (!t.process.um.write(t.x(11), out.subarray(0, used))) return -EFAULT;
  file.offset = pos;
  dir.atime = k.now;
  return used;
}

function truncateInode(k: Kernel, file: OpenFile | undefined, inode: OpenFile['inode'], length: number): number {
  if (length < 0) return -EINVAL;
  if (inode.kind === 'dir') return -EISDIR;
  if (inode.kind !== 'file' || inode.generate || (file && !file.writable)) return -EINVAL;
  return k.vfs.resize(inode, length);
}

export const ioSyscalls: SyscallGroup = [
  [SYS.read, (k, t) => read(k, t)],
  [SYS.write, (k, t) => write(k, t)],
  [SYS.readv, readv],
  [SYS.writev, writev],
  [SYS.pread64, (k, t) => positional(t, k, read)],
  [SYS.pwrite64, (k, t) => positional(t, k, write)],
  [SYS.sendfile, sendfile],
  [SYS.lseek, lseek],
  [SYS.getdents64, getdents64],
  [
    SYS.ftruncate,
    (k, t) => {
      const file = ioFile(t, t.xInt(10));
      return file ? truncateInode(k, file, file.inode, t.xSigned(11)) : -EBADF;
    },
  ],
  [
    SYS.truncate,
    (k, t) => {
      const path = readPath(t, t.x(10));
      if (typeof path === 'number') return path;
      const at = inodeAt(k, t, AT_FDCWD, path, 0);
      return typeof at === 'number' ? at : truncateInode(k, undefined, at.inode, t.xSigned(11));
    },
  ],
  // everything lives in memory: once written, data is as durable as it will ever be
  [SYS.fsync, (_k, t) => syncFile(t)],
  [SYS.fdatasync, (_k, t) => syncFile(t)],
  [SYS.sync, () => 0],
];

function syncFile(t: Thread): number {
  const file = t.process.fds.get(t.xInt(10));
  if (!file || file.flags & O_PATH) return -EBADF;
  return file.inode.stream ? -EINVAL : 0;
}
