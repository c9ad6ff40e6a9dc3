// The epoch barrier in shared memory (memory-map.ts BARRIER_*): every kernel arrives at the
// end of each epoch and none starts the next until all have arrived. The last to arrive bumps
// the generation. Waiters keep draining their message ring, so a sender blocked on a full ring
// always makes progress.

import { BARRIER_ARRIVED, BARRIER_GENERATION, BARRIER_OFFSET, BARRIER_PARTIES } from '../hw/memory-map';

export class EpochBarrier {
  private readonly words: Int32Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  private at(offset: number): number {
    return (BARRIER_OFFSET + offset) >> 2;
  }

  /** Set up for `parties` kernels (before any of them starts). */
  reset(parties: number): void {
    Atomics.store(this.words, this.at(BARRIER_ARRIVED), 0);
    Atomics.store(this.words, this.at(BARRIER_GENERATION), 0);
    Atomics.store(this.words, this.at(BARRIER_PARTIES), parties);
  }

  /** Epochs completed by everyone. */
  generation(): number {
    return Atomics.load(this.words, this.at(BARRIER_GENERATION));
  }

  /**
   * A party leaves for good (its worker died): the others no longer wait for it, and if all of
   * them are already waiting, they go on now.
   */
  leave(): void {
    const parties = Atomics.sub(this.words, this.at(BARRIER_PARTIES), 1) - 1;
    if (parties > 0 && Atomics.load(this.words, this.at(BARRIER_ARRIVED)) >= parties) {
      Atomics.store(this.words, this.at(BARRIER_ARRIVED), 0);
      Atomics.add(this.words, this.at(BARRIER_GENERATION), 1);
      Atomics.notify(this.words, this.at(BARRIER_GENERATION));
    }
  }

  /** Arrives and waits for the others, calling `poll` while waiting (off the main thread). */
  arrive(poll: () => void): void {
    const generation = this.generation();
    const parties = Atomics.load(this.words, this.at(BARRIER_PARTIES));
    if (Atomics.add(this.words, this.at(BARRIER_ARRIVED), 1) + 1 === parties) {
      Atomics.store(this.words, this.at(BARRIER_ARRIVED), 0);
      Atomics.add(this.words, this.at(BARRIER_GENERATION), 1);
      Atomics.notify(this.words, this.at(BARRIER_GENERATION));
      return;
    }
    while (Atomics.load(this.words, this.at(BARRIER_GENERATION)) === generation) {
      poll();
      Atomics.wait(this.words, this.at(BARRIER_GENERATION), generation, 0.2);
    }
  }
}
