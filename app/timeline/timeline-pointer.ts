// What is under the pointer on the timeline, pure (tested without a browser): the hart lane and
// the run at a CSS point, forgiving a few px for bars narrower than a click, and the one-line
// description the panel shows for it.

import { LABEL_WIDTH, laneAt, type Lane, type TimelineLayout } from './timeline-layout';
import { firstEndingAfter, type Run, type TimelineModel } from './timeline-model';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';
import type { TimeScale } from './timeline-scale';

/** A click this close (CSS px) to a narrow bar still hits it. */
export const HIT_SLOP_PX = 3;

export interface Hit {
  /** The hart lane under the point (none over the axis, the labels or a gap). */
  lane: Lane | undefined;
  run: Run | undefined;
  /** Virtual ns under the point. */
  time: number;
}

export function hitTest(model: TimelineModel, layout: TimelineLayout, scale: TimeScale, x: number, y: number): Hit {
  const time = scale.invert(x);
  const lane = x >= LABEL_WIDTH ? laneAt(layout, y) : undefined;
  if (!lane) return { lane, run: undefined, time };
  const slop = Math.abs(scale.invert(x + HIT_SLOP_PX) - time);
  return { lane, run: nearestRun(model.runs(lane.hart), time, slop), time };
}

/** The run at `time`, else the nearest within `slop` of it. */
function nearestRun(runs: readonly Run[], time: number, slop: number): Run | undefined {
  let best: Run | undefined;
  let bestGap = Infinity;
  for (let i = firstEndingAfter(runs, time - slop); i < runs.length; i++) {
    const r = runs[i] as Run;
    if (r.start > time + slop) break;
    const gap = Math.max(0, r.start - time, time - r.end);
    if (gap < bestGap) {
      best = r;
      bestGap = gap;
    }
  }
  return best;
}

/** "pid 5 · tid 13 on k1 h3 · 7.400 ms – 7.500 ms (100.0 µs)", or the lane idle, or nothing. */
export function describeHit({ lane, run, time }: Hit): string {
  if (!lane) return '';
  const at = (ns: number) => formatVirtualTime(ns, EVENT_TIME_NS);
  if (!run) return `${lane.label} · idle at ${at(time)}`;
  const span = `${at(run.start)} – ${run.state === 'open' ? 'now' : at(run.end)}`;
  return `pid ${run.pid} · tid ${run.tid} on ${lane.label} · ${span} (${formatVirtualTime(run.end - run.start)})`;
}
