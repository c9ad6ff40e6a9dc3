// Commands from the page to a kernel, through shared memory (memory-map.ts COMMAND_*): the page
// posts, the kernel takes them at its next epoch start, applies them and records them with that
// epoch, as it does with typing, so a share link replays them at the same point of the run.
// A kernel's worker loops without ever returning to its event loop, so a postMessage would
// never be read: a ring in the shared memory is the one way in.
//
// Per kernel, one producer (the page) and one consumer (the kernel): head and tail are
// free-running counters, each written by one side only.

import {
  COMMAND_DATA,
  COMMAND_HEAD,
  COMMAND_OFFSET,
  COMMAND_RECORD,
  COMMAND_SLOTS,
  COMMAND_STRIDE,
  COMMAND_TAIL,
  MAX_KERNELS,
} from '../hw/memory-map';

const MIGRATE = 1;

/** What the page may ask a kernel to do. */
export type Command = { kind: 'migrate'; tid: number; to: number };

export class CommandMailbox {
  private readonly words: Int32Array;
  private readonly base: number;

  constructor(
    memory: WebAssembly.Memory,
    readonly kernel: number,
  ) {
    if (!Number.isInteger(kernel) || kernel < 0 || kernel >= MAX_KERNELS) throw new RangeError(`no kernel ${kernel}`);
    this.words = new Int32Array(memory.buffer);
    this.base = COMMAND_OFFSET + kernel * COMMAND_STRIDE;
  }

  private word(offset: number): number {
    return (this.base + offset) >> 2;
  }

  private slot(n: number): number {
    return this.word(COMMAND_DATA + (n % COMMAND_SLOTS) * COMMAND_RECORD);
  }

  /** The page's side: queues a command; false when COMMAND_SLOTS are already waiting. */
  post(c: Command): boolean {
    const head = Atomics.load(this.words, this.word(COMMAND_HEAD)) >>> 0;
    const tail = Atomics.load(this.words, this.word(COMMAND_TAIL)) >>> 0;
    if ((head - tail) >>> 0 >= COMMAND_SLOTS) return false;
    const at = this.slot(head);
    Atomics.store(this.words, at, MIGRATE);
    Atomics.store(this.words, at + 1, c.tid);
    Atomics.store(this.words, at + 2, c.to);
    Atomics.store(this.words, this.word(COMMAND_HEAD), (head + 1) | 0); // publishes the record
    return true;
  }

  /** The kernel's side: every command posted since the last call, oldest first. */
  take(): Command[] {
    const head = Atomics.load(this.words, this.word(COMMAND_HEAD)) >>> 0;
    let tail = Atomics.load(this.words, this.word(COMMAND_TAIL)) >>> 0;
    const out: Command[] = [];
    // a page that wrote more than the ring holds is not trusted past its size
    if ((head - tail) >>> 0 > COMMAND_SLOTS) tail = (head - COMMAND_SLOTS) >>> 0;
    for (; tail !== head; tail = (tail + 1) >>> 0) {
      const at = this.slot(tail);
      if (Atomics.load(this.words, at) === MIGRATE)
        out.push({ kind: 'migrate', tid: Atomics.load(this.words, at + 1), to: Atomics.load(this.words, at + 2) });
    }
    Atomics.store(this.words, this.word(COMMAND_TAIL), tail | 0);
    return out;
  }
}
