import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { Ring, RingError, slotsFor, type Message } from './ring';

const msg = (from: number, seq: number, payload: Uint8Array): Message => ({
  from,
  type: 7,
  seq,
  sentAt: seq * 10,
  deliverAt: seq * 10 + 5,
  payload,
});
const bytes = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 31 + seed) & 0xff);
const noWait = () => {
  throw new Error('unexpected wait');
};

describe('Ring', () => {
  it('carries a message with its header fields and payload', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const ring = new Ring(memory, 0x1000, 8);
    ring.send(msg(3, 41, bytes(20, 1)), noWait);
    const out: Message[] = [];
    expect(ring.drain(out)).toBe(1);
    expect(out[0]).toEqual(msg(3, 41, bytes(20, 1)));
    expect(ring.drain(out)).toBe(0);
  });

  it('splits long messages over slots and puts them back together, across the wrap', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const ring = new Ring(memory, 0x1000, 16);
    const out: Message[] = [];
    for (let i = 0; i < 50; i++) {
      const payload = bytes((i * 37) % 500, i);
      ring.send(msg(1, i, payload), noWait);
      ring.drain(out);
      expect(out[i]?.payload).toEqual(payload);
    }
    expect(slotsFor(32)).toBe(1);
    expect(slotsFor(33)).toBe(2);
    expect(slotsFor(92)).toBe(2);
    expect(slotsFor(93)).toBe(3);
  });

  it('makes a sender wait for room when the ring is full, and loses nothing', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const ring = new Ring(memory, 0x1000, 4);
    const out: Message[] = [];
    let waits = 0;
    for (let i = 0; i < 100; i++) {
      ring.send(msg(2, i, bytes(40, i)), () => {
        waits++;
        ring.drain(out); // in one thread the sender drains on the receiver's behalf
      });
    }
    ring.drain(out);
    expect(out.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(waits).toBeGreaterThan(0);
    expect(ring.stats().fullWaits).toBeGreaterThan(0);
    expect(ring.stats().peak).toBeLessThanOrEqual(4);
  });

  it('refuses a message larger than the ring and a ring size that is not a power of two', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    expect(() => {
      new Ring(memory, 0, 4).send(msg(0, 0, new Uint8Array(1000)), noWait);
    }).toThrow(RingError);
    expect(() => new Ring(memory, 0, 6)).toThrow(/power of two/);
  });
});
