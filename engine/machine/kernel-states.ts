// Whether each kernel is up, in shared memory (memory-map.ts KERNEL_STATE), so every worker
// knows at once when one has died: messages to a dead kernel are dropped and counted instead
// of waiting forever for room in a ring nobody drains.

import { CONTROL_OFFSET, DOORBELL_STRIDE, KERNEL_DEAD, KERNEL_STATE, KERNEL_UP } from '../hw/memory-map';

export class KernelStates {
  private readonly words: Int32Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  private at(kernel: number): number {
    return (CONTROL_OFFSET + kernel * DOORBELL_STRIDE + KERNEL_STATE) >> 2;
  }

  markUp(kernel: number): void {
    Atomics.store(this.words, this.at(kernel), KERNEL_UP);
  }

  markDead(kernel: number): void {
    Atomics.store(this.words, this.at(kernel), KERNEL_DEAD);
  }

  dead(kernel: number): boolean {
    return Atomics.load(this.words, this.at(kernel)) === KERNEL_DEAD;
  }
}
