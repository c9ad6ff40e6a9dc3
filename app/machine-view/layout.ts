// What the machine view draws, worked out from the scenario's machine description alone
// (pure, so it is tested without a browser): which kernel owns each hart and which NUMA node
// holds it, the physical memory map as segments, and a colour per kernel.

import type { MachineSpec } from '../../engine/machine/machine-spec';

/** Kernel colours the theme defines (app/theme/themes.css); they repeat past eight kernels. */
export const KERNEL_COLOUR_COUNT = 8;
export const MESSAGING_COLOUR = 'var(--messaging)';
export const FREE_COLOUR = 'var(--free)';

/**
 * A kernel's colour, for a style or an SVG attribute: the theme's custom property, so it
 * follows the theme. Canvases cannot use it: they take theirs from readPalette().
 */
export function kernelColour(kernel: number): string {
  return `var(--kernel-${kernel % KERNEL_COLOUR_COUNT})`;
}

export interface HartPlace {
  hart: number;
  node: number;
  /** The owning kernel, or undefined when no kernel has the hart. */
  kernel: number | undefined;
}

export interface NodePlace {
  node: number;
  harts: HartPlace[];
}

/** NUMA nodes with their harts, in hart order. */
export function placeHarts(spec: MachineSpec): NodePlace[] {
  const owner = new Map<number, number>();
  spec.kernels.forEach((k, i) => {
    for (const h of k.harts) owner.set(h, i);
  });
  let next = 0;
  return spec.nodes.map((n, node) => ({
    node,
    harts: Array.from({ length: n.harts }, () => {
      const hart = next++;
      return { hart, node, kernel: owner.get(hart) };
    }),
  }));
}

export type SegmentKind = 'messaging' | 'kernel' | 'free';

export interface MemorySegment {
  kind: SegmentKind;
  /** Set when kind is 'kernel'. */
  kernel?: number;
  base: number;
  size: number;
}

/** Guest physical memory from 0 to the end of RAM: the messaging window, each kernel's window, gaps. */
export function memorySegments(spec: MachineSpec): MemorySegment[] {
  const owned: MemorySegment[] = [];
  if (spec.messagingBytes > 0) owned.push({ kind: 'messaging', base: 0, size: spec.messagingBytes });
  spec.kernels.forEach((k, kernel) => owned.push({ kind: 'kernel', kernel, base: k.memory.base, size: k.memory.size }));
  owned.sort((a, b) => a.base - b.base);
  const segments: MemorySegment[] = [];
  let at = 0;
  for (const s of owned) {
    if (s.base > at) segments.push({ kind: 'free', base: at, size: s.base - at });
    segments.push(s);
    at = Math.max(at, s.base + s.size);
  }
  if (at < spec.ramBytes) segments.push({ kind: 'free', base: at, size: spec.ramBytes - at });
  return segments;
}

/**
 * Widths for the segments on a bar `width` wide: proportional to size, but never narrower than
 * `min`, so a 4 MiB messaging window stays visible next to 254 MiB kernels.
 */
export function segmentWidths(segments: MemorySegment[], width: number, min: number): number[] {
  const total = segments.reduce((n, s) => n + s.size, 0);
  const raw = segments.map((s) => (s.size / total) * width);
  const small = raw.map((w) => w < min);
  const fixed = small.reduce((n, isSmall) => n + (isSmall ? min : 0), 0);
  const rest = raw.reduce((n, w, i) => n + (small[i] ? 0 : w), 0);
  const scale = rest > 0 ? (width - fixed) / rest : 0;
  return raw.map((w, i) => (small[i] ? min : w * scale));
}

/** Left edge and width of each segment on the bar (segmentWidths, laid end to end). */
export function segmentBoxes(
  segments: MemorySegment[],
  width: number,
  min: number,
): Array<{ x: number; width: number }> {
  const widths = segmentWidths(segments, width, min);
  return widths.map((w, i) => ({ x: widths.slice(0, i).reduce((a, b) => a + b, 0), width: w }));
}

/** Bytes as people read them: 4 MiB, 254 MiB, 1.5 GiB, 512 KiB. */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** A guest physical address as 0x0000_0000 (the memory map's labels). */
export function formatAddress(pa: number): string {
  const hex = pa.toString(16).padStart(8, '0');
  return `0x${hex.slice(0, -4)}_${hex.slice(-4)}`;
}
