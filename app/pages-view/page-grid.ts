// Where each page of the focused process goes in the pages grid: one band per VMA with pages
// present (a label line, then its pages in address order, row after row; a VMA with none, a
// guard page say, takes no room: the inspector lists every VMA), small holes between present pages
// kept as empty cells so neighbours stay neighbours, and longer runs of absent pages collapsed
// into one gap cell (a stack VMA is megabytes of which a few pages are present). Pure: the
// canvas painter draws what this lays out, and clicks are mapped back with cellAt().

import { PAGE_SIZE } from '../../engine/machine/browser/kernel-view';
import { formatAddress } from '../machine-view/layout';
import type { ViewPage, ViewVma } from '../../engine/machine/browser/kernel-view';

/** Runs of at most this many absent pages are drawn as empty cells; longer ones collapse into one. */
export const HOLE_MAX = 4;

export interface GridMetrics {
  /** CSS pixels across. */
  width: number;
  /** Cell size plus the space after it. */
  pitch: number;
  /** Height of a band's label line. */
  labelHeight: number;
  /** Space after a band. */
  bandGap: number;
}

export type SlotKind = 'page' | 'hole' | 'gap';

export interface GridCell {
  kind: SlotKind;
  x: number;
  y: number;
  /** The page's address (a hole's or gap's first absent page). */
  va: number;
  /** Index of the page in the board's pages ('page' cells), else -1. */
  index: number;
  /** Absent pages the cell stands for (1 for a hole, the run for a gap, 0 for a page). */
  missing: number;
}

export interface GridBand {
  /** Undefined for the band of pages outside every VMA. */
  vma: ViewVma | undefined;
  /** Top of the label line. */
  y: number;
  /** Pages of the band present in the board. */
  present: number;
}

export interface GridLayout {
  width: number;
  height: number;
  pitch: number;
  labelHeight: number;
  columns: number;
  cells: GridCell[];
  bands: GridBand[];
  /** Cell index of each page, by address. */
  byVa: Map<number, number>;
  /** VMAs left out for having no page present. */
  emptyVmas: number;
}

/** A cell pitch that keeps a few pages big and thousands on screen. */
export function pitchFor(pages: number): number {
  if (pages <= 600) return 14;
  if (pages <= 1500) return 10;
  if (pages <= 3000) return 8;
  return 6;
}

/** The bands' page runs: the pages of each VMA, in address order, and those outside them all. */
function bandsOf(vmas: readonly ViewVma[], pages: readonly ViewPage[]): Array<{ vma?: ViewVma; pages: number[] }> {
  const sorted = [...vmas].sort((a, b) => a.start - b.start);
  const order = pages.map((_, i) => i);
  // the board lists pages in address order already; sort only if it ever does not
  if (pages.some((p, i) => i > 0 && (pages[i - 1]?.va ?? 0) > p.va))
    order.sort((a, b) => (pages[a]?.va ?? 0) - (pages[b]?.va ?? 0));
  const bands: Array<{ vma?: ViewVma; pages: number[] }> = sorted.map((vma) => ({ vma, pages: [] }));
  const outside: number[] = [];
  let v = 0;
  for (const i of order) {
    const va = pages[i]?.va ?? 0;
    while (v < sorted.length && (sorted[v]?.end ?? 0) <= va) v++;
    const vma = sorted[v];
    if (vma && vma.start <= va) bands[v]?.pages.push(i);
    else outside.push(i);
  }
  if (outside.length > 0) bands.push({ pages: outside });
  return bands;
}

export function layoutGrid(vmas: readonly ViewVma[], pages: readonly ViewPage[], m: GridMetrics): GridLayout {
  const columns = Math.max(1, Math.floor(m.width / m.pitch));
  const cells: GridCell[] = [];
  const bands: GridBand[] = [];
  const byVa = new Map<number, number>();
  let y = 0;
  let emptyVmas = 0;
  for (const band of bandsOf(vmas, pages)) {
    if (band.pages.length === 0) {
      emptyVmas++;
      continue;
    }
    bands.push({ vma: band.vma, y, present: band.pages.length });
    const top = y + m.labelHeight;
    let slot = 0;
    const put = (kind: SlotKind, va: number, index: number, missing: number) => {
      cells.push({
        kind,
        x: (slot % columns) * m.pitch,
        y: top + Math.floor(slot / columns) * m.pitch,
        va,
        index,
        missing,
      });
      slot++;
    };
    // absent pages from `from` (inclusive) to `to` (exclusive): a few empty cells or one gap
    const absent = (from: number, to: number) => {
      const n = Math.round((to - from) / PAGE_SIZE);
      if (n <= 0) return;
      if (n > HOLE_MAX) put('gap', from, -1, n);
      else for (let k = 0; k < n; k++) put('hole', from + k * PAGE_SIZE, -1, 1);
    };
    let next = band.vma?.start;
    for (const i of band.pages) {
      const va = pages[i]?.va ?? 0;
      if (next !== undefined) absent(next, va);
      byVa.set(va, cells.length);
      put('page', va, i, 0);
      next = va + PAGE_SIZE;
    }
    if (band.vma && next !== undefined) absent(next, band.vma.end);
    y = top + Math.ceil(slot / columns) * m.pitch + m.bandGap;
  }
  return {
    width: m.width,
    height: Math.max(0, y - m.bandGap),
    pitch: m.pitch,
    labelHeight: m.labelHeight,
    columns,
    cells,
    bands,
    byVa,
    emptyVmas,
  };
}

/** The cell under a point (CSS pixels from the grid's top left), if any. */
export function cellAt(layout: GridLayout, x: number, y: number): GridCell | undefined {
  const p = layout.pitch;
  return layout.cells.find((c) => x >= c.x && x < c.x + p && y >= c.y && y < c.y + p);
}

/** "data /bin/mt · rw- · 0x0001_0000–0x0001_2000 · 2 pages": what a band's label line says. */
export function bandLabel(band: GridBand): string {
  const pages = `${band.present} page${band.present === 1 ? '' : 's'} present`;
  const v = band.vma;
  if (!v) return `outside any VMA · ${pages}`;
  const prot = `${v.prot & 1 ? 'r' : '-'}${v.prot & 2 ? 'w' : '-'}${v.prot & 4 ? 'x' : '-'}`;
  const name = v.name ? ` ${v.name}` : '';
  return `${v.kind}${name} · ${prot} · ${formatAddress(v.start)}–${formatAddress(v.end)} · ${pages}`;
}
