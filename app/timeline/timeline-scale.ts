// The timeline's time axis, pure: the scale that d3-zoom's transform rescales, the transform
// that keeps the latest time at the right edge (following), and tick labels in virtual ms.

import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { LABEL_WIDTH } from './timeline-layout';

/** Virtual ns across the plot at zoom 1: about two seconds of wall time at the default speed. */
export const DEFAULT_SPAN_NS = 20e6;
export const MIN_SPAN_NS = 2e3;
export const MAX_SPAN_NS = 1e9;

/** The zoom transform's k, from the widest view to the narrowest. */
export const SCALE_EXTENT: [number, number] = [DEFAULT_SPAN_NS / MAX_SPAN_NS, DEFAULT_SPAN_NS / MIN_SPAN_NS];

export type TimeScale = ScaleLinear<number, number>;

/** DEFAULT_SPAN_NS from time 0 over the plot, right of the label column of a canvas `width` wide. */
export function baseScale(width: number): TimeScale {
  return scaleLinear()
    .domain([0, DEFAULT_SPAN_NS])
    .range([LABEL_WIDTH, Math.max(LABEL_WIDTH + 1, width)]);
}

/** `t`'s zoom with the plot's right edge at virtual time `now`. */
export function followTransform(t: ZoomTransform, base: TimeScale, now: number): ZoomTransform {
  const right = base.range()[1] ?? 0;
  return zoomIdentity.translate(right - t.k * base(now), 0).scale(t.k);
}

/** `t`'s zoom with virtual time `ns` a third of the way across the plot. */
export function holdTransform(t: ZoomTransform, base: TimeScale, ns: number): ZoomTransform {
  const [left = 0, right = 0] = base.range();
  return zoomIdentity.translate(left + (right - left) / 3 - t.k * base(ns), 0).scale(t.k);
}

export interface Tick {
  x: number;
  label: string;
}

/** About `count` ticks over `scale`'s domain, labelled in virtual ms with just enough decimals. */
export function timeTicks(scale: TimeScale, count: number): Tick[] {
  const ticks = scale.ticks(Math.max(1, count));
  const [a, b] = scale.domain() as [number, number];
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : Math.abs(b - a);
  const decimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step / 1e6) - 1e-9)));
  return ticks.map((t) => ({ x: scale(t), label: (t / 1e6).toFixed(decimals) }));
}
