import { describe, expect, it } from 'vitest';
import { MSG } from '../../engine/machine/browser/trace-events';
import { MessageLog, type MessageRecord } from './message-log';
import { arrowLabel, GAP_NS, GUTTER, LABEL_CHAR_PX, layoutChart, lifelineX, ROW } from './sequence-layout';
import { sendEvent, type TestMessage } from './test-events';

function records(messages: TestMessage[]): readonly MessageRecord[] {
  const log = new MessageLog();
  log.add(messages.map(sendEvent));
  return log.all();
}

const base: TestMessage = { from: 0, to: 1, type: MSG.PING, seq: 0, sentAt: 1_000, deliverAt: 100_000 };

/** The numbers of an SVG path, in order. */
function numbers(path: string): number[] {
  return (path.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
}

describe('lifelineX', () => {
  it('spreads the kernels evenly right of the time axis', () => {
    const xs = [0, 1, 2, 3].map((k) => lifelineX(k, 4, 500));
    expect(xs[0]).toBeGreaterThan(GUTTER);
    expect(xs[3]).toBeLessThan(500);
    const steps = xs.slice(1).map((x, i) => x - (xs[i] as number));
    for (const s of steps) expect(s).toBeCloseTo(steps[0] as number, 0);
  });
});

describe('layoutChart', () => {
  it('gives every send a row and the deliveries at one time one row, in time order', () => {
    const layout = layoutChart(
      records([
        base,
        { ...base, seq: 1 }, // sent and delivered with the first
        { ...base, from: 1, to: 0, type: MSG.PONG, seq: 0, sentAt: 100_000, deliverAt: 200_000 },
      ]),
      2,
      400,
    );
    expect(layout.rows.map((r) => [r.time, r.kind, r.newTime])).toEqual([
      [1_000, 'send', true],
      [1_000, 'send', false],
      // the delivery comes before the reply sent at the same time
      [100_000, 'deliver', true],
      [100_000, 'send', false],
      [200_000, 'deliver', true],
    ]);
    expect(layout.rows.map((r) => r.y)).toEqual(layout.rows.map((_, i) => (layout.rows[0]?.y ?? 0) + i * ROW));
    expect(layout.height).toBeGreaterThan(layout.rows.at(-1)?.y ?? Infinity);
    // the two pings start apart and end together
    const [a, b] = layout.arrows.map((x) => numbers(x.path));
    expect(a?.[1]).not.toBe(b?.[1]);
    expect(numbers(layout.arrows[0]?.head ?? '').slice(0, 2)).toEqual(
      numbers(layout.arrows[1]?.head ?? '').slice(0, 2),
    );
  });

  it('draws an arrow from the sender at its send time down to the receiver at its delivery', () => {
    const layout = layoutChart(records([base]), 2, 400);
    const [arrow] = layout.arrows;
    const [x0, x1] = layout.lifelines.map((l) => l.x);
    const [sent, delivered] = layout.rows.map((r) => r.y);
    const shaft = numbers(arrow?.path ?? '');
    expect(shaft.slice(0, 2)).toEqual([x0, sent]);
    const head = numbers(arrow?.head ?? '');
    expect(head.slice(0, 2)).toEqual([x1, delivered]);
    // the shaft stops at the head's base, before the tip
    expect(shaft[2]).toBeLessThan(x1 as number);
    expect(shaft[3]).toBeLessThan(delivered as number);
  });

  it('points arrows leftwards too', () => {
    const layout = layoutChart(records([{ ...base, from: 2, to: 0 }]), 3, 400);
    const head = numbers(layout.arrows[0]?.head ?? '');
    expect(head[0]).toBe(layout.lifelines[0]?.x);
    expect(head[2]).toBeGreaterThan(head[0] as number);
  });

  it('loops a message a kernel sends itself', () => {
    const layout = layoutChart(records([{ ...base, to: 0 }]), 2, 400);
    expect(layout.arrows[0]?.labelAnchor).toBe('start');
    expect(Math.max(...numbers(layout.arrows[0]?.path ?? ''))).toBeGreaterThan(layout.lifelines[0]?.x ?? 0);
  });

  it('labels arrows with the Popcorn name the counters use, shortened only between close lifelines', () => {
    const page = { ...base, type: MSG.REMOTE_PAGE_RESPONSE_SHORT };
    // two kernels: room for every name
    expect(layoutChart(records([page]), 2, 640).arrows[0]?.label).toBe('REMOTE_PAGE_RESPONSE_SHORT');
    // sixteen kernels: neighbours are too close, the ends of the machine are not
    const sixteen = layoutChart(records([page, { ...page, seq: 1, to: 15 }]), 16, 640);
    expect(sixteen.arrows.map((a) => a.label)).toEqual(['PAGE_RESP_SHORT', 'REMOTE_PAGE_RESPONSE_SHORT']);
    expect(arrowLabel(MSG.TASK_MIGRATE, 'TASK_MIGRATE'.length * LABEL_CHAR_PX)).toBe('TASK_MIGRATE');
    expect(arrowLabel(MSG.PAGE_INVALIDATE_REQUEST, 50)).toBe('PAGE_INVAL_REQ');
  });

  it('writes labels from the sender towards the receiver', () => {
    const layout = layoutChart(records([base, { ...base, from: 1, to: 0, seq: 0, type: MSG.PONG }]), 2, 400);
    const [right, left] = layout.arrows;
    const [x0, x1] = layout.lifelines.map((l) => l.x);
    expect(right?.labelAnchor).toBe('start');
    expect(right?.labelX).toBeGreaterThan(x0 as number);
    expect(left?.labelAnchor).toBe('end');
    expect(left?.labelX).toBeLessThan(x1 as number);
  });

  it('marks long gaps between rows', () => {
    const layout = layoutChart(
      records([base, { ...base, seq: 1, sentAt: 100_000 + GAP_NS + 1, deliverAt: 100_000 + GAP_NS + 50_000 }]),
      2,
      400,
    );
    expect(layout.rows.map((r) => r.gapBefore)).toEqual([false, false, true, false]);
  });

  it('is empty with no messages', () => {
    const layout = layoutChart([], 16, 800);
    expect(layout.arrows).toEqual([]);
    expect(layout.lifelines).toHaveLength(16);
    expect(layout.height).toBeGreaterThan(0);
  });
});
