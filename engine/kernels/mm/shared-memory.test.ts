import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../hw/memory-map';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { Inode } from '../fs/inode';
import { pageCacheOf } from '../fs/page-cache';
import { Vfs } from '../fs/vfs';
import { AddressSpace, PROT_READ, PROT_WRITE } from './address-space';
import { FrameAllocator } from './frame-allocator';
import { PTE_COW } from './page-table';
import { SharedMemory } from './shared-memory';

const WINDOW = 0x100000;
const RW = PROT_READ | PROT_WRITE;
const AT = 0x40000;

function setup() {
  const { memory } = createPhysicalMemory(4 << 20, 1);
  const frames = new FrameAllocator(memory, WINDOW, 256 * PAGE_SIZE);
  const space = () => AddressSpace.create(frames, memory, 1000) as AddressSpace;
  return { memory, frames, space };
}

/** Reads or writes user memory through the page tables, faulting pages in as the hart would. */
const poke = (mm: AddressSpace, va: number, v: number) => {
  const host = mm.hostAddress(va, 'write') as number;
  new Uint8Array(mm.memory.buffer)[host] = v;
};
const peek = (mm: AddressSpace, va: number) => new Uint8Array(mm.memory.buffer)[mm.hostAddress(va, 'read') as number];

describe('SharedMemory (MAP_SHARED)', () => {
  it('is one frame per page in a process and its fork, never copied on write', () => {
    const { frames, memory, space } = setup();
    const parent = space();
    const mem = new SharedMemory(frames, memory);
    expect(parent.mmap(AT, 2 * PAGE_SIZE, RW, true, 'mmap', 'shm', undefined, { mem, offset: 0 })).toBe(AT);
    poke(parent, AT, 1);
    const child = parent.fork() as AddressSpace;
    expect(child.pageTable.lookup(AT) & PTE_COW).toBe(0);
    poke(child, AT, 2);
    poke(child, AT + PAGE_SIZE, 3); // a page neither had before the fork
    expect(peek(parent, AT)).toBe(2);
    expect(peek(parent, AT + PAGE_SIZE)).toBe(3);
    expect(parent.pageTable.physical(AT)).toBe(child.pageTable.physical(AT));
  });

  it('a fork maps a shared page with the rights of its VMA, even one read-only here for coherency', () => {
    const { frames, memory, space } = setup();
    const parent = space();
    const mem = new SharedMemory(frames, memory);
    parent.mmap(AT, PAGE_SIZE, RW, true, 'mmap', 'shm', undefined, { mem, offset: 0 });
    poke(parent, AT, 1);
    parent.setWritable(AT, false); // another kernel reads it: this copy is read-only for now
    const child = parent.fork() as AddressSpace;
    expect(child.holds(AT)).toEqual({ present: true, writable: true });
    expect(parent.holds(AT)).toEqual({ present: true, writable: false });
  });

  it('frees its frames when the last mapping goes (munmap, exit), not before', () => {
    const { frames, memory, space } = setup();
    const before = frames.available;
    const a = space();
    const mem = new SharedMemory(frames, memory);
    a.mmap(AT, 4 * PAGE_SIZE, RW, true, 'mmap', 'shm', undefined, { mem, offset: 0 });
    for (let i = 0; i < 4; i++) poke(a, AT + i * PAGE_SIZE, 10 + i);
    const b = a.fork() as AddressSpace;
    expect(a.munmap(AT + PAGE_SIZE, PAGE_SIZE)).toBe(0); // a split: three VMAs of one object
    a.destroy();
    expect(mem.resident).toBe(4);
    expect(peek(b, AT + 3 * PAGE_SIZE)).toBe(13);
    expect(b.munmap(AT, 4 * PAGE_SIZE)).toBe(0);
    expect(mem.resident).toBe(0);
    b.destroy();
    expect(frames.available).toBe(before);
  });

  it('keys the tail of a split VMA at its own offset in the object', () => {
    const { frames, memory, space } = setup();
    const a = space();
    const mem = new SharedMemory(frames, memory);
    a.mmap(AT, 3 * PAGE_SIZE, RW, true, 'mmap', 'shm', undefined, { mem, offset: 0 });
    a.mprotect(AT + PAGE_SIZE, PAGE_SIZE, PROT_READ);
    expect(a.findVma(AT + 2 * PAGE_SIZE)?.shared?.offset).toBe(2 * PAGE_SIZE);
    poke(a, AT + 2 * PAGE_SIZE, 9);
    expect(peek(a, AT + 2 * PAGE_SIZE)).toBe(9);
    expect(mem.peek(2)).toBe(a.pageTable.physical(AT + 2 * PAGE_SIZE));
  });

  it('a file page past the end of the file is SIGBUS', () => {
    const { frames, memory, space } = setup();
    const a = space();
    const mem = new SharedMemory(frames, memory, { pages: () => 1 });
    a.mmap(AT, 2 * PAGE_SIZE, RW, true, 'mmap', 'f', undefined, { mem, offset: 0 });
    expect(a.handleFault(AT, 'write')).toBe('mapped');
    expect(a.handleFault(AT + PAGE_SIZE, 'read')).toBe('sigbus');
    expect(a.hostAddress(AT + PAGE_SIZE, 'read')).toBeUndefined(); // EFAULT for the kernel
  });
});

describe('PageCache (a file mapped MAP_SHARED)', () => {
  function file(text: string) {
    const vfs = new Vfs(() => 0);
    const inode = vfs.writeFile('/tmp/f', new TextEncoder().encode(text));
    return { vfs, inode };
  }
  const str = (b: Uint8Array) => new TextDecoder().decode(b);

  it('agrees with the file: stores are read back, writes reach the frames', () => {
    const { frames, memory, space } = setup();
    const { vfs, inode } = file('hello');
    const a = space();
    const cache = pageCacheOf(inode, frames, memory);
    a.mmap(AT, PAGE_SIZE, RW, true, 'mmap', '/tmp/f', undefined, { mem: cache.mem, offset: 0 });
    expect(peek(a, AT)).toBe('h'.charCodeAt(0));
    poke(a, AT, 'H'.charCodeAt(0));
    expect(str(inode.contents() as Uint8Array)).toBe('Hello');
    vfs.writeAt(inode, 1, new TextEncoder().encode('EY'));
    expect(peek(a, AT + 2)).toBe('Y'.charCodeAt(0));
  });

  it('a truncate zeroes the last page’s tail and takes later pages from every mapping', () => {
    const { frames, memory, space } = setup();
    const { vfs, inode } = file('x'.repeat(2 * PAGE_SIZE));
    const a = space();
    const cache = pageCacheOf(inode, frames, memory);
    a.mmap(AT, 2 * PAGE_SIZE, RW, true, 'mmap', '/tmp/f', undefined, { mem: cache.mem, offset: 0 });
    poke(a, AT + PAGE_SIZE, 7);
    expect(vfs.resize(inode, 3)).toBe(0);
    expect(peek(a, AT + 2)).toBe('x'.charCodeAt(0));
    expect(peek(a, AT + 3)).toBe(0);
    expect(a.holds(AT + PAGE_SIZE).present).toBe(false);
    expect(a.handleFault(AT + PAGE_SIZE, 'read')).toBe('sigbus');
    expect(vfs.resize(inode, 2 * PAGE_SIZE)).toBe(0);
    expect(peek(a, AT + PAGE_SIZE)).toBe(0);
  });

  it('goes when the last mapping goes, leaving the bytes in the file', () => {
    const { frames, memory, space } = setup();
    const { inode } = file('abc');
    const before = frames.available;
    const a = space();
    const cache = pageCacheOf(inode, frames, memory);
    a.mmap(AT, PAGE_SIZE, RW, true, 'mmap', '/tmp/f', undefined, { mem: cache.mem, offset: 0 });
    poke(a, AT + 1, 'B'.charCodeAt(0));
    a.munmap(AT, PAGE_SIZE);
    expect(inode.cache).toBeUndefined();
    expect(str(inode.data.subarray(0, inode.size))).toBe('aBc');
    a.destroy();
    expect(frames.available).toBe(before);
    expect(inode).toBeInstanceOf(Inode);
  });

  describe('kept coherent with other kernels (a coherence rule set on the object)', () => {
    /** An object whose page 0 this kernel may read but not write, and page 1 not touch. */
    function gated() {
      const { frames, memory, space } = setup();
      const mem = new SharedMemory(frames, memory);
      const a = space();
      a.mmap(AT, 2 * PAGE_SIZE, RW, true, 'mmap', 'shm', undefined, { mem, offset: 0 });
      poke(a, AT, 5);
      const rights = new Map<number, 'read' | 'write'>([[0, 'read']]);
      mem.coherence = { allows: (i, access) => rights.get(i) === 'write' || (access !== 'write' && rights.has(i)) };
      mem.protect(0, false);
      return { mem, a, rights, space };
    }

    it('touches a page only with the rights the rule gives: the rest is for the protocol to fetch', () => {
      const { mem, a, rights } = gated();
      expect(peek(a, AT)).toBe(5);
      expect(a.holds(AT)).toEqual({ present: true, writable: false });
      expect(a.handleFault(AT, 'write')).toBe('remote');
      expect(a.handleFault(AT + PAGE_SIZE, 'read')).toBe('remote');
      rights.set(0, 'write');
      mem.protect(0, true);
      expect(a.holds(AT).writable).toBe(true);
      mem.drop(0);
      expect(a.holds(AT).present).toBe(false);
      expect(mem.peek(0)).toBeUndefined();
    });

    it('gives a fork no more than the rule gives the parent', () => {
      const { a } = gated();
      const child = a.fork() as AddressSpace;
      expect(child.holds(AT)).toEqual({ present: true, writable: false });
      expect(child.handleFault(AT, 'write')).toBe('remote');
    });

    it('is attached by VMAs adopted from another kernel, and let go by those they replace', () => {
      const { mem, space } = gated();
      const b = space();
      let idle = 0;
      mem.coherence = {
        allows: () => true,
        idle: () => {
          idle++;
          return true;
        },
      };
      b.adoptVmas([
        { start: AT, end: AT + PAGE_SIZE, prot: RW, kind: 'mmap', name: 'shm', shared: { mem, offset: 0 }, id: 1 },
      ]);
      b.adoptVmas([
        { start: AT, end: AT + PAGE_SIZE, prot: RW, kind: 'mmap', name: 'shm', shared: { mem, offset: 0 }, id: 1 },
      ]);
      expect(idle).toBe(0);
      b.adoptVmas([]);
      expect(idle).toBe(0); // the first space still maps it
    });
  });
});
