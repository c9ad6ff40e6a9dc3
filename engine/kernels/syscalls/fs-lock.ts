// File lock system calls: fcntl's F_GETLK, F_SETLK, F_SETLKW (POSIX record locks, owned by
// the process) and F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW (owned by the open file
// description), and flock(2), with Linux's semantics (fs/locks.c). The table is fs/lock-table.ts,
// the sleeping and the releases on close fs/locks.ts.
//
// struct flock on riscv64 (asm-generic, 64-bit): short l_type @0, short l_whence @2,
// off_t l_start @8, off_t l_len @16, pid_t l_pid @24; 32 bytes.

import { EAGAIN, EBADF, EDEADLK, EFAULT, EINVAL, EOVERFLOW } from '../errno';
import type { OpenFile } from '../fs/file';
import { F_RDLCK, F_UNLCK, F_WRLCK, type LockType, OFFSET_MAX, processOwner } from '../fs/lock-table';
import type { Kernel, SyscallOutcome } from '../kernel';
import type { Thread } from '../proc/task';
import { ioFile } from './fs-common';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_OFD_GETLK = 36;
export const F_OFD_SETLK = 37;
export const F_OFD_SETLKW = 38;
export const LOCK_COMMANDS = new Set([F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW]);

export const FLOCK_BYTES = 32;
const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;

interface Flock {
  type: number;
  whence: number;
  start: bigint;
  len: bigint;
  pid: number;
}

function readFlock(t: Thread, va: number): Flock | undefined {
  const b = t.process.um.read(va, FLOCK_BYTES);
  if (!b) return undefined;
  const dv = new DataView(b.buffer);
  return {
    type: dv.getInt16(0, true),
    whence: dv.getInt16(2, true),
    start: dv.getBigInt64(8, true),
    len: dv.getBigInt64(16, true),
    pid: dv.getInt32(24, true),
  };
}

/** The inclusive byte range a struct flock names (Linux's flock_to_posix_lock), or -errno. */
function rangeOf(file: OpenFile, fl: Flock): { start: bigint; end: bigint } | number {
  let base: bigint;
  if (fl.whence === SEEK_SET) base = 0n;
  else if (fl.whence === SEEK_CUR) base = BigInt(file.offset);
  else if (fl.whence === SEEK_END) base = BigInt(file.inode.size);
  else return -EINVAL;
  if (fl.start > OFFSET_MAX - base) return -EOVERFLOW;
  let start = base + fl.start;
  if (start < 0n) return -EINVAL;
  let end: bigint;
  if (fl.len > 0n) {
    if (fl.len - 1n > OFFSET_MAX - start) return -EOVERFLOW;
    end = start + fl.len - 1n;
  } else if (fl.len < 0n) {
    if (start + fl.len < 0n) return -EINVAL;
    end = start - 1n;
    start += fl.len;
  } else end = OFFSET_MAX;
  return { start, end };
}

const isLockType = (type: number): type is LockType => type === F_RDLCK || type === F_WRLCK;

/** fcntl(fd, cmd, struct flock *) for the six lock commands. */
export function fcntlLock(k: Kernel, t: Thread, fd: number, cmd: number): SyscallOutcome {
  const file = ioFile(t, fd);
  if (!file) return -EBADF;
  const va = t.x(12);
  const fl = readFlock(t, va);
  if (!fl) return -EFAULT;
  const ofd = cmd === F_OFD_GETLK || cmd === F_OFD_SETLK || cmd === F_OFD_SETLKW;
  const getting = cmd === F_GETLK || cmd === F_OFD_GETLK;
  // the checks in Linux's order (fcntl_getlk, fcntl_setlk)
  if (getting && !isLockType(fl.type)) return -EINVAL;
  const range = rangeOf(file, fl);
  if (typeof range === 'number') return range;
  if (!isLockType(fl.type) && fl.type !== F_UNLCK) return -EINVAL;
  // a read lock needs the file open for reading, a write lock for writing
  if (!getting && ((fl.type === F_RDLCK && !file.readable) || (fl.type === F_WRLCK && !file.writable))) return -EBADF;
  if (ofd && fl.pid !== 0) return -EINVAL;
  const locks = k.locks;
  const ino = file.inode.ino;
  const owner = ofd ? locks.descriptionOwner(file) : processOwner(t.process.pid);
  if (getting) {
    const held = locks.table.conflict(ino, owner, fl.type as LockType, range.start, range.end);
    const b = new Uint8Array(FLOCK_BYTES);
    const dv = new DataView(b.buffer);
    if (!held) {
      // only l_type changes: the rest stays as the caller gave it (Linux's fcntl_getlk)
      const original = t.process.um.read(va, FLOCK_BYTES);
      if (!original) return -EFAULT;
      b.set(original);
      dv.setInt16(0, F_UNLCK, true);
    } else {
      dv.setInt16(0, held.type, true);
      dv.setInt16(2, SEEK_SET, true);
      dv.setBigInt64(8, held.start, true);
      dv.setBigInt64(16, held.end === OFFSET_MAX ? 0n : held.end - held.start + 1n, true);
      dv.setInt32(24, held.pid, true);
    }
    return t.process.um.write(va, b) ? 0 : -EFAULT;
  }
  if (fl.type !== F_UNLCK) {
    const held = locks.table.conflict(ino, owner, fl.type, range.start, range.end);
    if (held) {
      if (cmd === F_SETLK || cmd === F_OFD_SETLK) return -EAGAIN;
      // Linux looks for deadlocks among POSIX locks only
      if (!ofd && locks.wouldDeadlock(owner, held.owner)) return -EDEADLK;
      locks.willWait(t, ino, owner, held.owner);
      return k.block(t, { queue: locks.queue(ino), interruptible: true, restartable: true });
    }
  }
  const pid = ofd ? -1 : t.process.pid;
  if (locks.table.setRange(ino, owner, pid, fl.type, range.start, range.end)) locks.wake(ino);
  return 0;
}

/** flock(fd, operation): a whole-file lock owned by the open file description. */
function flock(k: Kernel, t: Thread): SyscallOutcome {
  const op = t.xInt(11);
  const file = ioFile(t, t.xInt(10));
  if (!file) return -EBADF;
  const what = op & ~LOCK_NB;
  const type = what === LOCK_SH ? F_RDLCK : what === LOCK_EX ? F_WRLCK : what === LOCK_UN ? F_UNLCK : undefined;
  if (type === undefined) return -EINVAL;
  const locks = k.locks;
  const ino = file.inode.ino;
  const owner = locks.descriptionOwner(file);
  const held = locks.table.flockOf(ino, owner);
  if (held?.type === type) return 0;
  // a conversion gives the old lock up first, so others may take it meanwhile (as Linux)
  if (held && locks.table.setFlock(ino, owner, F_UNLCK)) locks.wake(ino);
  if (type === F_UNLCK) return 0;
  if (locks.table.flockConflict(ino, owner, type)) {
    if (op & LOCK_NB) return -EAGAIN;
    return k.block(t, { queue: locks.queue(ino), interruptible: true, restartable: true });
  }
  locks.table.setFlock(ino, owner, type);
  return 0;
}

export const lockSyscalls: SyscallGroup = [[SYS.flock, flock]];
