// Paints the timeline on two stacked 2D canvases (CSS px; the caller scales for
// devicePixelRatio). The background one, drawn only when the size changes: a lane per hart
// grouped by kernel, with its label. The foreground one, drawn whenever something moved: the
// time axis, the runs in view as bars labelled pid·tid where they are wide enough, and the
// migration arrows. Runs narrower than a pixel are merged, so the cost is bounded by the
// canvas's width, not by how many runs are kept; times map to x with plain arithmetic (no
// d3 scale call per run).

import { firstEndingAfter, type Run, type TimelineModel } from './timeline-model';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, type TimelineLayout } from './timeline-layout';
import { timeTicks, type TimeScale } from './timeline-scale';
import { kernelColourIn, type Palette } from '../theme/palette';

const BAR_INSET = 2;

export interface DrawInput {
  ctx: CanvasRenderingContext2D;
  /** CSS px. */
  width: number;
  layout: TimelineLayout;
  model: TimelineModel;
  scale: TimeScale;
  /** `scale` as arithmetic: x = x0 + (t - t0) * pxPerNs. */
  t0: number;
  t1: number;
  x0: number;
  pxPerNs: number;
  selectedTid: number | undefined;
  colourOf: (tid: number) => string;
  labelColourOf: (tid: number) => string;
  /** The monospace font family. */
  mono: string;
  /** The theme's colours. */
  palette: Palette;
}

/** The arithmetic form of `scale` for DrawInput. */
export function linearView(scale: TimeScale): Pick<DrawInput, 't0' | 't1' | 'x0' | 'pxPerNs'> {
  const [t0, t1] = scale.domain() as [number, number];
  const [x0, x1] = scale.range() as [number, number];
  return { t0, t1, x0, pxPerNs: (x1 - x0) / (t1 - t0) };
}

/** Draws the runs, the axis and the arrows; returns how many migration arrows are in view. */
export function drawTimeline(d: DrawInput): number {
  const { ctx, width, layout } = d;
  ctx.clearRect(0, 0, width, layout.height);
  drawAxis(d);
  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_WIDTH, AXIS_HEIGHT, width - LABEL_WIDTH, layout.height - AXIS_HEIGHT);
  ctx.clip();
  ctx.font = `10px ${d.mono}`;
  ctx.textBaseline = 'middle';
  for (const lane of layout.lanes) drawRuns(d, d.model.runs(lane.hart), lane.y);
  const arrows = drawMigrations(d);
  ctx.restore();
  return arrows;
}

/** The lanes and their labels, on the background canvas. */
export function drawBackground(
  ctx: CanvasRenderingContext2D,
  width: number,
  layout: TimelineLayout,
  mono: string,
  palette: Palette,
) {
  ctx.clearRect(0, 0, width, layout.height);
  ctx.font = `11px ${mono}`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = palette.muted;
  ctx.fillText('ms', 8, AXIS_HEIGHT / 2 - 2);
  for (const g of layout.groups) {
    ctx.fillStyle = kernelColourIn(palette, g.kernel);
    ctx.fillRect(0, g.y, 3, g.height - 1);
  }
  for (const lane of layout.lanes) {
    ctx.fillStyle = palette.lane;
    ctx.fillRect(LABEL_WIDTH, lane.y, width - LABEL_WIDTH, LANE_HEIGHT - 1);
    ctx.globalAlpha = 0.08;
    ctx.fillStyle = kernelColourIn(palette, lane.kernel);
    ctx.fillRect(LABEL_WIDTH, lane.y, width - LABEL_WIDTH, LANE_HEIGHT - 1);
    ctx.globalAlpha = 1;
    ctx.fillStyle = palette.muted;
    ctx.fillText(lane.label, 8, lane.y + LANE_HEIGHT / 2);
  }
}

function drawAxis({ ctx, width, layout, scale, mono, palette }: DrawInput): void {
  const ticks = timeTicks(scale, Math.max(2, Math.floor((width - LABEL_WIDTH) / 110)));
  ctx.font = `11px ${mono}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (const t of ticks) {
    if (t.x < LABEL_WIDTH || t.x > width) continue;
    ctx.fillStyle = palette.rule;
    ctx.fillRect(Math.round(t.x), AXIS_HEIGHT - 5, 1, layout.height - AXIS_HEIGHT + 5);
    ctx.fillStyle = palette.muted;
    ctx.fillText(t.label, Math.min(Math.max(t.x, LABEL_WIDTH + 20), width - 24), AXIS_HEIGHT / 2 - 2);
  }
  ctx.textAlign = 'start';
}

/** A bar being built from runs of one thread that touch (or share a pixel). */
interface Bar {
  x0: number;
  x1: number;
  run: Run;
}

function drawRuns(d: DrawInput, runs: readonly Run[], y: number): void {
  const { t0, t1, pxPerNs } = d;
  const left = d.x0 - t0 * pxPerNs;
  let bar: Bar | undefined;
  let i = firstEndingAfter(runs, t0);
  while (i < runs.length) {
    const run = runs[i] as Run;
    if (run.start > t1) break;
    const x0 = Math.max(LABEL_WIDTH - 1, left + run.start * pxPerNs);
    const x1 = Math.max(x0 + 1, Math.min(d.width + 1, left + run.end * pxPerNs));
    if (bar && bar.run.tid === run.tid && x0 <= bar.x1 + 0.5) {
      bar.x1 = Math.max(bar.x1, x1);
    } else if (!bar || x0 >= bar.x1 || (run.end - run.start) * pxPerNs >= 1) {
      if (bar) paintBar(d, bar, y);
      bar = { x0, x1, run };
    }
    // runs that end inside the bar add nothing visible: skip them all (a busy hart keeps
    // thousands of runs, far more than the pixels they are drawn on)
    i = firstEndingAfter(runs, (bar.x1 - left) / pxPerNs, i + 1);
  }
  if (bar) paintBar(d, bar, y);
}

function paintBar(d: DrawInput, bar: Bar, y: number): void {
  const { ctx } = d;
  const { tid, pid } = bar.run;
  const w = bar.x1 - bar.x0;
  const selected = d.selectedTid === tid;
  ctx.globalAlpha = d.selectedTid === undefined || selected ? 1 : 0.45;
  ctx.fillStyle = d.colourOf(tid);
  ctx.fillRect(bar.x0, y + BAR_INSET, w, LANE_HEIGHT - 1 - 2 * BAR_INSET);
  ctx.globalAlpha = 1;
  if (selected) {
    ctx.strokeStyle = d.palette.outline;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(bar.x0 + 0.75, y + BAR_INSET - 0.75, Math.max(0.5, w - 1.5), LANE_HEIGHT - 2 * BAR_INSET + 0.5);
  }
  const label = `${pid}·${tid}`;
  // about 6.1 px per character of 10 px monospace, and a little room either side
  const shown = Math.min(bar.x1, d.width) - Math.max(bar.x0, LABEL_WIDTH);
  if (shown >= label.length * 6.1 + 6) {
    ctx.fillStyle = d.labelColourOf(tid);
    ctx.fillText(label, Math.max(bar.x0, LABEL_WIDTH) + 3, y + LANE_HEIGHT / 2);
  }
}

/** The y of a lane's middle, or of a kernel's group of lanes when the hart is not known. */
function yOf(layout: TimelineLayout, hart: number | undefined, kernel: number): number | undefined {
  const lane = hart === undefined ? undefined : layout.laneOf.get(hart);
  if (lane) return lane.y + LANE_HEIGHT / 2;
  const g = layout.groups[kernel];
  return g ? g.y + g.height / 2 : undefined;
}

interface Arrow {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function drawMigrations(d: DrawInput): number {
  const { layout, width, t0, x0: left, pxPerNs } = d;
  const plain: Arrow[] = [];
  const bold: Arrow[] = [];
  for (const m of d.model.migrations()) {
    const y0 = yOf(layout, m.fromHart, m.from);
    const y1 = yOf(layout, m.arriveHart, m.to);
    if (y0 === undefined || y1 === undefined) continue;
    const x0 = left + (m.time - t0) * pxPerNs;
    const x1 = left + ((m.arriveTime ?? m.time) - t0) * pxPerNs;
    if (Math.max(x0, x1) < LABEL_WIDTH || Math.min(x0, x1) > width) continue;
    (d.selectedTid === m.tid ? bold : plain).push({ x0, y0, x1, y1 });
  }
  drawArrows(d.ctx, d.palette, plain, false);
  drawArrows(d.ctx, d.palette, bold, true);
  return plain.length + bold.length;
}

/** All of `arrows` in one path per stroke: a halo, the line and head, the dots. */
function drawArrows(ctx: CanvasRenderingContext2D, palette: Palette, arrows: Arrow[], bold: boolean): void {
  if (arrows.length === 0) return;
  const head = 7;
  ctx.beginPath();
  for (const { x0, y0, x1, y1 } of arrows) {
    const angle = Math.atan2(y1 - y0, x1 - x0);
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
  }
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  // a halo in the lanes' own shade keeps the arrows readable over bars of any colour
  ctx.strokeStyle = palette.halo;
  ctx.lineWidth = bold ? 5 : 3.5;
  ctx.stroke();
  ctx.strokeStyle = palette.arrow;
  ctx.lineWidth = bold ? 2.5 : 1.5;
  ctx.stroke();
  ctx.beginPath();
  for (const { x0, y0 } of arrows) {
    ctx.moveTo(x0 + 2.5, y0);
    ctx.arc(x0, y0, bold ? 3 : 2.2, 0, 2 * Math.PI);
  }
  ctx.fillStyle = palette.arrow;
  ctx.fill();
}
