// Packet descriptions in tcpdump's words (the rules of its print-tcp.c: which segments show a
// sequence number, its flag letters and their order; its NOPs between options are not kept
// by the decoder, so not shown) and flow keys that are the same both ways.

import { describe, expect, it } from 'vitest';
import { describePacket, flowOf, tcpFlagsString } from './describe';
import type { Packet } from './frame';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment, TCP_URG } from './tcp-segment';
import { CLIENT_IP, KNOWN_FRAMES, SERVER_IP } from './testing/known-frames';

const [SYN, PUSH, UDP] = KNOWN_FRAMES.map((k) => k.packet) as [Packet, Packet, Packet];

function tcp(from: number, to: number, fields: Partial<TcpSegment>): Packet {
  const segment = {
    srcPort: 1,
    dstPort: 2,
    seq: 0,
    ack: 0,
    flags: TCP_ACK,
    window: 0,
    payload: new Uint8Array(0),
    ...fields,
  };
  return { ...SYN, ip: { ...SYN.ip, src: from, dst: to }, l4: { kind: 'tcp', segment } };
}

describe('describePacket', () => {
  it('a SYN with options', () => {
    expect(describePacket(SYN)).toBe(
      '10.0.0.2.34567 > 10.0.0.1.80: Flags [S], seq 1000, win 65535, options [mss 1460,wscale 7], length 0',
    );
  });

  it('data with PSH and ACK: the sequence range it covers', () => {
    expect(describePacket(PUSH)).toBe(
      '10.0.0.2.34567 > 10.0.0.1.80: Flags [P.], seq 1001:1019, ack 5001, win 512, length 18',
    );
  });

  it('a pure ACK: no sequence number', () => {
    expect(
      describePacket(tcp(SERVER_IP, CLIENT_IP, { srcPort: 80, dstPort: 34567, seq: 7, ack: 1019, window: 509 })),
    ).toBe('10.0.0.1.80 > 10.0.0.2.34567: Flags [.], ack 1019, win 509, length 0');
  });

  it('FIN/ACK, RST, and a range that wraps round 2^32', () => {
    expect(describePacket(tcp(CLIENT_IP, SERVER_IP, { flags: TCP_FIN | TCP_ACK, seq: 5, ack: 9 }))).toBe(
      '10.0.0.2.1 > 10.0.0.1.2: Flags [F.], seq 5, ack 9, win 0, length 0',
    );
    expect(describePacket(tcp(CLIENT_IP, SERVER_IP, { flags: TCP_RST, seq: 5 }))).toBe(
      '10.0.0.2.1 > 10.0.0.1.2: Flags [R], seq 5, win 0, length 0',
    );
    expect(describePacket(tcp(CLIENT_IP, SERVER_IP, { seq: 0xfffffffe, payload: new Uint8Array(4) }))).toContain(
      'seq 4294967294:2, ack 0',
    );
  });

  it('a UDP datagram, and another protocol', () => {
    expect(describePacket(UDP)).toBe('10.0.0.2.5000 > 10.0.0.1.7: UDP, length 12');
    expect(describePacket({ ...UDP, l4: { kind: 'other', protocol: 1, payload: new Uint8Array(8) } })).toBe(
      '10.0.0.2 > 10.0.0.1: ip-proto-1 8',
    );
  });
});

describe('tcpFlagsString', () => {
  it('writes tcpdump’s letters in its order', () => {
    expect(tcpFlagsString(0)).toBe('none');
    expect(tcpFlagsString(TCP_SYN | TCP_ACK)).toBe('S.');
    expect(tcpFlagsString(TCP_FIN | TCP_PSH | TCP_ACK)).toBe('FP.');
    expect(tcpFlagsString(TCP_RST | TCP_ACK)).toBe('R.');
    expect(tcpFlagsString(0xff & ~(TCP_URG | TCP_ECE | TCP_CWR))).toBe('FSRP.');
    expect(tcpFlagsString(0xff)).toBe('FSRP.UEW');
  });
});

describe('flowOf', () => {
  it('is the same both ways, the lower endpoint first', () => {
    const there = tcp(CLIENT_IP, SERVER_IP, { srcPort: 34567, dstPort: 80 });
    const back = tcp(SERVER_IP, CLIENT_IP, { srcPort: 80, dstPort: 34567 });
    expect(flowOf(there)).toBe('tcp 10.0.0.1:80 10.0.0.2:34567');
    expect(flowOf(back)).toBe(flowOf(there));
    expect(flowOf(SYN)).toBe(flowOf(there));
  });

  it('orders addresses as numbers, then ports on the same address', () => {
    const a = tcp(0x0a000009, 0x0a00000a, { srcPort: 9, dstPort: 1 });
    expect(flowOf(a)).toBe('tcp 10.0.0.9:9 10.0.0.10:1');
    const local = tcp(CLIENT_IP, CLIENT_IP, { srcPort: 900, dstPort: 80 });
    expect(flowOf(local)).toBe('tcp 10.0.0.2:80 10.0.0.2:900');
  });

  it('tells TCP from UDP on the same ports, and keys other protocols by addresses', () => {
    expect(flowOf(UDP)).toBe('udp 10.0.0.1:7 10.0.0.2:5000');
    const icmp: Packet = { ...UDP, l4: { kind: 'other', protocol: 1, payload: new Uint8Array(0) } };
    expect(flowOf(icmp)).toBe('ip-proto-1 10.0.0.1 10.0.0.2');
  });
});
