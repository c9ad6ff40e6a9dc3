// Commands from the page to a kernel, through shared memory (memory-map.ts COMMAND_*): the page
// posts, the kernel takes them at its next epoch start, applies them and records them with that
// epoch, as it does with typing, so a share link replays them at the same point of the run.
// A kernel's worker loops without ever returning to its event loop, so a postMessage would
// never be read: a ring in the shared memory is the one way in.
//
// Each command has a ticket (its number in the ring); the kernel answers it in a small table
// beside the ring, so the page can say whether its request was taken or refused and why:
//   - the answer to ticket t is in slot t % COMMAND_ANSWER_SLOTS: the ticket + 1, then the
//     answer (0: taken; -errno: refused); the kernel clears the ticket word while it writes
//   - a later answer to the same ticket replaces the first (a proposal taken here and refused
//     by the kernel the thread had moved to)
//
// Per kernel, one producer (the page) and one consumer (the kernel): head and tail are
// free-running counters, each written by one side only; the answers have one writer, the kernel.

import {
  COMMAND_ANSWER_SLOTS,
  COMMAND_ANSWERS,
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
const DELAY = 2;
const STOP = 3;
const BOOT = 4;

/**
 * What the page may ask a kernel to do: move thread `tid` (of its processes) to kernel `to`,
 * hold message `seq` from kernel `from`, in flight to it, back `epochs` epochs (exploring), or
 * crash the kernel (stop) and boot it again (boot).
 */
export type Command =
  | { kind: 'migrate'; tid: number; to: number }
  | { kind: 'delay'; from: number; seq: number; epochs: number }
  | { kind: 'stop' }
  | { kind: 'boot' };

/** A command as the kernel takes it, with the ticket to answer it by. */
export type TakenCommand = Command & { ticket: number };

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

  private answerSlot(ticket: number): number {
    return this.word(COMMAND_ANSWERS + (ticket % COMMAND_ANSWER_SLOTS) * 8);
  }

  /** The page's side: queues a command; its ticket, or undefined when COMMAND_SLOTS are already waiting. */
  post(c: Command): number | undefined {
    const head = Atomics.load(this.words, this.word(COMMAND_HEAD)) >>> 0;
    const tail = Atomics.load(this.words, this.word(COMMAND_TAIL)) >>> 0;
    if ((head - tail) >>> 0 >= COMMAND_SLOTS) return undefined;
    const at = this.slot(head);
    const args =
      c.kind === 'migrate'
        ? [MIGRATE, c.tid, c.to]
        : c.kind === 'delay'
          ? [DELAY, c.from, c.seq, c.epochs]
          : [c.kind === 'stop' ? STOP : BOOT, 0, 0];
    args.forEach((v, i) => Atomics.store(this.words, at + i, v));
    Atomics.store(this.words, this.word(COMMAND_HEAD), (head + 1) | 0); // publishes the record
    return head;
  }

  /** The page's side: how many more commands the ring takes now. */
  room(): number {
    const head = Atomics.load(this.words, this.word(COMMAND_HEAD)) >>> 0;
    const tail = Atomics.load(this.words, this.word(COMMAND_TAIL)) >>> 0;
    return Math.max(0, COMMAND_SLOTS - ((head - tail) >>> 0));
  }

  /** The kernel's side: every command posted since the last call, oldest first. */
  take(): TakenCommand[] {
    const head = Atomics.load(this.words, this.word(COMMAND_HEAD)) >>> 0;
    let tail = Atomics.load(this.words, this.word(COMMAND_TAIL)) >>> 0;
    const out: TakenCommand[] = [];
    // a page that wrote more than the ring holds is not trusted past its size
    if ((head - tail) >>> 0 > COMMAND_SLOTS) tail = (head - COMMAND_SLOTS) >>> 0;
    for (; tail !== head; tail = (tail + 1) >>> 0) {
      const at = this.slot(tail);
      const kind = Atomics.load(this.words, at);
      const arg = (i: number) => Atomics.load(this.words, at + i);
      if (kind === MIGRATE) out.push({ kind: 'migrate', tid: arg(1), to: arg(2), ticket: tail });
      else if (kind === DELAY)
        out.push({ kind: 'delay', from: arg(1), seq: arg(2) >>> 0, epochs: arg(3), ticket: tail });
      else if (kind === STOP || kind === BOOT) out.push({ kind: kind === STOP ? 'stop' : 'boot', ticket: tail });
    }
    Atomics.store(this.words, this.word(COMMAND_TAIL), tail | 0);
    return out;
  }

  /** The kernel's side: answers command `ticket` (0: taken; -errno: refused). */
  answer(ticket: number, answer: number): void {
    const at = this.answerSlot(ticket);
    Atomics.store(this.words, at, 0); // being written
    Atomics.store(this.words, at + 1, answer | 0);
    Atomics.store(this.words, at, (ticket + 1) | 0);
  }

  /** The page's side: the kernel's answer to command `ticket`, or undefined while it has none (or forgot it). */
  answerOf(ticket: number): number | undefined {
    const at = this.answerSlot(ticket);
    const mark = (ticket + 1) | 0;
    if (Atomics.load(this.words, at) !== mark) return undefined;
    const answer = Atomics.load(this.words, at + 1);
    return Atomics.load(this.words, at) === mark ? answer : undefined;
  }
}
