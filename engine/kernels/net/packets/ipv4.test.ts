// IPv4 addresses as text, and the header: what is written (DF, no options, the checksum) and
// what a reader accepts (options skipped, padding after the total length ignored).

import { describe, expect, it } from 'vitest';
import { internetChecksum } from './checksum';
import { formatIp, IPPROTO_TCP, IPPROTO_UDP, parseIp, readIpv4Packet, writeIpv4Header } from './ipv4';
import { hex } from './testing/known-frames';

describe('addresses', () => {
  it('formats and parses dotted quads', () => {
    expect(formatIp(0x0a000001)).toBe('10.0.0.1');
    expect(formatIp(0xffffffff)).toBe('255.255.255.255');
    expect(formatIp(0)).toBe('0.0.0.0');
    expect(formatIp(0xc0a800c7)).toBe('192.168.0.199');
    for (const n of [0, 1, 0x0a000001, 0x7f000001, 0x80000000, 0xffffffff]) expect(parseIp(formatIp(n))).toBe(n);
  });

  it('refuses what inet_pton refuses', () => {
    for (const bad of [
      '',
      '10.0.0',
      '10.0.0.1.2',
      '256.0.0.1',
      '10.0.0.01',
      '10.0.0.-1',
      '10..0.1',
      ' 10.0.0.1',
      '0x0a.0.0.1',
      '1e1.0.0.1',
    ])
      expect(parseIp(bad), bad).toBeUndefined();
  });

  it('takes the protocol numbers from the socket layer', () => {
    expect(IPPROTO_TCP).toBe(6);
    expect(IPPROTO_UDP).toBe(17);
  });
});

describe('header', () => {
  it('writes a well-known header byte for byte', () => {
    const bytes = new Uint8Array(20);
    writeIpv4Header(bytes, 0, { src: 0xc0a80001, dst: 0xc0a800c7, protocol: 17, ttl: 64, id: 0 }, 95);
    expect(bytes).toEqual(hex('45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7'));
  });

  it('reads a header with options, and ignores bytes after the total length', () => {
    // IHL 6: one word of options (NOP NOP NOP EOL); total length 28: 4 bytes of payload; then padding.
    const bytes = hex('46 00 00 1c 12 34 00 00 20 fd 00 00 0a 00 00 02 0a 00 00 01 01 01 01 00 de ad be ef 00 00');
    const sum = internetChecksum(bytes, 0, 24);
    bytes[10] = sum >>> 8;
    bytes[11] = sum & 0xff;
    expect(readIpv4Packet(bytes, 0)).toEqual({
      header: { src: 0x0a000002, dst: 0x0a000001, protocol: 0xfd, ttl: 0x20, id: 0x1234 },
      payloadStart: 24,
      payloadEnd: 28,
    });
  });

  it('refuses fields that do not fit', () => {
    const bytes = new Uint8Array(20);
    const ok = { src: 1, dst: 2, protocol: 6, ttl: 64, id: 0 };
    writeIpv4Header(bytes, 0, ok, 65515);
    expect(() => {
      writeIpv4Header(bytes, 0, ok, 65516);
    }).toThrow(RangeError);
    expect(() => {
      writeIpv4Header(bytes, 0, { ...ok, src: 2 ** 32 }, 0);
    }).toThrow(RangeError);
    expect(() => {
      writeIpv4Header(bytes, 0, { ...ok, ttl: 256 }, 0);
    }).toThrow(RangeError);
    expect(() => {
      writeIpv4Header(bytes, 0, { ...ok, id: 1.5 }, 0);
    }).toThrow(RangeError);
    expect(() => {
      writeIpv4Header(bytes, 0, { ...ok, protocol: -1 }, 0);
    }).toThrow(RangeError);
  });
});
