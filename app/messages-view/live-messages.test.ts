import { describe, expect, it } from 'vitest';
import type { RingFigures } from '../../engine/machine/browser/browser-machine';
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
  readonly machine = { ring: (k: number) => this.figures[k] ?? { used: 0, slots: 256, peak: 0, fullWaits: 0 } };
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
    expect(live.getStats()).toMatchObject({ sent: 2, delivered: 1 });
    expect(live.getStats().types).toEqual([
      { type: MSG.PING, name: 'PING', sent: 2, delivered: 1, perMs: expect.any(Number) as number },
    ]);
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
