// The Internet checksum against RFC 1071's worked example and a well-known IPv4 header, odd
// lengths, carries, partial sums and the pseudo-header.

import { describe, expect, it } from 'vitest';
import { foldSum, internetChecksum, pseudoHeaderSum, sumWords } from './checksum';
import { hex } from './testing/known-frames';

describe('internetChecksum', () => {
  it('matches the example of RFC 1071 §3', () => {
    const bytes = hex('00 01 f2 03 f4 f5 f6 f7');
    expect(foldSum(sumWords(bytes))).toBe(0xddf2);
    expect(internetChecksum(bytes)).toBe(0x220d);
  });

  it('gives the checksum of a well-known IPv4 header, and 0 over the header that holds it', () => {
    // 192.168.0.1 > 192.168.0.199, UDP, total length 115, DF, TTL 64: checksum b861.
    const header = hex('45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7');
    expect(internetChecksum(header)).toBe(0xb861);
    header[10] = 0xb8;
    header[11] = 0x61;
    expect(internetChecksum(header)).toBe(0);
  });

  it('pads an odd last byte with a zero byte', () => {
    expect(sumWords(hex('12 34 56'))).toBe(0x1234 + 0x5600);
    expect(internetChecksum(hex('12 34 56'))).toBe(internetChecksum(hex('12 34 56 00')));
  });

  it('sums only the range asked for, from a partial sum', () => {
    const bytes = hex('ff ff 00 01 00 02 ff ff');
    expect(sumWords(bytes, 2, 6)).toBe(3);
    expect(sumWords(bytes, 2, 6, 10)).toBe(13);
    expect(internetChecksum(bytes, 2, 6, 10)).toBe(~13 & 0xffff);
  });

  it('folds every carry, even of the largest packet', () => {
    const bytes = new Uint8Array(65535).fill(0xff);
    expect(foldSum(sumWords(bytes, 0, 65534))).toBe(0xffff);
    expect(foldSum(sumWords(bytes))).toBe(0xff00); // 0xffff is zero; the odd byte is 0xff00
    expect(foldSum(0x1_fffe)).toBe(0xffff);
    expect(foldSum(0xffff_ffff)).toBe(0xffff);
    expect(internetChecksum(new Uint8Array(0))).toBe(0xffff);
  });
});

describe('pseudoHeaderSum', () => {
  it('adds the addresses as words, the protocol and the length', () => {
    expect(pseudoHeaderSum(0x0a000002, 0x0a000001, 6, 28)).toBe(0x0a00 + 0x0002 + 0x0a00 + 0x0001 + 6 + 28);
    expect(pseudoHeaderSum(0xffffffff, 0xffffffff, 17, 0xffff)).toBe(4 * 0xffff + 17 + 0xffff);
  });
});
