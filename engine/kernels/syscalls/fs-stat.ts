// System calls on inode attributes: newfstatat/fstat (struct stat, riscv64's asm-generic
// layout), statx, statfs/fstatfs, faccessat/faccessat2, fchmodat/fchmod, fchownat/fchown and
// utimensat. Every process runs as root, so access checks grant what root would get.

import { PAGE_SIZE } from '../../hw/memory-map';
import { EACCES, EBADF, EFAULT, EINVAL, EPERM } from '../errno';
import type { Inode, Located } from '../fs/inode';
import type { Kernel, SyscallOutcome } from '../kernel';
import type { Thread } from '../proc/task';
import {
  AT_EACCESS,
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_NO_AUTOMOUNT,
  AT_SYMLINK_NOFOLLOW,
  inodeAt,
  isProcInode,
  readPath,
} from './fs-common';
import { SYS } from './numbers';
import { TIMESPEC_BYTES } from './time';
import type { SyscallGroup } from './types';

/** The filesystem's block: a page, as tmpfs (st_blksize, f_bsize). st_blocks counts 512-byte units. */
const BLOCK_SIZE = PAGE_SIZE;
const blocks512 = (size: number) => Math.ceil(size / BLOCK_SIZE) * (BLOCK_SIZE / 512);

/** st_dev of everything (one filesystem tree), as major:minor 0:1. */
const ST_DEV = 1;
/** tmpfs reports a directory's size as 20 bytes per entry (BOGO_DIRENT_SIZE). */
const DIRENT_SIZE = 20;

function sizeOf(inode: Inode): number {
  if (inode.kind === 'dir') return inode.generated ? 0 : (inode.entries.size + 2) * DIRENT_SIZE;
  if (inode.kind === 'symlink') return inode.size || new TextEncoder().encode(inode.target).length;
  return inode.kind === 'file' && !inode.generate ? inode.size : 0;
}

function timeParts(k: Kernel, ns: number): [bigint, number] {
  const real = k.realtimeBase + ns;
  return [BigInt(Math.floor(real / 1e9)), Math.floor(real % 1e9)];
}

/** riscv64's struct stat (asm-generic), as fstat and newfstatat copy it. */
export const STAT_BYTES = 128;
/** struct statx. */
export const STATX_BYTES = 256;
/** struct statfs on 64-bit. */
export const STATFS_BYTES = 120;

/** struct stat (STAT_BYTES): dev, ino, mode, nlink, uid, gid, rdev, pad, size, blksize, pad, blocks, times. */
export function encodeStat(k: Kernel, inode: Inode): Uint8Array {
  const b = new Uint8Array(STAT_BYTES);
  const dv = new DataView(b.buffer);
  const size = sizeOf(inode);
  dv.setBigUint64(0, BigInt(ST_DEV), true);
  dv.setBigUint64(8, BigInt(inode.ino), true);
  dv.setUint32(16, inode.mode, true);
  dv.setUint32(20, inode.nlink, true);
  dv.setUint32(24, inode.uid, true);
  dv.setUint32(28, inode.gid, true);
  dv.setBigUint64(32, BigInt(inode.rdev), true);
  dv.setBigInt64(48, BigInt(size), true);
  dv.setInt32(56, BLOCK_SIZE, true);
  dv.setBigInt64(64, BigInt(inode.kind === 'file' ? blocks512(size) : 0), true);
  [inode.atime, inode.mtime, inode.ctime].forEach((ns, i) => {
    const [sec, nsec] = timeParts(k, ns);
    dv.setBigInt64(72 + i * 16, sec, true);
    dv.setBigUint64(80 + i * 16, BigInt(nsec), true);
  });
  return b;
}

const STATX_BASIC_STATS = 0x7ff;

/** struct statx (STATX_BYTES), with the basic fields (no birth time). */
function encodeStatx(k: Kernel, inode: Inode): Uint8Array {
  const b = new Uint8Array(STATX_BYTES);
  const dv = new DataView(b.buffer);
  const size = sizeOf(inode);
  dv.setUint32(0, STATX_BASIC_STATS, true);
  dv.setUint32(4, BLOCK_SIZE, true);
  dv.setUint32(16, inode.nlink, true);
  dv.setUint32(20, inode.uid, true);
  dv.setUint32(24, inode.gid, true);
  dv.setUint16(28, inode.mode, true);
  dv.setBigUint64(32, BigInt(inode.ino), true);
  dv.setBigUint64(40, BigInt(size), true);
  dv.setBigUint64(48, BigInt(inode.kind === 'file' ? blocks512(size) : 0), true);
  // atime, btime (left empty), ctime, mtime
  for (const [offset, ns] of [
    [64, inode.atime],
    [96, inode.ctime],
    [112, inode.mtime],
  ] as const) {
    const [sec, nsec] = timeParts(k, ns);
    dv.setBigInt64(offset, sec, true);
    dv.setUint32(offset + 8, nsec, true);
  }
  dv.setUint32(128, inode.rdev >> 8, true);
  dv.setUint32(132, inode.rdev & 0xff, true);
  dv.setUint32(136, ST_DEV >> 8, true);
  dv.setUint32(140, ST_DEV & 0xff, true);
  return b;
}

function newfstatat(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(13);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) return -EINVAL;
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const at = inodeAt(k, t, t.xInt(10), path, flags);
  if (typeof at === 'number') return at;
  return t.process.um.write(t.x(12), encodeStat(k, at.inode)) ? 0 : -EFAULT;
}

function statx(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(12);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | 0x6000 /* AT_STATX_SYNC_TYPE */))
    return -EINVAL;
  if ((flags & 0x6000) === 0x6000 || t.xInt(13) & 0x80000000) return -EINVAL;
  const path = readPath(t, t.x(11));
  if (typeof path === 'number') return path;
  const at = inodeAt(k, t, t.xInt(10), path, flags);
  if (typeof at === 'number') return at;
  return t.process.um.write(t.x(14), encodeStatx(k, at.inode)) ? 0 : -EFAULT;
}

const TMPFS_MAGIC = 0x01021994;
const PROC_SUPER_MAGIC = 0x9fa0;
const PIPEFS_MAGIC = 0x50495045;
const ST_VALID = 0x20;
const ST_RELATIME = 0x1000;

/** struct statfs (STATFS_BYTES): type, bsize, blocks, bfree, bavail, files, ffree, fsid, namelen, frsize, flags. */
function encodeStatfs(k: Kernel, inode: Inode): Uint8Array {
  const b = new Uint8Array(STATFS_BYTES);
  const dv = new DataView(b.buffer);
  const proc = isProcInode(k, inode);
  const type = proc ? PROC_SUPER_MAGIC : inode.kind === 'fifo' ? PIPEFS_MAGIC : TMPFS_MAGIC;
  const blocks = proc ? 0 : Math.floor(k.vfs.capacity / BLOCK_SIZE);
  const free = proc ? 0 : Math.floor((k.vfs.capacity - k.vfs.used) / BLOCK_SIZE);
  dv.setBigInt64(0, BigInt(type), true);
  dv.setBigInt64(8, BigInt(BLOCK_SIZE), true);
  [blocks, free, free, blocks, free].forEach((v, i) => {
    dv.setBigUint64(16 + i * 8, BigInt(v), true);
  });
  dv.setBigInt64(64, 255n, true);
  dv.setBigInt64(72, BigInt(BLOCK_SIZE), true);
  dv.setBigInt64(80, BigInt(ST_VALID | ST_RELATIME), true);
  return b;
}

/** Which inode an attribute-changing call means: by path (dirfd + path + flags) or by descriptor. */
function target(k: Kernel, t: Thread, dirfd: number, pathVa: number, flags: number): Located | number {
  const path = readPath(t, pathVa);
  if (typeof path === 'number') return path;
  return inodeAt(k, t, dirfd, path, flags);
}

function byFd(t: Thread, fd: number): Located | number {
  const file = t.process.fds.get(fd);
  return file ? { inode: file.inode, path: file.path } : -EBADF;
}

function faccess(k: Kernel, t: Thread, flags: number): SyscallOutcome {
  const mode = t.xInt(12);
  if (mode & ~7 || flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const at = target(k, t, t.xInt(10), t.x(11), flags);
  if (typeof at === 'number') return at;
  const inode = at.inode;
  // root may read and write anything it could open so; executing needs an x bit somewhere
  if (mode & 2 && (inode.generate || inode.generated)) return -EACCES;
  if (mode & 1 && inode.kind !== 'dir' && (inode.perm & 0o111) === 0) return -EACCES;
  return 0;
}

function chmod(at: Located | number, mode: number, k: Kernel): SyscallOutcome {
  if (typeof at === 'number') return at;
  if (isProcInode(k, at.inode)) return -EPERM;
  at.inode.perm = mode & 0o7777;
  at.inode.ctime = k.now;
  return 0;
}

function chown(at: Located | number, uid: number, gid: number, k: Kernel): SyscallOutcome {
  if (typeof at === 'number') return at;
  const inode = at.inode;
  if (isProcInode(k, inode)) return -EPERM;
  if (uid !== 0xffffffff) inode.uid = uid;
  if (gid !== 0xffffffff) inode.gid = gid;
  // a changed owner drops set-user-ID (and set-group-ID on a group-executable file), as Linux
  if (inode.kind === 'file' && (uid !== 0xffffffff || gid !== 0xffffffff)) {
    inode.perm &= ~(0o4000 | (inode.perm & 0o010 ? 0o2000 : 0));
  }
  inode.ctime = k.now;
  return 0;
}

const UTIME_NOW = 0x3fffffff;
const UTIME_OMIT = 0x3ffffffe;

function utimensat(k: Kernel, t: Thread): SyscallOutcome {
  const flags = t.xInt(13);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const dirfd = t.xInt(10);
  // a NULL path means the descriptor itself (futimens)
  const at = t.x(11) === 0 ? (dirfd === AT_FDCWD ? -EFAULT : byFd(t, dirfd)) : target(k, t, dirfd, t.x(11), flags);
  if (typeof at === 'number') return at;
  const now = k.timeOf(t);
  let times: [number | undefined, number | undefined] = [now, now];
  const va = t.x(12);
  if (va !== 0) {
    const b = t.process.um.read(va, 2 * TIMESPEC_BYTES);
    if (!b) return -EFAULT;
    const dv = new DataView(b.buffer);
    const one = (i: number): number | undefined | null => {
      const nsec = Number(dv.getBigInt64(i * 16 + 8, true));
      if (nsec === UTIME_OMIT) return undefined;
      if (nsec === UTIME_NOW) return now;
      const sec = Number(dv.getBigInt64(i * 16, true));
      if (nsec < 0 || nsec >= 1e9) return null;
      return sec * 1e9 + nsec - k.realtimeBase;
    };
    const [a, m] = [one(0), one(1)];
    if (a === null || m === null) return -EINVAL;
    times = [a, m];
  }
  if (isProcInode(k, at.inode)) return -EPERM;
  const [atime, mtime] = times;
  if (atime !== undefined) at.inode.atime = atime;
  if (mtime !== undefined) at.inode.mtime = mtime;
  if (atime !== undefined || mtime !== undefined) at.inode.ctime = now;
  return 0;
}

export const statSyscalls: SyscallGroup = [
  [SYS.newfstatat, newfstatat],
  [
    SYS.fstat,
    (k, t) => {
      const at = byFd(t, t.xInt(10));
      if (typeof at === 'number') return at;
      return t.process.um.write(t.x(11), encodeStat(k, at.inode)) ? 0 : -EFAULT;
    },
  ],
  [SYS.statx, statx],
  [
    SYS.statfs,
    (k, t) => {
      const at = target(k, t, AT_FDCWD, t.x(10), 0);
      if (typeof at === 'number') return at;
      return t.process.um.write(t.x(11), encodeStatfs(k, at.inode)) ? 0 : -EFAULT;
    },
  ],
  [
    SYS.fstatfs,
    (k, t) => {
      const at = byFd(t, t.xInt(10));
      if (typeof at === 'number') return at;
      return t.process.um.write(t.x(11), encodeStatfs(k, at.inode)) ? 0 : -EFAULT;
    },
  ],
  [SYS.faccessat, (k, t) => faccess(k, t, 0)],
  [SYS.faccessat2, (k, t) => faccess(k, t, t.xInt(13))],
  [SYS.fchmodat, (k, t) => chmod(target(k, t, t.xInt(10), t.x(11), 0), t.x(12), k)],
  [SYS.fchmod, (k, t) => chmod(byFd(t, t.xInt(10)), t.x(11), k)],
  [
    SYS.fchownat,
    (k, t) => {
      const flags = t.xInt(14);
      if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
      return chown(target(k, t, t.xInt(10), t.x(11), flags), t.xInt(12) >>> 0, t.xInt(13) >>> 0, k);
    },
  ],
  [SYS.fchown, (k, t) => chown(byFd(t, t.xInt(10)), t.xInt(11) >>> 0, t.xInt(12) >>> 0, k)],
  [SYS.utimensat, utimensat],
];
