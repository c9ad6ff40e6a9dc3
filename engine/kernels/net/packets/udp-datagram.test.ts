// UDP datagrams: the checksum that computes to zero goes out as 0xffff, a zero checksum
// received means none, and the length field rules what a reader takes.

import { describe, expect, it } from 'vitest';
import { flip } from './testing/known-frames';
import { readUdpDatagram, type UdpDatagram, udpDatagramBytes, writeUdpDatagram } from './udp-datagram';

const SRC = 0x0a000002;
const DST = 0x0a000001;

function encode(d: UdpDatagram): Uint8Array {
  const bytes = new Uint8Array(udpDatagramBytes(d));
  writeUdpDatagram(bytes, 0, d, SRC, DST);
  return bytes;
}

const decode = (bytes: Uint8Array, end = bytes.length) => readUdpDatagram(bytes, 0, end, SRC, DST);

describe('UDP', () => {
  it('round-trips, empty and odd-length payloads included', () => {
    for (const length of [0, 1, 2, 3, 1472]) {
      const d = { srcPort: 5000, dstPort: 7, payload: Uint8Array.from({ length }, (_, i) => i * 7) };
      expect(decode(encode(d))).toEqual(d);
    }
  });

  it('sends a checksum that computes to 0 as 0xffff', () => {
    // With a zero payload word the checksum is c; a payload word of c makes the sum 0xffff.
    const zero = encode({ srcPort: 1, dstPort: 2, payload: new Uint8Array(2) });
    const payload = zero.slice(6, 8);
    const bytes = encode({ srcPort: 1, dstPort: 2, payload });
    expect([bytes[6], bytes[7]]).toEqual([0xff, 0xff]);
    expect(decode(bytes)).toEqual({ srcPort: 1, dstPort: 2, payload });
  });

  it('accepts a zero checksum as none', () => {
    const bytes = encode({ srcPort: 1, dstPort: 2, payload: Uint8Array.of(1, 2, 3) });
    bytes[6] = 0;
    bytes[7] = 0;
    flip(bytes, 9, 0xff); // corrupt the payload: nothing checks it
    expect(decode(bytes)).toMatchObject({ payload: Uint8Array.of(1, 0xfd, 3) });
  });

  it('takes the datagram its length says, from a longer IP payload, and no more', () => {
    const bytes = new Uint8Array(20);
    bytes.set(encode({ srcPort: 1, dstPort: 2, payload: Uint8Array.of(9, 9) }));
    expect(decode(bytes)).toEqual({ srcPort: 1, dstPort: 2, payload: Uint8Array.of(9, 9) });
    expect(decode(bytes, 9)).toEqual({ error: 'bad UDP length' });
  });

  it('refuses a short header, a length below 8, a bad checksum', () => {
    const bytes = encode({ srcPort: 1, dstPort: 2, payload: Uint8Array.of(1, 2, 3) });
    expect(decode(bytes, 7)).toEqual({ error: 'short UDP header' });
    const short = bytes.slice();
    short[5] = 7;
    expect(decode(short)).toEqual({ error: 'bad UDP length' });
    const flipped = bytes.slice();
    flip(flipped, 10, 1);
    expect(decode(flipped)).toEqual({ error: 'bad UDP checksum' });
  });

  it('refuses fields that do not fit', () => {
    const bytes = new Uint8Array(16);
    expect(() => {
      writeUdpDatagram(bytes, 0, { srcPort: 65536, dstPort: 1, payload: new Uint8Array(0) }, SRC, DST);
    }).toThrow(RangeError);
    expect(() => {
      writeUdpDatagram(bytes, 0, { srcPort: 1, dstPort: -1, payload: new Uint8Array(0) }, SRC, DST);
    }).toThrow(RangeError);
  });
});
