import { describe, expect, it } from 'vitest';
import type { MessageCounts, RingFigures } from '../../engine/machine/browser/browser-machine';
import { MSG } from '../../engine/machine/browser/trace-events';
import type { FeedEvent, FeedListener } from '../machine/trace-feed';
import { LiveMessages, type MessageSource } from './live-messages';
import { deliverEvent, sendEvent, type TestMessage } from './test-events';

/** A MachineFrames stand-in: the test pushes batches and runs frames by hand. */
class FakeSource implements MessageSource {
  readonly feed = new Set<FeedListener>();
  readonly work = new Set<(now: number) => void>();
  history: FeedEvent[] = [];
  skipped = 0;
  figures: RingFigures[] = [];
  counts: MessageCounts = { epochs: 0, types: new Map() };
  readonly trace = ((fake: FakeSource) => ({
    recent: () => fake.history,
    get skipped(): number {
      return fake.skipped;
    },
    subscribe: (l: FeedListener) => {
      fake.feed.add(l);
      return () => fake.feed.delete(l);
    },
  }))(this);
  readonly machine = {
    ring: (k: number) => this.figures[k] ?? { used: 0, slots: 256, peak: 0, fullWaits: 0 },
    messageCounts: () => this.counts,
    epochNs: 100_000,
  };
  onFrame(w: (now: number) => void): () => void {
    this.work.add(w);
    return () => this.work.delete(w);
  }
  push(events: FeedEvent[], now: number, skipped = 0): void {
    this.history.push(...events);
    this.skipped += skipped;
    for (const l of this.feed) l(events, skipped);
    for (const w of this.work) w(now);
  }
}

const ping: TestMessage = { from: 0, to: 1, type: MSG.PING, seq: 0, sentAt: 1_000, deliverAt: 100_000 };

function counting(subscribe: (l: () => void) => () => void): { calls: number } {
  const n = { calls: 0 };
  subscribe(() => n.calls++);
  return n;
}

describe('LiveMessages', () => {
  it('reads the feed’s history when attached, and each batch after', () => {
    const source = new FakeSource();
    source.history = [sendEvent(ping)];
    const live = new LiveMessages(2);
    live.attach(source);
    expect(live.log.all()).toHaveLength(1);
    source.push([deliverEvent(ping), sendEvent({ ...ping, seq: 1 })], 0);
    expect(live.log.all()).toHaveLength(2);
  });

  it('counts what the kernels counted, however many trace events were lost', () => {
    const source = new FakeSource();
    const live = new LiveMessages(2);
    live.attach(source);
    // the trace lost most events: one PROC_LIST send reached the page, and no delivery
    source.counts = {
      epochs: 40,
      types: new Map([
        [MSG.PROC_LIST, { sent: 3778, delivered: 3770 }],
        [MSG.PING, { sent: 5, delivered: 5 }],
      ]),
    };
    source.push([sendEvent({ ...ping, type: MSG.PROC_LIST })], 0, 1_395_179);
    const stats = live.getStats();
    expect(stats.skipped).toBe(1_395_179);
    expect(stats.types.map(({ name, sent, delivered, inFlight }) => ({ name, sent, delivered, inFlight }))).toEqual([
      { name: 'PROC_LIST', sent: 3778, delivered: 3770, inFlight: 8 },
      { name: 'PING', sent: 5, delivered: 5, inFlight: 0 },
    ]);
    expect(stats).toMatchObject({ sent: 3783, delivered: 3775, inFlight: 8 });
    for (const t of stats.types) expect(t.sent).toBe(t.delivered + t.inFlight);
  });

  it('gives send rates from the counters, over virtual time', () => {
    const source = new FakeSource();
    const live = new LiveMessages(2, { chartMs: 100, statsMs: 100 });
    live.attach(source);
    source.counts = { epochs: 10, types: new Map([[MSG.PING, { sent: 100, delivered: 90 }]]) };
    source.push([], 0);
    // 20 epochs of 100 µs later, 400 more: 200 per ms
    source.counts = { epochs: 30, types: new Map([[MSG.PING, { sent: 500, delivered: 500 }]]) };
    source.push([], 200);
    expect(live.getStats().types[0]?.perMs).toBe(200);
  });

  it('reads nothing twice when attached again (strict mode)', () => {
    const source = new FakeSource();
    source.history = [sendEvent(ping)];
    const live = new LiveMessages(2);
    live.attach(source)();
    live.attach(source);
    expect(live.log.sent).toBe(1);
    expect(source.feed.size).toBe(1);
    expect(source.work.size).toBe(1);
  });

  it('redraws the chart at most every chartMs, and only when messages came', () => {
    const source = new FakeSource();
    const live = new LiveMessages(2, { chartMs: 100, statsMs: 250 });
    live.attach(source);
    const chart = counting(live.subscribeChart);
    source.push([sendEvent(ping)], 0);
    expect(chart.calls).toBe(1);
    source.push([sendEvent({ ...ping, seq: 1 })], 16);
    expect(chart.calls).toBe(1);
    const before = live.getChartMessages();
    source.push([], 120);
    expect(chart.calls).toBe(2);
    // a new array for React, holding both
    expect(live.getChartMessages()).not.toBe(before);
    expect(live.getChartMessages()).toHaveLength(2);
    // paused: frames go on, nothing arrives
    for (let now = 200; now < 2000; now += 16) source.push([], now);
    expect(chart.calls).toBe(2);
  });

  it('updates the counters and ring bars a few times a second, when they change', () => {
    const source = new FakeSource();
    const live = new LiveMessages(2, { chartMs: 100, statsMs: 250 });
    live.attach(source);
    const stats = counting(live.subscribeStats);
    source.counts = { epochs: 1, types: new Map([[MSG.PING, { sent: 1, delivered: 0 }]]) };
    source.push([sendEvent(ping)], 0);
    expect(stats.calls).toBe(1);
    source.figures = [
      { used: 0, slots: 256, peak: 0, fullWaits: 0 },
      { used: 5, slots: 256, peak: 9, fullWaits: 2 },
    ];
    source.push([], 100);
    expect(stats.calls).toBe(1);
    source.push([], 300);
    expect(stats.calls).toBe(2);
    expect(live.getStats().rings[1]).toEqual({ used: 5, slots: 256, peak: 9, fullWaits: 2, recentMax: 5 });
    source.push([], 600);
    expect(stats.calls).toBe(2);
  });

  it('counts the events lost to wrapped trace rings, before and after it attached', () => {
    const source = new FakeSource();
    source.skipped = 5;
    const live = new LiveMessages(2);
    live.attach(source);
    source.push([], 0, 7);
    expect(live.getStats().skipped).toBe(12);
  });

  it('stops reading when detached', () => {
    const source = new FakeSource();
    const live = new LiveMessages(2);
    live.attach(source)();
    source.push([sendEvent(ping)], 0);
    expect(live.log.sent).toBe(0);
  });
});
