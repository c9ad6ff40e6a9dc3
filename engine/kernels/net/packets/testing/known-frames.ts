// Frames written out byte by byte from the layouts of RFC 894 (Ethernet), RFC 791 (IPv4),
// RFC 793 (TCP) and RFC 768 (UDP), checksums worked out apart from the code under test (and
// confirmed by tshark's checksum validation in engine/machine/pcap.test.ts), each beside the
// packet it is: known answers for the encoder and the decoder.

import type { Packet } from '../frame';

/** Bytes from hex written with spaces and line breaks anywhere. */
export function hex(s: string): Uint8Array {
  const digits = s.replace(/\s+/g, '');
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export const CLIENT_MAC = 0x02_00_00_00_00_02;
export const SERVER_MAC = 0x02_00_00_00_00_01;
export const CLIENT_IP = 0x0a_00_00_02; // 10.0.0.2
export const SERVER_IP = 0x0a_00_00_01; // 10.0.0.1

export interface KnownFrame {
  name: string;
  packet: Packet;
  bytes: Uint8Array;
}

const toServer = { dst: SERVER_MAC, src: CLIENT_MAC, etherType: 0x0800 };

export const KNOWN_FRAMES: readonly KnownFrame[] = [
  {
    name: 'TCP SYN with MSS and window scale',
    packet: {
      eth: toServer,
      ip: { src: CLIENT_IP, dst: SERVER_IP, protocol: 6, ttl: 64, id: 1 },
      l4: {
        kind: 'tcp',
        segment: {
          srcPort: 34567,
          dstPort: 80,
          seq: 1000,
          ack: 0,
          flags: 2,
          window: 65535,
          mss: 1460,
          windowScale: 7,
          payload: new Uint8Array(0),
        },
      },
    },
    bytes: hex(`
      02 00 00 00 00 01  02 00 00 00 00 02  08 00
      45 00 00 30  00 01 40 00  40 06 26 c5  0a 00 00 02  0a 00 00 01
      87 07 00 50  00 00 03 e8  00 00 00 00  70 02 ff ff  e4 d6 00 00
      02 04 05 b4  01 03 03 07`),
  },
  {
    name: 'TCP PSH/ACK carrying an HTTP request',
    packet: {
      eth: toServer,
      ip: { src: CLIENT_IP, dst: SERVER_IP, protocol: 6, ttl: 64, id: 3 },
      l4: {
        kind: 'tcp',
        segment: {
          srcPort: 34567,
          dstPort: 80,
          seq: 1001,
          ack: 5001,
          flags: 0x18,
          window: 512,
          payload: new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n'),
        },
      },
    },
    bytes: hex(`
      02 00 00 00 00 01  02 00 00 00 00 02  08 00
      45 00 00 3a  00 03 40 00  40 06 26 b9  0a 00 00 02  0a 00 00 01
      87 07 00 50  00 00 03 e9  00 00 13 89  50 18 02 00  1c 4f 00 00
      47 45 54 20 2f 20 48 54 54 50 2f 31 2e 30 0d 0a 0d 0a`),
  },
  {
    name: 'UDP datagram, padded to 60 bytes',
    packet: {
      eth: toServer,
      ip: { src: CLIENT_IP, dst: SERVER_IP, protocol: 17, ttl: 64, id: 2 },
      l4: { kind: 'udp', datagram: { srcPort: 5000, dstPort: 7, payload: new TextEncoder().encode('hello world\n') } },
    },
    bytes: hex(`
      02 00 00 00 00 01  02 00 00 00 00 02  08 00
      45 00 00 28  00 02 40 00  40 11 26 c1  0a 00 00 02  0a 00 00 01
      13 88 00 07  00 14 46 5c
      68 65 6c 6c 6f 20 77 6f 72 6c 64 0a
      00 00 00 00 00 00`),
  },
];

/** Flips the bits of `mask` in bytes[at] (a corruption on the wire). */
export function flip(bytes: Uint8Array, at: number, mask: number): void {
  bytes[at] = (bytes[at] as number) ^ mask;
}
