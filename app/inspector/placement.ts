// Where a process's pages are, from its origin's view board, in the two ways the inspector
// lists them: per kernel (pages it holds, and how many it may write), and per VMA (pages
// present, and how many of them some other kernel than the origin holds).

import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { heldAway } from '../pages-view/cell-state';

export interface KernelHolding {
  kernel: number;
  /** Whether it is the process's origin. */
  home: boolean;
  /** Pages it holds a copy of. */
  pages: number;
  /** Of them, the ones it may write. */
  writable: number;
}

/** Per kernel holding any page, ascending; the origin is listed even when it holds none. */
export function holdings(board: ProcessPages): KernelHolding[] {
  const byKernel = new Map<number, KernelHolding>();
  const row = (kernel: number): KernelHolding => {
    let r = byKernel.get(kernel);
    if (!r) {
      r = { kernel, home: kernel === board.origin, pages: 0, writable: 0 };
      byKernel.set(kernel, r);
    }
    return r;
  };
  row(board.origin);
  for (const p of board.pages) {
    for (const h of p.holders) row(h).pages++;
    if (p.writer >= 0) row(p.writer).writable++;
  }
  return [...byKernel.values()].sort((a, b) => a.kernel - b.kernel);
}

export interface VmaPages {
  present: number;
  /** Present pages some kernel other than the origin holds. */
  away: number;
}

/** Per VMA of the board (same order): its pages on the board. */
export function pagesPerVma(board: ProcessPages): VmaPages[] {
  return board.vmas.map((v) => {
    let present = 0;
    let away = 0;
    for (const p of board.pages) {
      if (p.va < v.start || p.va >= v.end) continue;
      present++;
      if (heldAway(p, board.origin)) away++;
    }
    return { present, away };
  });
}
