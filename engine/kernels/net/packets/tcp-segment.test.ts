// TCP segments: the options written (MSS, window scale, their padding), the options read
// (unknown ones skipped, malformed ones refused), the fields at their limits.

import { describe, expect, it } from 'vitest';
import { internetChecksum, pseudoHeaderSum } from './checksum';
import { isDecodeError } from './decode-error';
import {
  readTcpSegment,
  TCP_ACK,
  TCP_CWR,
  TCP_ECE,
  TCP_SYN,
  type TcpSegment,
  tcpSegmentBytes,
  writeTcpSegment,
} from './tcp-segment';
import { hex } from './testing/known-frames';

const SRC = 0x0a000002;
const DST = 0x0a000001;

function segment(fields: Partial<TcpSegment> = {}): TcpSegment {
  return {
    srcPort: 34567,
    dstPort: 80,
    seq: 1000,
    ack: 0,
    flags: TCP_SYN,
    window: 65535,
    payload: new Uint8Array(0),
    ...fields,
  };
}

function encode(seg: TcpSegment): Uint8Array {
  const bytes = new Uint8Array(tcpSegmentBytes(seg));
  writeTcpSegment(bytes, 0, seg, SRC, DST);
  return bytes;
}

function decode(bytes: Uint8Array) {
  return readTcpSegment(bytes, 0, bytes.length, SRC, DST);
}

/** A segment with these option bytes (a multiple of 4), its data offset and checksum right. */
function withOptions(options: string, payload = ''): Uint8Array {
  const opts = hex(options);
  const data = hex(payload);
  const bytes = new Uint8Array(20 + opts.length + data.length);
  bytes.set(hex('87 07 00 50 00 00 03 e8 00 00 00 00 00 02 ff ff 00 00 00 00'));
  bytes[12] = ((20 + opts.length) / 4) << 4;
  bytes.set(opts, 20);
  bytes.set(data, 20 + opts.length);
  refreshChecksum(bytes);
  return bytes;
}

/** Sets the checksum of a segment whose bytes were changed. */
function refreshChecksum(bytes: Uint8Array): void {
  bytes[16] = 0;
  bytes[17] = 0;
  const sum = internetChecksum(bytes, 0, bytes.length, pseudoHeaderSum(SRC, DST, 6, bytes.length));
  bytes[16] = sum >>> 8;
  bytes[17] = sum & 0xff;
}

describe('options written', () => {
  it('none: a 20-byte header, data offset 5', () => {
    const bytes = encode(segment());
    expect(bytes.length).toBe(20);
    expect(bytes[12]).toBe(0x50);
  });

  it('MSS alone: kind 2, length 4', () => {
    const bytes = encode(segment({ mss: 1460 }));
    expect(bytes.length).toBe(24);
    expect(bytes[12]).toBe(0x60);
    expect(bytes.subarray(20)).toEqual(hex('02 04 05 b4'));
  });

  it('window scale alone: a NOP, then kind 3, length 3', () => {
    const bytes = encode(segment({ windowScale: 14 }));
    expect(bytes.subarray(20)).toEqual(hex('01 03 03 0e'));
  });

  it('both, as Linux orders them, and the payload after them', () => {
    const bytes = encode(segment({ mss: 536, windowScale: 0, payload: hex('aa bb') }));
    expect(bytes[12]).toBe(0x70);
    expect(bytes.subarray(20)).toEqual(hex('02 04 02 18 01 03 03 00 aa bb'));
  });
});

describe('options read', () => {
  it('round-trips every combination', () => {
    for (const mss of [undefined, 0, 1460, 65535])
      for (const windowScale of [undefined, 0, 7, 14]) {
        const seg = segment({ payload: hex('01 02 03') });
        if (mss !== undefined) seg.mss = mss;
        if (windowScale !== undefined) seg.windowScale = windowScale;
        expect(decode(encode(seg))).toEqual(seg);
      }
  });

  it('skips unknown options (SACK permitted, timestamps) and NOPs, and stops at EOL', () => {
    // Linux's SYN: MSS, SACK_PERM, TS, NOP, WS; then EOL with a bogus option after it.
    const bytes = withOptions('02 04 ff d7 04 02 08 0a 00 00 00 01 00 00 00 00 01 03 03 07 00 02 01 00', 'cafe');
    expect(decode(bytes)).toMatchObject({ mss: 65495, windowScale: 7, payload: hex('ca fe') });
  });

  it.each([
    ['a kind with no length byte', '01 01 01 08'],
    ['a length of 0', '08 00 00 00'],
    ['a length of 1', '08 01 00 00'],
    ['a length past the header', '08 0a 00 00'],
    ['an MSS of length 3', '02 03 05 00'],
    ['a window scale of length 4', '03 04 07 00'],
  ])('refuses %s', (_, options) => {
    expect(decode(withOptions(options))).toEqual({ error: 'bad TCP option' });
  });
});

describe('fields', () => {
  it('keeps sequence numbers, ports and the window at their limits', () => {
    const seg = segment({ srcPort: 0, dstPort: 65535, seq: 0xffffffff, ack: 0xffffffff, flags: 0xff, window: 0 });
    expect(decode(encode(seg))).toEqual(seg);
  });

  it('keeps ECE and CWR, and reads only the flag byte (not NS or the reserved bits)', () => {
    const bytes = encode(segment({ flags: TCP_ECE | TCP_CWR | TCP_ACK }));
    expect(decode(bytes)).toMatchObject({ flags: TCP_ECE | TCP_CWR | TCP_ACK });
    const withNs = withOptions('');
    withNs[12] = 0x5f; // data offset 5, the reserved bits and NS set
    refreshChecksum(withNs);
    expect(decode(withNs)).toMatchObject({ flags: TCP_SYN });
  });

  it('copies the payload out of the buffer it was read from', () => {
    const bytes = encode(segment({ payload: hex('01 02') }));
    const seg = decode(bytes);
    bytes[20] = 9;
    expect(!isDecodeError(seg) && seg.payload).toEqual(hex('01 02'));
  });

  it('refuses fields that do not fit', () => {
    const bytes = new Uint8Array(64);
    for (const bad of [
      { srcPort: 65536 },
      { dstPort: -1 },
      { seq: 2 ** 32 },
      { ack: 0.5 },
      { flags: 256 },
      { window: 65536 },
      { mss: 65536 },
      { windowScale: 256 },
    ])
      expect(() => {
        writeTcpSegment(bytes, 0, segment(bad), SRC, DST);
      }, JSON.stringify(bad)).toThrow(RangeError);
  });
});
