// A regular file's page cache, for its MAP_SHARED mappings: one shared memory object
// (mm/shared-memory.ts) whose frames every such mapping of the file maps, in every process.
// A file has one only while something maps it shared. Then a cached page's frame holds that
// page's current bytes (programs store into it without the kernel seeing), and the inode's
// `data` holds the rest, so:
//   - read() copies the cached pages of its range into `data` first (readBack);
//   - write() and truncate change `data`, then copy the bytes they changed into the cached
//     pages (update), so a mapping sees them at once;
//   - a truncate takes the pages past the new end from every mapping (a touch there is SIGBUS);
//   - when the last mapping goes, the cached pages are copied into `data` and the frames freed.
// msync has nothing left to do: the mapping and the file are the same bytes.

import { PAGE_SIZE } from '../../hw/memory-map';
import type { FrameAllocator } from '../mm/frame-allocator';
import { SharedMemory } from '../mm/shared-memory';
import type { Inode } from './inode';

export class PageCache {
  readonly mem: SharedMemory;

  constructor(
    private readonly inode: Inode,
    frames: FrameAllocator,
    memory: WebAssembly.Memory,
  ) {
    this.mem = new SharedMemory(frames, memory, {
      fill: (index, into) => {
        const from = index * PAGE_SIZE;
        if (from < inode.size) into.set(inode.data.subarray(from, Math.min(inode.size, from + PAGE_SIZE)));
      },
      pages: () => Math.ceil(inode.size / PAGE_SIZE),
      onIdle: () => {
        this.readBack(0, inode.size);
        if (inode.cache === this) inode.cache = undefined;
      },
    });
  }

  /** Copies the cached pages' bytes of [from, to) into the inode's data (never past its size). */
  readBack(from: number, to: number): void {
    const inode = this.inode;
    to = Math.min(to, inode.size);
    for (let page = from - (from % PAGE_SIZE); page < to; page += PAGE_SIZE) {
      const pa = this.mem.peek(page / PAGE_SIZE);
      if (pa === undefined) continue;
      const start = Math.max(page, from);
      const end = Math.min(page + PAGE_SIZE, to);
      inode.data.set(this.mem.bytesOf(pa).subarray(start - page, end - page), start);
    }
  }

  /** Copies the inode's data of [from, to) into the cached pages (zeros past the data's end). */
  update(from: number, to: number): void {
    const data = this.inode.data;
    for (let page = from - (from % PAGE_SIZE); page < to; page += PAGE_SIZE) {
      const pa = this.mem.peek(page / PAGE_SIZE);
      if (pa === undefined) continue;
      const start = Math.max(page, from);
      const end = Math.min(page + PAGE_SIZE, to);
      const frame = this.mem.bytesOf(pa);
      frame.fill(0, start - page, end - page);
      frame.set(data.subarray(start, Math.min(end, data.length)), start - page);
    }
  }

  /** The file's size changed from `oldSize`: the last page's tail reads as zeros, later pages go. */
  resized(oldSize: number): void {
    const kept = Math.min(oldSize, this.inode.size);
    this.update(kept, Math.ceil(kept / PAGE_SIZE) * PAGE_SIZE);
    this.mem.truncate(Math.ceil(this.inode.size / PAGE_SIZE));
  }
}

/** The page cache of a regular file, made when it is first mapped shared. */
export function pageCacheOf(inode: Inode, frames: FrameAllocator, memory: WebAssembly.Memory): PageCache {
  inode.cache ??= new PageCache(inode, frames, memory);
  return inode.cache;
}
