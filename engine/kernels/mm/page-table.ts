// A process's Sv39 page table, kept in guest physical memory where the hart walks it. The
// kernel maps only 4 KiB pages; its tables come from the kernel's own frame allocator.
// PTEs are read and written as two 32-bit halves: with at most 4 GiB of guest memory every
// physical page number fits the low half, and the high half stays zero.

import { PAGE_SIZE, RAM_OFFSET } from '../../hw/memory-map';
import type { FrameAllocator } from './frame-allocator';

export const PTE_V = 1;
export const PTE_R = 2;
export const PTE_W = 4;
export const PTE_X = 8;
export const PTE_U = 16;
export const PTE_A = 64;
export const PTE_D = 128;
/** Software bit (RSW): the page is a copy-on-write share. */
export const PTE_COW = 256;

const LEVELS = 3;

export class PageTable {
  readonly root: number;
  private readonly words: Uint32Array;
  private tables = 1;

  private constructor(
    private readonly frames: FrameAllocator,
    memory: WebAssembly.Memory,
    root: number,
  ) {
    this.words = new Uint32Array(memory.buffer);
    this.root = root;
  }

  /** A new empty table, or undefined when no frame is left. */
  static create(frames: FrameAllocator, memory: WebAssembly.Memory): PageTable | undefined {
    const root = frames.alloc();
    return root === undefined ? undefined : new PageTable(frames, memory, root);
  }

  /** satp selecting this table (MODE = Sv39). */
  get satp(): bigint {
    return (8n << 60n) | BigInt(this.root / PAGE_SIZE);
  }

  /** Frames used by the table itself. */
  get tableFrames(): number {
    return this.tables;
  }

  private pteIndex(table: number, va: number, level: number): number {
    const vpn = Math.floor(va / 2 ** (12 + 9 * level)) % 512;
    return (RAM_OFFSET + table + vpn * 8) / 4; // not >> 2: host offsets pass 2^31 on a big machine
  }

  /** Word index of the leaf PTE for `va`, creating tables if asked; undefined if absent or out of frames. */
  private leaf(va: number, create: boolean): number | undefined {
    let table = this.root;
    for (let level = LEVELS - 1; level > 0; level--) {
      const at = this.pteIndex(table, va, level);
      let pte = this.words[at] as number;
      if ((pte & PTE_V) === 0) {
        if (!create) return undefined;
        const next = this.frames.alloc();
        if (next === undefined) return undefined;
        this.tables++;
        pte = ((next / PAGE_SIZE) << 10) | PTE_V;
        this.words[at] = pte;
        this.words[at + 1] = 0;
      }
      table = (pte >>> 10) * PAGE_SIZE;
    }
    return this.pteIndex(table, va, 0);
  }

  /** The leaf PTE's low word for `va` (0 when unmapped). */
  lookup(va: number): number {
    const at = this.leaf(va, false);
    return at === undefined ? 0 : (this.words[at] as number);
  }

  /** Physical address of the page mapped at `va`, or undefined. */
  physical(va: number): number | undefined {
    const pte = this.lookup(va);
    return pte & PTE_V ? (pte >>> 10) * PAGE_SIZE : undefined;
  }

  /** Maps the page at `va` to frame `pa` with `flags` (V added). False when out of frames. */
  map(va: number, pa: number, flags: number): boolean {
    const at = this.leaf(va, true);
    if (at === undefined) return false;
    this.words[at] = (((pa / PAGE_SIZE) << 10) | flags | PTE_V) >>> 0;
    this.words[at + 1] = 0;
    return true;
  }

  /** Rewrites the flags of a mapped page, keeping its frame. */
  setFlags(va: number, flags: number): void {
    const at = this.leaf(va, false);
    if (at === undefined) return;
    const pte = this.words[at] as number;
    if (pte & PTE_V) this.words[at] = ((pte & ~0x3ff) | flags | PTE_V) >>> 0;
  }

  /** Removes the mapping at `va`; returns the low PTE word it had (0 if none). */
  unmap(va: number): number {
    const at = this.leaf(va, false);
    if (at === undefined) return 0;
    const pte = this.words[at] as number;
    this.words[at] = 0;
    return pte;
  }

  /** Calls fn(va, pte) for every mapped page, in address order. */
  forEachPage(fn: (va: number, pte: number) => void): void {
    const walk = (table: number, level: number, vaBase: number) => {
      for (let i = 0; i < 512; i++) {
        const pte = this.words[(RAM_OFFSET + table + i * 8) / 4] as number;
        if ((pte & PTE_V) === 0) continue;
        const va = vaBase + i * 2 ** (12 + 9 * level);
        if (level === 0) fn(va, pte);
        else walk((pte >>> 10) * PAGE_SIZE, level - 1, va);
      }
    };
    walk(this.root, LEVELS - 1, 0);
  }

  /** Frees the table frames (not the pages they map: the address space owns those). */
  destroy(): void {
    const free = (table: number, level: number) => {
      if (level > 0) {
        for (let i = 0; i < 512; i++) {
          const pte = this.words[(RAM_OFFSET + table + i * 8) / 4] as number;
          if (pte & PTE_V) free((pte >>> 10) * PAGE_SIZE, level - 1);
        }
      }
      this.frames.release(table);
    };
    free(this.root, LEVELS - 1);
    this.tables = 0;
  }
}
