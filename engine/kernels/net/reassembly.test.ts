// IPv4 reassembly: pieces in any order make the payload whole once every byte is in; a packet
// whose pieces stop coming is given up after the timeout; too many under way crowd out the
// oldest. And the ICMP refusal a datagram to nobody earns, read back by its sender.
import { describe, expect, it } from 'vitest';
import { portUnreachable, PORT_UNREACHABLE, readUnreachable } from './icmp';
import { writeIpv4Header } from './packets/ipv4';
import { MAX_PENDING, Reassembly, REASSEMBLY_TIMEOUT_NS } from './reassembly';

const piece = (id: number, offset: number, bytes: number[], more: boolean) => ({
  src: 1,
  dst: 2,
  protocol: 17,
  id,
  offset,
  more,
  payload: Uint8Array.from(bytes),
});

describe('reassembly', () => {
  it('makes a packet whole from pieces in any order, and only then', () => {
    const r = new Reassembly();
    expect(r.add(piece(7, 16, [5, 6], false), 0)).toBeUndefined();
    expect(r.add(piece(7, 0, [0, 0, 0, 0, 0, 0, 0, 1], true), 0)).toBeUndefined();
    expect([...(r.add(piece(7, 8, [2, 2, 2, 2, 2, 2, 2, 3], true), 0) ?? [])]).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 3, 5, 6,
    ]);
    expect(r.nextTimeout()).toBeUndefined();
  });

  it('gives up a packet whose pieces stop coming, and the oldest when too many are under way', () => {
    const r = new Reassembly();
    r.add(piece(1, 0, [1, 1, 1, 1, 1, 1, 1, 1], true), 100);
    expect(r.nextTimeout()).toBe(100 + REASSEMBLY_TIMEOUT_NS);
    r.expire(100 + REASSEMBLY_TIMEOUT_NS);
    expect(r.failed).toBe(1);
    for (let id = 0; id <= MAX_PENDING; id++) r.add(piece(id, 8, [9], false), 200);
    expect(r.failed).toBe(2);
    expect(r.add(piece(0, 0, [1, 1, 1, 1, 1, 1, 1, 1], true), 300)).toBeUndefined(); // id 0 was crowded out
  });
});

describe('ICMP port unreachable', () => {
  it('quotes the datagram’s header and ports, which its sender reads back', () => {
    const datagram = new Uint8Array(20 + 8 + 4);
    writeIpv4Header(datagram, 0, { src: 0x0a000002, dst: 0x0a000001, protocol: 17, ttl: 64, id: 3 }, 12);
    datagram.set([0x9c, 0x40, 0x1b, 0x59], 20); // ports 40000 -> 7001
    const message = portUnreachable(datagram);
    expect(message.length).toBe(8 + 28);
    expect(readUnreachable(message)).toEqual({
      code: PORT_UNREACHABLE,
      protocol: 17,
      src: 0x0a000002,
      dst: 0x0a000001,
      srcPort: 40000,
      dstPort: 7001,
    });
    const bad = message.slice();
    bad[30] = (bad[30] ?? 0) ^ 1;
    expect(readUnreachable(bad)).toBeUndefined(); // its checksum no longer holds
    expect(readUnreachable(new Uint8Array(5))).toBeUndefined();
  });
});
