// Physical frames of one kernel's memory window, and nothing outside it: a kernel never
// allocates a frame another kernel owns. Frames are handed out from a LIFO free stack (O(1),
// and deterministic: the same calls give the same frames) and carry a reference count so
// copy-on-write pages can be shared after fork.

import { PAGE_SIZE, RAM_OFFSET } from '../../hw/memory-map';

export class FrameAllocator {
  private readonly free: Int32Array; // frame numbers, relative to the window
  private freeCount = 0;
  private readonly refs: Uint16Array;
  private readonly bytes: Uint8Array;
  readonly total: number;

  /** Manages [base, base + size) of guest physical memory; both page aligned. */
  constructor(
    memory: WebAssembly.Memory,
    readonly base: number,
    readonly size: number,
  ) {
    if (base % PAGE_SIZE !== 0 || size % PAGE_SIZE !== 0 || size <= 0) {
      throw new RangeError(`memory window ${base}+${size} is not page aligned`);
    }
    this.bytes = new Uint8Array(memory.buffer);
    if (RAM_OFFSET + base + size > this.bytes.length) throw new RangeError('memory window outside physical memory');
    this.total = size / PAGE_SIZE;
    this.free = new Int32Array(this.total);
    this.refs = new Uint16Array(this.total);
    // push in descending order so the lowest frames come out first
    for (let f = this.total - 1; f >= 0; f--) this.free[this.freeCount++] = f;
  }

  get available(): number {
    return this.freeCount;
  }

  get used(): number {
    return this.total - this.freeCount;
  }

  /** A zeroed frame's guest physical address, or undefined when the window is full. */
  alloc(): number | undefined {
    if (this.freeCount === 0) return undefined;
    const frame = this.free[--this.freeCount] as number;
    this.refs[frame] = 1;
    const pa = this.base + frame * PAGE_SIZE;
    this.bytes.fill(0, RAM_OFFSET + pa, RAM_OFFSET + pa + PAGE_SIZE);
    return pa;
  }

  owns(pa: number): boolean {
    return pa >= this.base && pa < this.base + this.size;
  }

  private frameOf(pa: number): number {
    if (!this.owns(pa) || pa % PAGE_SIZE !== 0) throw new RangeError(`frame ${pa.toString(16)} is not in this window`);
    return (pa - this.base) / PAGE_SIZE;
  }

  refCount(pa: number): number {
    return this.refs[this.frameOf(pa)] as number;
  }

  /** One more holder of the frame (a copy-on-write sharer). */
  retain(pa: number): void {
    const f = this.frameOf(pa);
    if (this.refs[f] === 0) throw new Error(`retain of free frame ${pa.toString(16)}`);
    (this.refs[f] as number)++;
  }

  /** One holder fewer; the frame is free again when none is left. */
  release(pa: number): void {
    const f = this.frameOf(pa);
    const n = this.refs[f] as number;
    if (n === 0) throw new Error(`double free of frame ${pa.toString(16)}`);
    this.refs[f] = n - 1;
    if (n === 1) this.free[this.freeCount++] = f;
  }
}
