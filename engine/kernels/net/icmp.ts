// The one ICMP message this network needs (RFC 792): destination unreachable, port
// unreachable, which a host sends back for a UDP datagram to a port nobody has, quoting the
// datagram's IP header and first 8 bytes. The sender's stack finds the socket the quote names
// and, if it is connected there, fails its next call with ECONNREFUSED (Linux's
// __udp4_lib_err), as the loopback's refusal does inside one kernel.

import { internetChecksum } from './packets/checksum';
import { IPV4_HEADER_BYTES } from './packets/ipv4';
import { get16, get32, put16 } from './packets/wire';

export const IPPROTO_ICMP = 1;
const DEST_UNREACHABLE = 3;
export const PORT_UNREACHABLE = 3;
/** The quoted datagram: its IP header, then 8 bytes (UDP's header: the ports). */
const QUOTED_L4_BYTES = 8;

/** The ICMP message answering the IP packet `quoted` (its bytes from the IP header on). */
export function portUnreachable(quoted: Uint8Array): Uint8Array {
  const headerBytes = ((quoted[0] as number) & 0xf) * 4;
  const quote = quoted.subarray(0, Math.min(quoted.length, headerBytes + QUOTED_L4_BYTES));
  const message = new Uint8Array(8 + quote.length);
  message[0] = DEST_UNREACHABLE;
  message[1] = PORT_UNREACHABLE;
  message.set(quote, 8);
  put16(message, 2, internetChecksum(message));
  return message;
}

/** What an unreachable message says: the code, and the addresses and ports of the datagram it quotes. */
export interface Unreachable {
  code: number;
  protocol: number;
  src: number;
  dst: number;
  srcPort: number;
  dstPort: number;
}

/** Reads a destination-unreachable message; undefined for any other ICMP, or a malformed one. */
export function readUnreachable(message: Uint8Array): Unreachable | undefined {
  if (message.length < 8 + IPV4_HEADER_BYTES + 4 || message[0] !== DEST_UNREACHABLE) return undefined;
  if (internetChecksum(message) !== 0) return undefined;
  const ip = 8;
  const headerBytes = ((message[ip] as number) & 0xf) * 4;
  if (headerBytes < IPV4_HEADER_BYTES || message.length < ip + headerBytes + 4) return undefined;
  return {
    code: message[1] as number,
    protocol: message[ip + 9] as number,
    src: get32(message, ip + 12),
    dst: get32(message, ip + 16),
    srcPort: get16(message, ip + headerBytes),
    dstPort: get16(message, ip + headerBytes + 2),
  };
}
