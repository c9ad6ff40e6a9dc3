// A whole Ethernet frame carrying one IPv4 packet, as the virtual NICs send it through the
// switch: encodeFrame fills in every length and checksum and pads a short frame to Ethernet's
// 60 bytes; decodeFrame takes any bytes at all (a frame is input from another kernel) and
// gives back the packet or the one reason it was refused, never an exception.

import { DECODE_ERRORS, type DecodeError } from './decode-error';
import {
  ETH_HEADER_BYTES,
  ETH_MIN_FRAME_BYTES,
  ETHERTYPE_IPV4,
  type EthernetHeader,
  MTU,
  readEthernetHeader,
  writeEthernetHeader,
} from './ethernet';
import { IPPROTO_TCP, IPPROTO_UDP, IPV4_HEADER_BYTES, type Ipv4Header, readIpv4Packet, writeIpv4Header } from './ipv4';
import { readTcpSegment, type TcpSegment, tcpSegmentBytes, writeTcpSegment } from './tcp-segment';
import { readUdpDatagram, type UdpDatagram, udpDatagramBytes, writeUdpDatagram } from './udp-datagram';

export { DECODE_ERRORS, type DecodeError };

/**
 * What an IPv4 packet carries: a TCP segment, a UDP datagram, another protocol's bytes, or a
 * piece of a larger packet of `protocol` (ip.fragment says which piece), reassembled above.
 */
export type L4 =
  | { kind: 'tcp'; segment: TcpSegment }
  | { kind: 'udp'; datagram: UdpDatagram }
  | { kind: 'other'; protocol: number; payload: Uint8Array }
  | { kind: 'fragment'; protocol: number; payload: Uint8Array };

export interface Packet {
  eth: EthernetHeader;
  ip: Ipv4Header;
  l4: L4;
}

/** The IP bytes (IPv4 header and all it carries) of `p`'s packet. */
export function ipPacketBytes(p: Packet): number {
  const { l4 } = p;
  const l4Bytes =
    l4.kind === 'tcp'
      ? tcpSegmentBytes(l4.segment)
      : l4.kind === 'udp'
        ? udpDatagramBytes(l4.datagram)
        : l4.payload.length;
  return IPV4_HEADER_BYTES + l4Bytes;
}

/**
 * The frame's bytes. The EtherType written is IPv4's and the IP protocol that of what `l4`
 * carries (TCP, UDP, or the protocol of 'other'), whatever eth.etherType and ip.protocol say,
 * so that a frame cannot say one thing and carry another. Throws a RangeError when a field does not
 * fit or the IP packet exceeds the MTU: both are bugs of the sender, not network events.
 */
export function encodeFrame(p: Packet): Uint8Array {
  const ipBytes = ipPacketBytes(p);
  if (ipBytes > MTU) throw new RangeError(`IP packet of ${ipBytes} bytes exceeds the MTU (${MTU})`);
  const frame = new Uint8Array(Math.max(ETH_MIN_FRAME_BYTES, ETH_HEADER_BYTES + ipBytes));
  writeEthernetHeader(frame, 0, { ...p.eth, etherType: ETHERTYPE_IPV4 });
  const { l4 } = p;
  const protocol = l4.kind === 'tcp' ? IPPROTO_TCP : l4.kind === 'udp' ? IPPROTO_UDP : l4.protocol;
  if ((l4.kind === 'fragment') !== (p.ip.fragment !== undefined))
    throw new RangeError('a fragment is a packet with ip.fragment, and only it');
  const ip = { ...p.ip, protocol };
  writeIpv4Header(frame, ETH_HEADER_BYTES, ip, ipBytes - IPV4_HEADER_BYTES);
  const at = ETH_HEADER_BYTES + IPV4_HEADER_BYTES;
  if (l4.kind === 'tcp') writeTcpSegment(frame, at, l4.segment, ip.src, ip.dst);
  else if (l4.kind === 'udp') writeUdpDatagram(frame, at, l4.datagram, ip.src, ip.dst);
  else frame.set(l4.payload, at);
  return frame;
}

/**
 * The packet in `bytes`, or why it is refused: too short, not IPv4, a bad IPv4 header (version,
 * header length, total length, checksum, a fragment's flags and offset), more than the MTU, a bad TCP header
 * (data offset, options) or UDP length, a bad TCP or UDP checksum. Bytes after the IP total
 * length are Ethernet padding and ignored. Payloads are copies. Never throws.
 */
export function decodeFrame(bytes: Uint8Array): Packet | DecodeError {
  if (bytes.length < ETH_HEADER_BYTES) return { error: 'short frame' };
  const eth = readEthernetHeader(bytes, 0);
  if (eth.etherType !== ETHERTYPE_IPV4) return { error: 'not IPv4' };
  const packet = readIpv4Packet(bytes, ETH_HEADER_BYTES);
  if ('error' in packet) return packet;
  const { header: ip, payloadStart, payloadEnd } = packet;
  if (payloadEnd - ETH_HEADER_BYTES > MTU) return { error: 'packet exceeds MTU' };
  if (ip.fragment)
    return { eth, ip, l4: { kind: 'fragment', protocol: ip.protocol, payload: bytes.slice(payloadStart, payloadEnd) } };
  if (ip.protocol === IPPROTO_TCP) {
    const segment = readTcpSegment(bytes, payloadStart, payloadEnd, ip.src, ip.dst);
    return 'error' in segment ? segment : { eth, ip, l4: { kind: 'tcp', segment } };
  }
  if (ip.protocol === IPPROTO_UDP) {
    const datagram = readUdpDatagram(bytes, payloadStart, payloadEnd, ip.src, ip.dst);
    return 'error' in datagram ? datagram : { eth, ip, l4: { kind: 'udp', datagram } };
  }
  return { eth, ip, l4: { kind: 'other', protocol: ip.protocol, payload: bytes.slice(payloadStart, payloadEnd) } };
}
