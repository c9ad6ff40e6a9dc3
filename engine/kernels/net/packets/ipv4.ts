// The IPv4 header (RFC 791) as this network uses it: 20 bytes, no options sent, TOS 0. A
// packet that fits the MTU goes whole with Don't Fragment set (as Linux's path MTU discovery
// sends TCP); a larger one (a UDP datagram of up to 64 KiB) goes in fragments, each naming its
// offset and whether more follow, which the receiver reassembles (inet's reassembly). On
// receive, options are skipped (the checksum covers them). Addresses are unsigned 32-bit
// numbers (0x0a000001 is 10.0.0.1).

import { internetChecksum } from './checksum';
import type { DecodeError } from './decode-error';
import { checkField, get16, get32, put16, put32 } from './wire';

export { IPPROTO_TCP, IPPROTO_UDP } from '../socket';

export interface Ipv4Header {
  src: number;
  dst: number;
  protocol: number;
  ttl: number;
  id: number;
  /** A piece of a larger packet: where its bytes go (a multiple of 8) and whether more follow. */
  fragment?: IpFragment;
}

export interface IpFragment {
  offset: number;
  more: boolean;
}

/** The header without options, the only one sent. */
export const IPV4_HEADER_BYTES = 20;
/** Linux's default TTL (net.ipv4.ip_default_ttl). */
export const DEFAULT_TTL = 64;
const FLAG_DF = 0x4000;
const FLAG_MF = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;

/** "10.0.0.1". */
export function formatIp(n: number): string {
  return `${(n >>> 24) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/**
 * A dotted quad as inet_pton reads one: four decimal numbers 0 to 255, no leading zeros (an
 * old inet_aton would read "010" as octal 8; inet_pton refuses it, and so does this), or
 * undefined.
 */
export function parseIp(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    n = n * 256 + byte;
  }
  return n;
}

/**
 * Writes `h` at bytes[at, at + 20) for a packet carrying `payloadBytes` after it, checksum
 * included. Throws a RangeError on a field that does not fit.
 */
export function writeIpv4Header(bytes: Uint8Array, at: number, h: Ipv4Header, payloadBytes: number): void {
  checkField('source address', h.src, 0xffff_ffff);
  checkField('destination address', h.dst, 0xffff_ffff);
  checkField('IP protocol', h.protocol, 0xff);
  checkField('TTL', h.ttl, 0xff);
  checkField('IP id', h.id, 0xffff);
  checkField('IPv4 total length', IPV4_HEADER_BYTES + payloadBytes, 0xffff);
  bytes[at] = 0x45; // version 4, IHL 5 words
  bytes[at + 1] = 0; // TOS
  put16(bytes, at + 2, IPV4_HEADER_BYTES + payloadBytes);
  put16(bytes, at + 4, h.id);
  const piece = h.fragment;
  if (piece) checkField('fragment offset', piece.offset / 8, FRAGMENT_OFFSET_MASK);
  put16(bytes, at + 6, piece ? (piece.more ? FLAG_MF : 0) | (piece.offset / 8) : FLAG_DF);
  bytes[at + 8] = h.ttl;
  bytes[at + 9] = h.protocol;
  put16(bytes, at + 10, 0);
  put32(bytes, at + 12, h.src);
  put32(bytes, at + 16, h.dst);
  put16(bytes, at + 10, internetChecksum(bytes, at, at + IPV4_HEADER_BYTES));
}

/** A decoded IPv4 header and where its payload lies in the bytes it came from. */
export interface Ipv4Packet {
  header: Ipv4Header;
  payloadStart: number;
  payloadEnd: number;
}

/**
 * The IPv4 packet starting at bytes[at], which may be followed by padding up to bytes.length
 * (its total length says where it ends). Never throws.
 */
export function readIpv4Packet(bytes: Uint8Array, at: number): Ipv4Packet | DecodeError {
  const available = bytes.length - at;
  if (available < IPV4_HEADER_BYTES) return { error: 'short IPv4 header' };
  const versionIhl = bytes[at] as number;
  if (versionIhl >>> 4 !== 4) return { error: 'bad IPv4 version' };
  const headerBytes = (versionIhl & 0xf) * 4;
  if (headerBytes < IPV4_HEADER_BYTES || headerBytes > available) return { error: 'bad IPv4 header length' };
  const totalLength = get16(bytes, at + 2);
  if (totalLength < headerBytes || totalLength > available) return { error: 'bad IPv4 total length' };
  if (internetChecksum(bytes, at, at + headerBytes) !== 0) return { error: 'bad IPv4 header checksum' };
  const flagsOffset = get16(bytes, at + 6);
  const header: Ipv4Header = {
    src: get32(bytes, at + 12),
    dst: get32(bytes, at + 16),
    protocol: bytes[at + 9] as number,
    ttl: bytes[at + 8] as number,
    id: get16(bytes, at + 4),
  };
  if (flagsOffset & (FLAG_MF | FRAGMENT_OFFSET_MASK)) {
    // a piece: not with DF, all but the last a multiple of 8 bytes, none past 64 KiB
    const more = (flagsOffset & FLAG_MF) !== 0;
    const offset = (flagsOffset & FRAGMENT_OFFSET_MASK) * 8;
    const bytesCarried = totalLength - headerBytes;
    if (flagsOffset & FLAG_DF || (more && bytesCarried % 8 !== 0) || offset + bytesCarried > 0xffff)
      return { error: 'bad IPv4 fragment' };
    header.fragment = { offset, more };
  }
  return {
    header,
    payloadStart: at + headerBytes,
    payloadEnd: at + totalLength,
  };
}
