// Hit testing and the readout of the timeline: which run is under the pointer.

import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { EV } from '../../engine/machine/browser/trace-events';
import type { FeedEvent } from '../machine/trace-feed';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, layoutLanes } from './timeline-layout';
import { TimelineModel } from './timeline-model';
import { describeHit, hitTest } from './timeline-pointer';

const sw = (time: number, hart: number, pid: number, tid: number): FeedEvent => ({
  time,
  kind: EV.SWITCH,
  hart,
  pid,
  tid,
  a: 0,
  b: 0,
  c: 0,
  kernel: hart >> 1,
});

describe('hitTest', () => {
  // 1 ns per px from x = LABEL_WIDTH: hart 1 runs tid 5 over 100-200 and tid 7 over 200-201
  const harts = [
    [0, 1],
    [2, 3],
  ];
  const layout = layoutLanes(harts);
  const model = new TimelineModel(harts);
  model.ingest([sw(100, 1, 5, 5), sw(200, 1, 7, 7), sw(201, 1, 0, 0)]);
  const scale = scaleLinear()
    .domain([0, 1000])
    .range([LABEL_WIDTH, LABEL_WIDTH + 1000]);
  const y = AXIS_HEIGHT + LANE_HEIGHT + 4; // hart 1's lane

  it('finds the run under the point on the lane under it', () => {
    const hit = hitTest(model, layout, scale, LABEL_WIDTH + 150, y);
    expect(hit.lane?.hart).toBe(1);
    expect(hit.run?.tid).toBe(5);
    expect(describeHit(hit)).toBe('pid 5 · tid 5 on k0 h1 · 100 ns – 200 ns (100 ns)');
  });

  it('forgives a few px around a narrow bar, and says when the hart was idle', () => {
    expect(hitTest(model, layout, scale, LABEL_WIDTH + 203, y).run?.tid).toBe(7);
    const idle = hitTest(model, layout, scale, LABEL_WIDTH + 600, y);
    expect(idle.run).toBeUndefined();
    expect(describeHit(idle)).toBe('k0 h1 · idle at 600 ns');
  });

  it('hits nothing over the labels or the axis', () => {
    expect(hitTest(model, layout, scale, LABEL_WIDTH - 5, y).lane).toBeUndefined();
    const axis = hitTest(model, layout, scale, LABEL_WIDTH + 150, 3);
    expect(axis.lane).toBeUndefined();
    expect(describeHit(axis)).toBe('');
  });
});
