// Whole frames: known answers byte for byte both ways, round trips, Ethernet padding, the MTU,
// and every reason decodeFrame gives, each provoked by one change to a good frame (with the
// checksums made right again where the check under test comes after them).

import { describe, expect, it } from 'vitest';
import { internetChecksum, pseudoHeaderSum } from './checksum';
import { ETH_HEADER_BYTES, MTU } from './ethernet';
import { DECODE_ERRORS, decodeFrame, encodeFrame, type Packet } from './frame';
import { CLIENT_IP, CLIENT_MAC, flip, KNOWN_FRAMES, SERVER_IP, SERVER_MAC } from './testing/known-frames';

const [SYN, PUSH, UDP] = KNOWN_FRAMES as [(typeof KNOWN_FRAMES)[0], (typeof KNOWN_FRAMES)[0], (typeof KNOWN_FRAMES)[0]];
const IP = ETH_HEADER_BYTES;

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 8;
  b[at + 1] = v & 0xff;
}

/** Makes the IPv4 header checksum right again. */
function fixIp(frame: Uint8Array): Uint8Array {
  put16(frame, IP + 10, 0);
  put16(frame, IP + 10, internetChecksum(frame, IP, IP + ((frame[IP] as number) & 0xf) * 4));
  return frame;
}

/** Makes the TCP or UDP checksum (at `field` within the segment) right again. */
function fixL4(frame: Uint8Array, protocol: number, field: number): Uint8Array {
  const start = IP + 20;
  const end = IP + (((frame[IP + 2] as number) << 8) | (frame[IP + 3] as number));
  put16(frame, start + field, 0);
  put16(
    frame,
    start + field,
    internetChecksum(frame, start, end, pseudoHeaderSum(CLIENT_IP, SERVER_IP, protocol, end - start)),
  );
  return frame;
}

function changed(bytes: Uint8Array, change: (b: Uint8Array) => void): Uint8Array {
  const copy = bytes.slice();
  change(copy);
  return copy;
}

describe('known frames', () => {
  it.each(KNOWN_FRAMES.map((k) => [k.name, k] as const))('%s: encodes to its bytes and decodes from them', (_, k) => {
    expect(encodeFrame(k.packet)).toEqual(k.bytes);
    expect(decodeFrame(k.bytes)).toEqual(k.packet);
  });
});

describe('encodeFrame', () => {
  const base: Packet = {
    eth: { dst: SERVER_MAC, src: CLIENT_MAC, etherType: 0x0800 },
    ip: { src: CLIENT_IP, dst: SERVER_IP, protocol: 0, ttl: 1, id: 65535 },
    l4: { kind: 'other', protocol: 253, payload: Uint8Array.of(1, 2, 3) },
  };

  it('carries another protocol’s bytes as they are, padded to 60', () => {
    const frame = encodeFrame(base);
    expect(frame.length).toBe(60);
    expect(frame[IP + 9]).toBe(253);
    expect(decodeFrame(frame)).toEqual({ ...base, ip: { ...base.ip, protocol: 253 } });
  });

  it('writes IPv4’s EtherType and the IP protocol of what it carries, whatever the headers say', () => {
    const udp: Packet = {
      eth: { ...base.eth, etherType: 0x86dd },
      ip: { ...base.ip, protocol: 6 },
      l4: { kind: 'udp', datagram: { srcPort: 1, dstPort: 2, payload: new Uint8Array(0) } },
    };
    const frame = encodeFrame(udp);
    expect([frame[12], frame[13], frame[IP + 9]]).toEqual([0x08, 0x00, 17]);
  });

  it('pads only frames under 60 bytes', () => {
    for (const length of [0, 25, 26, 27, 100]) {
      const p: Packet = { ...base, l4: { kind: 'other', protocol: 253, payload: new Uint8Array(length).fill(7) } };
      expect(encodeFrame(p).length).toBe(Math.max(60, 14 + 20 + length));
      expect(decodeFrame(encodeFrame(p))).toMatchObject({ l4: { payload: p.l4.kind === 'other' && p.l4.payload } });
    }
  });

  it('sends a packet of exactly the MTU and refuses one byte more', () => {
    const full: Packet = {
      ...base,
      l4: { kind: 'udp', datagram: { srcPort: 1, dstPort: 2, payload: new Uint8Array(MTU - 28) } },
    };
    expect(encodeFrame(full).length).toBe(14 + MTU);
    expect(decodeFrame(encodeFrame(full))).toMatchObject({ l4: { kind: 'udp' } });
    const over: Packet = {
      ...base,
      l4: { kind: 'udp', datagram: { srcPort: 1, dstPort: 2, payload: new Uint8Array(MTU - 27) } },
    };
    expect(() => encodeFrame(over)).toThrow(RangeError);
    const tcp: Packet = {
      ...base,
      l4: {
        kind: 'tcp',
        segment: {
          srcPort: 1,
          dstPort: 2,
          seq: 0,
          ack: 0,
          flags: 16,
          window: 0,
          mss: 1460,
          payload: new Uint8Array(MTU - 44),
        },
      },
    };
    expect(encodeFrame(tcp).length).toBe(14 + MTU);
  });
});

describe('decodeFrame refuses', () => {
  const seen = new Set<string>();
  const refuses = (bytes: Uint8Array, error: string) => {
    expect(decodeFrame(bytes)).toEqual({ error });
    seen.add(error);
  };
  const syn = SYN.bytes;
  const udp = UDP.bytes;

  it('a frame too short for its Ethernet header', () => {
    refuses(new Uint8Array(0), 'short frame');
    refuses(syn.slice(0, 13), 'short frame');
  });

  it('an EtherType other than IPv4 (IPv6, ARP, a VLAN tag)', () => {
    for (const type of [0x86dd, 0x0806, 0x8100])
      refuses(
        changed(syn, (b) => {
          put16(b, 12, type);
        }),
        'not IPv4',
      );
  });

  it('an IPv4 header cut short', () => {
    refuses(syn.slice(0, IP), 'short IPv4 header');
    refuses(syn.slice(0, IP + 19), 'short IPv4 header');
  });

  it('an IP version other than 4', () => {
    refuses(fixIp(changed(syn, (b) => (b[IP] = 0x65))), 'bad IPv4 version');
    refuses(fixIp(changed(syn, (b) => (b[IP] = 0x05))), 'bad IPv4 version');
  });

  it('a header length under 5 words or past the frame', () => {
    refuses(fixIp(changed(syn, (b) => (b[IP] = 0x44))), 'bad IPv4 header length');
    refuses(
      changed(syn, (b) => (b[IP] = 0x40)),
      'bad IPv4 header length',
    );
    refuses(changed(syn, (b) => (b[IP] = 0x4f)).slice(0, IP + 40), 'bad IPv4 header length');
  });

  it('a total length under the header or past the frame', () => {
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 2, 19);
        }),
      ),
      'bad IPv4 total length',
    );
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 2, syn.length - IP + 1);
        }),
      ),
      'bad IPv4 total length',
    );
    refuses(syn.slice(0, syn.length - 1), 'bad IPv4 total length');
  });

  it('a bad header checksum', () => {
    refuses(
      changed(syn, (b) => (b[IP + 8] = 63)),
      'bad IPv4 header checksum',
    );
    refuses(
      changed(syn, (b) => {
        flip(b, IP + 12, 0x80);
      }),
      'bad IPv4 header checksum',
    );
  });

  it("a fragment with Don't Fragment, a piece not a multiple of 8 bytes that has more after it, or one past 64 KiB", () => {
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 6, 0x6000); // DF and MF
        }),
      ),
      'bad IPv4 fragment',
    );
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 6, 0x5fff); // DF and an offset
        }),
      ),
      'bad IPv4 fragment',
    );
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 6, 0x1fff); // the last piece, at 65528: its bytes would pass 65535
        }),
      ),
      'bad IPv4 fragment',
    );
  });

  it('decodes a piece of a larger packet as a fragment, and encodes it back', () => {
    const piece = fixIp(
      changed(syn, (b) => {
        put16(b, IP + 6, 0x0001); // offset 8, the last piece
      }),
    );
    const p = decodeFrame(piece);
    expect(p).toMatchObject({ ip: { fragment: { offset: 8, more: false } }, l4: { kind: 'fragment', protocol: 6 } });
    if ('error' in p) throw new Error(p.error);
    expect(encodeFrame(p)).toEqual(piece);
  });

  it('DF clear on a whole packet is fine', () => {
    expect(
      decodeFrame(
        fixIp(
          changed(syn, (b) => {
            put16(b, IP + 6, 0);
          }),
        ),
      ),
    ).toEqual(SYN.packet); // DF clear is fine
  });

  it('a packet longer than the MTU', () => {
    const big = new Uint8Array(IP + MTU + 1);
    big.set(udp);
    put16(big, IP + 2, MTU + 1);
    refuses(fixIp(big), 'packet exceeds MTU');
  });

  it('a TCP header cut short', () => {
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 2, 20 + 19);
        }),
      ),
      'short TCP header',
    );
    refuses(
      fixIp(
        changed(syn, (b) => {
          put16(b, IP + 2, 20);
        }),
      ),
      'short TCP header',
    );
  });

  it('a TCP data offset under 5 words or past the segment', () => {
    refuses(
      changed(syn, (b) => (b[IP + 20 + 12] = 0x40)),
      'bad TCP data offset',
    );
    refuses(
      changed(syn, (b) => (b[IP + 20 + 12] = 0x80)),
      'bad TCP data offset',
    );
    refuses(
      changed(syn, (b) => (b[IP + 20 + 12] = 0x00)),
      'bad TCP data offset',
    );
  });

  it('a malformed TCP option', () => {
    refuses(
      fixL4(
        changed(syn, (b) => (b[IP + 20 + 21] = 0)),
        6,
        16,
      ),
      'bad TCP option',
    );
  });

  it('a bad TCP checksum: a flipped bit anywhere the checksum covers, addresses included', () => {
    refuses(
      changed(PUSH.bytes, (b) => {
        flip(b, b.length - 1, 1);
      }),
      'bad TCP checksum',
    );
    refuses(
      changed(syn, (b) => {
        flip(b, IP + 20 + 4, 0x10);
      }),
      'bad TCP checksum',
    );
    refuses(fixIp(changed(syn, (b) => (b[IP + 15] = 3))), 'bad TCP checksum');
  });

  it('a UDP header cut short', () => {
    refuses(
      fixIp(
        changed(udp, (b) => {
          put16(b, IP + 2, 27);
        }),
      ),
      'short UDP header',
    );
  });

  it('a UDP length past the packet or under the header', () => {
    refuses(
      changed(udp, (b) => {
        put16(b, IP + 24, 8 + 13);
      }),
      'bad UDP length',
    );
    refuses(
      changed(udp, (b) => {
        put16(b, IP + 24, 7);
      }),
      'bad UDP length',
    );
  });

  it('a bad UDP checksum', () => {
    refuses(
      changed(udp, (b) => {
        flip(b, IP + 28, 0x20);
      }),
      'bad UDP checksum',
    );
    refuses(
      changed(udp, (b) => {
        flip(b, IP + 20, 1);
      }),
      'bad UDP checksum',
    );
  });

  it('(every reason in DECODE_ERRORS was given above)', () => {
    expect([...seen].sort()).toEqual([...DECODE_ERRORS].sort());
  });
});

describe('decodeFrame accepts', () => {
  it('a frame whose checksums this test’s helpers recomputed (they agree with the encoder)', () => {
    expect(decodeFrame(fixL4(SYN.bytes.slice(), 6, 16))).toEqual(SYN.packet);
  });

  it('a UDP datagram with no checksum, and padding that is not zero', () => {
    const bytes = changed(UDP.bytes, (b) => {
      put16(b, IP + 26, 0);
      b.fill(0xee, b.length - 6);
    });
    expect(decodeFrame(bytes)).toEqual(UDP.packet);
  });

  it('frames to any MAC, broadcast included (the switch and the NIC filter, not the codec)', () => {
    const bytes = changed(SYN.bytes, (b) => b.fill(0xff, 0, 6));
    expect(decodeFrame(bytes)).toEqual({ ...SYN.packet, eth: { ...SYN.packet.eth, dst: 0xffff_ffff_ffff } });
  });
});
