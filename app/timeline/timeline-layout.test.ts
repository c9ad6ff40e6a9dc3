// Lanes, hit testing and thread colours of the timeline.

import { describe, expect, it } from 'vitest';
import {
  AXIS_HEIGHT,
  GROUP_GAP,
  LANE_HEIGHT,
  labelColourOn,
  laneAt,
  layoutLanes,
  shade,
  threadColour,
} from './timeline-layout';

describe('layoutLanes', () => {
  it('stacks a lane per hart under the axis, kernel by kernel, with a gap between kernels', () => {
    const l = layoutLanes([
      [0, 1],
      [2, 3],
    ]);
    expect(l.lanes.map((lane) => [lane.label, lane.y])).toEqual([
      ['k0 h0', AXIS_HEIGHT],
      ['k0 h1', AXIS_HEIGHT + LANE_HEIGHT],
      ['k1 h2', AXIS_HEIGHT + 2 * LANE_HEIGHT + GROUP_GAP],
      ['k1 h3', AXIS_HEIGHT + 3 * LANE_HEIGHT + GROUP_GAP],
    ]);
    expect(l.groups[1]).toEqual({ kernel: 1, y: AXIS_HEIGHT + 2 * LANE_HEIGHT + GROUP_GAP, height: 2 * LANE_HEIGHT });
    expect(l.height).toBeGreaterThanOrEqual(AXIS_HEIGHT + 4 * LANE_HEIGHT + GROUP_GAP);
  });

  it('is as tall as its lanes, the gaps between kernels and the axis (sixteen kernels of two harts)', () => {
    const l = layoutLanes(Array.from({ length: 16 }, (_, k) => [2 * k, 2 * k + 1]));
    expect(l.lanes).toHaveLength(32);
    expect(l.lanes[31]).toMatchObject({ hart: 31, kernel: 15, label: 'k15 h31' });
    expect(l.height).toBe(AXIS_HEIGHT + 32 * LANE_HEIGHT + 15 * GROUP_GAP + 2);
  });

  it('finds the lane under a point, and none in the gaps', () => {
    const l = layoutLanes([[0], [5]]);
    expect(laneAt(l, AXIS_HEIGHT + 1)?.hart).toBe(0);
    expect(laneAt(l, AXIS_HEIGHT + LANE_HEIGHT + 1)).toBeUndefined(); // between the kernels
    expect(laneAt(l, AXIS_HEIGHT + LANE_HEIGHT + GROUP_GAP + 1)?.hart).toBe(5);
    expect(laneAt(l, 3)).toBeUndefined(); // the axis
  });
});

describe('threadColour', () => {
  it('gives a thread its origin kernel’s colour, told apart from that kernel’s other threads', () => {
    // four kernels: tids 1, 5, 9 start on kernel 0; tid 2 on kernel 1
    const kernels = ['#58a6ff', '#f0883e', '#3fb950', '#bc8cff'];
    expect(threadColour(1, 4, kernels)).toBe('#58a6ff');
    expect(threadColour(2, 4, kernels)).toBe('#f0883e');
    const kernel0 = [1, 5, 9, 13].map((tid) => threadColour(tid, 4, kernels));
    expect(new Set(kernel0).size).toBe(4);
  });

  it('mixes towards white or black and picks readable label text', () => {
    expect(shade('#58a6ff', 0)).toBe('#58a6ff');
    expect(shade('#000000', 0.5)).toBe('#808080');
    expect(shade('#ffffff', -1)).toBe('#000000');
    expect(labelColourOn('#ffffff')).toBe('#0d1117');
    expect(labelColourOn('#1f3a5c')).toBe('#f0f6fc');
  });
});
