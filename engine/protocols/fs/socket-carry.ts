// What socket calls on a descriptor held at the filesystem's home carry there beyond what
// their syscall table rows name, and how what is too large for one message goes in pieces.
//
// sendmsg and recvmsg: the call's struct msghdr points at more memory (an address, an iovec array, the buffers it names, the
// control data), which the syscall table row cannot name, so it is gathered here. The home sees
// it at the caller's addresses, as it sees any carried memory. The buffers carry a socket buffer
// at most (SOCKET_IO_MAX; more than one message carries goes ahead of the request or the reply
// in pieces): the iovecs sent say so, so a stream sends or receives less and the program loops,
// as it would on a short count.

import type { UserMemory } from '../../kernels/mm/uaccess';
import { SYS } from '../../kernels/syscalls/numbers';
import { EFAULT, EMSGSIZE } from '../../kernels/errno';
import type { CarriedPiece } from './carried-memory';
import { FS_IO_MAX, SOCKET_IO_MAX } from './fs-params';

/** struct msghdr on riscv64 (and its fields' offsets), and struct iovec. */
const MSGHDR_BYTES = 56;
const NAME = 0;
const NAMELEN = 8;
const IOV = 16;
const IOVLEN = 24;
const CONTROL = 32;
const CONTROLLEN = 40;
const IOVEC_BYTES = 16;
/** Most iovecs one call takes (UIO_MAXIOV). */
const UIO_MAXIOV = 1024;

/** The pieces of memory a sendmsg (`sending`) or recvmsg at `va` uses; -errno if unreadable. */
export function msghdrPieces(um: UserMemory, va: number, sending: boolean): CarriedPiece[] | number {
  const header = um.read(va, MSGHDR_BYTES);
  if (!header) return -EFAULT;
  const view = new DataView(header.buffer, header.byteOffset, MSGHDR_BYTES);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const carriedHeader = header.slice();
  const pieces: CarriedPiece[] = [{ va, length: MSGHDR_BYTES, writable: !sending, bytes: carriedHeader }];
  // an input carries its bytes; an output only its room (the home writes, the reply brings it back)
  const piece = (at: number, length: number): number => {
    if (at === 0 || length <= 0) return 0;
    if (!sending) {
      pieces.push({ va: at, length, writable: true, bytes: new Uint8Array(0) });
      return 0;
    }
    const bytes = um.read(at, length);
    if (!bytes) return -EFAULT;
    pieces.push({ va: at, length, writable: false, bytes });
    return 0;
  };
  if (piece(u64(NAME), view.getUint32(NAMELEN, true)) < 0) return -EFAULT;
  if (piece(u64(CONTROL), Math.min(u64(CONTROLLEN), FS_IO_MAX)) < 0) return -EFAULT;
  const count = u64(IOVLEN);
  if (count > UIO_MAXIOV) return -EMSGSIZE;
  const iov = u64(IOV);
  const vectors = count === 0 ? new Uint8Array(0) : um.read(iov, count * IOVEC_BYTES);
  if (!vectors) return -EFAULT;
  // the iovecs as the home will read them: cut so that all of them carry a page at most, and
  // as many as reach that (the header the home reads says how many)
  const sent = vectors.slice();
  const vview = new DataView(sent.buffer);
  let room = SOCKET_IO_MAX;
  let used = 0;
  for (; used < count && room > 0; used++) {
    const base = Number(vview.getBigUint64(used * IOVEC_BYTES, true));
    const length = Math.min(Number(vview.getBigUint64(used * IOVEC_BYTES + 8, true)), room);
    vview.setBigUint64(used * IOVEC_BYTES + 8, BigInt(length), true);
    room -= length;
    if (piece(base, length) < 0) return -EFAULT;
  }
  new DataView(carriedHeader.buffer).setBigUint64(IOVLEN, BigInt(used), true);
  if (used > 0)
    pieces.push({ va: iov, length: used * IOVEC_BYTES, writable: false, bytes: sent.subarray(0, used * IOVEC_BYTES) });
  return pieces;
}

/**
 * The memory socket call `nr` uses that its table row does not name: what a msghdr points at
 * (sendmsg, recvmsg), a getsockopt's value (as long as *optlen says). `arg(i)`: argument i.
 * Undefined for the other calls; -errno if unreadable.
 */
export function socketCallPieces(
  um: UserMemory,
  nr: number,
  arg: (i: number) => number,
): CarriedPiece[] | number | undefined {
  if (nr === SYS.sendmsg || nr === SYS.recvmsg) return msghdrPieces(um, arg(1), nr === SYS.sendmsg);
  if (nr !== SYS.getsockopt) return undefined;
  const optval = arg(3);
  const optlen = um.readU32(arg(4));
  if (optval === 0 || optlen === undefined || optlen === 0) return [];
  return [{ va: optval, length: Math.min(optlen, 256), writable: true, bytes: new Uint8Array(0) }];
}

/**
 * Takes the biggest input buffers out of `memory` (leaving their room, without bytes) until
 * what stays fits one message: the pieces a socket send sends ahead of its request (FS_STAGE).
 */
export function takeAhead(memory: CarriedPiece[]): CarriedPiece[] {
  const ahead: CarriedPiece[] = [];
  while (memory.reduce((n, m) => n + m.bytes.length, 0) > FS_IO_MAX) {
    const biggest = memory.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
    ahead.push(biggest);
    memory[memory.indexOf(biggest)] = { ...biggest, bytes: new Uint8Array(0) };
  }
  return ahead;
}

/** Bytes at addresses, cut into pages (FS_IO_MAX) as FS_STAGE and FS_WRITTEN carry them. */
export function inPages(
  pieces: ReadonlyArray<{ va: number; bytes: Uint8Array }>,
): Array<{ va: number; bytes: Uint8Array }> {
  const out: Array<{ va: number; bytes: Uint8Array }> = [];
  for (const p of pieces)
    for (let at = 0; at < p.bytes.length; at += FS_IO_MAX)
      out.push({ va: p.va + at, bytes: p.bytes.subarray(at, at + FS_IO_MAX) });
  return out;
}
