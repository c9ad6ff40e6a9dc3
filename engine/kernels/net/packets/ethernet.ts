// The Ethernet II header (IEEE 802.3 frame with an EtherType): destination MAC, source MAC,
// EtherType, 14 bytes, with no preamble and no frame check sequence (a capture holds neither,
// and the virtual switch loses nothing a CRC would catch). A MAC is a 48-bit integer in a JS
// number, exact since numbers hold integers up to 2^53.

import { checkField, get16, get32, put16, put32 } from './wire';

export interface EthernetHeader {
  dst: number;
  src: number;
  etherType: number;
}

export const ETHERTYPE_IPV4 = 0x0800;
export const ETH_HEADER_BYTES = 14;
/** The IP bytes one frame carries at most (Ethernet's MTU); frames are never fragmented. */
export const MTU = 1500;
/** The shortest frame Ethernet sends, without its 4-byte FCS: shorter ones are padded. */
export const ETH_MIN_FRAME_BYTES = 60;
export const BROADCAST_MAC = 0xffff_ffff_ffff;
const MAC_MAX = BROADCAST_MAC;

/** "02:00:00:00:00:01": six bytes in lowercase hex, as Linux's ip link shows them. */
export function formatMac(mac: number): string {
  const hi = Math.floor(mac / 2 ** 32);
  const parts: string[] = [];
  for (const byte of [hi >>> 8, hi, mac >>> 24, mac >>> 16, mac >>> 8, mac])
    parts.push((byte & 0xff).toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** The MAC written as formatMac writes it (either case), or undefined. */
export function parseMac(s: string): number | undefined {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(s)) return undefined;
  return Number.parseInt(s.replaceAll(':', ''), 16);
}

/** Writes `h` at bytes[at, at + 14). Throws a RangeError on a field that does not fit. */
export function writeEthernetHeader(bytes: Uint8Array, at: number, h: EthernetHeader): void {
  checkField('destination MAC', h.dst, MAC_MAX);
  checkField('source MAC', h.src, MAC_MAX);
  checkField('EtherType', h.etherType, 0xffff);
  putMac(bytes, at, h.dst);
  putMac(bytes, at + 6, h.src);
  put16(bytes, at + 12, h.etherType);
}

/** The header at bytes[at, at + 14); the caller has checked that those bytes exist. */
export function readEthernetHeader(bytes: Uint8Array, at: number): EthernetHeader {
  return { dst: getMac(bytes, at), src: getMac(bytes, at + 6), etherType: get16(bytes, at + 12) };
}

function putMac(bytes: Uint8Array, at: number, mac: number): void {
  put16(bytes, at, Math.floor(mac / 2 ** 32));
  put32(bytes, at + 2, mac >>> 0);
}

function getMac(bytes: Uint8Array, at: number): number {
  return get16(bytes, at) * 2 ** 32 + get32(bytes, at + 2);
}
