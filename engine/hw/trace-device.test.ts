import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from './physical-memory';
import { TRACE_CAPACITY, TraceDevice, type TraceEvent } from './trace-device';

const event = (i: number): TraceEvent => ({
  time: i * 1.5,
  kind: i % 7,
  hart: 1,
  pid: 100 + i,
  tid: 200 + i,
  a: i,
  b: -i,
  c: 2 ** 40 + i,
});

describe('TraceDevice', () => {
  it('hands the reader every event the kernel wrote, in order', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const writer = new TraceDevice(memory, 2);
    const reader = new TraceDevice(memory, 2);
    for (let i = 0; i < 10; i++) writer.write(event(i));
    const first = reader.readSince(0);
    expect(first.events).toEqual(Array.from({ length: 10 }, (_, i) => event(i)));
    writer.write(event(10));
    expect(reader.readSince(first.next).events).toEqual([event(10)]);
  });

  it('lets a reader that fell behind skip to the newest events and says how many it missed', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const dev = new TraceDevice(memory, 0);
    const total = TRACE_CAPACITY + 25;
    for (let i = 0; i < total; i++) dev.write(event(i));
    const r = dev.readSince(0);
    expect(r.skipped).toBe(25);
    expect(r.events).toHaveLength(TRACE_CAPACITY);
    expect(r.events[0]).toEqual(event(25));
    expect(r.next).toBe(total);
  });
});
