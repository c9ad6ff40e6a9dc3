// Where the timeline draws what, pure (tested without a browser): one lane per hart, grouped by
// kernel under the time axis, a label column at the left, and a colour per thread.

import { hartName, originOf, serialOf } from '../../engine/machine/rules';

export const LABEL_WIDTH = 60;
export const AXIS_HEIGHT = 22;
export const LANE_HEIGHT = 16;
/** Between two kernels' groups of lanes. */
export const GROUP_GAP = 5;

export interface Lane {
  hart: number;
  kernel: number;
  /** Top, in CSS px from the canvas's top. */
  y: number;
  label: string;
}

export interface KernelGroup {
  kernel: number;
  y: number;
  height: number;
}

export interface TimelineLayout {
  lanes: Lane[];
  groups: KernelGroup[];
  /** The canvas's height in CSS px. */
  height: number;
  laneOf: ReadonlyMap<number, Lane>;
}

/** Lanes for `kernelHarts` (per kernel, its global hart indices), kernel by kernel. */
export function layoutLanes(kernelHarts: readonly (readonly number[])[]): TimelineLayout {
  const lanes: Lane[] = [];
  const groups: KernelGroup[] = [];
  let y = AXIS_HEIGHT;
  kernelHarts.forEach((harts, kernel) => {
    if (kernel > 0) y += GROUP_GAP;
    const top = y;
    for (const hart of harts) {
      lanes.push({ hart, kernel, y, label: hartName(hart, kernel, 'short') });
      y += LANE_HEIGHT;
    }
    groups.push({ kernel, y: top, height: y - top });
  });
  return { lanes, groups, height: y + 2, laneOf: new Map(lanes.map((l) => [l.hart, l])) };
}

/** The lane under CSS y `y`, if any. */
export function laneAt(layout: TimelineLayout, y: number): Lane | undefined {
  return layout.lanes.find((l) => y >= l.y && y < l.y + LANE_HEIGHT);
}

/** Lighter and darker steps of the kernel colour, so neighbouring threads of one kernel differ. */
const SHADES = [0, 0.4, -0.35, 0.65, -0.55, 0.2, -0.2];

/**
 * A thread's colour: its origin kernel's in `kernels` (the theme's, #rrggbb), lightened or
 * darkened by how many of that kernel's tids came before.
 */
export function threadColour(tid: number, kernelCount: number, kernels: readonly string[]): string {
  const n = Math.max(1, kernelCount);
  const origin = originOf(tid, n);
  const step = serialOf(tid, n);
  return shade(kernels[origin % kernels.length] ?? '#808080', SHADES[step % SHADES.length] ?? 0);
}

/** `hex` (#rrggbb) mixed towards white (amount > 0) or black (amount < 0). */
export function shade(hex: string, amount: number): string {
  const [r, g, b] = rgb(hex);
  const to = amount > 0 ? 255 : 0;
  const a = Math.abs(amount);
  const mix = (c: number) => Math.round(c + (to - c) * a);
  return `#${[mix(r), mix(g), mix(b)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Dark text on light bars, light text on dark ones. */
export function labelColourOn(hex: string): string {
  const [r, g, b] = rgb(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? '#0d1117' : '#f0f6fc';
}

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1, 7), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Thread colours and their label colours, worked out once per thread. */
export class ThreadPalette {
  private readonly fills = new Map<number, string>();
  private readonly labels = new Map<number, string>();

  constructor(
    private readonly kernelCount: number,
    /** The theme's kernel colours (#rrggbb). */
    private readonly kernels: readonly string[],
  ) {}

  readonly fill = (tid: number): string => {
    let c = this.fills.get(tid);
    if (c === undefined) {
      c = threadColour(tid, this.kernelCount, this.kernels);
      this.fills.set(tid, c);
    }
    return c;
  };

  readonly label = (tid: number): string => {
    let c = this.labels.get(tid);
    if (c === undefined) {
      c = labelColourOn(this.fill(tid));
      this.labels.set(tid, c);
    }
    return c;
  };
}
