// What changed between the board the grid last drew and the one just read: if the same pages
// (by address) and VMAs are listed, only the pages whose holders or writer changed need
// repainting; anything else moves cells and needs a new layout. Drawing text on a canvas is
// slow (the VMA labels cost more than hundreds of cells), so the common case, pages changing
// hands on a board whose shape stays, repaints just those cells.

import type { ProcessPages } from '../../engine/machine/browser/kernel-view';

/** Indices (in `next.pages`) of the pages drawn differently, or 'layout' when cells would move. */
export function boardChanges(prev: ProcessPages | undefined, next: ProcessPages | undefined): number[] | 'layout' {
  if (!prev || !next) return 'layout';
  if (prev.pid !== next.pid || prev.origin !== next.origin) return 'layout';
  if (prev.pages.length !== next.pages.length || prev.vmas.length !== next.vmas.length) return 'layout';
  for (let i = 0; i < next.vmas.length; i++) {
    const a = prev.vmas[i];
    const b = next.vmas[i];
    if (
      !a ||
      !b ||
      a.start !== b.start ||
      a.end !== b.end ||
      a.prot !== b.prot ||
      a.kind !== b.kind ||
      a.name !== b.name
    )
      return 'layout';
  }
  const changed: number[] = [];
  for (let i = 0; i < next.pages.length; i++) {
    const a = prev.pages[i];
    const b = next.pages[i];
    if (!a || !b || a.va !== b.va) return 'layout';
    if (a.writer !== b.writer || a.holders.length !== b.holders.length) {
      changed.push(i);
      continue;
    }
    for (let h = 0; h < b.holders.length; h++) {
      if (a.holders[h] !== b.holders[h]) {
        changed.push(i);
        break;
      }
    }
  }
  return changed;
}
