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
//
// Across kernels the cache is one shared object among others (protocols/migration/shm-*.ts):
// other kernels map replicas of it and may hold some of its pages, even write them, while the
// frame here is stale or gone. So before read, write or truncate copy between frames and
// `data`, claim() asks the object's coherence rule whether this kernel holds every page of the
// range with the rights the copy needs (read: a current copy; write or truncate: the only one),
// and if not throws SharedMiss before anything changed: the syscall waits while the page
// protocol brings the page back (kernels/mm/remote-miss.ts), then runs again from the start,
// whether its caller is a thread here or the filesystem home's stand-in for another kernel's.

import { PAGE_SIZE } from '../../hw/memory-map';
import type { FrameAllocator } from '../mm/frame-allocator';
import { SharedMiss } from '../mm/page-miss';
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

  /**
   * Before bytes [from, to) are read (`read`) or changed (`write`): throws SharedMiss for the
   * first page of the range another kernel holds with rights this copy conflicts with. Only
   * pages the file has can be held elsewhere (a page past its end is never given out).
   */
  claim(from: number, to: number, access: 'read' | 'write'): void {
    const rule = this.mem.coherence;
    if (!rule) return;
    const last = Math.min(Math.ceil(to / PAGE_SIZE), Math.ceil(this.inode.size / PAGE_SIZE));
    for (let index = Math.floor(from / PAGE_SIZE); index < last; index++)
      if (!rule.allows(index, access)) throw new SharedMiss(this.mem, index, access);
  }

  /** Before the file's size becomes `size`: the pages a resize changes or drops are claimed for writing. */
  claimResize(size: number): void {
    const old = this.inode.size;
    this.claim(Math.min(old, size), Math.max(old, size), 'write');
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
