// The tooltip of a grid cell: the page's address and state, or what an empty cell stands for.

import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { formatAddress } from '../machine-view/layout';
import { cellState, describeCell } from './cell-state';
import type { GridCell } from './page-grid';

export function cellTitle(cell: GridCell | undefined, board: ProcessPages | undefined): string {
  if (!cell) return '';
  if (cell.kind === 'gap') return `${cell.missing} absent pages from ${formatAddress(cell.va)}`;
  if (cell.kind === 'hole') return `${formatAddress(cell.va)}: not present`;
  const page = board?.pages[cell.index];
  if (!board || !page) return formatAddress(cell.va);
  return `${formatAddress(page.va)}: ${describeCell(cellState(page, board.origin))} (click for its history)`;
}
