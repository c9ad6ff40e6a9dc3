// The timeline's time axis: following the latest time, ticks, and times for people.

import { zoomIdentity } from 'd3-zoom';
import { describe, expect, it } from 'vitest';
import { LABEL_WIDTH } from './timeline-layout';
import { baseScale, DEFAULT_SPAN_NS, followTransform, holdTransform, timeTicks } from './timeline-scale';

describe('followTransform', () => {
  it('puts the latest time at the right edge and keeps the zoom', () => {
    const base = baseScale(1000);
    for (const k of [1, 4, 0.25]) {
      const view = followTransform(zoomIdentity.scale(k), base, 123_456_789).rescaleX(base);
      const [t0, t1] = view.domain() as [number, number];
      expect(t1).toBeCloseTo(123_456_789, 3);
      expect(t1 - t0).toBeCloseTo(DEFAULT_SPAN_NS / k, 3);
      expect(view(t1)).toBeCloseTo(1000);
      expect(view(t0)).toBeCloseTo(LABEL_WIDTH);
    }
  });
});

describe('holdTransform', () => {
  it('holds a time a third of the way across the plot and keeps the zoom', () => {
    const base = baseScale(1000);
    for (const k of [1, 4, 0.25]) {
      const view = holdTransform(zoomIdentity.scale(k), base, 2_000_000).rescaleX(base);
      const [t0, t1] = view.domain() as [number, number];
      expect(view(2_000_000)).toBeCloseTo(LABEL_WIDTH + (1000 - LABEL_WIDTH) / 3);
      expect(t1 - t0).toBeCloseTo(DEFAULT_SPAN_NS / k, 3);
    }
  });
});

describe('timeTicks', () => {
  it('labels in ms with just enough decimals for the step', () => {
    const base = baseScale(1000);
    const wide = timeTicks(base.copy().domain([0, 20e6]), 8).map((t) => t.label);
    expect(wide).toEqual(['0', '2', '4', '6', '8', '10', '12', '14', '16', '18', '20']);
    const narrow = timeTicks(base.copy().domain([2_450_000, 2_452_000]), 4).map((t) => t.label);
    expect(narrow).toEqual(['2.4500', '2.4505', '2.4510', '2.4515', '2.4520']);
  });
});
