// Draws the pages grid on two stacked canvases: the base (labels and cells, repainted only
// when the board's contents or the width change) and the overlay (busy pages pulsing, fetch
// glows, invalidation crosses, the pages an invariant broke on, the selected and hovered cell), repainted every frame only
// while something on it moves. Thousands of cells are a few thousand fillRects: cheap enough
// for a frame, but not for every frame, hence the split.

import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { kernelColourIn, type Palette } from '../theme/palette';
import { cellState } from './cell-state';
import type { Flash, Flashes } from './flashes';
import { bandLabel, type GridCell, type GridLayout } from './page-grid';

const LABEL_FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

function gapOf(pitch: number): number {
  return pitch >= 10 ? 2 : 1;
}

export class GridPainter {
  private readonly base: CanvasRenderingContext2D;
  private readonly over: CanvasRenderingContext2D;

  constructor(
    private readonly baseCanvas: HTMLCanvasElement,
    private readonly overCanvas: HTMLCanvasElement,
    /** The theme's colours (the dog-ear of a page away from home is cut out in the panel's). */
    private readonly palette: Palette,
  ) {
    const b = baseCanvas.getContext('2d');
    const o = overCanvas.getContext('2d');
    if (!b || !o) throw new Error('no 2D canvas');
    this.base = b;
    this.over = o;
  }

  /** Sizes both canvases to the layout, sharp on high-density screens. */
  private resize(width: number, height: number): void {
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    for (const [canvas, ctx] of [
      [this.baseCanvas, this.base],
      [this.overCanvas, this.over],
    ] as const) {
      const w = Math.ceil(width * dpr);
      const h = Math.ceil(height * dpr);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
        canvas.style.width = `${width}px`;
        canvas.style.height = `${height}px`;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
  }

  /** Labels and cells; nothing when there is no board. */
  paintBase(layout: GridLayout | undefined, board: ProcessPages | undefined): void {
    const height = layout && board ? layout.height : 0;
    this.resize(layout?.width ?? 0, height);
    const ctx = this.base;
    ctx.clearRect(0, 0, layout?.width ?? 0, height);
    if (!layout || !board) return;
    ctx.font = LABEL_FONT;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = this.palette.muted;
    // drawn, not inserted as HTML: a VMA's name is the guest's text
    for (const band of layout.bands)
      ctx.fillText(bandLabel(band), 0, band.y + layout.labelHeight / 2 - 1, layout.width);
    const size = layout.pitch - gapOf(layout.pitch);
    for (const cell of layout.cells) this.paintCell(cell, board, size);
    ctx.globalAlpha = 1;
  }

  /** Repaints the pages at `indices` of `board` in place (the layout is the one last painted). */
  repaintPages(layout: GridLayout, board: ProcessPages, indices: readonly number[]): void {
    const ctx = this.base;
    const size = layout.pitch - gapOf(layout.pitch);
    for (const i of indices) {
      const va = board.pages[i]?.va;
      const at = va === undefined ? undefined : layout.byVa.get(va);
      const cell = at === undefined ? undefined : layout.cells[at];
      if (!cell) continue;
      ctx.clearRect(cell.x, cell.y, size, size);
      this.paintCell(cell, board, size);
    }
    ctx.globalAlpha = 1;
  }

  private paintCell(cell: GridCell, board: ProcessPages, s: number): void {
    const ctx = this.base;
    const colours = this.palette;
    const { x, y } = cell;
    ctx.globalAlpha = 1;
    if (cell.kind === 'hole') {
      ctx.fillStyle = colours.hole;
      ctx.fillRect(x, y, s, s);
      return;
    }
    if (cell.kind === 'gap') {
      // three dots: a run of absent pages left out
      ctx.fillStyle = colours.muted;
      const d = Math.max(1, Math.floor(s / 5));
      for (let i = 0; i < 3; i++) ctx.fillRect(x + Math.round(((i + 0.5) * s) / 3 - d / 2), y + (s - d) / 2, d, d);
      return;
    }
    const page = board.pages[cell.index];
    if (!page) return;
    const st = cellState(page, board.origin);
    switch (st.kind) {
      case 'home':
      case 'remote':
        ctx.globalAlpha = st.writable ? 1 : 0.6; // paler: read-only
        ctx.fillStyle = kernelColourIn(colours, st.owner);
        ctx.fillRect(x, y, s, s);
        if (st.kind === 'remote') {
          // a dog-ear: away from home (kernel colours repeat past eight kernels)
          ctx.globalAlpha = 1;
          ctx.fillStyle = colours.panel;
          const e = Math.max(2, Math.round(s * 0.45));
          ctx.beginPath();
          ctx.moveTo(x, y);
          ctx.lineTo(x + e, y);
          ctx.lineTo(x, y + e);
          ctx.closePath();
          ctx.fill();
        }
        return;
      case 'shared': {
        // one stripe per holder: read-only copies in each holder's colour
        const n = st.holders.length;
        st.holders.forEach((h, i) => {
          ctx.fillStyle = kernelColourIn(colours, h);
          const from = Math.round((i * s) / n);
          const to = Math.round(((i + 1) * s) / n);
          ctx.fillRect(x + from, y, Math.max(1, to - from), s);
        });
        return;
      }
      case 'empty':
        ctx.strokeStyle = colours.empty;
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
        return;
    }
  }

  /** Busy outlines, flashes, selection and hover, at `now` (wall ms). */
  paintOverlay(
    layout: GridLayout | undefined,
    now: number,
    busy: readonly number[],
    flashes: Flashes,
    active: readonly Flash[],
    selected: number | undefined,
    hovered: number | undefined,
    broken: readonly number[] = [],
  ): void {
    const ctx = this.over;
    const colours = this.palette;
    ctx.clearRect(0, 0, layout?.width ?? 0, layout?.height ?? 0);
    if (!layout) return;
    const s = layout.pitch - gapOf(layout.pitch);
    const at = (va: number | undefined): GridCell | undefined => {
      const i = va === undefined ? undefined : layout.byVa.get(va);
      return i === undefined ? undefined : layout.cells[i];
    };
    ctx.lineWidth = 1.5;
    if (busy.length > 0) {
      // pulsing about twice a second
      ctx.globalAlpha = 0.35 + 0.65 * Math.abs(Math.sin(now / 160));
      ctx.strokeStyle = colours.text;
      for (const va of busy) {
        const c = at(va);
        if (c) ctx.strokeRect(c.x - 0.75, c.y - 0.75, s + 1.5, s + 1.5);
      }
    }
    for (const f of active) {
      const c = at(f.va);
      if (!c) continue;
      const p = flashes.progress(f, now);
      const fade = 1 - p;
      if (f.kind === 'fetch') {
        // a glow in the fetching kernel's colour, spreading out as it fades
        const grow = 1 + p * Math.min(6, layout.pitch * 0.6);
        ctx.globalAlpha = 0.55 * fade;
        ctx.fillStyle = kernelColourIn(colours, f.kernel);
        ctx.fillRect(c.x - grow, c.y - grow, s + 2 * grow, s + 2 * grow);
        ctx.globalAlpha = fade;
        ctx.strokeStyle = kernelColourIn(colours, f.kernel);
        ctx.lineWidth = 2;
        ctx.strokeRect(c.x - grow, c.y - grow, s + 2 * grow, s + 2 * grow);
      } else {
        // a copy went: a cross (dropped) or a slash (only write access went), fading out
        ctx.globalAlpha = 0.5 * fade;
        ctx.fillStyle = colours.panel;
        ctx.fillRect(c.x, c.y, s, s);
        ctx.globalAlpha = fade;
        ctx.strokeStyle = f.kind === 'invalidate' ? colours.bad : colours.idle;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(c.x - 1, c.y + s + 1);
        ctx.lineTo(c.x + s + 1, c.y - 1);
        if (f.kind === 'invalidate') {
          ctx.moveTo(c.x - 1, c.y - 1);
          ctx.lineTo(c.x + s + 1, c.y + s + 1);
        }
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    if (broken.length > 0) {
      // a page an invariant broke on: a thick outline in the colour of errors, and a dot inside
      ctx.strokeStyle = colours.bad;
      ctx.fillStyle = colours.bad;
      ctx.lineWidth = 2.5;
      for (const va of broken) {
        const c = at(va);
        if (!c) continue;
        ctx.strokeRect(c.x - 2.5, c.y - 2.5, s + 5, s + 5);
        ctx.fillRect(c.x + s / 2 - 1.5, c.y + s / 2 - 1.5, 3, 3);
      }
    }
    const h = at(hovered);
    if (h && hovered !== selected) {
      ctx.strokeStyle = colours.muted;
      ctx.lineWidth = 1;
      ctx.strokeRect(h.x - 1.5, h.y - 1.5, s + 3, s + 3);
    }
    const sel = at(selected);
    if (sel) {
      ctx.strokeStyle = colours.text;
      ctx.lineWidth = 2;
      ctx.strokeRect(sel.x - 2, sel.y - 2, s + 4, s + 4);
    }
  }
}
