// The UDP datagram (RFC 768): ports, length, checksum over the IPv4 pseudo-header, payload.
// The checksum is always sent (a computed 0 goes out as 0xffff, its other ones' complement
// form, since 0 on the wire means "none"); a received 0 is accepted as none, as Linux does.

import { internetChecksum, pseudoHeaderSum } from './checksum';
import type { DecodeError } from './decode-error';
import { IPPROTO_UDP } from './ipv4';
import { checkField, get16, put16 } from './wire';

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

export const UDP_HEADER_BYTES = 8;

/** The bytes the datagram takes: header and payload. */
export function udpDatagramBytes(d: UdpDatagram): number {
  return UDP_HEADER_BYTES + d.payload.length;
}

/**
 * Writes `d` at bytes[at, at + udpDatagramBytes(d)), its checksum computed for a packet from
 * `src` to `dst`. Throws a RangeError on a field that does not fit.
 */
export function writeUdpDatagram(bytes: Uint8Array, at: number, d: UdpDatagram, src: number, dst: number): void {
  checkField('UDP source port', d.srcPort, 0xffff);
  checkField('UDP destination port', d.dstPort, 0xffff);
  const length = udpDatagramBytes(d);
  checkField('UDP length', length, 0xffff);
  put16(bytes, at, d.srcPort);
  put16(bytes, at + 2, d.dstPort);
  put16(bytes, at + 4, length);
  put16(bytes, at + 6, 0);
  bytes.set(d.payload, at + UDP_HEADER_BYTES);
  const sum = internetChecksum(bytes, at, at + length, pseudoHeaderSum(src, dst, IPPROTO_UDP, length));
  put16(bytes, at + 6, sum === 0 ? 0xffff : sum);
}

/**
 * The datagram in bytes[start, end) of a packet from `src` to `dst`. Its length field may be
 * shorter than the IP payload (the rest is ignored, as Linux trims it) but not longer. The
 * payload is a copy. Never throws.
 */
export function readUdpDatagram(
  bytes: Uint8Array,
  start: number,
  end: number,
  src: number,
  dst: number,
): UdpDatagram | DecodeError {
  if (end - start < UDP_HEADER_BYTES) return { error: 'short UDP header' };
  const length = get16(bytes, start + 4);
  if (length < UDP_HEADER_BYTES || length > end - start) return { error: 'bad UDP length' };
  if (
    get16(bytes, start + 6) !== 0 &&
    internetChecksum(bytes, start, start + length, pseudoHeaderSum(src, dst, IPPROTO_UDP, length)) !== 0
  )
    return { error: 'bad UDP checksum' };
  return {
    srcPort: get16(bytes, start),
    dstPort: get16(bytes, start + 2),
    payload: bytes.slice(start + UDP_HEADER_BYTES, start + length),
  };
}
