// Ethernet headers and MAC addresses: 48-bit values kept exact, formatted as Linux shows them.

import { describe, expect, it } from 'vitest';
import { BROADCAST_MAC, formatMac, parseMac, readEthernetHeader, writeEthernetHeader } from './ethernet';
import { hex } from './testing/known-frames';

describe('MAC addresses', () => {
  it('formats six lowercase hex bytes', () => {
    expect(formatMac(0x02_00_00_00_00_01)).toBe('02:00:00:00:00:01');
    expect(formatMac(0xde_ad_be_ef_ca_fe)).toBe('de:ad:be:ef:ca:fe');
    expect(formatMac(BROADCAST_MAC)).toBe('ff:ff:ff:ff:ff:ff');
    expect(formatMac(0)).toBe('00:00:00:00:00:00');
  });

  it('parses what it formats, in either case, and refuses anything else', () => {
    for (const mac of [0, 1, 0x02_00_00_00_00_01, 0x80_00_00_00_00_00, BROADCAST_MAC])
      expect(parseMac(formatMac(mac))).toBe(mac);
    expect(parseMac('DE:AD:BE:EF:CA:FE')).toBe(0xde_ad_be_ef_ca_fe);
    for (const bad of [
      '',
      '02:00:00:00:00',
      '02:00:00:00:00:01:02',
      '2:0:0:0:0:1',
      '02-00-00-00-00-01',
      'gg:00:00:00:00:00',
    ])
      expect(parseMac(bad)).toBeUndefined();
  });
});

describe('Ethernet header', () => {
  it('writes destination, source and EtherType in network order', () => {
    const bytes = new Uint8Array(14);
    writeEthernetHeader(bytes, 0, { dst: 0x02_00_00_00_00_01, src: 0xfe_dc_ba_98_76_54, etherType: 0x0800 });
    expect(bytes).toEqual(hex('02 00 00 00 00 01 fe dc ba 98 76 54 08 00'));
    expect(readEthernetHeader(bytes, 0)).toEqual({
      dst: 0x02_00_00_00_00_01,
      src: 0xfe_dc_ba_98_76_54,
      etherType: 0x0800,
    });
  });

  it('refuses fields that do not fit', () => {
    const bytes = new Uint8Array(14);
    expect(() => {
      writeEthernetHeader(bytes, 0, { dst: 2 ** 48, src: 0, etherType: 0x800 });
    }).toThrow(RangeError);
    expect(() => {
      writeEthernetHeader(bytes, 0, { dst: 0, src: -1, etherType: 0x800 });
    }).toThrow(RangeError);
    expect(() => {
      writeEthernetHeader(bytes, 0, { dst: 0, src: 0, etherType: 0x10000 });
    }).toThrow(RangeError);
  });
});
