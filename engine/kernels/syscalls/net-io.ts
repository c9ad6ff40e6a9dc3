// The socket system calls that move data: sendto, recvfrom, sendmsg and recvmsg. They decode
// the buffers, addresses and struct msghdr, and leave the sending and receiving (the waits,
// a stream send's continuation, the timeouts) to net/blocking-io.ts, which read and write on
// a socket use too.

import { EFAULT, EINVAL, EMSGSIZE, EOPNOTSUPP, EPIPE } from '../errno';
import { isBlock, type OpenFile } from '../fs/file';
import type { Kernel, SyscallOutcome } from '../kernel';
import { receiveTimed, sendAll } from '../net/blocking-io';
import { MSG_NOSIGNAL, MSG_OOB, MSG_TRUNC, type Received, type Target } from '../net/operations';
import { encodeSockaddr } from '../net/sockaddr';
import type { Socket } from '../net/socket';
import type { Thread } from '../proc/task';
import { signalThread } from '../signal/deliver';
import { SIGPIPE } from '../signal/signals';
import { blockOn, MAX_IO_BYTES } from './fs-common';
import { IOVEC_BYTES } from './fs-io';
import { readSockaddr, socketFd, socketNamed, writeSockaddr } from './net';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

/** struct msghdr on riscv64: name, namelen (padded), iov, iovlen, control, controllen, flags. */
export const MSGHDR_BYTES = 56;
/** Most iovecs one call takes (UIO_MAXIOV). */
const UIO_MAXIOV = 1024;

/** What a send returns: it waits, or raises SIGPIPE on EPIPE unless MSG_NOSIGNAL (send(2)). */
function sent(k: Kernel, t: Thread, file: OpenFile, r: ReturnType<typeof sendAll>, flags: number): SyscallOutcome {
  if (isBlock(r)) return blockOn(k, t, file, r);
  if (r === -EPIPE && !(flags & MSG_NOSIGNAL)) signalThread(k, t, SIGPIPE, { code: 0, pid: t.process.pid, addr: 0 });
  return r;
}

/**
 * The sender's address as recvfrom and recvmsg give it: a datagram's sender, an AF_UNIX
 * stream's peer, if named; nothing (length 0) for TCP, which gives none, or an unnamed sender.
 */
function senderName(s: Socket, got: Received): Uint8Array {
  const from = got.from;
  if (!from || (s.isInet && s.connectionBased) || 'unnamed' in from) return new Uint8Array(0);
  return encodeSockaddr(from);
}

/** The datagram target an address at `va` names ('connected' when there is none). */
function targetOf(k: Kernel, t: Thread, s: Socket, va: number, len: number): Target | 'connected' {
  if (va === 0) return 'connected';
  // a connection ignores the address (TCP), or refuses it (AF_UNIX: EISCONN, in send)
  if (s.connectionBased) return s.isInet ? 'connected' : undefined;
  const addr = readSockaddr(t, va, len, s.family);
  if (typeof addr === 'number') return addr;
  return socketNamed(k, t, s, addr);
}

function sendto(k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { file, s } = found;
  const flags = t.xInt(13);
  if (flags & MSG_OOB) return -EOPNOTSUPP; // no urgent data on a loopback (other flags: ignored, as Linux's)
  const len = Math.min(t.x(12), MAX_IO_BYTES);
  const data = t.process.um.read(t.x(11), len);
  if (!data) return -EFAULT;
  const target = targetOf(k, t, s, t.x(14), t.xInt(15));
  if (typeof target === 'number') return target;
  return sent(k, t, file, sendAll(k, t, file, s, data, target, flags), flags);
}

function recvfrom(k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { file, s } = found;
  const flags = t.xInt(13);
  if (flags & MSG_OOB) return -EINVAL;
  const got = receiveTimed(k, t, file, s, Math.min(t.x(12), MAX_IO_BYTES), flags);
  if (isBlock(got)) return blockOn(k, t, file, got);
  if (typeof got === 'number') return got;
  if (!t.process.um.write(t.x(11), got.data)) return -EFAULT;
  const err = writeSockaddr(t, t.x(14), t.x(15), senderName(s, got));
  if (err < 0) return err;
  return flags & MSG_TRUNC && !s.bytes ? got.length : got.data.length;
}

/** A msghdr and the iovecs it names, as read from user memory. */
interface MsgHdr {
  name: number;
  nameLen: number;
  iov: Array<{ base: number; length: number }>;
  control: number;
  controlLen: number;
}

function readMsgHdr(t: Thread, va: number): MsgHdr | number {
  const raw = t.process.um.read(va, MSGHDR_BYTES);
  if (!raw) return -EFAULT;
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const iovLen = Number(v.getBigUint64(24, true));
  if (iovLen > UIO_MAXIOV) return -EMSGSIZE;
  const iovBytes = t.process.um.read(Number(v.getBigUint64(16, true)), iovLen * IOVEC_BYTES);
  if (!iovBytes) return -EFAULT;
  const iv = new DataView(iovBytes.buffer, iovBytes.byteOffset, iovBytes.byteLength);
  const iov: MsgHdr['iov'] = [];
  let total = 0;
  for (let i = 0; i < iovLen; i++) {
    const length = Number(iv.getBigUint64(i * IOVEC_BYTES + 8, true));
    total += length;
    if (length > MAX_IO_BYTES || total > 0x7fffffff) return -EINVAL;
    iov.push({ base: Number(iv.getBigUint64(i * IOVEC_BYTES, true)), length });
  }
  return {
    name: Number(v.getBigUint64(0, true)),
    nameLen: v.getUint32(8, true),
    iov,
    control: Number(v.getBigUint64(32, true)),
    controlLen: Number(v.getBigUint64(40, true)),
  };
}

function sendmsg(k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { file, s } = found;
  const flags = t.xInt(12);
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  const msg = readMsgHdr(t, t.x(11));
  if (typeof msg === 'number') return msg;
  if (msg.controlLen > 0 && msg.control !== 0) {
    // passing descriptors (SCM_RIGHTS) or credentials is not supported yet: say so, do not drop them
    k.printk(`socket: sendmsg with control messages by ${t.process.comm} (${t.process.pid}): not supported`);
    return -EOPNOTSUPP;
  }
  const parts: Uint8Array[] = [];
  for (const { base, length } of msg.iov) {
    const part = t.process.um.read(base, length);
    if (!part) return -EFAULT;
    parts.push(part);
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  const target = targetOf(k, t, s, msg.name, msg.nameLen);
  if (typeof target === 'number') return target;
  return sent(k, t, file, sendAll(k, t, file, s, data, target, flags), flags);
}

function recvmsg(k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { file, s } = found;
  const flags = t.xInt(12);
  if (flags & MSG_OOB) return -EINVAL;
  const va = t.x(11);
  const msg = readMsgHdr(t, va);
  if (typeof msg === 'number') return msg;
  const room = msg.iov.reduce((n, v) => n + v.length, 0);
  const got = receiveTimed(k, t, file, s, Math.min(room, MAX_IO_BYTES), flags);
  if (isBlock(got)) return blockOn(k, t, file, got);
  if (typeof got === 'number') return got;
  let at = 0;
  for (const { base, length } of msg.iov) {
    if (at >= got.data.length) break;
    const part = got.data.subarray(at, at + length);
    if (!t.process.um.write(base, part)) return -EFAULT;
    at += part.length;
  }
  const um = t.process.um;
  let nameLen = 0;
  if (msg.name !== 0) {
    const name = senderName(s, got);
    if (!um.write(msg.name, name.subarray(0, Math.min(msg.nameLen, name.length)))) return -EFAULT;
    nameLen = name.length;
  }
  const truncated = !s.bytes && got.length > got.data.length;
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, nameLen, true);
  const flagsOut = new Uint8Array(4);
  new DataView(flagsOut.buffer).setInt32(0, truncated ? MSG_TRUNC : 0, true);
  if (!um.write(va + 8, tail) || !um.writeU64(va + 40, 0n) || !um.write(va + 48, flagsOut)) return -EFAULT;
  return flags & MSG_TRUNC && truncated ? got.length : got.data.length;
}

export const netIoSyscalls: SyscallGroup = [
  [SYS.sendto, sendto],
  [SYS.recvfrom, recvfrom],
  [SYS.sendmsg, sendmsg],
  [SYS.recvmsg, recvmsg],
];
