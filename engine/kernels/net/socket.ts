// A socket: one end of a conversation between processes of this kernel, as Linux's struct
// sock. Its kind is its family (AF_UNIX, AF_INET) and type: a stream (bytes, no boundaries:
// AF_UNIX SOCK_STREAM and TCP), a sequenced-packet connection (AF_UNIX SOCK_SEQPACKET:
// connected like a stream, but each send is one message) or datagrams (AF_UNIX SOCK_DGRAM
// and UDP: messages to an address, no connection needed). What arrives for it waits in its
// receive queue until read; a sender blocks (or gets EAGAIN) while that queue is full, so
// nothing between two sockets of this kernel is ever lost, except what UDP drops as Linux
// does when a receiver's buffer is full.
//
// Between two sockets of this kernel (the loopback network, its own address) a connection
// joins the two Socket objects directly, with no packets between them. A TCP connection to
// another station of the machine's LAN has no peer object: its state is a TCB (`tcp`) and
// its bytes go as segments through the kernel's IPv4 stack (inet.ts).

import { ByteRing } from '../fs/byte-ring';
import type { Inode } from '../fs/inode';
import { WaitQueue } from '../proc/wait-queue';
import { AF_INET, type SockAddr } from './sockaddr';
import type { Tcb } from './tcp/tcp-machine';

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_SEQPACKET = 5;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const SOCK_TYPE_MASK = 0xf;

export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/**
 * What a stream socket's receive queue holds: 256 KiB, the bytes Linux's loopback lets a
 * sender have in flight before it waits (AF_UNIX's 212992-byte default send buffer rounds up
 * the same way), so a program that writes a large reply before reading does not wait here
 * where it would not on Linux.
 */
export const STREAM_BUFFER = 256 * 1024;
/** Linux's default SO_SNDBUF and SO_RCVBUF (net.core.wmem_default, rmem_default). */
export const DEFAULT_SOCKET_BUFFER = 212992;
/** Messages an AF_UNIX datagram socket queues before senders wait (net.unix.max_dgram_qlen). */
export const MAX_DGRAM_QUEUE = 10;
/** The largest UDP payload (65535 minus the IPv4 and UDP headers). */
export const MAX_UDP_PAYLOAD = 65507;
/** A listen() backlog is capped at net.core.somaxconn. */
export const SOMAXCONN = 4096;

/** One message of a datagram or sequenced-packet socket, with who sent it. */
export interface Message {
  data: Uint8Array;
  from: SockAddr | undefined;
}

/** 'connecting': a TCP connect through the LAN is under way (its SYN sent, or a SYN taken for a listener). */
export type SocketState = 'unconnected' | 'listening' | 'connecting' | 'connected';

let nextSocketId = 1;

export class Socket {
  /** Numbers sockets for /proc (socket:[N]); kernel-wide, never reused. */
  readonly id = nextSocketId++;
  state: SocketState = 'unconnected';
  /** Where it is bound (getsockname), if anywhere. */
  local: SockAddr | undefined;
  /** The address of the other end (getpeername; a datagram socket's default destination). */
  remote: SockAddr | undefined;
  /** The other end of a connection; for a connected datagram socket, the socket it sends to. */
  peer: Socket | undefined;
  /** A TCP connection through the LAN: its state record (inet.ts keeps it). */
  tcp: Tcb | undefined;
  /** A connection taken for a listener and not yet established: the listener it will queue at. */
  listener: Socket | undefined;
  /** A listener's connections still in their handshake (they count against the backlog). */
  halfOpen = 0;
  /** The last descriptor of it has closed. */
  closed = false;
  /** The peer was connected and has gone (closed): reads give end of file, writes EPIPE. */
  peerGone = false;
  /** shutdown(SHUT_RD) here, or the peer's shutdown(SHUT_WR): reads give end of file. */
  readShut = false;
  /** shutdown(SHUT_WR) here: writes fail with EPIPE, and the peer reads end of file. */
  writeShut = false;
  /** A stream's bytes received and not yet read. */
  readonly bytes: ByteRing | undefined;
  /** A datagram or sequenced-packet socket's messages received and not yet read. */
  readonly messages: Message[] = [];
  /** Bytes in `messages` (a UDP socket's receive buffer is counted in bytes). */
  queuedBytes = 0;
  /** A listening socket's connections made and not yet accepted (the server ends). */
  readonly backlog: Socket[] = [];
  backlogMax = 0;
  /** A non-blocking TCP connect said EINPROGRESS: the next connect reports its success (0), once. */
  connectPending = false;
  /** A failed non-blocking connect's error, until getsockopt(SO_ERROR) or connect reads it. */
  pendingError = 0;
  /** The process that made the connection's end (SO_PEERCRED, read by the peer). */
  ownerPid = 0;
  /** Options a program set and reads back, by (level << 16 | name). */
  readonly options = new Map<number, number | Uint8Array>();
  /**
   * Woken whenever anything a sleeper here may wait for changes: data or a connection
   * arrived, room was made in this socket's queue, the peer went. Readers, acceptors and the
   * writers to this socket's queue sleep on it and look again.
   */
  readonly wait = new WaitQueue('socket');

  constructor(
    readonly family: number,
    readonly type: number,
    readonly protocol: number,
    /** The inode fstat reports (S_IFSOCK) and /proc/PID/fd shows. */
    readonly inode: Inode,
  ) {
    if (type === SOCK_STREAM) this.bytes = new ByteRing(STREAM_BUFFER);
  }

  /** A connection (stream or sequenced packets), as against datagrams. */
  get connectionBased(): boolean {
    return this.type !== SOCK_DGRAM;
  }

  get isInet(): boolean {
    return this.family === AF_INET;
  }

  /** Whether a read now would not wait: data, end of file, or (listening) a connection. */
  get readable(): boolean {
    if (this.state === 'listening') return this.backlog.length > 0;
    if (this.bytes ? this.bytes.length > 0 : this.messages.length > 0) return true;
    return this.connectionBased && this.state === 'connected' && (this.readShut || this.peerGone);
  }

  /**
   * Whether a message of `size` bytes from `sender` (a stream: any byte) fits this socket's
   * receive queue now. As Linux's AF_UNIX: a socket connected back to its sender is limited
   * by bytes (the sender's send buffer); any other receiver by its queue length.
   */
  roomFor(size: number, sender: Socket): boolean {
    if (this.bytes) return this.bytes.space > 0;
    if (this.isInet) return true; // UDP never waits: a full receiver drops (deliver)
    if (this.peer === sender) return this.queuedBytes === 0 || this.queuedBytes + size <= DEFAULT_SOCKET_BUFFER;
    return this.messages.length <= MAX_DGRAM_QUEUE;
  }
}
