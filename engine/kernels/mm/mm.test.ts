import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, RAM_OFFSET } from '../../hw/memory-map';
import { createPhysicalMemory, MIB } from '../../hw/physical-memory';
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from './address-space';
import { FrameAllocator } from './frame-allocator';
import { PTE_COW, PTE_W } from './page-table';
import { UserMemory } from './uaccess';

const WINDOW = 0x100000; // this kernel's memory starts at 1 MiB
const RW = PROT_READ | PROT_WRITE;

function setup(windowPages = 256, pageLimit = 1000) {
  const { memory } = createPhysicalMemory(4 << 20, 1);
  const frames = new FrameAllocator(memory, WINDOW, windowPages * PAGE_SIZE);
  const mm = AddressSpace.create(frames, memory, pageLimit);
  if (!mm) throw new Error('no address space');
  return { memory, frames, mm, bytes: new Uint8Array(memory.buffer) };
}

describe('FrameAllocator', () => {
  it('hands out zeroed frames of its own window only, lowest first, and takes them back', () => {
    const { memory } = createPhysicalMemory(4 << 20, 1);
    new Uint8Array(memory.buffer).fill(7, RAM_OFFSET + WINDOW, RAM_OFFSET + WINDOW + 2 * PAGE_SIZE);
    const frames = new FrameAllocator(memory, WINDOW, 2 * PAGE_SIZE);
    const a = frames.alloc();
    const b = frames.alloc();
    expect([a, b]).toEqual([WINDOW, WINDOW + PAGE_SIZE]);
    expect(new Uint8Array(memory.buffer)[RAM_OFFSET + WINDOW]).toBe(0);
    expect(frames.alloc()).toBeUndefined();
    frames.release(WINDOW);
    expect(frames.alloc()).toBe(WINDOW);
    expect(() => {
      frames.release(0);
    }).toThrow(/not in this window/);
  });

  it('counts sharers and frees a frame when the last one lets go', () => {
    const { memory } = createPhysicalMemory(4 << 20, 1);
    const frames = new FrameAllocator(memory, WINDOW, 4 * PAGE_SIZE);
    const pa = frames.alloc() as number;
    frames.retain(pa);
    frames.release(pa);
    expect(frames.available).toBe(3);
    frames.release(pa);
    expect(frames.available).toBe(4);
    expect(() => {
      frames.release(pa);
    }).toThrow(/double free/);
  });
});

describe('AddressSpace', () => {
  it('takes the VMAs another kernel sends: all of them, or one in place of what overlapped it', () => {
    const { mm } = setup();
    mm.adoptVmas([
      { start: 0x10000, end: 0x14000, prot: RW, kind: 'mmap', name: 'a', id: 7 },
      { start: 0x20000, end: 0x21000, prot: PROT_READ, kind: 'mmap', name: 'b', id: 8 },
    ]);
    expect(mm.findVma(0x20000)?.id).toBe(8);
    expect(mm.putVma({ start: 0x12000, end: 0x22000, prot: PROT_READ, kind: 'mmap', name: 'c', id: 9 })).toBe(true);
    expect(mm.vmas.map((v) => v.id)).toEqual([9]);
    expect(mm.handleFault(0x13000, 'write')).toBe('segv');
  });

  it('maps zero pages on first touch and only inside a VMA with the right', () => {
    const { mm } = setup();
    expect(mm.mmap(0x10000, 2 * PAGE_SIZE, PROT_READ, true, 'mmap', 'ro')).toBe(0x10000);
    expect(mm.handleFault(0x10008, 'read')).toBe('mapped');
    expect(mm.resident).toBe(1);
    expect(mm.handleFault(0x10008, 'write')).toBe('segv');
    expect(mm.handleFault(0x10008, 'exec')).toBe('segv');
    expect(mm.handleFault(0x30000, 'read')).toBe('segv');
  });

  it('copies file contents into private pages, zero past the file size', () => {
    const { mm, bytes } = setup();
    const data = new Uint8Array(PAGE_SIZE * 2).fill(0xab);
    mm.mmap(0x40000, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC, true, 'code', 'prog', { data, offset: 16, size: 100 });
    expect(mm.handleFault(0x40000, 'exec')).toBe('mapped');
    const host = mm.hostAddress(0x40000, 'read') as number;
    expect(bytes[host + 99]).toBe(0xab);
    expect(bytes[host + 100]).toBe(0);
  });

  it('shares pages copy-on-write after fork, copying on the first write', () => {
    const { mm, frames, bytes } = setup();
    mm.mmap(0x10000, PAGE_SIZE, RW, true, 'mmap', 'data');
    const parentMem = new UserMemory(mm);
    expect(parentMem.writeU64(0x10000, 11n)).toBe(true);
    const used = frames.used;
    let shootdowns = 0;
    mm.onShootdown = () => shootdowns++;
    const child = mm.fork();
    if (!child) throw new Error('fork failed');
    expect(shootdowns).toBe(1); // the parent lost its write right
    expect(mm.pageTable.lookup(0x10000) & (PTE_W | PTE_COW)).toBe(PTE_COW);
    const childMem = new UserMemory(child);
    expect(childMem.readU64(0x10000)).toBe(11n);
    expect(childMem.writeU64(0x10000, 22n)).toBe(true); // copy
    expect(parentMem.readU64(0x10000)).toBe(11n);
    expect(childMem.readU64(0x10000)).toBe(22n);
    expect(parentMem.writeU64(0x10000, 33n)).toBe(true); // last sharer: no copy
    expect(mm.pageTable.lookup(0x10000) & PTE_COW).toBe(0);
    child.destroy();
    expect(frames.used).toBe(used);
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('unmaps and reprotects parts of a VMA, splitting it', () => {
    const { mm, frames } = setup();
    mm.mmap(0x10000, 4 * PAGE_SIZE, RW, true, 'mmap', 'm');
    for (let p = 0; p < 4; p++) mm.handleFault(0x10000 + p * PAGE_SIZE, 'write');
    const used = frames.used;
    expect(mm.munmap(0x11000, PAGE_SIZE)).toBe(0);
    expect(frames.used).toBe(used - 1);
    expect(mm.vmas.map((v) => [v.start, v.end])).toEqual([
      [0x10000, 0x11000],
      [0x12000, 0x14000],
    ]);
    expect(mm.mprotect(0x13000, PAGE_SIZE, PROT_READ)).toBe(0);
    expect(mm.handleFault(0x13000, 'write')).toBe('segv');
    expect(mm.handleFault(0x12000, 'write')).toBe('mapped');
    expect(mm.mprotect(0x11000, PAGE_SIZE, PROT_READ)).toBeLessThan(0); // unmapped hole
  });

  it('moves the break up and down', () => {
    const { mm } = setup();
    mm.brkStart = mm.brk = 0x80000;
    expect(mm.setBrk(0x80000 + 10000)).toBe(0x80000 + 10000);
    expect(mm.handleFault(0x82000, 'write')).toBe('mapped');
    expect(mm.setBrk(0x80000 + 100)).toBe(0x80000 + 100);
    expect(mm.handleFault(0x82000, 'write')).toBe('segv');
    expect(mm.setBrk(0x1000)).toBe(0x80000 + 100); // below the start: unchanged
  });

  it('grows the stack downwards within its limit', () => {
    const { mm } = setup();
    mm.addVma({ start: 0x3000000, end: 0x3001000, prot: RW, kind: 'stack', name: '[stack]' });
    expect(mm.handleFault(0x2ff0008, 'write')).toBe('mapped');
    expect(mm.findVma(0x2ff0000)?.kind).toBe('stack');
    expect(mm.handleFault(0x3001000 - (9 << 20), 'write')).toBe('segv');
  });

  it('stops at its page limit and when the window is full, without harm', () => {
    const { mm } = setup(64, 3);
    mm.mmap(0x10000, 10 * PAGE_SIZE, RW, true, 'mmap', 'm');
    const results = Array.from({ length: 5 }, (_, p) => mm.handleFault(0x10000 + p * PAGE_SIZE, 'write'));
    expect(results).toEqual(['mapped', 'mapped', 'mapped', 'oom', 'oom']);
  });

  it('finds room for mappings without a hint and frees everything on destroy', () => {
    const { mm, frames } = setup();
    const a = mm.mmap(0, 3 * PAGE_SIZE, RW, false, 'mmap', 'a');
    const b = mm.mmap(0, PAGE_SIZE, RW, false, 'mmap', 'b');
    expect(a).toBeGreaterThan(0);
    expect(b).toBe(a - PAGE_SIZE);
    mm.handleFault(a, 'write');
    mm.destroy();
    expect(frames.used).toBe(0);
  });

  it('keeps page tables and pages in a window past 2 GiB of host memory (a machine of up to 4 GiB)', () => {
    const base = 2100 * MIB; // host offsets past 2^31: a 32-bit shift of one would go negative
    const { memory } = createPhysicalMemory(base + 4 * MIB, 1);
    const frames = new FrameAllocator(memory, base, 4 * MIB);
    const mm = AddressSpace.create(frames, memory, 1000);
    if (!mm) throw new Error('no address space');
    expect(mm.mmap(0x10000, 4 * PAGE_SIZE, RW, true, 'mmap', 'rw')).toBe(0x10000);
    const um = new UserMemory(mm);
    expect(um.writeU32(0x10000 + 3 * PAGE_SIZE + 8, 0xdeadbeef)).toBe(true);
    expect(um.readU32(0x10000 + 3 * PAGE_SIZE + 8)).toBe(0xdeadbeef);
    const pa = mm.pageTable.physical(0x10000 + 3 * PAGE_SIZE) as number;
    expect(pa).toBeGreaterThanOrEqual(base);
    expect(new DataView(memory.buffer).getUint32(RAM_OFFSET + pa + 8, true)).toBe(0xdeadbeef);
    const mapped: number[] = [];
    mm.pageTable.forEachPage((va) => mapped.push(va));
    expect(mapped).toEqual([0x10000 + 3 * PAGE_SIZE]);
    mm.destroy();
    expect(frames.available).toBe(frames.total);
  });
});

describe('UserMemory', () => {
  it('copies across page boundaries and refuses bad pointers', () => {
    const { mm } = setup();
    mm.mmap(0x10000, 2 * PAGE_SIZE, RW, true, 'mmap', 'm');
    const um = new UserMemory(mm);
    const data = new TextEncoder().encode('hello, world\0');
    expect(um.write(0x11000 - 5, data)).toBe(true);
    expect(um.readString(0x11000 - 5, 100)).toBe('hello, world');
    expect(um.read(0x11000 - 5, 5)).toEqual(data.subarray(0, 5));
    expect(um.read(0x12000 - 2, 8)).toBeUndefined(); // runs off the mapping
    expect(um.write(0x5000, data)).toBe(false);
    expect(um.readString(0x11000 - 5, 3)).toBeUndefined(); // no NUL within the limit
    expect(um.read(-1, 4)).toBeUndefined();
    expect(um.read(2 ** 60, 4)).toBeUndefined();
    expect(um.read(0x10000, 2 ** 40)).toBeUndefined();
  });
});
