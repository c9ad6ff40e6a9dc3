// Builds Sv39 page tables in a test machine's guest memory, so the MMU tests can map pages
// (4 KiB, 2 MiB megapages, 1 GiB gigapages) with chosen permission bits.

import { RAM_OFFSET } from '../memory-map';

export const PTE = { V: 1n, R: 2n, W: 4n, X: 8n, U: 16n, G: 32n, A: 64n, D: 128n } as const;

export class Sv39Builder {
  private next: number;

  /** Page tables are allocated upwards from guest physical `firstTable`. */
  constructor(
    private readonly view: DataView,
    firstTable: number,
  ) {
    this.next = firstTable;
    this.root = this.allocTable();
  }

  readonly root: number;

  /** satp value selecting these tables (MODE = 8, Sv39). */
  get satp(): bigint {
    return (8n << 60n) | BigInt(this.root / 4096);
  }

  private allocTable(): number {
    const pa = this.next;
    this.next += 4096;
    for (let i = 0; i < 4096; i += 8) this.view.setBigUint64(RAM_OFFSET + pa + i, 0n, true);
    return pa;
  }

  /** Address of the PTE for `va` at `level` (2 = gigapage, 1 = megapage, 0 = page), creating tables. */
  pteAddress(va: bigint, level: number): number {
    let table = this.root;
    for (let l = 2; l > level; l--) {
      const slot = table + Number((va >> BigInt(12 + 9 * l)) & 511n) * 8;
      let pte = this.view.getBigUint64(RAM_OFFSET + slot, true);
      if ((pte & PTE.V) === 0n) {
        const next = this.allocTable();
        pte = (BigInt(next / 4096) << 10n) | PTE.V;
        this.view.setBigUint64(RAM_OFFSET + slot, pte, true);
      }
      table = Number(pte >> 10n) * 4096;
    }
    return table + Number((va >> BigInt(12 + 9 * level)) & 511n) * 8;
  }

  /** Maps va -> pa at `level` with `flags` (V is added). Returns the PTE's physical address. */
  map(va: bigint, pa: number, flags: bigint, level = 0): number {
    const at = this.pteAddress(va, level);
    this.view.setBigUint64(RAM_OFFSET + at, (BigInt(pa / 4096) << 10n) | flags | PTE.V, true);
    return at;
  }

  readPte(at: number): bigint {
    return this.view.getBigUint64(RAM_OFFSET + at, true);
  }

  writePte(at: number, pte: bigint): void {
    this.view.setBigUint64(RAM_OFFSET + at, pte, true);
  }
}
