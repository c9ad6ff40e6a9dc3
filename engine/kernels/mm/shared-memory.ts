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
  /** Page index in the object -> guest physical address of its frame. */
  private readonly pages = new Map<number, number>();
  /** VMAs mapping the object, per address space. */
  private readonly mappers = new Map<SharedMapper, number>();

  constructor(
    readonly frames: FrameAllocator,
    readonly memory: WebAssembly.Memory,
    private readonly backing: SharedBacking = {},
  ) {}

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

  /** One more VMA of `mapper` maps the object. */
  attach(mapper: SharedMapper): void {
    this.mappers.set(mapper, (this.mappers.get(mapper) ?? 0) + 1);
  }

  /** One VMA of `mapper` fewer; the object lets go of its frames when none is left. */
  detach(mapper: SharedMapper): void {
    const n = (this.mappers.get(mapper) ?? 0) - 1;
    if (n > 0) this.mappers.set(mapper, n);
    else this.mappers.delete(mapper);
    if (this.mappers.size > 0) return;
    this.backing.onIdle?.(this);
    for (const pa of this.pages.values()) this.frames.release(pa);
    this.pages.clear();
  }
}
