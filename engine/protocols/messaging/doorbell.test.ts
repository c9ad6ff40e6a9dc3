import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { CONTROL_OFFSET, DOORBELL_RING, DOORBELL_STRIDE } from '../../hw/memory-map';
import { Doorbells } from './doorbell';

describe('Doorbells', () => {
  it('costs a sender no wake-up while the receiver polls (interrupts off)', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const bells = new Doorbells(memory);
    expect(bells.ring(1)).toBe(false);
    expect(bells.count(1)).toBe(1);
  });

  it('wakes a kernel sleeping on its doorbell in another worker', async () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const bells = new Doorbells(memory);
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const words = new Int32Array(workerData.memory.buffer);
      const at = workerData.at;
      Atomics.store(words, at + 1, 1); // interrupts on (DOORBELL_IRQ)
      const start = Date.now();
      const r = Atomics.wait(words, at, 0, 5000);
      parentPort.postMessage({ r, ms: Date.now() - start });`;
    const at = (CONTROL_OFFSET + 2 * DOORBELL_STRIDE + DOORBELL_RING) >> 2;
    const worker = new Worker(code, { eval: true, workerData: { memory, at } });
    const reply = new Promise<{ r: string; ms: number }>((resolve) => worker.once('message', resolve));
    // ring once the worker has turned interrupts on
    const words = new Int32Array(memory.buffer);
    while (Atomics.load(words, at + 1) === 0) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(bells.ring(2)).toBe(true);
    const { r, ms } = await reply;
    await worker.terminate();
    expect(r).toBe('ok');
    expect(ms).toBeLessThan(4000);
  });
});
