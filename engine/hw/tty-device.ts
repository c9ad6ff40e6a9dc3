// The TTY device: per kernel, two byte rings in shared memory (see memory-map.ts). The
// terminal side (UI's xterm.js, the CLI's stdin/stdout) and the kernel side each own one end of
// each ring, so either may live in any worker. Rings never drop: a full input ring refuses
// bytes (the caller keeps them and retries), a full output ring makes the kernel wait.

import {
  MAX_KERNELS,
  TTY_COLS,
  TTY_IN_DATA,
  TTY_IN_HEAD,
  TTY_IN_SIZE,
  TTY_IN_TAIL,
  TTY_OFFSET,
  TTY_OUT_DATA,
  TTY_OUT_HEAD,
  TTY_OUT_SIZE,
  TTY_OUT_TAIL,
  TTY_ROWS,
  TTY_STRIDE,
  TTY_WINSIZE_SEQ,
} from './memory-map';

interface Ring {
  head: number; // index into the u32 view
  tail: number;
  data: number; // byte offset
  size: number;
}

/** A terminal's size until it sets one: a VT100's. */
export const DEFAULT_WINDOW = { rows: 24, cols: 80 } as const;

export class TtyDevice {
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly base: number;
  private readonly input: Ring;
  private readonly output: Ring;
  /** Output the ring had no room for (spoolOutput): the host's, not the kernel's. */
  private readonly spool: Uint8Array[] = [];
  private spooled = 0;

  constructor(
    memory: WebAssembly.Memory,
    readonly kernel: number,
  ) {
    if (!Number.isInteger(kernel) || kernel < 0 || kernel >= MAX_KERNELS) throw new RangeError(`no TTY ${kernel}`);
    this.words = new Int32Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    this.base = TTY_OFFSET + kernel * TTY_STRIDE;
    const word = (offset: number) => (this.base + offset) >> 2;
    this.input = { head: word(TTY_IN_HEAD), tail: word(TTY_IN_TAIL), data: this.base + TTY_IN_DATA, size: TTY_IN_SIZE };
    this.output = {
      head: word(TTY_OUT_HEAD),
      tail: word(TTY_OUT_TAIL),
      data: this.base + TTY_OUT_DATA,
      size: TTY_OUT_SIZE,
    };
  }

  private push(ring: Ring, src: Uint8Array): number {
    const head = Atomics.load(this.words, ring.head) >>> 0;
    const tail = Atomics.load(this.words, ring.tail) >>> 0;
    const n = Math.min(src.length, ring.size - ((head - tail) >>> 0));
    for (let i = 0; i < n; i++) this.bytes[ring.data + ((head + i) % ring.size)] = src[i] as number;
    Atomics.store(this.words, ring.head, (head + n) | 0);
    return n;
  }

  private pull(ring: Ring, max: number): Uint8Array {
    const head = Atomics.load(this.words, ring.head) >>> 0;
    const tail = Atomics.load(this.words, ring.tail) >>> 0;
    const n = Math.min(max, (head - tail) >>> 0);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.bytes[ring.data + ((tail + i) % ring.size)] as number;
    Atomics.store(this.words, ring.tail, (tail + n) | 0);
    return out;
  }

  // ---- terminal side ----

  /** Queues typed bytes; returns how many fit (the rest must be offered again later). */
  type(bytes: Uint8Array): number {
    return this.push(this.input, bytes);
  }

  /** Takes up to `max` bytes the kernel wrote. */
  drainOutput(max = TTY_OUT_SIZE): Uint8Array {
    return this.pull(this.output, max);
  }

  resize(rows: number, cols: number): void {
    const view = new DataView(this.bytes.buffer);
    view.setUint16(this.base + TTY_ROWS, rows, true);
    view.setUint16(this.base + TTY_COLS, cols, true);
    Atomics.add(this.words, (this.base + TTY_WINSIZE_SEQ) >> 2, 1);
  }

  // ---- kernel side ----

  /** Takes up to `max` typed bytes. */
  readInput(max = TTY_IN_SIZE): Uint8Array {
    return this.pull(this.input, max);
  }

  inputPending(): number {
    return (Atomics.load(this.words, this.input.head) - Atomics.load(this.words, this.input.tail)) >>> 0;
  }

  /** Writes output bytes; returns how many fit. */
  writeOutput(bytes: Uint8Array): number {
    return this.push(this.output, bytes);
  }

  /**
   * Takes all of `bytes`: what the ring cannot hold now waits on this (the host's) side of the
   * device, and pumpOutput() moves it on as the terminal reads. The kernel never learns how fast
   * the terminal reads, so its run does not depend on it: a page that draws less often while it
   * replays a link, or a command line that reads the screen only at the end, sees the same run.
   * The host holds the machine back when too much waits (outputBacklog). `bytes` is the
   * device's from then on: it is kept, not copied.
   */
  spoolOutput(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.spool.length === 0) {
      const n = this.writeOutput(bytes);
      if (n === bytes.length) return;
      bytes = bytes.subarray(n);
    }
    this.spool.push(bytes);
    this.spooled += bytes.length;
  }

  /** Moves spooled output into the ring, as much as it has room for. */
  pumpOutput(): void {
    while (this.spool.length > 0) {
      const head = this.spool[0] as Uint8Array;
      const n = this.writeOutput(head);
      this.spooled -= n;
      if (n < head.length) {
        this.spool[0] = head.subarray(n);
        return;
      }
      this.spool.shift();
    }
  }

  /** Output bytes spooled on the host's side, not yet in the ring. */
  get outputBacklog(): number {
    return this.spooled;
  }

  /** Waits (off the main thread) until the terminal reads some output or `ms` pass. */
  waitForOutputRead(ms: number): void {
    Atomics.wait(this.words, this.output.tail, Atomics.load(this.words, this.output.tail), ms);
  }

  outputSpace(): number {
    return (
      TTY_OUT_SIZE - ((Atomics.load(this.words, this.output.head) - Atomics.load(this.words, this.output.tail)) >>> 0)
    );
  }

  windowSize(): { rows: number; cols: number; seq: number } {
    const view = new DataView(this.bytes.buffer);
    return {
      rows: view.getUint16(this.base + TTY_ROWS, true) || DEFAULT_WINDOW.rows,
      cols: view.getUint16(this.base + TTY_COLS, true) || DEFAULT_WINDOW.cols,
      seq: Atomics.load(this.words, (this.base + TTY_WINSIZE_SEQ) >> 2),
    };
  }
}
