// Each kernel's doorbell (memory-map.ts DOORBELL_*), standing for the inter-processor
// interrupt: a sender rings it after putting a message in the kernel's ring. Interrupt
// mitigation as in NAPI: a kernel that is busy polls its ring every slice with interrupts off,
// so senders only bump a counter; only a kernel that goes to sleep turns interrupts on, and
// only then does a sender pay for a wake-up (Atomics.notify).

import { CONTROL_OFFSET, DOORBELL_IRQ, DOORBELL_RING, DOORBELL_STRIDE } from '../../hw/memory-map';

export class Doorbells {
  private readonly words: Int32Array;

  constructor(memory: WebAssembly.Memory) {
    this.words = new Int32Array(memory.buffer);
  }

  private at(kernel: number, field: number): number {
    return (CONTROL_OFFSET + kernel * DOORBELL_STRIDE + field) >> 2;
  }

  /** Rings kernel `kernel`'s doorbell; returns whether that interrupted a sleeping kernel. */
  ring(kernel: number): boolean {
    Atomics.add(this.words, this.at(kernel, DOORBELL_RING), 1);
    if (Atomics.load(this.words, this.at(kernel, DOORBELL_IRQ)) === 0) return false;
    Atomics.notify(this.words, this.at(kernel, DOORBELL_RING));
    return true;
  }

  /** Rings so far (the value to pass to sleep, read before the last check for work). */
  count(kernel: number): number {
    return Atomics.load(this.words, this.at(kernel, DOORBELL_RING));
  }

  /**
   * Sleeps (off the main thread) with interrupts on until the doorbell rings after `seen` was
   * read, or `ms` pass. A ring between the check for work and the sleep is never lost.
   */
  sleep(kernel: number, seen: number, ms: number): void {
    Atomics.store(this.words, this.at(kernel, DOORBELL_IRQ), 1);
    Atomics.wait(this.words, this.at(kernel, DOORBELL_RING), seen, ms);
    Atomics.store(this.words, this.at(kernel, DOORBELL_IRQ), 0);
  }
}
