// The TCP segment (RFC 793 §3.1; options from RFC 9293 §3.2 and RFC 7323): ports, sequence
// and acknowledgment numbers (unsigned 32-bit), the flags, the window field as it is on the
// wire (unscaled), and the two options this network's TCP speaks, MSS (kind 2) and window
// scale (kind 3), both only meaningful on a SYN. The checksum covers the IPv4 pseudo-header,
// so writing and reading a segment need the packet's addresses.

import { internetChecksum, pseudoHeaderSum } from './checksum';
import type { DecodeError } from './decode-error';
import { IPPROTO_TCP } from './ipv4';
import { checkField, get16, get32, put16, put32 } from './wire';

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  mss?: number;
  windowScale?: number;
  payload: Uint8Array;
}

export const TCP_FIN = 1;
export const TCP_SYN = 2;
export const TCP_RST = 4;
export const TCP_PSH = 8;
export const TCP_ACK = 16;
export const TCP_URG = 32;
/** ECN-Echo and Congestion Window Reduced (RFC 3168): never sent here, kept when received. */
export const TCP_ECE = 64;
export const TCP_CWR = 128;

/** The header without options. */
export const TCP_HEADER_BYTES = 20;

const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WSCALE = 3;
const OPT_MSS_BYTES = 4;
const OPT_WSCALE_BYTES = 3;

/**
 * The options' bytes, a multiple of 4: MSS, then window scale after one NOP (the order and
 * padding Linux sends), so each starts where a receiver that reads words expects it.
 */
function optionBytes(seg: TcpSegment): number {
  return (seg.mss === undefined ? 0 : OPT_MSS_BYTES) + (seg.windowScale === undefined ? 0 : 1 + OPT_WSCALE_BYTES);
}

/** The bytes the segment takes: header, options and payload. */
export function tcpSegmentBytes(seg: TcpSegment): number {
  return TCP_HEADER_BYTES + optionBytes(seg) + seg.payload.length;
}

/**
 * Writes `seg` at bytes[at, at + tcpSegmentBytes(seg)), its checksum computed for a packet
 * from `src` to `dst`. Throws a RangeError on a field that does not fit.
 */
export function writeTcpSegment(bytes: Uint8Array, at: number, seg: TcpSegment, src: number, dst: number): void {
  checkField('TCP source port', seg.srcPort, 0xffff);
  checkField('TCP destination port', seg.dstPort, 0xffff);
  checkField('TCP sequence number', seg.seq, 0xffff_ffff);
  checkField('TCP acknowledgment number', seg.ack, 0xffff_ffff);
  checkField('TCP flags', seg.flags, 0xff);
  checkField('TCP window', seg.window, 0xffff);
  if (seg.mss !== undefined) checkField('TCP MSS', seg.mss, 0xffff);
  if (seg.windowScale !== undefined) checkField('TCP window scale', seg.windowScale, 0xff);
  const headerBytes = TCP_HEADER_BYTES + optionBytes(seg);
  const length = headerBytes + seg.payload.length;
  put16(bytes, at, seg.srcPort);
  put16(bytes, at + 2, seg.dstPort);
  put32(bytes, at + 4, seg.seq);
  put32(bytes, at + 8, seg.ack);
  bytes[at + 12] = (headerBytes / 4) << 4; // data offset; the reserved bits and NS are zero
  bytes[at + 13] = seg.flags;
  put16(bytes, at + 14, seg.window);
  put16(bytes, at + 16, 0); // checksum, computed below
  put16(bytes, at + 18, 0); // urgent pointer: URG is never sent with data that needs one
  let o = at + TCP_HEADER_BYTES;
  if (seg.mss !== undefined) {
    bytes[o] = OPT_MSS;
    bytes[o + 1] = OPT_MSS_BYTES;
    put16(bytes, o + 2, seg.mss);
    o += OPT_MSS_BYTES;
  }
  if (seg.windowScale !== undefined) {
    bytes[o] = OPT_NOP;
    bytes[o + 1] = OPT_WSCALE;
    bytes[o + 2] = OPT_WSCALE_BYTES;
    bytes[o + 3] = seg.windowScale;
    o += 1 + OPT_WSCALE_BYTES;
  }
  bytes.set(seg.payload, o);
  put16(bytes, at + 16, internetChecksum(bytes, at, at + length, pseudoHeaderSum(src, dst, IPPROTO_TCP, length)));
}

/**
 * The segment in bytes[start, end) of a packet from `src` to `dst`. Unknown options are
 * skipped; an option whose length is missing, too short, runs past the header or does not
 * fit its kind is refused. The payload is a copy, so the frame's buffer may be reused.
 * Never throws.
 */
export function readTcpSegment(
  bytes: Uint8Array,
  start: number,
  end: number,
  src: number,
  dst: number,
): TcpSegment | DecodeError {
  const length = end - start;
  if (length < TCP_HEADER_BYTES) return { error: 'short TCP header' };
  const headerBytes = ((bytes[start + 12] as number) >>> 4) * 4;
  if (headerBytes < TCP_HEADER_BYTES || headerBytes > length) return { error: 'bad TCP data offset' };
  if (internetChecksum(bytes, start, end, pseudoHeaderSum(src, dst, IPPROTO_TCP, length)) !== 0)
    return { error: 'bad TCP checksum' };
  const seg: TcpSegment = {
    srcPort: get16(bytes, start),
    dstPort: get16(bytes, start + 2),
    seq: get32(bytes, start + 4),
    ack: get32(bytes, start + 8),
    flags: bytes[start + 13] as number,
    window: get16(bytes, start + 14),
    payload: bytes.slice(start + headerBytes, end),
  };
  const optionsEnd = start + headerBytes;
  for (let o = start + TCP_HEADER_BYTES; o < optionsEnd;) {
    const kind = bytes[o] as number;
    if (kind === OPT_EOL) break;
    if (kind === OPT_NOP) {
      o++;
      continue;
    }
    if (o + 1 >= optionsEnd) return { error: 'bad TCP option' };
    const size = bytes[o + 1] as number;
    if (size < 2 || o + size > optionsEnd) return { error: 'bad TCP option' };
    if (kind === OPT_MSS) {
      if (size !== OPT_MSS_BYTES) return { error: 'bad TCP option' };
      seg.mss = get16(bytes, o + 2);
    } else if (kind === OPT_WSCALE) {
      if (size !== OPT_WSCALE_BYTES) return { error: 'bad TCP option' };
      seg.windowScale = bytes[o + 2]; // inside the header: o + 3 <= optionsEnd
    }
    o += size;
  }
  return seg;
}
