import { describe, expect, it } from 'vitest';
import type { ViewFrame } from '../../engine/machine/browser/kernel-view';
import { encodeFrame, type Packet } from '../../engine/kernels/net/packets/frame';
import { TCP_ACK, TCP_FIN, TCP_SYN } from '../../engine/kernels/net/packets/tcp-segment';
import { kernelIp, macOf } from '../../engine/kernels/net/lan';
import { NET_IF } from '../../engine/protocols/interfaces/net';
import { filterPackets, frameLine, flowsOf, PacketLog, packetRow, segmentRole, shownPackets } from './packet-log';

/** A TCP segment from kernel `from` port `sport` to kernel `to` port `dport`, as a NET_FRAME body. */
function tcp(from: number, sport: number, to: number, dport: number, flags: number, seq: number, data = 0): Uint8Array {
  const p: Packet = {
    eth: { dst: macOf(to), src: macOf(from), etherType: 0x0800 },
    ip: { src: kernelIp(from), dst: kernelIp(to), protocol: 6, ttl: 64, id: 1 },
    l4: {
      kind: 'tcp',
      segment: { srcPort: sport, dstPort: dport, seq, ack: 0, flags, window: 65535, payload: new Uint8Array(data) },
    },
  };
  return NET_IF.NET_FRAME.encode({ frame: encodeFrame(p) });
}

function frame(
  from: number,
  to: number,
  seq: number,
  ordinal: number,
  body: Uint8Array,
  sentAt = ordinal * 1000,
): ViewFrame {
  return { from, to, seq, ordinal, sentAt, deliverAt: sentAt + 100_000, body };
}

const SYN = tcp(1, 40000, 0, 7000, TCP_SYN, 100);
const SYNACK = tcp(0, 7000, 1, 40000, TCP_SYN | TCP_ACK, 500);
const ACK = tcp(1, 40000, 0, 7000, TCP_ACK, 101);
const OTHER = tcp(1, 40001, 0, 80, TCP_SYN, 9);

describe('the packet list', () => {
  it('tells a NET_FRAME body in tcpdump words, with its flow and its flags', () => {
    const row = packetRow(frame(1, 0, 7, 0, SYN));
    expect(row.key).toBe('1:0:7');
    expect(row.line).toBe('10.0.0.2.40000 > 10.0.0.1.7000: Flags [S], seq 100, win 65535, length 0');
    expect(row.flow).toBe('tcp 10.0.0.1:7000 10.0.0.2:40000');
    expect(row.flags).toBe('S');
    expect(row.bytes).toBe(60); // padded to Ethernet's least
    expect(packetRow(frame(0, 1, 3, 0, SYNACK)).flow).toBe(row.flow); // the same both ways
    expect(frameLine(SYN)).toBe(row.line);
  });

  it('says why a body cannot be read, and never throws', () => {
    expect(packetRow(frame(1, 0, 1, 0, new Uint8Array(0))).line).toMatch(/^unreadable message/);
    const garbage = NET_IF.NET_FRAME.encode({ frame: new Uint8Array(20) });
    const row = packetRow(frame(1, 0, 1, 0, garbage));
    expect(row.line).toBe('undecodable frame (not IPv4)');
    expect(row.flow).toBeUndefined();
  });

  it('names the handshake and teardown segments', () => {
    expect(['S', 'S.', '.', 'F.', 'R', 'P.'].map(segmentRole)).toEqual(['SYN', 'SYN-ACK', '', 'FIN', 'RST', '']);
  });

  it('keeps the frames in send order across kernels, once each, and asks each board from where it left off', () => {
    const log = new PacketLog();
    expect(log.add(1, [frame(1, 0, 1, 0, SYN, 1000)])).toBe(true);
    expect(log.since(1)).toBe(1);
    expect(log.add(0, [frame(0, 1, 1, 0, SYNACK, 2000)])).toBe(true);
    // the same frame read again: nothing changes
    expect(log.add(1, [frame(1, 0, 1, 0, SYN, 1000)])).toBe(false);
    log.add(1, [frame(1, 0, 2, 1, ACK, 3000)]);
    expect(log.list().map((r) => segmentRole(r.flags) || r.flags)).toEqual(['SYN', 'SYN-ACK', '.']);
    const before = log.list();
    expect(log.list()).toBe(before); // unchanged: the same list
    log.add(0, [frame(0, 1, 2, 1, ACK, 4000)]);
    expect(log.list()).not.toBe(before); // changed: a new one
    expect(log.missed).toBe(0);
  });

  it('counts the frames a board no longer held between two readings, but not those before the first', () => {
    const log = new PacketLog();
    log.add(1, [frame(1, 0, 50, 40, SYN), frame(1, 0, 51, 41, ACK)]);
    expect(log.missed).toBe(0);
    log.add(1, [frame(1, 0, 60, 50, ACK)]);
    expect(log.missed).toBe(8);
  });

  it('keeps the latest `capacity` and forgets on clear', () => {
    const log = new PacketLog(3);
    log.add(
      1,
      [0, 1, 2, 3, 4].map((i) => frame(1, 0, i, i, ACK)),
    );
    expect(log.list().map((r) => r.seq)).toEqual([2, 3, 4]);
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(1, [frame(1, 0, 4, 4, ACK)]); // read before the clear: not again
    expect(log.list()).toEqual([]);
  });

  it('filters by connection and lists the connections, the latest active first', () => {
    const log = new PacketLog();
    log.add(1, [frame(1, 0, 1, 0, SYN, 1), frame(1, 0, 2, 1, OTHER, 2), frame(1, 0, 3, 2, ACK, 3)]);
    log.add(0, [frame(0, 1, 1, 0, SYNACK, 4), frame(0, 1, 2, 1, tcp(0, 7000, 1, 40000, TCP_FIN | TCP_ACK, 501), 5)]);
    const flow = 'tcp 10.0.0.1:7000 10.0.0.2:40000';
    expect(filterPackets(log.list(), flow).map((r) => r.key)).toEqual(['1:0:1', '1:0:3', '0:1:1', '0:1:2']);
    expect(filterPackets(log.list(), undefined)).toHaveLength(5);
    expect(flowsOf(log.list())).toEqual([
      { flow, packets: 4, lastAt: 5 },
      { flow: 'tcp 10.0.0.1:80 10.0.0.2:40001', packets: 1, lastAt: 2 },
    ]);
  });

  it('shows the latest packets, and of one connection its first ones too (the handshake)', () => {
    const log = new PacketLog();
    log.add(1, [
      frame(1, 0, 0, 0, SYN, 0),
      ...Array.from({ length: 30 }, (_, i) => frame(1, 0, i + 1, i + 1, ACK, i + 1)),
    ]);
    const all = shownPackets(log.list(), undefined, 2, 5);
    expect(all.head).toEqual([]);
    expect(all.tail.map((r) => r.seq)).toEqual([24, 25, 26, 27, 28, 29, 30]);
    expect(all.hidden).toBe(24);
    const one = shownPackets(log.list(), 'tcp 10.0.0.1:7000 10.0.0.2:40000', 2, 5);
    expect(one.head.map((r) => r.flags)).toEqual(['S', '.']);
    expect(one.hidden).toBe(24);
    expect(one.tail.map((r) => r.seq)).toEqual([26, 27, 28, 29, 30]);
    const few = shownPackets(log.list().slice(0, 4), 'tcp 10.0.0.1:7000 10.0.0.2:40000', 2, 5);
    expect([few.head.length, few.hidden, few.tail.length]).toEqual([2, 0, 2]);
  });
});
