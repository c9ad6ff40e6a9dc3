// Where the sequence chart draws things (pure, so it is tested without a browser): one vertical
// lifeline per kernel, time flowing down with the latest message at the bottom, and each message
// an arrow from its sender's lifeline at its send time to its receiver's at its delivery time.
//
// Time runs down in evenly spaced rows, not on a linear scale: messages are delivered at epoch
// boundaries (100 µs) and handlers reply at once, so many messages share their times, while
// the chart may also span a second of idle time. Every send gets a row of its own (so no two
// arrows lie on top of each other), and the deliveries at one time share a row placed before
// the sends at that time (a handler's reply starts below the request it answers). Rows keep
// the order of time, so an arrow never points up; the left axis prints a row's time when it
// differs from the row above, and a row more than GAP_NS after the one above is marked.
//
// An arrow's label is its message type's Popcorn name (the one the counters, the inspector and
// the hints use), written from the sender's lifeline towards the receiver's; where the two
// lifelines are too close for it, the shortened name (the chart shows the full one on hover).

import { messageTypeName } from '../../engine/machine/browser/trace-events';
import { shortTypeName } from './format';
import type { MessageRecord } from './message-log';

/** Left margin, for the rows' times. */
export const GUTTER = 92;
const PAD_RIGHT = 14;
const PAD_Y = 12;
/** Pixels between two rows. */
export const ROW = 17;
/** Rows further apart than this (1 ms of virtual time) get a break mark between them. */
export const GAP_NS = 1_000_000;
const HEAD_LENGTH = 7;
const HEAD_HALF_WIDTH = 3.5;
/** How far a kernel's message to itself loops out to the right. */
const LOOP = 16;
/** Labels start this far from the sender's lifeline: near the sender, so labels of arrows that
 * share their end, or run both ways between two kernels, do not land on one another. */
const LABEL_GAP = 5;
/** Width of a label character (10 px monospace, messages.css), a little generous. */
export const LABEL_CHAR_PX = 6.2;

export interface Lifeline {
  kernel: number;
  x: number;
}

export interface ChartRow {
  time: number;
  y: number;
  /** One message's send, or every delivery at this time. */
  kind: 'send' | 'deliver';
  /** The time differs from the row above's (so the axis prints it). */
  newTime: boolean;
  /** More than GAP_NS after the row above. */
  gapBefore: boolean;
}

export interface ChartArrow {
  record: MessageRecord;
  /** The message type's name, or its short form where the full one does not fit. */
  label: string;
  /** The shaft, ending where the head starts. */
  path: string;
  /** The head, a closed triangle. */
  head: string;
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'end';
}

export interface ChartLayout {
  width: number;
  height: number;
  lifelines: Lifeline[];
  rows: ChartRow[];
  arrows: ChartArrow[];
}

/** The x of kernel `kernel`'s lifeline in a chart `width` wide: kernels share the width evenly. */
export function lifelineX(kernel: number, kernels: number, width: number): number {
  const span = Math.max(width - GUTTER - PAD_RIGHT, kernels);
  return round(GUTTER + ((kernel + 0.5) * span) / Math.max(kernels, 1));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Popcorn's name for message type `type` if it fits in `room` pixels, else its short form. */
export function arrowLabel(type: number, room: number): string {
  const name = messageTypeName(type);
  return name.length * LABEL_CHAR_PX <= room ? name : shortTypeName(type);
}

/** A straight arrow from (x1, y1) to (x2, y2): shaft to the head's base, and the head. */
function straight(x1: number, y1: number, x2: number, y2: number): { path: string; head: string } {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const bx = x2 - ux * HEAD_LENGTH;
  const by = y2 - uy * HEAD_LENGTH;
  const nx = -uy * HEAD_HALF_WIDTH;
  const ny = ux * HEAD_HALF_WIDTH;
  return {
    path: `M${round(x1)},${round(y1)}L${round(bx)},${round(by)}`,
    head: `M${round(x2)},${round(y2)}L${round(bx + nx)},${round(by + ny)}L${round(bx - nx)},${round(by - ny)}Z`,
  };
}

interface Stop {
  time: number;
  /** The message sent here; undefined for a delivery. */
  sent: MessageRecord | undefined;
}

/** Every send and every delivery time, in time order, deliveries first at equal times. */
function stops(records: readonly MessageRecord[]): Stop[] {
  const all: Stop[] = [];
  const deliveries = new Set<number>();
  for (const r of records) {
    all.push({ time: r.sentAt, sent: r });
    if (!deliveries.has(r.deliverAt)) all.push({ time: r.deliverAt, sent: undefined });
    deliveries.add(r.deliverAt);
  }
  // a stable sort: sends at one time stay in the records' (send) order
  return all.sort((a, b) => a.time - b.time || (a.sent ? 1 : 0) - (b.sent ? 1 : 0));
}

/** `records` (in send order) on `kernels` lifelines, in a chart `width` pixels wide. */
export function layoutChart(records: readonly MessageRecord[], kernels: number, width: number): ChartLayout {
  const lifelines = Array.from({ length: kernels }, (_, kernel) => ({ kernel, x: lifelineX(kernel, kernels, width) }));
  const sendY = new Map<MessageRecord, number>();
  const deliverY = new Map<number, number>();
  const rows: ChartRow[] = stops(records).map((stop, i, all) => {
    const y = PAD_Y + i * ROW;
    if (stop.sent) sendY.set(stop.sent, y);
    else deliverY.set(stop.time, y);
    const before = all[i - 1];
    return {
      time: stop.time,
      y,
      kind: stop.sent ? 'send' : 'deliver',
      newTime: before?.time !== stop.time,
      gapBefore: before !== undefined && stop.time - before.time > GAP_NS,
    };
  });
  const arrows = records.map((record): ChartArrow => {
    const x1 = lifelines[record.from]?.x ?? lifelineX(record.from, kernels, width);
    const x2 = lifelines[record.to]?.x ?? lifelineX(record.to, kernels, width);
    const y1 = sendY.get(record) ?? PAD_Y;
    const y2 = deliverY.get(record.deliverAt) ?? PAD_Y;
    if (record.from === record.to) {
      // a message to itself: out to the right, down, and back; its label up to the next lifeline
      const out = x1 + LOOP;
      const next = lifelines[record.from + 1]?.x ?? width;
      return {
        record,
        label: arrowLabel(record.type, next - out - 3 - LABEL_GAP),
        path: `M${x1},${y1}H${out}V${y2}H${x1 + HEAD_LENGTH}`,
        head: `M${x1},${y2}L${x1 + HEAD_LENGTH},${y2 - HEAD_HALF_WIDTH}L${x1 + HEAD_LENGTH},${y2 + HEAD_HALF_WIDTH}Z`,
        labelX: out + 3,
        labelY: y1 + ROW / 2,
        labelAnchor: 'start',
      };
    }
    const rightwards = x2 > x1;
    return {
      record,
      label: arrowLabel(record.type, Math.abs(x2 - x1) - 2 * LABEL_GAP),
      ...straight(x1, y1, x2, y2),
      // just above the arrow's start, running towards the receiver
      labelX: round(x1 + (rightwards ? LABEL_GAP : -LABEL_GAP)),
      labelY: y1,
      labelAnchor: rightwards ? 'start' : 'end',
    };
  });
  const height = rows.length === 0 ? 2 * PAD_Y : PAD_Y * 2 + (rows.length - 1) * ROW;
  return { width, height, lifelines, rows, arrows };
}
