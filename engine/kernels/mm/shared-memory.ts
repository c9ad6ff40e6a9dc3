// A memory object that several mappings share (Linux's shmem inode or a file's page cache):
// one frame per page, the same frame in every process that maps the object with MAP_SHARED,
// so a store by one is seen by all at once and fork never copies it. Anonymous MAP_SHARED
// memory is one such object per mmap call; a regular file's MAP_SHARED mappings share the
// file's page cache (fs/page-cache.ts), whose frames then hold the file's current bytes.
//
// The object holds one reference on each of its frames; every page table that maps one holds
// another (address-space.ts). It counts the VMAs that map it per address space, so a file that
// shrinks can take its pages away from every mapping, and it lets go of its frames when the
// last VMA goes (`onIdle`).

import { PAGE_SIZE, RAM_OFFSET } from '../../hw/memory-map';
import type { FrameAllocator } from './frame-allocator';

/** The address spaces mapping an object, as the object needs to reach them. */
export interface SharedMapper {
  /** Unmaps this space's pages of `mem` from page `fromIndex` of the object on. */
  unmapShared(mem: SharedMemory, fromIndex: number): void;
  /** Maps this space's pages of object page `index` read-only, or with their VMA's rights. */
  protectShared(mem: SharedMemory, index: number, writable: boolean): void;
  /** Unmaps this space's pages of object page `index` only. */
  unmapSharedPage(mem: SharedMemory, index: number): void;
  /** Whether this space maps object page `index` writable now (the invariant checker asks). */
  writesShared(mem: SharedMemory, index: number): boolean;
}

/**
 * Set by the page protocol of shared objects (protocols/migration/shm-*.ts) once an object's
 * pages are used on more than one kernel: which pages this kernel may touch now, with which
 * access. An object without it is this kernel's alone and every page is there to be touched.
 */
export interface SharedCoherence {
  /** Whether this kernel's copy of page `index` is current with the rights `access` needs. */
  allows(index: number, access: 'read' | 'write' | 'exec'): boolean;
  /**
   * No VMA maps the object here any more (called before its frames go). False when other
   * kernels still hold pages of it whose bytes must come back here first (a file's written
   * pages): the object keeps its frames, and the rule calls `settle` again once they came.
   */
  idle?(mem: SharedMemory): boolean;
}

/** The name of an object across kernels: the kernel it lives at and its number there. */
export interface SharedKey {
  readonly home: number;
  readonly id: number;
}

/** What stands behind an object's pages: nothing (anonymous memory), or a file. */
export interface SharedBacking {
  /** Fills a new page's frame (file bytes); anonymous pages start as zeros. */
  fill?: (index: number, into: Uint8Array) => void;
  /** How many pages the object has (a file's size, rounded up); unbounded when absent. */
  pages?: () => number;
  /** Called when no VMA maps the object any more, before it lets go of its frames. */
  onIdle?: (mem: SharedMemory) => void;
}

let nextId = 1;

export class SharedMemory {
  /** Names the object in futex keys: waiters in different processes meet on (id, offset). */
  readonly id = nextId++;
  /** Set while the object's pages are kept coherent with other kernels' (see SharedCoherence). */
  coherence: SharedCoherence | undefined;
  /** Its name across kernels, once another kernel has heard of it (or, for a copy, its home's). */
  key: SharedKey | undefined;
  /** Page index in the object -> guest physical address of its frame. */
  private readonly pages = new Map<number, number>();
  /** VMAs mapping the object, per address space. */
  private readonly mappers = new Map<SharedMapper, number>();

  constructor(
    readonly frames: FrameAllocator,
    readonly memory: WebAssembly.Memory,
    private readonly backing: SharedBacking = {},
  ) {}

  /** Anonymous memory (MAP_SHARED | MAP_ANONYMOUS, /dev/zero): no file stands behind it. */
  get anonymous(): boolean {
    return this.backing.fill === undefined && this.backing.pages === undefined;
  }

  /** Whether page `index` exists (a file's pages end at its size; a touch past them is SIGBUS). */
  within(index: number): boolean {
    return this.backing.pages === undefined || index < this.backing.pages();
  }

  /** Pages the object holds in frames now. */
  get resident(): number {
    return this.pages.size;
  }

  /** The frame of page `index`, made (and filled) on first use; undefined when out of frames. */
  frame(index: number): number | undefined {
    let pa = this.pages.get(index);
    if (pa !== undefined) return pa;
    pa = this.frames.alloc();
    if (pa === undefined) return undefined;
    this.backing.fill?.(index, this.bytesOf(pa));
    this.pages.set(index, pa);
    return pa;
  }

  /** The frame of page `index` when the object has one. */
  peek(index: number): number | undefined {
    return this.pages.get(index);
  }

  /** A view of the frame's bytes (the live memory, not a copy). */
  bytesOf(pa: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, RAM_OFFSET + pa, PAGE_SIZE);
  }

  /** Every page held, in index order (the page cache writes them back). */
  held(): Array<[number, number]> {
    return [...this.pages].sort((a, b) => a[0] - b[0]);
  }

  /** Drops pages from `fromIndex` on, from every mapping and from the object (a file shrank). */
  truncate(fromIndex: number): void {
    for (const mapper of this.mappers.keys()) mapper.unmapShared(this, fromIndex);
    for (const [index, pa] of this.held()) {
      if (index < fromIndex) continue;
      this.pages.delete(index);
      this.frames.release(pa);
    }
  }

  /** Writes `data` into page `index`'s frame (made first if need be); false when out of frames. */
  store(index: number, data: Uint8Array): boolean {
    const pa = this.frame(index);
    if (pa === undefined) return false;
    this.bytesOf(pa).set(data.subarray(0, PAGE_SIZE));
    return true;
  }

  /** Maps page `index` read-only, or with each VMA's rights, in every space mapping the object. */
  protect(index: number, writable: boolean): void {
    for (const mapper of this.mappers.keys()) mapper.protectShared(this, index, writable);
  }

  /** Drops page `index` from every mapping and lets its frame go (another kernel writes it now). */
  drop(index: number): void {
    for (const mapper of this.mappers.keys()) mapper.unmapSharedPage(this, index);
    const pa = this.pages.get(index);
    if (pa === undefined) return;
    this.pages.delete(index);
    this.frames.release(pa);
  }

  /** Whether any space maps page `index` writable now. */
  writable(index: number): boolean {
    for (const mapper of this.mappers.keys()) if (mapper.writesShared(this, index)) return true;
    return false;
  }

  /** Whether any VMA maps the object here. */
  get attached(): boolean {
    return this.mappers.size > 0;
  }

  /** One more VMA of `mapper` maps the object. */
  attach(mapper: SharedMapper): void {
    this.mappers.set(mapper, (this.mappers.get(mapper) ?? 0) + 1);
  }

  /** One VMA of `mapper` fewer; the object lets go of its frames when none is left. */
  detach(mapper: SharedMapper): void {
    const n = (this.mappers.get(mapper) ?? 0) - 1;
    if (n > 0) this.mappers.set(mapper, n);
    else this.mappers.delete(mapper);
    this.settle();
  }

  /** Lets the object go when no VMA maps it (after the last detach, or a mapping made for it that failed). */
  settle(): void {
    if (this.mappers.size > 0) return;
    if (this.coherence?.idle?.(this) === false) return;
    this.backing.onIdle?.(this);
    for (const pa of this.pages.values()) this.frames.release(pa);
    this.pages.clear();
  }
}
