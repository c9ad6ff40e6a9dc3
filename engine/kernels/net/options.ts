// Socket options (setsockopt, getsockopt) as riscv64 Linux numbers them (asm-generic/socket.h,
// netinet/tcp.h), each with its size and the value a new socket reports. Most only need to
// read back what was set (a loopback has nothing for SO_KEEPALIVE or TCP_NODELAY to change);
// SO_ERROR, SO_TYPE, SO_ACCEPTCONN and SO_PEERCRED report the socket's state, and
// SO_RCVTIMEO / SO_SNDTIMEO bound how long a blocking call waits (syscalls/net-io.ts).

import type { Socket } from './socket';
import { IPPROTO_IP, IPPROTO_TCP, SOCK_STREAM } from './socket';

export const SOL_SOCKET = 1;

export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_LINGER = 13;
export const SO_PEERCRED = 17;
export const SO_RCVTIMEO = 20;
export const SO_SNDTIMEO = 21;
export const SO_ACCEPTCONN = 30;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;

/** The key of an option in Socket.options. */
export function optionKey(level: number, name: number): number {
  return (level << 16) | name;
}

/** What an option is: an int (the common case), a struct of so many bytes, or read-only state. */
export type OptionKind =
  { kind: 'int'; initial: (s: Socket) => number } | { kind: 'bytes'; bytes: number } | { kind: 'state' };

const int = (initial: number | ((s: Socket) => number)): OptionKind => ({
  kind: 'int',
  initial: typeof initial === 'number' ? () => initial : initial,
});

/** struct timeval and struct linger on riscv64. */
const TIMEVAL_BYTES = 16;
const LINGER_BYTES = 8;

/** Linux's send and receive buffer defaults: TCP's (tcp_wmem, tcp_rmem), else net.core's. */
const sendBuffer = (s: Socket) => (s.isInet && s.type === SOCK_STREAM ? 16384 : 212992);
const receiveBuffer = (s: Socket) => (s.isInet && s.type === SOCK_STREAM ? 131072 : 212992);

/** Every option the kernel knows, by level and name. */
export const OPTIONS: ReadonlyMap<number, OptionKind> = new Map<number, OptionKind>([
  [optionKey(SOL_SOCKET, 1), int(0)], // SO_DEBUG
  [optionKey(SOL_SOCKET, SO_REUSEADDR), int(0)],
  [optionKey(SOL_SOCKET, SO_TYPE), { kind: 'state' }],
  [optionKey(SOL_SOCKET, SO_ERROR), { kind: 'state' }],
  [optionKey(SOL_SOCKET, 5), int(0)], // SO_DONTROUTE
  [optionKey(SOL_SOCKET, 6), int(0)], // SO_BROADCAST
  [optionKey(SOL_SOCKET, SO_SNDBUF), int(sendBuffer)],
  [optionKey(SOL_SOCKET, SO_RCVBUF), int(receiveBuffer)],
  [optionKey(SOL_SOCKET, 9), int(0)], // SO_KEEPALIVE
  [optionKey(SOL_SOCKET, 10), int(0)], // SO_OOBINLINE
  [optionKey(SOL_SOCKET, 12), int(0)], // SO_PRIORITY
  [optionKey(SOL_SOCKET, SO_LINGER), { kind: 'bytes', bytes: LINGER_BYTES }],
  [optionKey(SOL_SOCKET, 15), int(0)], // SO_REUSEPORT
  [optionKey(SOL_SOCKET, 16), int(0)], // SO_PASSCRED
  [optionKey(SOL_SOCKET, SO_PEERCRED), { kind: 'state' }],
  [optionKey(SOL_SOCKET, 18), int(1)], // SO_RCVLOWAT
  [optionKey(SOL_SOCKET, 19), int(1)], // SO_SNDLOWAT
  [optionKey(SOL_SOCKET, SO_RCVTIMEO), { kind: 'bytes', bytes: TIMEVAL_BYTES }],
  [optionKey(SOL_SOCKET, SO_SNDTIMEO), { kind: 'bytes', bytes: TIMEVAL_BYTES }],
  [optionKey(SOL_SOCKET, SO_ACCEPTCONN), { kind: 'state' }],
  [optionKey(SOL_SOCKET, SO_PROTOCOL), { kind: 'state' }],
  [optionKey(SOL_SOCKET, SO_DOMAIN), { kind: 'state' }],
  [optionKey(IPPROTO_IP, 1), int(0)], // IP_TOS
  [optionKey(IPPROTO_IP, 2), int(64)], // IP_TTL
  [optionKey(IPPROTO_TCP, 1), int(0)], // TCP_NODELAY
  [optionKey(IPPROTO_TCP, 2), int((s) => (s.state === 'connected' ? 65483 : 536))], // TCP_MAXSEG on the loopback
  [optionKey(IPPROTO_TCP, 4), int(7200)], // TCP_KEEPIDLE
  [optionKey(IPPROTO_TCP, 5), int(75)], // TCP_KEEPINTVL
  [optionKey(IPPROTO_TCP, 6), int(9)], // TCP_KEEPCNT
]);

/** The timeout SO_RCVTIMEO or SO_SNDTIMEO sets on `s`, in ns (0: wait for ever). */
export function socketTimeout(s: Socket, name: typeof SO_RCVTIMEO | typeof SO_SNDTIMEO): number {
  const tv = s.options.get(optionKey(SOL_SOCKET, name));
  if (!(tv instanceof Uint8Array)) return 0;
  const v = new DataView(tv.buffer, tv.byteOffset, tv.byteLength);
  const ns = Number(v.getBigInt64(0, true)) * 1e9 + Number(v.getBigInt64(8, true)) * 1e3;
  return ns > 0 ? ns : 0;
}
