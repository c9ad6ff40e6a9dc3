// Fitting a terminal to its box: how many columns and rows of xterm's character cells fit. The
// cell size comes from xterm's renderer (it has no public API for it, so this reads the same
// internal field xterm's own fit add-on reads, and falls back to measuring the font).

import type { Terminal } from '@xterm/xterm';

export interface Cell {
  width: number;
  height: number;
}

/** Room kept on the right for xterm's scrollbar. */
const SCROLLBAR = 12;

interface XtermInternals {
  _core?: { _renderService?: { dimensions?: { css?: { cell?: Cell } } } };
}

/** The size of one character cell as rendered, in CSS pixels. */
export function cellSize(term: Terminal, fontFamily: string, fontSize: number): Cell {
  const cell = (term as unknown as XtermInternals)._core?._renderService?.dimensions?.css?.cell;
  if (cell && cell.width > 0 && cell.height > 0) return cell;
  const probe = document.createElement('span');
  probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${fontSize}px ${fontFamily}`;
  probe.textContent = 'W'.repeat(32);
  document.body.append(probe);
  const box = probe.getBoundingClientRect();
  probe.remove();
  return { width: box.width / 32, height: Math.ceil(box.height) };
}

/** Columns and rows of `cell` that fit a box of `width` x `height` pixels (at least 20 x 4). */
export function fitGrid(width: number, height: number, cell: Cell): { cols: number; rows: number } {
  return {
    cols: Math.max(20, Math.floor((width - SCROLLBAR) / cell.width)),
    rows: Math.max(4, Math.floor(height / cell.height)),
  };
}
