// A bounded FIFO of bytes (a ring over one fixed buffer): the pipe buffer, the terminal's
// input queue and its pending output all use it. Pushing never overwrites: it takes what fits.

export class ByteRing {
  private readonly buffer: Uint8Array;
  private head = 0; // next byte to take
  private count = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get space(): number {
    return this.capacity - this.count;
  }

  /** Appends as much of `bytes` as fits; returns how many bytes that was. */
  push(bytes: Uint8Array): number {
    const n = Math.min(bytes.length, this.space);
    const tail = (this.head + this.count) % this.capacity;
    const first = Math.min(n, this.capacity - tail);
    this.buffer.set(bytes.subarray(0, first), tail);
    this.buffer.set(bytes.subarray(first, n), 0);
    this.count += n;
    return n;
  }

  /** A copy of up to `max` bytes from the front, without taking them. */
  peek(max: number): Uint8Array {
    const n = Math.max(0, Math.min(max, this.count));
    const out = new Uint8Array(n);
    const first = Math.min(n, this.capacity - this.head);
    out.set(this.buffer.subarray(this.head, this.head + first));
    out.set(this.buffer.subarray(0, n - first), first);
    return out;
  }

  /** Takes up to `max` bytes from the front. */
  shift(max: number): Uint8Array {
    const out = this.peek(max);
    this.drop(out.length);
    return out;
  }

  /** Discards up to `n` bytes from the front. */
  drop(n: number): void {
    const k = Math.max(0, Math.min(n, this.count));
    this.head = (this.head + k) % this.capacity;
    this.count -= k;
  }

  /** Removes the last byte (the line editor's erase); undefined when empty. */
  pop(): number | undefined {
    if (this.count === 0) return undefined;
    this.count--;
    return this.buffer[(this.head + this.count) % this.capacity];
  }

  /** The byte at `i` from the front. */
  at(i: number): number | undefined {
    return i >= 0 && i < this.count ? this.buffer[(this.head + i) % this.capacity] : undefined;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
