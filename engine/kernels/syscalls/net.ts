// The socket system calls that make, name and connect sockets: socket, socketpair, bind,
// listen, connect, accept, accept4, getsockname, getpeername and shutdown (sending and
// receiving are in net-io.ts, options in net-options.ts). They decode the arguments and the
// addresses in user memory, find the socket an address names (a path through the VFS as open
// walks it, an abstract name or a port in the kernel's namespace: net/names.ts) and leave the
// rest to net/operations.ts.

import {
  EADDRINUSE,
  EAFNOSUPPORT,
  EAGAIN,
  EALREADY,
  EBADF,
  ECONNREFUSED,
  EFAULT,
  EINPROGRESS,
  EINVAL,
  EMFILE,
  ENOENT,
  ENOTCONN,
  ENOTSOCK,
  EOPNOTSUPP,
  EPROTONOSUPPORT,
  EPROTOTYPE,
  ESOCKTNOSUPPORT,
} from '../errno';
import { release } from '../fs/fd-table';
import { isBlock, O_NONBLOCK, type OpenFile } from '../fs/file';
import type { Kernel, SyscallOutcome } from '../kernel';
import { inetOf } from '../net/inet';
import { bindInode, netOf, socketAt } from '../net/names';
import { accept, connectRemote, connectStream, listen, shutdown, type Target } from '../net/operations';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  AF_UNSPEC,
  decodeSockaddr,
  encodeSockaddr,
  familyOf,
  INADDR_ANY,
  type SockAddr,
} from '../net/sockaddr';
import {
  IPPROTO_TCP,
  IPPROTO_UDP,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SOCK_TYPE_MASK,
  type Socket,
} from '../net/socket';
import { newSocket, openSocketFile, socketOf } from '../net/socket-file';
import type { Thread } from '../proc/task';
import { AT_FDCWD, blockOn, lookupAt } from './fs-common';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

/** Linux's SOCK_RAW, and the first type number it does not know (SOCK_MAX). */
const SOCK_RAW = 3;
const SOCK_MAX = 11;

/** struct sockaddr_storage: no address a program passes is longer. */
export const SOCKADDR_STORAGE_BYTES = 128;
/** socketpair's int sv[2]. */
export const SOCKET_FDS_BYTES = 8;
/** The address length word (socklen_t) accept and getsockname read and write. */
export const SOCKLEN_BYTES = 4;

/** The socket descriptor `fd` is, or -EBADF / -ENOTSOCK. */
export function socketFd(t: Thread, fd: number): { file: OpenFile; s: Socket } | number {
  const file = t.process.fds.get(fd);
  if (!file) return -EBADF;
  const s = socketOf(file);
  return s ? { file, s } : -ENOTSOCK;
}

/** The address at `va` (`len` bytes), decoded for a socket of `family`; -errno when it cannot be. */
export function readSockaddr(t: Thread, va: number, len: number, family: number): SockAddr | number {
  if (len < 0 || len > SOCKADDR_STORAGE_BYTES) return -EINVAL;
  const bytes = t.process.um.read(va, len);
  if (!bytes) return -EFAULT;
  return decodeSockaddr(bytes, family);
}

/**
 * Writes `addr` for a program that passed `va` and a socklen_t at `lenVa` holding its
 * buffer's size: as much of the address as fits, and its whole length. Nothing when `va` is 0.
 */
export function writeSockaddr(t: Thread, va: number, lenVa: number, addr: Uint8Array): number {
  if (va === 0) return 0;
  const um = t.process.um;
  const room = um.readU32(lenVa);
  if (room === undefined) return -EFAULT;
  if ((room | 0) < 0) return -EINVAL;
  if (!um.write(va, addr.subarray(0, Math.min(room, addr.length)))) return -EFAULT;
  return um.writeU32(lenVa, addr.length) ? 0 : -EFAULT;
}

/**
 * The socket an address names, for connect and sendto: one of this kernel's, or a station of
 * the LAN (another kernel, the service address, the host); -errno when there is none to be had.
 */
export function socketNamed(k: Kernel, t: Thread, s: Socket, addr: SockAddr): Target {
  if (addr.family === AF_INET) {
    const route = inetOf(k).route(addr.ip);
    if (typeof route === 'number') return route;
    if (route === 'lan') return { lan: addr };
    return netOf(k).findInet(s.type, addr.ip === INADDR_ANY ? 0x7f000001 : addr.ip, addr.port);
  }
  if ('abstract' in addr) return netOf(k).abstract.get(addr.abstract) ?? -ECONNREFUSED;
  if (!('path' in addr)) return -EINVAL;
  const found = lookupAt(k, t, AT_FDCWD, addr.path, true);
  if (typeof found === 'number') return found;
  if (!found.inode) return -ENOENT;
  if (found.inode.kind !== 'socket') return -ECONNREFUSED;
  return socketAt(found.inode) ?? -ECONNREFUSED;
}

function socket(k: Kernel, t: Thread): SyscallOutcome {
  const made = makeSocket(k, t, t.xInt(10), t.xInt(11), t.xInt(12));
  if (typeof made === 'number') return made;
  const fd = t.process.fds.install(made.file, made.cloexec);
  if (fd < 0) release(made.file, k);
  return fd;
}

/** A new socket and its description, as socket() and socketpair() make them; -errno if it cannot be. */
function makeSocket(
  k: Kernel,
  t: Thread,
  family: number,
  typeWord: number,
  protocol: number,
): { s: Socket; file: OpenFile; cloexec: boolean } | number {
  let type = typeWord & SOCK_TYPE_MASK;
  if (typeWord & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC) || type >= SOCK_MAX) return -EINVAL;
  if (family === AF_UNIX) {
    if (type === SOCK_RAW) type = SOCK_DGRAM; // as unix_create: a raw AF_UNIX socket is a datagram one
    if (type !== SOCK_STREAM && type !== SOCK_DGRAM && type !== SOCK_SEQPACKET) return -ESOCKTNOSUPPORT;
    if (protocol !== 0 && protocol !== AF_UNIX) return -EPROTONOSUPPORT;
  } else if (family === AF_INET) {
    const wanted = type === SOCK_STREAM ? IPPROTO_TCP : type === SOCK_DGRAM ? IPPROTO_UDP : -1;
    if (wanted < 0) return type === SOCK_SEQPACKET ? -ESOCKTNOSUPPORT : -EPROTONOSUPPORT;
    if (protocol !== 0 && protocol !== wanted) return -EPROTONOSUPPORT;
    protocol = wanted;
  } else return -EAFNOSUPPORT; // AF_INET6 and the rest: programs fall back to AF_INET
  const s = newSocket(k, family, type, protocol, t.process.pid);
  return { s, file: openSocketFile(s, (typeWord & SOCK_NONBLOCK) !== 0), cloexec: (typeWord & SOCK_CLOEXEC) !== 0 };
}

function socketpair(k: Kernel, t: Thread): SyscallOutcome {
  const [family, typeWord, protocol] = [t.xInt(10), t.xInt(11), t.xInt(12)];
  if (family === AF_INET || family === AF_INET6) return -EOPNOTSUPP;
  const a = makeSocket(k, t, family, typeWord, protocol);
  if (typeof a === 'number') return a;
  const b = makeSocket(k, t, family, typeWord, protocol);
  if (typeof b === 'number') return b;
  const unnamed: SockAddr = { family: AF_UNIX, unnamed: true };
  a.s.peer = b.s;
  b.s.peer = a.s;
  a.s.remote = b.s.remote = unnamed;
  if (a.s.connectionBased) a.s.state = b.s.state = 'connected';
  const fds = t.process.fds;
  const fa = fds.install(a.file, a.cloexec);
  const fb = fa < 0 ? -EMFILE : fds.install(b.file, b.cloexec);
  const out = new Uint8Array(SOCKET_FDS_BYTES);
  new DataView(out.buffer).setInt32(0, fa, true);
  new DataView(out.buffer).setInt32(4, fb, true);
  if (fa >= 0 && fb >= 0 && t.process.um.write(t.x(13), out)) return 0;
  if (fa >= 0) fds.close(fa, k);
  else release(a.file, k);
  if (fb >= 0) fds.close(fb, k);
  else release(b.file, k);
  return fa < 0 || fb < 0 ? -EMFILE : -EFAULT;
}

function bind(k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { s } = found;
  const addr = readSockaddr(t, t.x(11), t.xInt(12), s.family);
  if (typeof addr === 'number') return addr;
  // as Linux: a path taken is EADDRINUSE before a socket bound already is EINVAL
  if (s.local && !('path' in addr)) return -EINVAL;
  if (addr.family === AF_INET) return netOf(k).bindInet(s, addr);
  const ns = netOf(k);
  if ('unnamed' in addr) {
    const name = ns.autobindName(); // bind with no name: Linux gives the socket an abstract one
    ns.abstract.set(name, s);
    s.local = { family: AF_UNIX, abstract: name };
    return 0;
  }
  if ('abstract' in addr) {
    if (ns.abstract.has(addr.abstract)) return -EADDRINUSE;
    ns.abstract.set(addr.abstract, s);
    s.local = addr;
    return 0;
  }
  const at = lookupAt(k, t, AT_FDCWD, addr.path, false);
  if (typeof at === 'number') return at;
  if (at.inode) return -EADDRINUSE;
  if (s.local) return -EINVAL;
  const inode = k.vfs.create(at.dir, at.name, 'socket', 0o777 & ~t.process.umask);
  if (typeof inode === 'number') return inode;
  bindInode(inode, s);
  s.local = addr;
  return 0;
}

function connect(k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { s, file } = found;
  const len = t.xInt(12);
  if (!s.connectionBased && len >= 2) {
    const head = t.process.um.read(t.x(11), 2);
    if (!head) return -EFAULT;
    if (familyOf(head) === AF_UNSPEC) {
      s.peer = undefined; // AF_UNSPEC dissolves a datagram socket's association
      s.remote = undefined;
      return 0;
    }
  }
  const addr = readSockaddr(t, t.x(11), len, s.family);
  if (typeof addr === 'number') return addr;
  const target = socketNamed(k, t, s, addr);
  if (!s.connectionBased) {
    if (typeof target === 'number') return target;
    if (s.isInet && !s.local) {
      const err = netOf(k).bindInet(s, { family: AF_INET, ip: INADDR_ANY, port: 0 });
      if (err < 0) return err;
    }
    if (target && 'lan' in target) {
      s.peer = undefined;
      s.remote = addr;
      return 0;
    }
    if (!s.isInet && target?.type !== s.type) return -EPROTOTYPE;
    s.peer = s.isInet ? undefined : target; // UDP looks its peer up at each send
    s.remote = addr;
    return 0;
  }
  const nonblocking = (file.flags & O_NONBLOCK) !== 0;
  const wasConnected = s.state === 'connected';
  if (target && typeof target === 'object' && 'lan' in target) {
    const wasConnecting = s.state === 'connecting';
    const through = connectRemote(k, s, target.lan);
    if (!isBlock(through)) return through;
    if (nonblocking) return wasConnecting ? -EALREADY : -EINPROGRESS;
    return blockOn(k, t, file, through);
  }
  // a non-blocking TCP connect to a full backlog on the loopback: Linux drops the SYN and says
  // EINPROGRESS, and a retransmission a second or more later gets in; the loopback joins
  // sockets without segments or timers, so the connection waits in the backlog at once instead
  // (loadgen -c 32 against httpd's backlog of 9 failed its requests with EAGAIN)
  const overBacklog = nonblocking && s.isInet;
  const result = typeof target === 'number' ? target : connectStream(k, s, target, addr, overBacklog);
  if (isBlock(result)) return nonblocking ? -EAGAIN : blockOn(k, t, file, result);
  if (s.isInet && nonblocking) {
    // TCP: a non-blocking connect is under way when it returns; its outcome shows in poll and SO_ERROR
    if (result === 0 && s.state === 'connected' && !wasConnected) {
      s.connectPending = true;
      return -EINPROGRESS;
    }
    if (result === -ECONNREFUSED) {
      s.pendingError = -result;
      return -EINPROGRESS;
    }
  }
  return result;
}

function acceptCall(k: Kernel, t: Thread, flags: number): SyscallOutcome {
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) return -EINVAL;
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const got = accept(k, found.s);
  if (isBlock(got)) return blockOn(k, t, found.file, got);
  if (typeof got === 'number') return got;
  const file = openSocketFile(got, (flags & SOCK_NONBLOCK) !== 0);
  const fd = t.process.fds.install(file, (flags & SOCK_CLOEXEC) !== 0);
  if (fd < 0) {
    found.s.backlog.unshift(got); // still there for the next accept
    return fd;
  }
  const err = writeSockaddr(t, t.x(11), t.x(12), encodeSockaddr(got.remote ?? { family: AF_UNIX, unnamed: true }));
  if (err < 0) {
    t.process.fds.close(fd, k); // as Linux: the connection is lost with the bad pointer
    return err;
  }
  return fd;
}

function names(t: Thread, peer: boolean): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { s } = found;
  let addr: SockAddr | undefined;
  if (peer) {
    if (s.connectionBased ? s.state !== 'connected' : !s.remote) return -ENOTCONN;
    addr = s.remote;
  } else addr = s.local ?? (s.isInet ? { family: AF_INET, ip: 0, port: 0 } : { family: AF_UNIX, unnamed: true });
  return writeSockaddr(t, t.x(11), t.x(12), encodeSockaddr(addr as SockAddr));
}

export const netSyscalls: SyscallGroup = [
  [SYS.socket, socket],
  [SYS.socketpair, socketpair],
  [SYS.bind, bind],
  [SYS.listen, (k, t) => withSocket(t, (s) => listen(k, s, t.xInt(11)))],
  [SYS.connect, connect],
  [SYS.accept, (k, t) => acceptCall(k, t, 0)],
  [SYS.accept4, (k, t) => acceptCall(k, t, t.xInt(13))],
  [SYS.getsockname, (_k, t) => names(t, false)],
  [SYS.getpeername, (_k, t) => names(t, true)],
  [SYS.shutdown, (k, t) => withSocket(t, (s) => shutdown(k, s, t.xInt(11)))],
];

function withSocket(t: Thread, call: (s: Socket) => number): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  return typeof found === 'number' ? found : call(found.s);
}
