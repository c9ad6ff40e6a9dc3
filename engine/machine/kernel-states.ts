// Whether each kernel is up, in shared memory (memory-map.ts KERNEL_STATE and KERNEL_PHASE), so
// every worker knows when one has died: messages to a dead kernel are dropped and counted
// instead of waiting forever for room in a ring nobody drains.
//
// Two views of the same fact. KERNEL_STATE is the page's (down, up, dead, as it is now). The
// peers go by KERNEL_PHASE, which says from which epoch on it holds: a kernel stops or boots
// again at the start of an epoch, in its own worker, while the others may be running that
// epoch already; they must all see the change at the same point of the run whatever the
// workers' timing, so it takes effect at the next epoch, which no kernel starts before the
// barrier (and so before the write is visible everywhere):
//   - stopped at epoch e: dead for every peer from epoch e + 1 (in epoch e it runs nothing, and
//     what is sent to it stays in its ring, never delivered);
//   - booted again at epoch b: dead until epoch b, alive from b + 1 (what it sends in epoch b
//     arrives from b + 1 on); it then checks in again (NODE_INFO);
//   - its worker died: dead at once, at any epoch (nothing about that is deterministic anyway).
// The phase is one 64-bit word (code in the low two bits, the epoch above), so nobody reads a
// half-written change.

import { CONTROL_OFFSET, DOORBELL_STRIDE, KERNEL_DEAD, KERNEL_PHASE, KERNEL_STATE, KERNEL_UP } from '../hw/memory-map';

/** KERNEL_PHASE codes. */
const FIRST_BOOT = 1n; // up since its first boot: never seen dead
const DEAD_FROM = 2n; // dead from the stamped epoch on
const BACK_FROM = 3n; // booted again: dead before the stamped epoch, alive from it

export class KernelStates {
  private readonly words: Int32Array;
  private readonly longs: BigInt64Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
    this.longs = new BigInt64Array(memory.buffer);
  }

  private line(kernel: number): number {
    return CONTROL_OFFSET + kernel * DOORBELL_STRIDE;
  }

  private at(kernel: number): number {
    return (this.line(kernel) + KERNEL_STATE) >> 2;
  }

  private phaseAt(kernel: number): number {
    return (this.line(kernel) + KERNEL_PHASE) >> 3;
  }

  private setPhase(kernel: number, code: bigint, epoch: number): void {
    Atomics.store(this.longs, this.phaseAt(kernel), (BigInt(epoch) << 2n) | code);
  }

  /** A kernel's first boot: up for everyone at once (peers wait for its NODE_INFO anyway). */
  markUp(kernel: number): void {
    this.setPhase(kernel, FIRST_BOOT, 0);
    Atomics.store(this.words, this.at(kernel), KERNEL_UP);
  }

  /** Its worker died: dead at once, for every epoch. */
  markDead(kernel: number): void {
    this.setPhase(kernel, DEAD_FROM, 0);
    Atomics.store(this.words, this.at(kernel), KERNEL_DEAD);
  }

  /** It stopped (panicked) at the start of `epoch`: dead for its peers from the next one. */
  stopAt(kernel: number, epoch: number): void {
    this.setPhase(kernel, DEAD_FROM, epoch + 1);
    Atomics.store(this.words, this.at(kernel), KERNEL_DEAD);
  }

  /** It booted again at the start of `epoch`: alive for its peers from the next one. */
  bootAgainAt(kernel: number, epoch: number): void {
    this.setPhase(kernel, BACK_FROM, epoch + 1);
    Atomics.store(this.words, this.at(kernel), KERNEL_UP);
  }

  /** Whether it is dead now (the page's view, and tests'). */
  dead(kernel: number): boolean {
    return Atomics.load(this.words, this.at(kernel)) === KERNEL_DEAD;
  }

  /** Whether its peers take it as dead in `epoch`: the same answer in every worker. */
  deadIn(kernel: number, epoch: number): boolean {
    const phase = Atomics.load(this.longs, this.phaseAt(kernel));
    const code = phase & 3n;
    const from = Number(phase >> 2n);
    if (code === DEAD_FROM) return epoch >= from;
    if (code === BACK_FROM) return epoch < from;
    return false;
  }
}
