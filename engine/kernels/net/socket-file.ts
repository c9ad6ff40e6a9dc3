// A socket as an open file: read and write are recv and send without flags (blocking-io.ts), poll reports
// what Linux's unix_poll and tcp_poll report, FIONREAD counts what is waiting, and the close
// of the last descriptor closes the socket. Every socket has an inode of its own (fstat:
// S_IFSOCK) that no directory holds; /proc/PID/fd shows it as socket:[N].

import { EFAULT, ENOTTY } from '../errno';
import { type Block, type FileOps, isBlock, O_NONBLOCK, O_RDWR, OpenFile } from '../fs/file';
import type { PollState } from '../fs/poll-wait';
import { FIONREAD } from '../fs/pipe';
import type { Kernel } from '../kernel';
import { receiveTimed, sendAll } from './blocking-io';
import { closeSocket } from './operations';
import { Socket } from './socket';
import { tcpSendRoom } from './inet';

/** The socket behind each socket description. */
const sockets = new WeakMap<OpenFile, Socket>();

/** The socket `file` is, if it is one. */
export function socketOf(file: OpenFile | undefined): Socket | undefined {
  return file && sockets.get(file);
}

const socketOps: FileOps = {
  read(file, count, ctx): Uint8Array | number | Block {
    const got = receiveTimed(ctx.kernel, ctx.thread, file, sockets.get(file) as Socket, count, 0);
    return typeof got === 'number' || isBlock(got) ? got : got.data;
  },

  // write() raises SIGPIPE itself (syscalls/fs-io.ts)
  write(file, data, ctx) {
    return sendAll(ctx.kernel, ctx.thread, file, sockets.get(file) as Socket, data, 'connected', 0);
  },

  poll(file): PollState {
    return pollSocket(sockets.get(file) as Socket);
  },

  ioctl(file, request, arg, ctx) {
    if (request !== FIONREAD) return -ENOTTY;
    const s = sockets.get(file) as Socket;
    const waiting = s.bytes ? s.bytes.length : (s.messages[0]?.data.length ?? 0);
    return ctx.thread.process.um.writeU32(arg, waiting) ? 0 : -EFAULT;
  },

  release(file, kernel) {
    closeSocket(kernel, sockets.get(file) as Socket);
  },
};

/** What poll() reports for `s`. */
export function pollSocket(s: Socket): PollState {
  const peer = s.peer;
  let writable: boolean;
  if (s.state === 'listening' || s.state === 'connecting') writable = false;
  else if (s.connectionBased && s.state === 'connected') {
    // a write that would fail (shut down, peer gone) does not wait either
    writable = s.writeShut || s.peerGone || (peer ? peer.roomFor(1, s) : tcpSendRoom(s) > 0);
  } else writable = peer ? peer.roomFor(1, s) : true;
  // reading has ended: the peer shut its writing half or went (Linux's RCV_SHUTDOWN: POLLRDHUP)
  const readEnded = s.connectionBased && s.state === 'connected' && (s.readShut || s.peerGone);
  // both halves ended (SHUTDOWN_MASK: POLLHUP), e.g. a TCP socket that shut its writing half
  // and then read the peer's FIN
  const bothShut = readEnded && s.writeShut;
  const hangup =
    s.connectionBased &&
    s.state !== 'listening' &&
    (s.state === 'unconnected' || bothShut || (s.peerGone && !s.isInet));
  return {
    readable: s.readable,
    writable,
    hangup,
    readHangup: readEnded,
    error: s.pendingError !== 0,
    queue: s.wait,
    more: peer ? [peer.wait] : [],
  };
}

/** A description for a new socket `s` (non-blocking if asked). */
export function openSocketFile(s: Socket, nonblock: boolean): OpenFile {
  s.inode.stream = true;
  const file = new OpenFile(s.inode, socketOps, O_RDWR | (nonblock ? O_NONBLOCK : 0), `socket:[${s.inode.ino}]`);
  sockets.set(file, s);
  return file;
}

/** Makes a socket of this kernel, with its inode. */
export function newSocket(k: Kernel, family: number, type: number, protocol: number, pid: number): Socket {
  const s = new Socket(family, type, protocol, k.vfs.newInode('socket', 0o777));
  s.ownerPid = pid;
  return s;
}
