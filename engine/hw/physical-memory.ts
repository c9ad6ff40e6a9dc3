// The machine's physical memory: one shared WebAssembly.Memory laid out by memory-map.ts.
// createPhysicalMemory() sizes it for the guest RAM and writes the machine header; every
// worker then instantiates the hart module over this same memory.

import {
  HART_RESV_ADDR,
  HART_STRIDE,
  HART_TLB_FETCH,
  HARTS_OFFSET,
  HDR_HART_COUNT,
  HDR_LAYOUT_VERSION,
  HDR_MAGIC,
  HDR_RAM_SIZE,
  HEADER_OFFSET,
  MACHINE_MAGIC,
  MAX_HARTS,
  MEMORY_LAYOUT_VERSION,
  PAGE_SIZE,
  RAM_OFFSET,
  TLB_BYTES,
  WASM_PAGE_SIZE,
} from './memory-map';

/**
 * One mebibyte. Byte sizes are plain numbers, multiplied (n * MIB), never shifted (n << 20):
 * JavaScript's shifts are 32-bit, so 2048 << 20 is -2147483648, and the machine can have more.
 */
export const MIB = 2 ** 20;

/** Largest guest RAM: the wasm32 memory is at most 4 GiB, less the hardware block. */
export const MAX_RAM_BYTES = 2 ** 32 - RAM_OFFSET - WASM_PAGE_SIZE;

export interface PhysicalMemory {
  memory: WebAssembly.Memory;
  /** Bytes of guest physical memory (guest address 0 is at RAM_OFFSET). */
  ramBytes: number;
  harts: number;
}

export function createPhysicalMemory(ramBytes: number, harts: number): PhysicalMemory {
  if (!Number.isInteger(ramBytes) || ramBytes <= 0 || ramBytes % PAGE_SIZE !== 0) {
    throw new RangeError(`RAM size must be a positive multiple of ${PAGE_SIZE} bytes, got ${ramBytes}`);
  }
  if (ramBytes > MAX_RAM_BYTES) throw new RangeError(`RAM size ${ramBytes} exceeds the maximum ${MAX_RAM_BYTES}`);
  if (!Number.isInteger(harts) || harts < 1 || harts > MAX_HARTS) {
    throw new RangeError(`hart count must be 1..${MAX_HARTS}, got ${harts}`);
  }
  // one spare wasm page past RAM, so a fetch of the last halfword may read 4 bytes
  const pages = Math.ceil((RAM_OFFSET + ramBytes) / WASM_PAGE_SIZE) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const view = new DataView(memory.buffer);
  view.setUint32(HEADER_OFFSET + HDR_MAGIC, MACHINE_MAGIC, true);
  view.setUint32(HEADER_OFFSET + HDR_LAYOUT_VERSION, MEMORY_LAYOUT_VERSION, true);
  view.setBigUint64(HEADER_OFFSET + HDR_RAM_SIZE, BigInt(ramBytes), true);
  view.setUint32(HEADER_OFFSET + HDR_HART_COUNT, harts, true);
  const bytes = new Uint8Array(memory.buffer);
  // only the machine's harts: the rest of the area is never read, and filling all MAX_HARTS
  // (3 MiB, each page touched for the first time) cost the page's thread tens of ms at boot
  for (let h = 0; h < harts; h++) {
    const base = HARTS_OFFSET + h * HART_STRIDE;
    bytes.fill(0xff, base + HART_TLB_FETCH, base + HART_TLB_FETCH + 3 * TLB_BYTES); // empty TLBs
    view.setBigUint64(base + HART_RESV_ADDR, 0xffffffffffffffffn, true); // no reservation
  }
  return { memory, ramBytes, harts };
}

/** Host offset of guest physical address `pa`. */
export function hostOffset(pa: number): number {
  return RAM_OFFSET + pa;
}
