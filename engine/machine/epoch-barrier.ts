// The epoch barrier in shared memory (memory-map.ts BARRIER_*): every kernel arrives at the
// end of each epoch and none starts the next until all have arrived. The last to arrive bumps
// the generation. Waiters keep draining their message ring, so a sender blocked on a full ring
// always makes progress: such a sender wakes them (wakeWaiters) rather than have them poll on a
// short timer. A waiter that woke every 0.2 ms to look took, in a replay where one kernel ran
// and the other waited, a fifth of a core from the kernel that ran and the page.

import { BARRIER_ARRIVED, BARRIER_GENERATION, BARRIER_OFFSET, BARRIER_PARTIES } from '../hw/memory-map';

/**
 * How long a kernel waiting at the barrier sleeps between looks at its ring (ms) when nothing
 * wakes it: a backstop only, for requests that do not wake it (the page asking a worker for a
 * message's body), since senders blocked on a full ring wake it at once.
 */
export const BARRIER_WAIT_SLICE_MS = 5;

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

  /**
   * Wakes every kernel waiting at the barrier to drain its ring (and wait again): for a sender
   * that found a ring full, whose receiver may be one of them.
   */
  wakeWaiters(): void {
    Atomics.notify(this.words, this.at(BARRIER_GENERATION));
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
      Atomics.wait(this.words, this.at(BARRIER_GENERATION), generation, BARRIER_WAIT_SLICE_MS);
    }
  }
}
