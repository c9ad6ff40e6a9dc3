// Socket addresses as a riscv64 Linux program passes them (struct sockaddr_un, sockaddr_in),
// decoded into one type the socket code works with, and encoded back for accept, getsockname,
// getpeername and recvfrom. Layouts from the kernel's uapi headers: sa_family_t is a 16-bit
// host-order word; sin_port and sin_addr are in network (big-endian) order.

import { EAFNOSUPPORT, EINVAL } from '../errno';

export const AF_UNSPEC = 0;
export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;

/** struct sockaddr_un: the family and 108 bytes of path. */
export const SOCKADDR_UN_BYTES = 110;
/** struct sockaddr_in: family, port, address and 8 bytes of zero. */
export const SOCKADDR_IN_BYTES = 16;
/** Bytes of sun_path. */
const UNIX_PATH_MAX = 108;

export const INADDR_ANY = 0;
export const INADDR_LOOPBACK = 0x7f000001;

/**
 * Where a socket is bound or connected: a path in the filesystem, an abstract name (sun_path
 * starting with a zero byte: a name in no directory), no name at all (an AF_UNIX socket never
 * bound), or an IPv4 address and port.
 */
export type SockAddr =
  | { family: typeof AF_UNIX; path: string }
  | { family: typeof AF_UNIX; abstract: string }
  | { family: typeof AF_UNIX; unnamed: true }
  | { family: typeof AF_INET; ip: number; port: number };

export type InetAddr = Extract<SockAddr, { family: typeof AF_INET }>;

/** The address family word of `bytes` (AF_UNSPEC when too short to hold one). */
export function familyOf(bytes: Uint8Array): number {
  return bytes.length < 2 ? AF_UNSPEC : (bytes[0] as number) | ((bytes[1] as number) << 8);
}

/**
 * Decodes `bytes` (the caller's addrlen of them) as an address of `family`; -EINVAL when it is
 * too short, -EAFNOSUPPORT when it is of another family.
 */
export function decodeSockaddr(bytes: Uint8Array, family: number): SockAddr | number {
  if (bytes.length < 2) return -EINVAL;
  if (familyOf(bytes) !== family) return family === AF_UNIX ? -EINVAL : -EAFNOSUPPORT;
  if (family === AF_INET) {
    if (bytes.length < SOCKADDR_IN_BYTES) return -EINVAL;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { family: AF_INET, port: v.getUint16(2, false), ip: v.getUint32(4, false) };
  }
  if (bytes.length > SOCKADDR_UN_BYTES) return -EINVAL;
  const path = bytes.subarray(2);
  if (path.length === 0) return { family: AF_UNIX, unnamed: true };
  // an abstract name is every byte given, zeros included; a path ends at its first zero
  if (path[0] === 0) return { family: AF_UNIX, abstract: latin1(path.subarray(1)) };
  const end = path.indexOf(0);
  const name = path.subarray(0, end < 0 ? path.length : end);
  return { family: AF_UNIX, path: new TextDecoder().decode(name) };
}

/** The bytes a program gets back for `addr` (their length is the addrlen it is told). */
export function encodeSockaddr(addr: SockAddr): Uint8Array {
  if (addr.family === AF_INET) {
    const out = new Uint8Array(SOCKADDR_IN_BYTES);
    const v = new DataView(out.buffer);
    v.setUint16(0, AF_INET, true);
    v.setUint16(2, addr.port, false);
    v.setUint32(4, addr.ip, false);
    return out;
  }
  const name =
    'path' in addr
      ? [...new TextEncoder().encode(addr.path).subarray(0, UNIX_PATH_MAX - 1), 0]
      : 'abstract' in addr
        ? [0, ...Array.from(addr.abstract, (c) => c.charCodeAt(0))]
        : [];
  const out = new Uint8Array(2 + name.length);
  out[0] = AF_UNIX;
  out.set(name, 2);
  return out;
}

/** An abstract name's bytes as a string, one character per byte, so any byte survives the trip. */
function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
