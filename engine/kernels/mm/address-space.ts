// A process's address space: its VMAs (what may be mapped where, with which rights and
// contents) and its page table (what is mapped now). Pages arrive on demand at the first fault:
// zero-filled, copied from the file a VMA maps privately, or the frame of a shared object
// (MAP_SHARED: shared-memory.ts). fork() shares every private page copy-on-write and every
// shared page as it is. Every operation that takes a right away (munmap, mprotect, fork) calls
// onShootdown so the kernel can flush the TLBs of the harts running this space.

import { PAGE_SIZE, RAM_OFFSET } from '../../hw/memory-map';
import { EINVAL, ENOMEM } from '../errno';
import { MMAP_BASE, STACK_LIMIT } from '../params';
import type { FrameAllocator } from './frame-allocator';
import { PageMiss, type PageCoherence } from './page-miss';
import { PageTable, PTE_A, PTE_COW, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from './page-table';
import type { SharedMapper, SharedMemory } from './shared-memory';

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export type VmaKind = 'code' | 'data' | 'bss' | 'heap' | 'stack' | 'mmap';

/** Bytes a VMA maps from a file: file bytes [offset, offset + size) appear from vma.start. */
export interface FileBacking {
  data: Uint8Array;
  offset: number;
  size: number;
}

/** A MAP_SHARED mapping's object: its byte `offset` appears at vma.start. */
export interface SharedRef {
  mem: SharedMemory;
  offset: number;
}

export interface Vma {
  start: number; // page aligned, inclusive
  end: number; // page aligned, exclusive
  prot: number;
  kind: VmaKind;
  name: string;
  file?: FileBacking;
  /** MAP_SHARED: the object whose frames this VMA maps (never copied on write). */
  shared?: SharedRef;
  /** Which mapping this is (kept by splits and by a heap that grows; a new mmap gets a new one). */
  id?: number;
}

export type Access = 'read' | 'write' | 'exec';
/**
 * 'remote': another kernel owns the page; the coherency protocol must fetch it first.
 * 'sigbus': a shared file mapping touched past the end of its file.
 */
export type FaultResult = 'mapped' | 'segv' | 'oom' | 'remote' | 'sigbus';

export const pageDown = (a: number) => a - (a % PAGE_SIZE);
export const pageUp = (a: number) => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

/** Highest user address + 1: Sv39's lower half. */
export const USER_TOP = 2 ** 38;

function pteFlags(prot: number): number {
  let flags = PTE_U | PTE_A | PTE_D;
  if (prot & PROT_READ) flags |= PTE_R;
  if (prot & PROT_WRITE) flags |= PTE_W | PTE_R; // W without R is reserved in Sv39
  if (prot & PROT_EXEC) flags |= PTE_X;
  return flags;
}

export class AddressSpace implements SharedMapper {
  /** In address order; changed only by this class's methods (addVma, putVma, adoptVmas, mmap, munmap, mprotect). */
  get vmas(): readonly Vma[] {
    return this.vmaTable;
  }
  private vmaTable: Vma[] = [];
  /** Program break: [brkStart, brk) is the heap. */
  brkStart = 0;
  brk = 0;
  /** Pages present in the page table (shared COW pages count in every sharer). */
  resident = 0;
  /** Processes using this space: more than one after a vfork (CLONE_VM without CLONE_THREAD). */
  users = 1;
  /** Called after rights were taken away, so cached translations must go. */
  onShootdown: () => void = () => undefined;
  private nextVmaId = 1;
  /** Set while the process's threads span kernels: who may touch which page (page-miss.ts). */
  coherence: PageCoherence | undefined;

  private constructor(
    readonly frames: FrameAllocator,
    readonly memory: WebAssembly.Memory,
    readonly pageTable: PageTable,
    /** Most pages this space may hold (per-process limit). */
    readonly pageLimit: number,
  ) {}

  static create(frames: FrameAllocator, memory: WebAssembly.Memory, pageLimit: number): AddressSpace | undefined {
    const pt = PageTable.create(frames, memory);
    return pt && new AddressSpace(frames, memory, pt, pageLimit);
  }

  get satp(): bigint {
    return this.pageTable.satp;
  }

  findVma(va: number): Vma | undefined {
    // VMAs are few (tens): a linear scan is clearer than a tree and fast enough
    for (const vma of this.vmas) if (va >= vma.start && va < vma.end) return vma;
    return undefined;
  }

  /** Adds a VMA; false if it overlaps another or leaves user space. */
  addVma(vma: Vma): boolean {
    if (vma.start % PAGE_SIZE || vma.end % PAGE_SIZE || vma.start >= vma.end || vma.end > USER_TOP) return false;
    if (this.vmas.some((v) => v.start < vma.end && vma.start < v.end)) return false;
    vma.id ??= this.nextVmaId++;
    vma.shared?.mem.attach(this);
    this.vmaTable.push(vma);
    this.vmaTable.sort((a, b) => a.start - b.start);
    return true;
  }

  /** Takes another kernel's list of VMAs as this space's (a remote copy of the origin's space). */
  adoptVmas(vmas: Vma[]): void {
    for (const v of vmas) v.shared?.mem.attach(this); // before the old ones let go: an object in both stays
    this.forget(this.vmas);
    this.vmaTable = vmas;
  }

  /** Puts `vma` in place of whatever this space had over its range (the origin's word for it). */
  putVma(vma: Vma): boolean {
    this.forget(this.vmas.filter((v) => v.end > vma.start && v.start < vma.end));
    return this.addVma(vma);
  }

  /** Takes VMAs out of the table (their pages already gone), letting go of their shared objects. */
  private forget(gone: readonly Vma[]): void {
    if (gone.length === 0) return;
    this.vmaTable = this.vmas.filter((v) => !gone.includes(v));
    for (const v of gone) v.shared?.mem.detach(this);
  }

  // ---- faults ----

  /** Resolves a fault at `va`: maps the page, breaks copy-on-write, or grows the stack. */
  handleFault(va: number, access: Access): FaultResult {
    if (va < 0 || va >= USER_TOP) return 'segv';
    let vma = this.findVma(va);
    if (!vma) {
      vma = this.growStack(va);
      if (!vma) return this.coherence?.unknownVma(va) ? 'remote' : 'segv';
    }
    const need = access === 'read' ? PROT_READ : access === 'write' ? PROT_WRITE : PROT_EXEC;
    // a remote's VMA may be stale (mprotect at the origin gives rights without telling it)
    if ((vma.prot & need) === 0) return this.coherence?.unknownVma(va) ? 'remote' : 'segv';
    const page = pageDown(va);
    // a shared object's pages follow the object's coherence (the other kernels mapping it),
    // a private page its process's (the other kernels its threads run on)
    const gate = vma.shared?.mem.coherence;
    if (
      gate
        ? !gate.allows(AddressSpace.sharedIndex(page, vma, vma.shared as SharedRef), access)
        : this.coherence && !this.coherence.allows(page, access)
    )
      return 'remote';
    const pte = this.pageTable.lookup(page);
    if (pte & PTE_V) {
      if (access === 'write' && pte & PTE_COW) return this.breakCow(page, pte, vma);
      if (access === 'write' && gate && !(pte & PTE_W)) this.pageTable.setFlags(page, pteFlags(vma.prot)); // the right came
      return 'mapped'; // another thread mapped it meanwhile, or the TLB was stale
    }
    return this.populate(page, vma);
  }

  private populate(page: number, vma: Vma): FaultResult {
    if (vma.shared) return this.mapShared(page, vma.shared, vma, pteFlags(vma.prot));
    if (this.resident >= this.pageLimit) return 'oom';
    const pa = this.frames.alloc();
    if (pa === undefined) return 'oom';
    if (vma.file) {
      const { data, offset, size } = vma.file;
      const from = offset + (page - vma.start);
      const end = Math.min(offset + size, from + PAGE_SIZE, data.length);
      if (end > from) new Uint8Array(this.memory.buffer).set(data.subarray(from, end), RAM_OFFSET + pa);
    }
    if (!this.pageTable.map(page, pa, pteFlags(vma.prot))) {
      this.frames.release(pa);
      return 'oom';
    }
    this.resident++;
    return 'mapped';
  }

  /** Page index in the shared object of `page` of `vma`. */
  private static sharedIndex(page: number, vma: Vma, ref: SharedRef): number {
    return (ref.offset + (page - vma.start)) / PAGE_SIZE;
  }

  /** Maps the shared object's frame for `page` (made on first use), or says why not. */
  private mapShared(page: number, ref: SharedRef, vma: Vma, flags: number): FaultResult {
    const index = AddressSpace.sharedIndex(page, vma, ref);
    if (!ref.mem.within(index)) return 'sigbus';
    if (this.resident >= this.pageLimit) return 'oom';
    const pa = ref.mem.frame(index);
    if (pa === undefined || !this.pageTable.map(page, pa, AddressSpace.sharedFlags(ref.mem, index, flags)))
      return 'oom';
    this.frames.retain(pa);
    this.resident++;
    return 'mapped';
  }

  /** `flags` without the right to write while the object's coherence withholds it. */
  private static sharedFlags(mem: SharedMemory, index: number, flags: number): number {
    return mem.coherence && !mem.coherence.allows(index, 'write') ? flags & ~PTE_W : flags;
  }

  /** Calls `fn` for each page of this space mapping object page `index` of `mem`. */
  private eachSharedPage(mem: SharedMemory, index: number, fn: (va: number, vma: Vma) => void): void {
    for (const v of this.vmas) {
      if (v.shared?.mem !== mem) continue;
      const va = v.start + index * PAGE_SIZE - v.shared.offset;
      if (va >= v.start && va < v.end) fn(va, v);
    }
  }

  protectShared(mem: SharedMemory, index: number, writable: boolean): void {
    this.eachSharedPage(mem, index, (va, v) => {
      if (this.pageTable.lookup(va) & PTE_V) this.pageTable.setFlags(va, this.holdFlags(v, writable));
    });
    if (!writable) this.onShootdown();
  }

  unmapSharedPage(mem: SharedMemory, index: number): void {
    this.eachSharedPage(mem, index, (va) => {
      this.releasePage(va);
    });
    this.onShootdown();
  }

  writesShared(mem: SharedMemory, index: number): boolean {
    let writes = false;
    this.eachSharedPage(mem, index, (va) => {
      writes ||= this.holds(va).writable;
    });
    return writes;
  }

  /** Unmaps this space's pages of `mem` from object page `fromIndex` on (its file shrank). */
  unmapShared(mem: SharedMemory, fromIndex: number): void {
    for (const v of this.vmas) {
      if (v.shared?.mem !== mem) continue;
      for (let va = v.start; va < v.end; va += PAGE_SIZE)
        if (AddressSpace.sharedIndex(va, v, v.shared) >= fromIndex) this.releasePage(va);
    }
    this.onShootdown();
  }

  private breakCow(page: number, pte: number, vma: Vma): FaultResult {
    const pa = (pte >>> 10) * PAGE_SIZE;
    if (this.frames.refCount(pa) === 1) {
      this.pageTable.setFlags(page, pteFlags(vma.prot)); // last sharer: keep the frame
      return 'mapped';
    }
    const copy = this.frames.alloc();
    if (copy === undefined) return 'oom';
    const bytes = new Uint8Array(this.memory.buffer);
    bytes.copyWithin(RAM_OFFSET + copy, RAM_OFFSET + pa, RAM_OFFSET + pa + PAGE_SIZE);
    this.pageTable.map(page, copy, pteFlags(vma.prot));
    this.frames.release(pa);
    this.onShootdown(); // the load and fetch TLBs may still point at the shared frame
    return 'mapped';
  }

  private growStack(va: number): Vma | undefined {
    const stack = this.vmas.find((v) => v.kind === 'stack');
    if (!stack || va >= stack.start || va < stack.end - STACK_LIMIT) return undefined;
    const start = pageDown(va);
    if (this.vmas.some((v) => v !== stack && v.end > start && v.start < stack.start)) return undefined;
    stack.start = start;
    return stack;
  }

  // ---- mapping calls ----

  /** Finds a free range of `length` bytes below MMAP_BASE, top down, or undefined. */
  private findFree(length: number): number | undefined {
    let top = MMAP_BASE;
    const below = this.vmas.filter((v) => v.start < MMAP_BASE).sort((a, b) => b.start - a.start);
    for (const v of below) {
      if (v.end <= top - length) break;
      top = Math.min(top, v.start);
    }
    const start = top - length;
    return start > this.brk + PAGE_SIZE * 256 ? start : undefined;
  }

  /** mmap of anonymous, private file or shared (`shared`) memory; returns the address or -errno. */
  mmap(
    hint: number,
    length: number,
    prot: number,
    fixed: boolean,
    kind: VmaKind,
    name: string,
    file?: FileBacking,
    shared?: SharedRef,
  ): number {
    if (length <= 0 || hint % PAGE_SIZE) return -EINVAL;
    const size = pageUp(length);
    let start: number | undefined;
    if (fixed) {
      if (hint + size > USER_TOP) return -ENOMEM;
      this.munmap(hint, size);
      start = hint;
    } else {
      const fits = hint && hint + size <= USER_TOP && !this.vmas.some((v) => v.start < hint + size && hint < v.end);
      start = fits ? hint : this.findFree(size);
    }
    if (start === undefined) return -ENOMEM;
    const vma: Vma = { start, end: start + size, prot, kind, name };
    if (file) vma.file = file;
    if (shared) vma.shared = shared;
    return this.addVma(vma) ? start : -ENOMEM;
  }

  /** Splits VMAs so that `at` is a boundary. */
  private splitAt(at: number): void {
    const v = this.findVma(at);
    if (!v || v.start === at) return;
    const tail: Vma = { ...v, start: at };
    if (v.file)
      tail.file = {
        ...v.file,
        offset: v.file.offset + (at - v.start),
        size: Math.max(0, v.file.size - (at - v.start)),
      };
    if (v.file) v.file = { ...v.file, size: Math.min(v.file.size, at - v.start) };
    if (v.shared) {
      tail.shared = { mem: v.shared.mem, offset: v.shared.offset + (at - v.start) };
      v.shared.mem.attach(this);
    }
    v.end = at;
    this.vmaTable.push(tail);
    this.vmaTable.sort((a, b) => a.start - b.start);
  }

  private releasePage(va: number): void {
    const pte = this.pageTable.unmap(va);
    if (pte & PTE_V) {
      this.frames.release((pte >>> 10) * PAGE_SIZE);
      this.resident--;
    }
  }

  munmap(start: number, length: number): number {
    if (start % PAGE_SIZE || length <= 0) return -EINVAL;
    const end = Math.min(start + pageUp(length), USER_TOP);
    this.splitAt(start);
    this.splitAt(end);
    const gone = this.vmas.filter((v) => v.start >= start && v.end <= end);
    if (gone.length === 0) return 0;
    for (const v of gone) for (let va = v.start; va < v.end; va += PAGE_SIZE) this.releasePage(va);
    this.forget(gone);
    this.onShootdown();
    return 0;
  }

  mprotect(start: number, length: number, prot: number): number {
    if (start % PAGE_SIZE) return -EINVAL;
    const end = start + pageUp(length);
    for (let va = start; va < end; va += PAGE_SIZE) if (!this.findVma(va)) return -ENOMEM;
    this.splitAt(start);
    this.splitAt(end);
    for (const v of this.vmas) {
      if (v.start < start || v.end > end) continue;
      v.prot = prot;
      for (let va = v.start; va < v.end; va += PAGE_SIZE) {
        const pte = this.pageTable.lookup(va);
        if (!(pte & PTE_V)) continue;
        const flags = pteFlags(prot) & (pte & PTE_COW ? ~PTE_W : ~0);
        this.pageTable.setFlags(va, flags | (pte & PTE_COW));
      }
    }
    this.onShootdown();
    return 0;
  }

  /** Moves the program break; returns the break in force afterwards (Linux brk semantics). */
  setBrk(requested: number): number {
    if (requested < this.brkStart) return this.brk;
    const oldEnd = pageUp(this.brk);
    const newEnd = pageUp(requested);
    const heap = this.vmas.find((v) => v.kind === 'heap');
    if (newEnd > oldEnd) {
      if (this.vmas.some((v) => v !== heap && v.start < newEnd && oldEnd < v.end)) return this.brk;
      if (heap) heap.end = newEnd;
      else if (
        !this.addVma({ start: oldEnd, end: newEnd, prot: PROT_READ | PROT_WRITE, kind: 'heap', name: '[heap]' })
      ) {
        return this.brk;
      }
    } else if (newEnd < oldEnd && heap) {
      this.munmap(newEnd, oldEnd - newEnd);
      if (newEnd > heap.start) this.addVma({ ...heap, end: newEnd });
    }
    this.brk = requested;
    return this.brk;
  }

  // ---- pages moved by the coherency protocol ----

  /** PTE flags for a page of `vma` held with or without the right to write. */
  private holdFlags(vma: Vma, writable: boolean): number {
    return writable ? pteFlags(vma.prot) : pteFlags(vma.prot & ~PROT_WRITE);
  }

  /** Copies a page that arrived from another kernel in at `page`; false when out of memory. */
  installPage(page: number, data: Uint8Array, writable: boolean): boolean {
    const vma = this.findVma(page);
    if (!vma) return false;
    // a shared object's pages never come this way: its own protocol stores them in its frames
    if (vma.shared) return false;
    let pa = this.pageTable.physical(page);
    if (pa === undefined || this.frames.refCount(pa) > 1) {
      if (pa !== undefined) this.releasePage(page); // a copy-on-write share: this copy is ours alone
      if (this.resident >= this.pageLimit) return false;
      pa = this.frames.alloc();
      if (pa === undefined) return false;
      if (!this.pageTable.map(page, pa, this.holdFlags(vma, writable))) {
        this.frames.release(pa);
        return false;
      }
      this.resident++;
    } else {
      this.pageTable.setFlags(page, this.holdFlags(vma, writable));
    }
    new Uint8Array(this.memory.buffer).set(data.subarray(0, PAGE_SIZE), RAM_OFFSET + pa);
    this.onShootdown();
    return true;
  }

  /** Maps a page this space holds read-only or writable (keeping a copy-on-write share shared). */
  setWritable(page: number, writable: boolean): void {
    const vma = this.findVma(page);
    const pte = this.pageTable.lookup(page);
    if (!vma || !(pte & PTE_V)) return;
    const cow = pte & PTE_COW;
    this.pageTable.setFlags(page, (this.holdFlags(vma, writable) & (cow ? ~PTE_W : ~0)) | cow);
    if (!writable) this.onShootdown();
  }

  /** The page's bytes (a copy), or undefined when it is not mapped here. */
  pageBytes(page: number): Uint8Array | undefined {
    const pa = this.pageTable.physical(page);
    if (pa === undefined) return undefined;
    return new Uint8Array(this.memory.buffer).slice(RAM_OFFSET + pa, RAM_OFFSET + pa + PAGE_SIZE);
  }

  /** Whether the page is mapped here, and writable. */
  holds(page: number): { present: boolean; writable: boolean } {
    const pte = this.pageTable.lookup(page);
    return { present: (pte & PTE_V) !== 0, writable: (pte & PTE_V) !== 0 && (pte & PTE_W) !== 0 };
  }

  /** Unmaps the pages of [start, end) and keeps their VMAs (MADV_DONTNEED of shared memory). */
  unmapPages(start: number, end: number): void {
    for (let va = start; va < end; va += PAGE_SIZE) this.releasePage(va);
    this.onShootdown();
  }

  /** Drops this kernel's copy of a page (another kernel took it over). */
  dropPage(page: number): void {
    this.releasePage(page);
    this.onShootdown();
  }

  /** The VMA covering `va`, the stack grown down to it if that is where it falls. */
  vmaAt(va: number): Vma | undefined {
    return this.findVma(va) ?? this.growStack(va);
  }

  /** Materializes a page here as a first touch would (zero or file bytes, stack growth); 'mapped' or why not. */
  touch(va: number): FaultResult {
    const vma = this.findVma(va) ?? this.growStack(va);
    if (!vma) return 'segv';
    if (this.pageTable.lookup(pageDown(va)) & PTE_V) return 'mapped';
    return this.populate(pageDown(va), vma);
  }

  // ---- fork and teardown ----

  /** A copy-on-write copy of this space, or undefined when out of frames. */
  fork(): AddressSpace | undefined {
    const child = AddressSpace.create(this.frames, this.memory, this.pageLimit);
    if (!child) return undefined;
    child.vmaTable = this.vmas.map((v) => ({ ...v }));
    for (const v of child.vmaTable) v.shared?.mem.attach(child);
    child.nextVmaId = this.nextVmaId;
    child.brkStart = this.brkStart;
    child.brk = this.brk;
    const pages: Array<[number, number]> = [];
    this.pageTable.forEachPage((va, pte) => pages.push([va, pte]));
    let ok = true;
    for (const [va, pte] of pages) {
      const pa = (pte >>> 10) * PAGE_SIZE;
      let flags = pte & 0x3ff;
      const vma = this.findVma(va);
      if (vma?.shared) {
        // the same frame in both, never copied; the child's rights are its VMA's (here the page
        // may be read-only for coherency, which the child, on this kernel alone, is not part of),
        // but no more than the object's coherence with other kernels allows this kernel
        flags = AddressSpace.sharedFlags(
          vma.shared.mem,
          AddressSpace.sharedIndex(va, vma, vma.shared),
          pteFlags(vma.prot),
        );
      } else if (flags & PTE_W || flags & PTE_COW || ((vma?.prot ?? 0) & PROT_WRITE) !== 0) {
        // a writable page, or one only read-only here for coherency: both are the child's to write
        flags = (flags & ~PTE_W) | PTE_COW;
        this.pageTable.setFlags(va, flags);
      }
      if (!child.pageTable.map(va, pa, flags)) {
        ok = false;
        break;
      }
      this.frames.retain(pa);
      child.resident++;
    }
    this.onShootdown();
    if (!ok) {
      child.destroy();
      return undefined;
    }
    return child;
  }

  /** Releases every page and table frame. */
  destroy(): void {
    this.pageTable.forEachPage((_va, pte) => {
      this.frames.release((pte >>> 10) * PAGE_SIZE);
    });
    this.pageTable.destroy();
    this.forget(this.vmas);
    this.resident = 0;
  }

  // ---- kernel access to user memory ----

  /**
   * Host offset of user address `va` for a kernel access of the given kind, faulting the page
   * in as the hart would; undefined when the program could not access it either (EFAULT).
   */
  hostAddress(va: number, access: Access): number | undefined {
    if (!Number.isSafeInteger(va) || va < 0 || va >= USER_TOP) return undefined;
    const page = pageDown(va);
    let pte = this.pageTable.lookup(page);
    const allowed = (p: number) =>
      p & PTE_V && (access === 'write' ? p & PTE_W : access === 'exec' ? p & PTE_X : p & PTE_R) && p & PTE_U;
    if (!allowed(pte)) {
      const result = this.handleFault(va, access);
      if (result === 'remote') throw new PageMiss(va, access);
      if (result !== 'mapped') return undefined;
      pte = this.pageTable.lookup(page);
      if (!allowed(pte)) return undefined;
    }
    return RAM_OFFSET + (pte >>> 10) * PAGE_SIZE + (va - page);
  }
}
