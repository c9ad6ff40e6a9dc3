// One line per packet in tcpdump's words (its print-tcp.c and print-udp.c, without the
// leading "IP" and with absolute sequence numbers), for the network view and for test
// failures; and the key of the flow a packet belongs to, the same both ways, by which the
// view filters one conversation.

import type { Packet } from './frame';
import { formatIp } from './ipv4';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment, TCP_URG } from './tcp-segment';

/** tcpdump's letter for each flag, in its order ("." is ACK). */
const FLAG_LETTERS: readonly [number, string][] = [
  [TCP_FIN, 'F'],
  [TCP_SYN, 'S'],
  [TCP_RST, 'R'],
  [TCP_PSH, 'P'],
  [TCP_ACK, '.'],
  [TCP_URG, 'U'],
  [TCP_ECE, 'E'],
  [TCP_CWR, 'W'],
];

/** "S.", "P.", "F." ...; "none" when no flag is set, as tcpdump writes it. */
export function tcpFlagsString(flags: number): string {
  const letters = FLAG_LETTERS.filter(([bit]) => flags & bit).map(([, letter]) => letter);
  return letters.length === 0 ? 'none' : letters.join('');
}

function describeTcp(seg: TcpSegment): string {
  const length = seg.payload.length;
  const parts = [`Flags [${tcpFlagsString(seg.flags)}]`];
  // tcpdump shows the sequence only when the segment occupies sequence space or resets.
  if (length > 0) parts.push(`seq ${seg.seq}:${(seg.seq + length) >>> 0}`);
  else if (seg.flags & (TCP_SYN | TCP_FIN | TCP_RST)) parts.push(`seq ${seg.seq}`);
  if (seg.flags & TCP_ACK) parts.push(`ack ${seg.ack}`);
  parts.push(`win ${seg.window}`);
  const options: string[] = [];
  if (seg.mss !== undefined) options.push(`mss ${seg.mss}`);
  if (seg.windowScale !== undefined) options.push(`wscale ${seg.windowScale}`);
  if (options.length > 0) parts.push(`options [${options.join(',')}]`);
  parts.push(`length ${length}`);
  return parts.join(', ');
}

/**
 * "10.0.0.2.34567 > 10.0.0.1.80: Flags [S], seq 1000, win 65535, options [mss 1460], length 0",
 * "10.0.0.2.5000 > 10.0.0.1.7: UDP, length 12", "10.0.0.2 > 10.0.0.1: ip-proto-1 8".
 */
export function describePacket(p: Packet): string {
  const src = formatIp(p.ip.src);
  const dst = formatIp(p.ip.dst);
  const { l4 } = p;
  if (l4.kind === 'tcp')
    return `${src}.${l4.segment.srcPort} > ${dst}.${l4.segment.dstPort}: ${describeTcp(l4.segment)}`;
  if (l4.kind === 'udp')
    return `${src}.${l4.datagram.srcPort} > ${dst}.${l4.datagram.dstPort}: UDP, length ${l4.datagram.payload.length}`;
  const piece = p.ip.fragment;
  if (l4.kind === 'fragment' && piece) {
    // tcpdump's "(frag ID:LENGTH@OFFSET+)"
    return `${src} > ${dst}: ip-proto-${l4.protocol} (frag ${p.ip.id}:${l4.payload.length}@${piece.offset}${piece.more ? '+' : ''})`;
  }
  return `${src} > ${dst}: ip-proto-${l4.protocol} ${l4.payload.length}`;
}

/**
 * The flow `p` belongs to, the same string for both directions: "tcp 10.0.0.1:80
 * 10.0.0.2:34567" (the lower address first, then the lower port), "udp ...", or
 * "ip-proto-N 10.0.0.1 10.0.0.2" for other protocols, which have no ports.
 */
export function flowOf(p: Packet): string {
  const { l4 } = p;
  if (l4.kind === 'other' || l4.kind === 'fragment') {
    const [a, b] = p.ip.src <= p.ip.dst ? [p.ip.src, p.ip.dst] : [p.ip.dst, p.ip.src];
    return `ip-proto-${l4.protocol} ${formatIp(a)} ${formatIp(b)}`;
  }
  const ports = l4.kind === 'tcp' ? l4.segment : l4.datagram;
  const here = { ip: p.ip.src, port: ports.srcPort };
  const there = { ip: p.ip.dst, port: ports.dstPort };
  const [a, b] =
    here.ip < there.ip || (here.ip === there.ip && here.port <= there.port) ? [here, there] : [there, here];
  return `${l4.kind} ${formatIp(a.ip)}:${a.port} ${formatIp(b.ip)}:${b.port}`;
}
