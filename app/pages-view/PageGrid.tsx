// The grid of the focused process's pages, on two stacked canvases (grid-painter.ts) painted
// from the frame loop, not by React: the base only when the board's contents or the width
// change (just the cells whose page changed hands, when no cell moved), the overlay only while
// something on it moves. React renders the canvases once; clicking a page selects it,
// hovering names it in the tooltip.

import { memo, useEffect, useRef, type MouseEvent } from 'react';
import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { boardChanges } from './board-diff';
import { cellTitle } from './cell-title';
import { GridPainter } from './grid-painter';
import type { LivePages } from './live-pages';
import { cellAt, layoutGrid, pitchFor, type GridCell, type GridLayout } from './page-grid';
import { useWidth } from '../use-width';
import { readPalette } from '../theme/palette';
import { useTheme } from '../theme/theme';

const LABEL_HEIGHT = 18;
const BAND_GAP = 8;

export const PageGrid = memo(function PageGrid({
  live,
  selected,
  broken,
  onSelect,
}: {
  live: LivePages;
  selected: number | undefined;
  /** Pages an invariant broke on (marked until the run ends). */
  broken: readonly number[];
  onSelect: (va: number | undefined) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overRef = useRef<HTMLCanvasElement>(null);
  const width = useWidth(box);
  const theme = useTheme();
  const layoutRef = useRef<GridLayout | undefined>(undefined);
  const selectedRef = useRef(selected);
  const hoverRef = useRef<number | undefined>(undefined);
  /** The overlay must be painted at the next frame even if nothing moves. */
  const dirtyRef = useRef(true);

  useEffect(() => {
    selectedRef.current = selected;
    dirtyRef.current = true;
  }, [selected]);
  const brokenRef = useRef(broken);
  useEffect(() => {
    brokenRef.current = broken;
    dirtyRef.current = true;
  }, [broken]);

  useEffect(() => {
    const base = baseRef.current;
    const over = overRef.current;
    if (!base || !over) return;
    const painter = new GridPainter(base, over, readPalette());
    let version = -1;
    let drawn: ProcessPages | undefined;
    let moving = false;
    const layoutAndPaint = (b: ProcessPages | undefined) => {
      const layout = b
        ? layoutGrid(b.vmas, b.pages, {
            width,
            pitch: pitchFor(b.pages.length),
            labelHeight: LABEL_HEIGHT,
            bandGap: BAND_GAP,
          })
        : undefined;
      layoutRef.current = layout;
      painter.paintBase(layout, b);
      // where the first page is, for tests that click one
      const first = layout?.cells.find((c) => c.kind === 'page');
      over.dataset.firstPage = first ? `${first.x + 1},${first.y + 1}` : '';
      dirtyRef.current = true;
    };
    return live.setPainter((now) => {
      if (live.version !== version) {
        version = live.version;
        const b = live.board;
        const changes = boardChanges(drawn, b);
        drawn = b;
        // the same cells: repaint only the pages that changed hands (labels are slow to draw)
        if (changes !== 'layout' && b && layoutRef.current) painter.repaintPages(layoutRef.current, b, changes);
        else layoutAndPaint(b);
      }
      const active = live.flashes.active(now);
      const movesNow = active.length > 0 || live.busy.length > 0;
      // one more paint after the last movement clears it
      if (!movesNow && !moving && !dirtyRef.current) return;
      moving = movesNow;
      dirtyRef.current = false;
      painter.paintOverlay(
        layoutRef.current,
        now,
        live.busy,
        live.flashes,
        active,
        selectedRef.current,
        hoverRef.current,
        brokenRef.current,
      );
    });
    // a new theme: a new painter in its colours, which paints the board anew
  }, [live, width, theme]);

  const cellOf = (e: MouseEvent<HTMLCanvasElement>): GridCell | undefined => {
    const layout = layoutRef.current;
    if (!layout) return undefined;
    const r = e.currentTarget.getBoundingClientRect();
    return cellAt(layout, e.clientX - r.left, e.clientY - r.top);
  };
  const hover = (va: number | undefined) => {
    if (va === hoverRef.current) return;
    hoverRef.current = va;
    dirtyRef.current = true;
  };

  return (
    <div className="pages-grid" ref={box} data-testid="pages-grid">
      <canvas ref={baseRef} className="pages-grid-base" aria-hidden="true" />
      <canvas
        ref={overRef}
        className="pages-grid-over"
        role="img"
        aria-label="the process's pages, coloured by the kernels holding them"
        data-testid="pages-canvas"
        onClick={(e) => {
          const c = cellOf(e);
          if (c?.kind === 'page') onSelect(c.va === selected ? undefined : c.va);
        }}
        onMouseMove={(e) => {
          const c = cellOf(e);
          hover(c?.kind === 'page' ? c.va : undefined);
          e.currentTarget.title = cellTitle(c, live.board);
          e.currentTarget.style.cursor = c?.kind === 'page' ? 'pointer' : 'default';
        }}
        onMouseLeave={() => {
          hover(undefined);
        }}
      />
    </div>
  );
});
