// What the socket calls do to sockets, with Linux's rules and errors (net/unix/af_unix.c for
// AF_UNIX; TCP and UDP as their loopback behaves): listen, connect, accept, send, receive,
// shutdown and the close of the last descriptor. The syscall layer (syscalls/net.ts) decodes
// arguments, finds the sockets addresses name and copies bytes to and from user memory; these
// functions only move state. A call that cannot finish now returns a Block on the queue whose
// wake-up may let it, and runs again from the start when woken (syscalls restart). Sockets of
// this kernel are joined here directly; a TCP connection or a datagram to another station of
// the LAN is handed to the kernel's IPv4 stack (inet.ts), which moves it as frames.

import {
  EALREADY,
  ECONNREFUSED,
  ECONNRESET,
  EDESTADDRREQ,
  EINVAL,
  EISCONN,
  EMSGSIZE,
  ENOTCONN,
  EOPNOTSUPP,
  EPERM,
  EPIPE,
  EPROTOTYPE,
} from '../errno';
import type { Block } from '../fs/file';
import { wakeFile } from '../fs/poll-wait';
import type { Kernel } from '../kernel';
import { inetOf } from './inet';
import { netOf } from './names';
import { AF_INET, AF_UNIX, INADDR_ANY, INADDR_LOOPBACK, type InetAddr, type SockAddr } from './sockaddr';
import {
  DEFAULT_SOCKET_BUFFER,
  MAX_UDP_PAYLOAD,
  type Message,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  SOMAXCONN,
} from './socket';

export const MSG_OOB = 1;
export const MSG_PEEK = 2;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const MSG_WAITALL = 0x100;
export const MSG_NOSIGNAL = 0x4000;

export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

const block = (s: Socket): Block => ({ block: s.wait });

/** Tells everyone waiting on `s` (readers, writers to it, acceptors, pollers) to look again. */
export function wake(k: Kernel, s: Socket): void {
  wakeFile(k, s.wait);
}

/** listen(): 0 or -errno. An AF_INET socket not yet bound gets an ephemeral port. */
export function listen(k: Kernel, s: Socket, backlog: number): number {
  if (!s.connectionBased) return -EOPNOTSUPP;
  if (s.state === 'connected') return -EINVAL;
  if (!s.local) {
    if (!s.isInet) return -EINVAL; // an AF_UNIX socket must be bound first
    const err = netOf(k).bindInet(s, { family: AF_INET, ip: INADDR_ANY, port: 0 });
    if (err < 0) return err;
  }
  s.state = 'listening';
  // as Linux: a negative backlog is taken as the largest; connections queue up to backlog + 1
  s.backlogMax = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
  wake(k, s);
  return 0;
}

/**
 * connect() of a connection-based socket to the listening socket `to`: the server's end is
 * made now and waits in the listener's backlog for accept(), so the client is connected at
 * once, as on Linux's loopback. 0, a Block while the backlog is full, or -errno.
 * `overBacklog`: queue it even when the backlog is full (a non-blocking TCP connect, which
 * Linux never fails with EAGAIN: its SYN is dropped and a retransmission gets in later).
 */
export function connectStream(
  k: Kernel,
  s: Socket,
  to: Socket | undefined,
  toAddr: SockAddr,
  overBacklog = false,
): number | Block {
  if (s.state === 'connected') {
    if (!s.connectPending) return -EISCONN;
    s.connectPending = false; // the connect that finds it done reports success, as Linux's
    return 0;
  }
  if (s.state === 'listening') return -EINVAL;
  if (s.pendingError) return -takeError(s);
  if (!to || to.state !== 'listening') return -ECONNREFUSED;
  if (to.type !== s.type) return s.isInet ? -ECONNREFUSED : -EPROTOTYPE;
  if (to.backlog.length > to.backlogMax && !overBacklog) return block(to);
  if (s.isInet && !s.local) {
    const err = netOf(k).bindInet(s, { family: AF_INET, ip: INADDR_ANY, port: 0 });
    if (err < 0) return err;
  }
  const server = new Socket(s.family, s.type, s.protocol, k.vfs.newInode('socket', 0o777));
  server.ownerPid = to.ownerPid;
  server.local = serverAddress(to, toAddr);
  server.remote = s.isInet ? clientAddress(s, toAddr) : (s.local ?? { family: AF_UNIX, unnamed: true });
  if (s.isInet) s.local = clientAddress(s, toAddr);
  s.remote = server.local;
  s.peer = server;
  server.peer = s;
  s.state = server.state = 'connected';
  to.backlog.push(server);
  wake(k, to);
  return 0;
}

/**
 * connect() of a TCP socket to another station of the LAN: the SYN goes and the caller waits
 * (a Block) until the handshake completes (0) or fails (-errno); run again, it reports how it
 * went. A non-blocking caller turns the first Block into EINPROGRESS (syscalls/net.ts).
 */
export function connectRemote(k: Kernel, s: Socket, to: InetAddr): number | Block {
  if (s.state === 'connecting') return block(s);
  if (s.state === 'connected') {
    if (!s.connectPending) return -EISCONN;
    s.connectPending = false;
    return 0;
  }
  if (s.state === 'listening') return -EINVAL;
  if (s.pendingError) return -takeError(s);
  if (s.connectPending) return -EALREADY; // connected once, and lost since
  const err = inetOf(k).connect(s, to);
  if (err < 0) return err;
  s.connectPending = true; // the connect that finds it done reports success
  return block(s);
}

/** Whether `s` is a connection through the LAN (no peer object: its other end is elsewhere). */
export function throughLan(s: Socket): boolean {
  return s.isInet && s.connectionBased && s.peer === undefined && s.state !== 'listening';
}

/** The address a connection to `listener` is made at (getsockname of the accepted socket). */
function serverAddress(listener: Socket, asked: SockAddr): SockAddr {
  if (asked.family !== AF_INET) return listener.local as SockAddr;
  const bound = listener.local as InetAddr;
  return { family: AF_INET, ip: asked.ip === INADDR_ANY ? INADDR_LOOPBACK : asked.ip, port: bound.port };
}

/** A client's own address for a connection to `asked`: its port, on the loopback address if it bound none. */
function clientAddress(s: Socket, asked: SockAddr): InetAddr {
  const bound = s.local as InetAddr;
  const ip =
    bound.ip !== INADDR_ANY
      ? bound.ip
      : asked.family === AF_INET && asked.ip !== INADDR_ANY
        ? asked.ip
        : INADDR_LOOPBACK;
  return { family: AF_INET, ip: ip === INADDR_ANY ? INADDR_LOOPBACK : ip, port: bound.port };
}

/** accept(): the next connection's server end, a Block while there is none, or -errno. */
export function accept(k: Kernel, s: Socket): Socket | number | Block {
  if (!s.connectionBased) return -EOPNOTSUPP;
  if (s.state !== 'listening') return -EINVAL;
  const next = s.backlog.shift();
  if (!next) return block(s);
  wake(k, s); // a connect waiting for room in the backlog
  return next;
}

/** The socket's pending error (SO_ERROR), cleared as it is read. */
export function takeError(s: Socket): number {
  const err = s.pendingError;
  s.pendingError = 0;
  return err;
}

/**
 * Where a datagram goes: the socket of this kernel `to` names (undefined: no one receives it),
 * a station of the LAN, or -errno.
 */
export type Target = Socket | undefined | number | { lan: InetAddr };

/**
 * send() of `data`: the bytes accepted (a stream takes what fits), a Block while the
 * receiver's queue is full, or -errno (-EPIPE: the caller raises SIGPIPE unless MSG_NOSIGNAL).
 * `target`: for a datagram sent with an address, whom it names (resolved by the caller).
 */
export function send(k: Kernel, s: Socket, data: Uint8Array, target: Target | 'connected'): number | Block {
  if (s.pendingError) return -takeError(s);
  if (s.connectionBased) {
    if (target !== 'connected' && s.state === 'connected' && !s.isInet) return -EISCONN;
    if (s.state !== 'connected') return s.isInet ? -EPIPE : -ENOTCONN;
    if (throughLan(s)) {
      if (s.writeShut || s.peerGone) return -EPIPE;
      if (data.length === 0) return 0;
      const n = inetOf(k).send(s, data);
      return n > 0 ? n : s.tcp ? block(s) : -EPIPE;
    }
    const peer = s.peer as Socket;
    if (s.writeShut || s.peerGone || (peer.readShut && !s.isInet)) return -EPIPE;
    if (s.type === SOCK_STREAM) {
      const ring = peer.bytes as NonNullable<Socket['bytes']>;
      if (data.length === 0) return 0;
      if (ring.space === 0) return block(peer);
      const n = ring.push(data);
      wake(k, peer);
      return n;
    }
    return deliver(k, s, peer, data);
  }
  // datagrams
  let to: Target;
  if (target === 'connected') {
    const remote = s.remote;
    if (s.peer) to = s.peer;
    // a connected UDP socket looks its peer up at each send: the receiver may come and go
    else if (s.isInet && remote?.family === AF_INET)
      to =
        inetOf(k).route(remote.ip) === 'lan'
          ? { lan: remote }
          : netOf(k).findInet(s.type, remote.ip || INADDR_LOOPBACK, remote.port);
    else return s.isInet ? -EDESTADDRREQ : -ENOTCONN;
  } else to = target;
  if (typeof to === 'number') return to;
  if (s.isInet && !s.local) {
    const err = netOf(k).bindInet(s, { family: AF_INET, ip: INADDR_ANY, port: 0 });
    if (err < 0) return err;
  }
  if (s.isInet && data.length > MAX_UDP_PAYLOAD) return -EMSGSIZE;
  if (to && 'lan' in to) return inetOf(k).sendDatagram(s, to.lan, data);
  if (!to || (to.closed && s.isInet)) {
    // UDP to a port nobody has: gone, as on the wire; the loopback's ICMP port unreachable
    // makes a connected socket's next call fail with ECONNREFUSED (Linux's __udp4_lib_err)
    if (s.isInet && s.remote) {
      s.pendingError = ECONNREFUSED;
      wake(k, s);
    }
    return data.length;
  }
  if (to.type !== SOCK_DGRAM) return -EPROTOTYPE;
  if (to.closed) return -ECONNREFUSED; // the receiver has gone
  // an AF_UNIX datagram socket connected to another takes datagrams only from it (unix_may_send)
  if (!s.isInet && to.peer && to.peer !== s && !to.peer.closed) return -EPERM;
  return deliver(k, s, to, data);
}

/** Queues one message at `to`: its length, a Block while `to` is full, or -EMSGSIZE. */
function deliver(k: Kernel, from: Socket, to: Socket, data: Uint8Array): number | Block {
  if (!from.isInet && data.length > DEFAULT_SOCKET_BUFFER - 32) return -EMSGSIZE;
  if (!to.roomFor(data.length, from)) return block(to);
  queueDatagram(k, to, data, senderAddress(from, to));
  return data.length;
}

/**
 * Queues a datagram from `sender` at `to` (from a socket of this kernel, or off the LAN). UDP
 * drops it, as the wire would, when the receiver's buffer is full or the receiver is
 * connected to someone else.
 */
export function queueDatagram(k: Kernel, to: Socket, data: Uint8Array, sender: SockAddr | undefined): void {
  if (to.isInet && to.queuedBytes + data.length > DEFAULT_SOCKET_BUFFER) return; // UDP: dropped
  // a connected UDP socket takes datagrams from its peer only
  const peer = to.remote;
  if (
    to.isInet &&
    peer?.family === AF_INET &&
    sender?.family === AF_INET &&
    (peer.port !== sender.port || (peer.ip !== sender.ip && peer.ip !== INADDR_ANY))
  )
    return;
  const message: Message = { data: data.slice(), from: sender };
  to.messages.push(message);
  to.queuedBytes += data.length;
  wake(k, to);
}

/** Who a datagram is from: the sender's name, its address as the loopback route gives it (not 0.0.0.0). */
function senderAddress(from: Socket, to: Socket): SockAddr | undefined {
  const local = from.local;
  if (!local) return from.isInet ? undefined : { family: AF_UNIX, unnamed: true };
  if (local.family !== AF_INET || local.ip !== INADDR_ANY) return local;
  const there = to.local;
  const ip = there?.family === AF_INET && there.ip !== INADDR_ANY ? there.ip : INADDR_LOOPBACK;
  return { family: AF_INET, ip, port: local.port };
}

/** What recv() took: the bytes, who sent them (datagrams), and a message's whole length. */
export interface Received {
  data: Uint8Array;
  from: SockAddr | undefined;
  /** A message's length before it was cut to the buffer (MSG_TRUNC). */
  length: number;
}

/** recv() of at most `max` bytes: what it took (no bytes: end of file), a Block, or -errno. */
export function receive(k: Kernel, s: Socket, max: number, flags: number): Received | number | Block {
  if (s.state === 'listening') return s.isInet ? -ENOTCONN : -EINVAL;
  // a stream's bytes that arrived before a reset are read first, then the error (tcp_recvmsg)
  if (s.pendingError && !s.bytes?.length) return -takeError(s);
  if (s.connectionBased && s.state !== 'connected') return s.isInet ? -ENOTCONN : -EINVAL;
  const eof = s.connectionBased && (s.readShut || s.peerGone);
  const peek = (flags & MSG_PEEK) !== 0;
  if (s.bytes) {
    const ring = s.bytes;
    if (ring.length === 0) return eof ? { data: new Uint8Array(0), from: undefined, length: 0 } : block(s);
    // MSG_WAITALL: until the whole count is here (or all a queue holds), or the stream ends
    if (flags & MSG_WAITALL && !peek && !eof && ring.length < Math.min(max, ring.capacity)) return block(s);
    const data = peek ? ring.peek(max) : ring.shift(max);
    if (!peek) {
      if (s.tcp) inetOf(k).afterRead(s); // the window may open
      wake(k, s); // room for a writer
    }
    return { data, from: s.remote, length: data.length };
  }
  const next = s.messages[0];
  if (!next) return eof ? { data: new Uint8Array(0), from: undefined, length: 0 } : block(s);
  if (!peek) {
    s.messages.shift();
    s.queuedBytes -= next.data.length;
    wake(k, s);
  }
  return { data: next.data.subarray(0, max), from: next.from, length: next.data.length };
}

/** shutdown(): 0 or -errno. */
export function shutdown(k: Kernel, s: Socket, how: number): number {
  if (how < SHUT_RD || how > SHUT_RDWR) return -EINVAL;
  if (s.state !== 'connected' && !(s.type === SOCK_DGRAM && !s.isInet)) return -ENOTCONN;
  const peer = s.peer;
  if (how !== SHUT_WR) {
    s.readShut = true;
    if (peer && !s.isInet && s.connectionBased) peer.writeShut = true; // AF_UNIX tells the peer
  }
  if (how !== SHUT_RD) {
    s.writeShut = true;
    if (peer && s.connectionBased) peer.readShut = true;
    if (s.tcp) inetOf(k).finish(s); // the FIN follows what is queued
  }
  wake(k, s);
  if (peer) wake(k, peer);
  return 0;
}

/** The last descriptor of `s` closed: it lets go of its names, and its peer sees it go. */
export function closeSocket(k: Kernel, s: Socket): void {
  s.closed = true; // its path leads nowhere from now on (connect: ECONNREFUSED)
  netOf(k).unbind(s);
  if (s.tcp) {
    // bytes never read reset the connection (Linux's tcp_close); otherwise a FIN ends it
    if (s.bytes && s.bytes.length > 0) inetOf(k).abort(s);
    else inetOf(k).finish(s);
  }
  for (const pending of s.backlog.splice(0)) closeSocket(k, pending); // connections never accepted
  const peer = s.peer;
  if (peer && peer.peer === s && s.connectionBased) {
    peer.peerGone = true;
    // closed with bytes it never read: Linux resets the connection (TCP sends RST; AF_UNIX's
    // unix_release_sock sets ECONNRESET): the peer's next read, once it has read what was
    // queued for it, fails with ECONNRESET, and both its halves are shut
    if (s.bytes?.length || s.messages.length) {
      peer.pendingError = ECONNRESET;
      peer.readShut = peer.writeShut = true;
    }
    wake(k, peer);
  }
  s.state = 'unconnected';
  wake(k, s);
}
