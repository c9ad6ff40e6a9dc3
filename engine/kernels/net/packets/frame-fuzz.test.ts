// decodeFrame on bytes nobody meant to send: random frames, good frames cut short, lengthened,
// overwritten and bit-flipped, and frames whose TCP or UDP header is random but whose
// checksums are made right (so the fuzz gets past the checksums into data offsets, options and
// lengths). It must never throw, must answer a Packet or one of DECODE_ERRORS, and a Packet it
// answers must encode and decode to itself. Random good packets must round-trip exactly, and
// a single flipped bit the checksums cover must never pass unnoticed. A seeded generator
// (mulberry32) makes every run the same: a failure names its seed and case.

import { describe, expect, it } from 'vitest';
import { internetChecksum, pseudoHeaderSum } from './checksum';
import { BROADCAST_MAC, ETH_HEADER_BYTES, MTU } from './ethernet';
import { DECODE_ERRORS, decodeFrame, encodeFrame, type Packet } from './frame';
import { IPPROTO_TCP, IPPROTO_UDP } from './ipv4';
import { flip } from './testing/known-frames';

/** mulberry32: a small, well-mixed 32-bit generator, deterministic from its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  /** An integer in [0, n). */
  const below = (n: number): number => Math.floor(next() * n);
  const u32 = (): number => below(2 ** 32);
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => below(256));
  return { next, below, u32, bytes };
}

type Random = ReturnType<typeof generator>;

const REASONS = new Set<string>(DECODE_ERRORS);

/** A random packet that fits the MTU; small payloads most of the time, full ones sometimes. */
function randomPacket(r: Random): Packet {
  const eth = { dst: r.below(2) ? BROADCAST_MAC : r.below(2 ** 48), src: r.below(2 ** 48), etherType: 0x0800 };
  const kind = r.below(3);
  const room = (header: number) => MTU - 20 - header;
  const payloadLength = (max: number) => (r.below(8) === 0 ? max : r.below(Math.min(max, 100) + 1));
  if (kind === 0) {
    const mss = r.below(2) ? r.below(65536) : undefined;
    const windowScale = r.below(2) ? r.below(15) : undefined;
    const header = 20 + (mss === undefined ? 0 : 4) + (windowScale === undefined ? 0 : 4);
    const segment = {
      srcPort: r.below(65536),
      dstPort: r.below(65536),
      seq: r.u32(),
      ack: r.u32(),
      flags: r.below(256),
      window: r.below(65536),
      payload: r.bytes(payloadLength(room(header))),
      ...(mss === undefined ? {} : { mss }),
      ...(windowScale === undefined ? {} : { windowScale }),
    };
    return { eth, ip: ip(r, IPPROTO_TCP), l4: { kind: 'tcp', segment } };
  }
  if (kind === 1) {
    const datagram = { srcPort: r.below(65536), dstPort: r.below(65536), payload: r.bytes(payloadLength(room(8))) };
    return { eth, ip: ip(r, IPPROTO_UDP), l4: { kind: 'udp', datagram } };
  }
  let protocol = r.below(256);
  if (protocol === IPPROTO_TCP || protocol === IPPROTO_UDP) protocol = 1;
  return { eth, ip: ip(r, protocol), l4: { kind: 'other', protocol, payload: r.bytes(payloadLength(room(0))) } };
}

function ip(r: Random, protocol: number) {
  return { src: r.u32(), dst: r.u32(), protocol, ttl: r.below(256), id: r.below(65536) };
}

/** The IP packet's end in a frame encodeFrame wrote. */
function ipEnd(frame: Uint8Array): number {
  return ETH_HEADER_BYTES + (((frame[16] as number) << 8) | (frame[17] as number));
}

/** decodeFrame must not throw; what it answers must be a reason it lists or a stable Packet. */
function check(bytes: Uint8Array, what: string): ReturnType<typeof decodeFrame> {
  let result: ReturnType<typeof decodeFrame>;
  try {
    result = decodeFrame(bytes);
  } catch (e) {
    throw new Error(`decodeFrame threw on ${what}: ${String(e)}`);
  }
  if ('error' in result) {
    if (!REASONS.has(result.error)) throw new Error(`unlisted reason "${result.error}" for ${what}`);
  } else {
    const again = decodeFrame(encodeFrame(result));
    if (JSON.stringify(again) !== JSON.stringify(result)) throw new Error(`re-encoding changed the packet of ${what}`);
  }
  return result;
}

/**
 * Rewrites fields of a good frame's IPv4 header (a byte anywhere, the total length, the
 * flags and fragment offset), sometimes after lengthening the frame past the MTU, and makes
 * the header checksum right.
 */
function randomIpHeader(r: Random, frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(r.below(4) === 0 ? frame.length + r.below(200) + 1500 : frame.length);
  out.set(frame);
  const ipStart = ETH_HEADER_BYTES;
  for (let n = 1 + r.below(3); n > 0; n--) {
    const what = r.below(3);
    if (what === 0) out[ipStart + r.below(20)] = r.below(256);
    else if (what === 1) put16(out, ipStart + 2, r.below(out.length - ipStart + 8));
    else put16(out, ipStart + 6, r.below(2) ? r.below(65536) : 0x4000);
  }
  const headerEnd = ipStart + ((out[ipStart] as number) & 0xf) * 4;
  if (headerEnd <= out.length) {
    put16(out, ipStart + 10, 0);
    put16(out, ipStart + 10, internetChecksum(out, ipStart, headerEnd));
  }
  return out;
}

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 8;
  b[at + 1] = v & 0xff;
}

/** Makes a random TCP or UDP header inside a good frame, with every checksum right. */
function randomTransportHeader(r: Random, frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  const start = ETH_HEADER_BYTES + 20;
  const end = ipEnd(out);
  const protocol = out[ETH_HEADER_BYTES + 9];
  if (protocol !== IPPROTO_TCP && protocol !== IPPROTO_UDP) return out;
  const header = protocol === IPPROTO_TCP ? Math.min(end - start, 20 + 4 * r.below(11)) : 8;
  out.set(r.bytes(header), start);
  if (protocol === IPPROTO_TCP && r.below(2)) out[start + 12] = (Math.floor(header / 4) << 4) | r.below(16);
  const field = start + (protocol === IPPROTO_TCP ? 16 : 6);
  put16(out, field, 0);
  put16(
    out,
    field,
    internetChecksum(out, start, end, pseudoHeaderSum(ipAddr(out, 12), ipAddr(out, 16), protocol, end - start)),
  );
  return out;
}

function ipAddr(frame: Uint8Array, at: number): number {
  const i = ETH_HEADER_BYTES + at;
  return (
    (((frame[i] as number) << 24) |
      ((frame[i + 1] as number) << 16) |
      ((frame[i + 2] as number) << 8) |
      (frame[i + 3] as number)) >>>
    0
  );
}

const SEED = 0x5eed_0015;
const CASES = 3000;

describe('decodeFrame under fuzzing', () => {
  it('round-trips random good packets exactly', () => {
    const r = generator(SEED);
    for (let i = 0; i < CASES; i++) {
      const p = randomPacket(r);
      const frame = encodeFrame(p);
      expect(frame.length, `case ${i}`).toBe(Math.max(60, ipEnd(frame)));
      expect(decodeFrame(frame), `case ${i}`).toEqual(p);
    }
  });

  it('never passes a single flipped bit the checksums cover, and keeps a flipped MAC bit as sent', () => {
    const r = generator(SEED + 1);
    for (let i = 0; i < CASES; i++) {
      const p = randomPacket(r);
      const frame = encodeFrame(p);
      const bit = r.below(frame.length * 8);
      const at = bit >>> 3;
      const flipped = frame.slice();
      flip(flipped, at, 1 << (bit & 7));
      const result = check(flipped, `case ${i}, bit ${bit}`);
      // The EtherType and IP header always count; the rest of the packet only for TCP and UDP.
      const covered = at >= 12 && at < (p.l4.kind === 'other' ? 34 : ipEnd(frame));
      if (at < 12 || (!covered && at < ipEnd(frame))) {
        expect(result, `case ${i}`).not.toHaveProperty('error');
      } else if (covered) {
        // Only one escape: a UDP checksum field flipped to 0, which means "no checksum".
        const udpChecksumZeroed =
          p.l4.kind === 'udp' && (at === 14 + 26 || at === 14 + 27) && flipped[40] === 0 && flipped[41] === 0;
        if (!udpChecksumZeroed) expect(result, `case ${i}, byte ${at}`).toHaveProperty('error');
      } else {
        expect(result, `case ${i}, padding byte ${at}`).toEqual(p);
      }
    }
  });

  it('never throws on frames cut short, lengthened, overwritten, bit-flipped or random', () => {
    const r = generator(SEED + 2);
    const counts = new Map<string, number>();
    for (let i = 0; i < CASES * 4; i++) {
      const frame = encodeFrame(randomPacket(r));
      let bytes: Uint8Array;
      const how = r.below(7);
      if (how === 0) bytes = frame.slice(0, r.below(frame.length));
      else if (how === 1) {
        bytes = new Uint8Array(frame.length + 1 + r.below(64));
        bytes.set(frame);
        bytes.set(r.bytes(bytes.length - frame.length), frame.length);
      } else if (how === 2) {
        bytes = frame.slice();
        for (let n = 1 + r.below(8); n > 0; n--) bytes[r.below(bytes.length)] = r.below(256);
      } else if (how === 3) {
        bytes = frame.slice();
        for (let n = 1 + r.below(4); n > 0; n--) {
          const bit = r.below(bytes.length * 8);
          flip(bytes, bit >>> 3, 1 << (bit & 7));
        }
      } else if (how === 4) bytes = r.bytes(r.below(1600));
      else if (how === 5) bytes = randomTransportHeader(r, frame);
      else bytes = randomIpHeader(r, frame);
      const result = check(bytes, `case ${i} (mutation ${how})`);
      const key = 'error' in result ? result.error : 'packet';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // The fuzz reached every check: each reason came up, and so did packets that passed.
    for (const reason of [...DECODE_ERRORS, 'packet']) expect(counts.get(reason) ?? 0, reason).toBeGreaterThan(0);
  });
});
