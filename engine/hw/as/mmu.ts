// Address translation for the running hart: Sv39 page tables in guest physical memory, walked
// here, cached in three per-hart software TLBs (fetch, load, store) in the hart block.
//
// A/D bits are updated by the hart (the Svadu behaviour), atomically, since a page table may
// be read by another worker's telemetry. Store-TLB entries exist only for pages whose PTE is
// writable and already dirty, so the fast path never has to look at the PTE.
// Only the host invalidates the TLBs (flushTlb), between runs, after it edits page tables.
//
// Accessors return values and set `fault` (after recording the trap) when the access faults.

import {
  HART_SATP,
  HART_TLB_FETCH,
  HART_TLB_LOAD,
  HART_TLB_STORE,
  HEADER_OFFSET,
  HDR_RAM_SIZE,
  PAGE_SIZE,
  RAM_OFFSET,
  TLB_BYTES,
  TLB_ENTRIES,
} from '../memory-map';
import {
  CAUSE_FETCH_ACCESS,
  CAUSE_FETCH_PAGE_FAULT,
  CAUSE_LOAD_ACCESS,
  CAUSE_LOAD_MISALIGNED,
  CAUSE_LOAD_PAGE_FAULT,
  CAUSE_STORE_ACCESS,
  CAUSE_STORE_MISALIGNED,
  CAUSE_STORE_PAGE_FAULT,
} from '../trap-codes';
import { hartBase, raise } from './cpu';

export const ACCESS_FETCH: u32 = 0;
export const ACCESS_LOAD: u32 = 1;
export const ACCESS_STORE: u32 = 2;

const PTE_V: u64 = 1;
const PTE_R: u64 = 2;
const PTE_W: u64 = 4;
const PTE_X: u64 = 8;
const PTE_U: u64 = 16;
const PTE_A: u64 = 64;
const PTE_D: u64 = 128;
const PPN_MASK: u64 = 0xfffffffffff; // 44 bits

/** Set when the last access trapped; cleared by run() before it starts. */
export let fault: bool = false;
/** Bytes of guest physical memory; read from the machine header by run(). */
export let ramSize: u64 = 0;

let tlbFetch: usize = 0;
let tlbLoad: usize = 0;
let tlbStore: usize = 0;

/** Points the MMU at the running hart's TLBs and the machine's RAM size. */
export function mmuSelect(): void {
  tlbFetch = hartBase + HART_TLB_FETCH;
  tlbLoad = hartBase + HART_TLB_LOAD;
  tlbStore = hartBase + HART_TLB_STORE;
  ramSize = load<u64>(HEADER_OFFSET + HDR_RAM_SIZE);
  fault = false;
}

/** Empties the running hart's three TLBs (every tag becomes all ones, which no page matches). */
export function tlbFlushSelected(): void {
  memory.fill(hartBase + HART_TLB_FETCH, 0xff, 3 * TLB_BYTES);
}

function tlbEntry(tlb: usize, va: u64): usize {
  return tlb + (((<usize>(va >> 12)) & (TLB_ENTRIES - 1)) << 4);
}

function faultCause(access: u32, pageFault: bool): u32 {
  if (access == ACCESS_FETCH) return pageFault ? CAUSE_FETCH_PAGE_FAULT : CAUSE_FETCH_ACCESS;
  if (access == ACCESS_LOAD) return pageFault ? CAUSE_LOAD_PAGE_FAULT : CAUSE_LOAD_ACCESS;
  return pageFault ? CAUSE_STORE_PAGE_FAULT : CAUSE_STORE_ACCESS;
}

function failAccess(va: u64, access: u32, pageFault: bool, pc: u64): usize {
  raise(faultCause(access, pageFault), va, pc);
  fault = true;
  return 0;
}

/**
 * Translates `va` for `access`, fills that access kind's TLB, and returns the host address of
 * the byte, or 0 after raising the trap.
 */
export function translate(va: u64, access: u32, pc: u64): usize {
  const satp = load<u64>(hartBase + HART_SATP);
  let pa: u64;
  if (satp >> 60 == 0) {
    pa = va; // bare: no translation
  } else {
    // Sv39: bits 63..39 must all equal bit 38
    if (<u64>((<i64>(va << 25)) >> 25) != va) return failAccess(va, access, true, pc);
    let table: u64 = (satp & PPN_MASK) << 12;
    let level: i32 = 2;
    let pte: u64 = 0;
    let pteAddr: u64 = 0;
    while (true) {
      pteAddr = table + (((va >> (12 + 9 * <u64>level)) & 511) << 3);
      if (pteAddr + 8 > ramSize) return failAccess(va, access, false, pc);
      pte = load<u64>(<usize>RAM_OFFSET + <usize>pteAddr);
      if ((pte & PTE_V) == 0 || (pte & (PTE_R | PTE_W)) == PTE_W || pte >> 54 != 0) {
        return failAccess(va, access, true, pc);
      }
      if ((pte & (PTE_R | PTE_X)) != 0) break; // leaf
      if ((pte & (PTE_A | PTE_D | PTE_U)) != 0 || level == 0) return failAccess(va, access, true, pc);
      level--;
      table = ((pte >> 10) & PPN_MASK) << 12;
    }
    const allowed =
      access == ACCESS_FETCH ? (pte & PTE_X) != 0 : access == ACCESS_LOAD ? (pte & PTE_R) != 0 : (pte & PTE_W) != 0;
    if ((pte & PTE_U) == 0 || !allowed) return failAccess(va, access, true, pc);
    const ppn = (pte >> 10) & PPN_MASK;
    const offsetBits = 12 + 9 * <u64>level;
    if ((ppn & (((<u64>1) << (9 * <u64>level)) - 1)) != 0) return failAccess(va, access, true, pc); // misaligned superpage
    const need = access == ACCESS_STORE ? PTE_A | PTE_D : PTE_A;
    if ((pte & need) != need) atomic.or<u64>(<usize>RAM_OFFSET + <usize>pteAddr, need);
    pa = ((ppn << 12) & ~(((<u64>1) << offsetBits) - 1)) | (va & (((<u64>1) << offsetBits) - 1));
  }
  const page = pa & ~(<u64>PAGE_SIZE - 1);
  if (page >= ramSize || page + PAGE_SIZE > ramSize) return failAccess(va, access, false, pc);
  const host = <usize>RAM_OFFSET + <usize>page;
  const tlb = access == ACCESS_FETCH ? tlbFetch : access == ACCESS_LOAD ? tlbLoad : tlbStore;
  const entry = tlbEntry(tlb, va);
  store<u64>(entry, va >> 12);
  store<u64>(entry, <u64>host, 8);
  return host + ((<usize>va) & 0xfff);
}

// ---- fetch ----

/** Host address of the fetch page holding `pc`, through the fetch TLB, or 0 after a trap. */
export function fetchPage(pc: u64): usize {
  const e = tlbEntry(tlbFetch, pc);
  if (load<u64>(e) == pc >> 12) return <usize>load<u64>(e, 8);
  const host = translate(pc, ACCESS_FETCH, pc);
  return host == 0 ? 0 : host & ~(<usize>PAGE_SIZE - 1);
}

/** Reads 16 bits of code at `va` (which may be the second half of an instruction). */
export function fetch16(va: u64, pc: u64): u32 {
  const e = tlbEntry(tlbFetch, va);
  if (load<u64>(e) == va >> 12) return load<u16>(<usize>load<u64>(e, 8) + ((<usize>va) & 0xfff));
  const host = translate(va, ACCESS_FETCH, pc);
  return host == 0 ? 0 : load<u16>(host);
}

// ---- loads: zero-extended values; the handler sign-extends ----

/** A load the fast path did not take: translates, faults, or crosses a page. */
export function readSlow(va: u64, size: u32, pc: u64): u64 {
  if (((<u32>va) & 0xfff) + size > <u32>PAGE_SIZE) {
    // crosses a page: byte by byte, little-endian, each byte translated on its own
    let v: u64 = 0;
    for (let i: u32 = 0; i < size; i++) {
      const host = translate(va + i, ACCESS_LOAD, pc); // a fault reports this byte's address
      if (host == 0) return 0;
      v |= (<u64>load<u8>(host)) << (8 * <u64>i);
    }
    return v;
  }
  const host = translate(va, ACCESS_LOAD, pc);
  if (host == 0) return 0;
  if (size == 1) return load<u8>(host);
  if (size == 2) return load<u16>(host);
  if (size == 4) return load<u32>(host);
  return load<u64>(host);
}

/**
 * The load and store fast paths (a TLB hit within one page), inlined into each handler that
 * uses them. One compare tests both: the entry is chosen by the page of the first byte and its
 * tag compared with the page of the last byte, so an access that crosses into the next page
 * (or wraps around) misses. hostLoad and hostStore return the host address on a hit and 0 on a
 * miss (no RAM byte lives at host address 0), so a handler checks `fault` only after the slow
 * path. The functions below are the same accessors for code that prefers a call.
 */
export class Mem {
  @inline static hostLoad(va: u64, size: u64): usize {
    const e = tlbEntry(tlbLoad, va);
    return load<u64>(e) == (va + size - 1) >> 12 ? <usize>load<u64>(e, 8) + ((<usize>va) & 0xfff) : 0;
  }

  @inline static hostStore(va: u64, size: u64): usize {
    const e = tlbEntry(tlbStore, va);
    return load<u64>(e) == (va + size - 1) >> 12 ? <usize>load<u64>(e, 8) + ((<usize>va) & 0xfff) : 0;
  }

  @inline static read8(va: u64, pc: u64): u64 {
    const host = Mem.hostLoad(va, 1);
    return host != 0 ? <u64>load<u8>(host) : readSlow(va, 1, pc);
  }

  @inline static read16(va: u64, pc: u64): u64 {
    const host = Mem.hostLoad(va, 2);
    return host != 0 ? <u64>load<u16>(host) : readSlow(va, 2, pc);
  }

  @inline static read32(va: u64, pc: u64): u64 {
    const host = Mem.hostLoad(va, 4);
    return host != 0 ? <u64>load<u32>(host) : readSlow(va, 4, pc);
  }

  @inline static read64(va: u64, pc: u64): u64 {
    const host = Mem.hostLoad(va, 8);
    return host != 0 ? load<u64>(host) : readSlow(va, 8, pc);
  }

  @inline static write8(va: u64, v: u64, pc: u64): void {
    const host = Mem.hostStore(va, 1);
    if (host != 0) store<u8>(host, <u8>v);
    else writeSlow(va, v, 1, pc);
  }

  @inline static write16(va: u64, v: u64, pc: u64): void {
    const host = Mem.hostStore(va, 2);
    if (host != 0) store<u16>(host, <u16>v);
    else writeSlow(va, v, 2, pc);
  }

  @inline static write32(va: u64, v: u64, pc: u64): void {
    const host = Mem.hostStore(va, 4);
    if (host != 0) store<u32>(host, <u32>v);
    else writeSlow(va, v, 4, pc);
  }

  @inline static write64(va: u64, v: u64, pc: u64): void {
    const host = Mem.hostStore(va, 8);
    if (host != 0) store<u64>(host, v);
    else writeSlow(va, v, 8, pc);
  }
}

export function read8(va: u64, pc: u64): u64 {
  return Mem.read8(va, pc);
}

export function read16(va: u64, pc: u64): u64 {
  return Mem.read16(va, pc);
}

export function read32(va: u64, pc: u64): u64 {
  return Mem.read32(va, pc);
}

export function read64(va: u64, pc: u64): u64 {
  return Mem.read64(va, pc);
}

// ---- stores ----

/** A store the fast path did not take. */
export function writeSlow(va: u64, v: u64, size: u32, pc: u64): void {
  if (((<u32>va) & 0xfff) + size > <u32>PAGE_SIZE) {
    // crosses a page: translate both pages before writing anything, so a fault writes nothing;
    // a fault reports the address of the page that faulted, as the privileged spec asks, so
    // the kernel maps the page that is really missing
    if (translate(va, ACCESS_STORE, pc) == 0) return;
    if (translate((va | 0xfff) + 1, ACCESS_STORE, pc) == 0) return;
    for (let i: u32 = 0; i < size; i++) {
      const host = translate(va + i, ACCESS_STORE, pc);
      store<u8>(host, <u8>(v >> (8 * <u64>i)));
    }
    return;
  }
  const host = translate(va, ACCESS_STORE, pc);
  if (host == 0) return;
  if (size == 1) store<u8>(host, <u8>v);
  else if (size == 2) store<u16>(host, <u16>v);
  else if (size == 4) store<u32>(host, <u32>v);
  else store<u64>(host, v);
}

export function write8(va: u64, v: u64, pc: u64): void {
  Mem.write8(va, v, pc);
}

export function write16(va: u64, v: u64, pc: u64): void {
  Mem.write16(va, v, pc);
}

export function write32(va: u64, v: u64, pc: u64): void {
  Mem.write32(va, v, pc);
}

export function write64(va: u64, v: u64, pc: u64): void {
  Mem.write64(va, v, pc);
}

// ---- atomics: naturally aligned only, so the host address suits a WebAssembly atomic ----

/** Host address for an LR (load permission), or 0 after a trap (misaligned or fault). */
export function atomicLoadAddress(va: u64, size: u32, pc: u64): usize {
  if (((<u32>va) & (size - 1)) != 0) {
    raise(CAUSE_LOAD_MISALIGNED, va, pc);
    fault = true;
    return 0;
  }
  const e = tlbEntry(tlbLoad, va);
  if (load<u64>(e) == va >> 12) return <usize>load<u64>(e, 8) + ((<usize>va) & 0xfff);
  return translate(va, ACCESS_LOAD, pc);
}

/** Host address for an SC or AMO (store permission), or 0 after a trap. */
export function atomicStoreAddress(va: u64, size: u32, pc: u64): usize {
  if (((<u32>va) & (size - 1)) != 0) {
    raise(CAUSE_STORE_MISALIGNED, va, pc);
    fault = true;
    return 0;
  }
  const e = tlbEntry(tlbStore, va);
  if (load<u64>(e) == va >> 12) return <usize>load<u64>(e, 8) + ((<usize>va) & 0xfff);
  return translate(va, ACCESS_STORE, pc);
}
