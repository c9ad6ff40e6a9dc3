// Which file syscalls concern the shared tree, as data (one row per syscall), and the pure
// decision a kernel that is not the filesystem's home makes for each call: run it here (the
// per-kernel trees /proc and /dev but for /dev/shm, pipes, the TTY, descriptor-table calls) or
// send it home.
//
// A row names the arguments that are descriptors, and the paths with the descriptor each is
// relative to (AT_FDCWD: the working directory). A call goes home when a descriptor it uses
// is open at the home, or when a path it names lies in the shared tree (judged on the path made
// absolute against the working directory or the descriptor's path, textually: `..` is taken
// as written).

import { SYS } from '../../kernels/syscalls/numbers';
import { PER_KERNEL_TREES, SHARED_SUBTREES } from './fs-params';

export const AT_FDCWD = -100;

/** A path argument and the descriptor argument it is relative to (undefined: the working directory). */
interface PathArg {
  path: number;
  dirfd?: number;
}

export interface FsCallRow {
  /** The argument that is a descriptor the call works on. */
  fd?: number;
  /** Path arguments. */
  paths?: readonly PathArg[];
  /** The call reads the working directory itself (getcwd). */
  cwd?: boolean;
  /** When the call stays here whatever its descriptor (fcntl's descriptor-table commands). */
  localWhen?: { arg: number; values: readonly number[] };
  /** When the call goes home whatever else (socket(AF_UNIX): its names are in the shared tree). */
  homeWhen?: { arg: number; values: readonly number[] };
}

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_DUPFD_CLOEXEC = 1030;
const FIONCLEX = 0x5450;
const FIOCLEX = 0x5451;

const at = (dirfd: number, path: number): PathArg => ({ dirfd, path });

const AF_UNIX = 1;

/** The file syscalls that may concern the shared tree. */
export const FS_CALLS: ReadonlyMap<number, FsCallRow> = new Map<number, FsCallRow>([
  [SYS.getcwd, { cwd: true }],
  [SYS.fcntl, { fd: 0, localWhen: { arg: 1, values: [F_DUPFD, F_GETFD, F_SETFD, F_DUPFD_CLOEXEC] } }],
  [SYS.ioctl, { fd: 0, localWhen: { arg: 1, values: [FIOCLEX, FIONCLEX] } }],
  [SYS.flock, { fd: 0 }],
  [SYS.mknodat, { paths: [at(0, 1)] }],
  [SYS.mkdirat, { paths: [at(0, 1)] }],
  [SYS.unlinkat, { paths: [at(0, 1)] }],
  [SYS.symlinkat, { paths: [at(1, 2)] }],
  [SYS.linkat, { paths: [at(0, 1), at(2, 3)] }],
  [SYS.renameat, { paths: [at(0, 1), at(2, 3)] }],
  [SYS.renameat2, { paths: [at(0, 1), at(2, 3)] }],
  [SYS.statfs, { paths: [{ path: 0 }] }],
  [SYS.fstatfs, { fd: 0 }],
  [SYS.truncate, { paths: [{ path: 0 }] }],
  [SYS.ftruncate, { fd: 0 }],
  [SYS.faccessat, { paths: [at(0, 1)] }],
  [SYS.faccessat2, { paths: [at(0, 1)] }],
  [SYS.chdir, { paths: [{ path: 0 }] }],
  [SYS.fchdir, { fd: 0 }],
  [SYS.fchmod, { fd: 0 }],
  [SYS.fchmodat, { paths: [at(0, 1)] }],
  [SYS.fchownat, { paths: [at(0, 1)] }],
  [SYS.fchown, { fd: 0 }],
  [SYS.openat, { paths: [at(0, 1)] }],
  [SYS.getdents64, { fd: 0 }],
  [SYS.lseek, { fd: 0 }],
  [SYS.read, { fd: 0 }],
  [SYS.write, { fd: 0 }],
  [SYS.readv, { fd: 0 }],
  [SYS.writev, { fd: 0 }],
  [SYS.pread64, { fd: 0 }],
  [SYS.pwrite64, { fd: 0 }],
  [SYS.readlinkat, { paths: [at(0, 1)] }],
  [SYS.newfstatat, { paths: [at(0, 1)] }],
  [SYS.fstat, { fd: 0 }],
  [SYS.fsync, { fd: 0 }],
  [SYS.fdatasync, { fd: 0 }],
  [SYS.utimensat, { paths: [at(0, 1)] }],
  [SYS.statx, { paths: [at(0, 1)] }],
  // AF_UNIX sockets live at the home, where the names they bind and connect to are (a socket
  // pair, nameless, stays here); the calls on one go home by its descriptor
  [SYS.socket, { homeWhen: { arg: 0, values: [AF_UNIX] } }],
  [SYS.bind, { fd: 0 }],
  [SYS.listen, { fd: 0 }],
  [SYS.accept, { fd: 0 }],
  [SYS.accept4, { fd: 0 }],
  [SYS.connect, { fd: 0 }],
  [SYS.getsockname, { fd: 0 }],
  [SYS.getpeername, { fd: 0 }],
  [SYS.sendto, { fd: 0 }],
  [SYS.recvfrom, { fd: 0 }],
  [SYS.setsockopt, { fd: 0 }],
  [SYS.getsockopt, { fd: 0 }],
  [SYS.shutdown, { fd: 0 }],
  [SYS.sendmsg, { fd: 0 }],
  [SYS.recvmsg, { fd: 0 }],
]);

/** Whether an absolute path lies in the shared tree (not in a kernel's own /proc or /dev, /dev/shm excepted). */
export function inSharedTree(absolute: string): boolean {
  const parts = absolute.split('/').filter((c) => c !== '' && c !== '.');
  const first = parts[0];
  if (first === undefined || !PER_KERNEL_TREES.has(first)) return true;
  return SHARED_SUBTREES.some((sub) => sub.every((c, i) => parts[i] === c));
}

/** `path` made absolute against directory `base`, `.` and `..` taken textually. */
export function absoluteOf(base: string, path: string): string {
  const out: string[] = [];
  for (const c of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return `/${out.join('/')}`;
}

/** What the decision needs to know of the calling process. */
export interface CallerView {
  cwd: string;
  /** The home's handle of descriptor `fd`, if it is open at the home. */
  handleOf(fd: number): number | undefined;
  /** Path argument `arg` (undefined for a NULL pointer). */
  pathArg(arg: number): string | undefined;
}

export type FsPlan = { where: 'here' } | { where: 'home'; fds: Array<{ fd: number; handle: number }> };

const HERE: FsPlan = { where: 'here' };

/** Where call `row` with arguments `args` (a0..a5 as C ints) runs, for a caller seen through `c`. */
export function planFsCall(row: FsCallRow, args: readonly number[], c: CallerView): FsPlan {
  if (row.localWhen && row.localWhen.values.includes(args[row.localWhen.arg] ?? -1)) return HERE;
  if (row.homeWhen)
    return row.homeWhen.values.includes(args[row.homeWhen.arg] ?? -1) ? { where: 'home', fds: [] } : HERE;
  const fds: Array<{ fd: number; handle: number }> = [];
  const useFd = (fd: number): boolean => {
    const handle = c.handleOf(fd);
    if (handle === undefined) return false;
    if (!fds.some((f) => f.fd === fd)) fds.push({ fd, handle });
    return true;
  };
  let home = row.cwd === true && inSharedTree(c.cwd);
  if (row.fd !== undefined && useFd(args[row.fd] ?? -1)) home = true;
  for (const p of row.paths ?? []) {
    const path = c.pathArg(p.path);
    const dirfd = p.dirfd === undefined ? AT_FDCWD : (args[p.dirfd] ?? AT_FDCWD);
    if (path?.startsWith('/')) {
      if (inSharedTree(path)) home = true;
      continue;
    }
    // relative (or empty, or NULL: the descriptor itself): where its directory is
    if (dirfd === AT_FDCWD) {
      if (inSharedTree(absoluteOf(c.cwd, path ?? ''))) home = true;
    } else if (useFd(dirfd)) {
      home = true; // a directory open at the home (one open here is in this kernel's own trees)
    }
  }
  return home ? { where: 'home', fds } : HERE;
}
