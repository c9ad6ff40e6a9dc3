import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { ringBytes } from './ring';

interface StormReport {
  self: number;
  received: number;
  outOfOrder: number;
  perSenderReceived: number[];
  expected: number[];
  stats: { peak: number; fullWaits: number };
}

describe('message storm', () => {
  it('carries a million messages among 8 kernel workers through 8-slot rings, losing none and keeping each sender in order', async () => {
    const kernels = 8;
    const slots = 8;
    const perSender = 125_000;
    const { memory } = createPhysicalMemory(4 << 20, 1);
    expect(kernels * ringBytes(slots)).toBeLessThan(4 << 20);
    const reports = await Promise.all(
      Array.from(
        { length: kernels },
        (_, self) =>
          new Promise<StormReport>((resolve, reject) => {
            const w = new Worker(new URL('./testing/storm-worker-node.mjs', import.meta.url), {
              workerData: { memory, self, kernels, slots, perSender },
            });
            w.once('message', (r: StormReport) => {
              resolve(r);
              void w.terminate();
            });
            w.once('error', reject);
          }),
      ),
    );
    const total = reports.reduce((n, r) => n + r.received, 0);
    expect(total).toBe(kernels * perSender);
    for (const r of reports) {
      expect(r.outOfOrder).toBe(0);
      expect(r.perSenderReceived).toEqual(r.expected);
      expect(r.stats.peak).toBeLessThanOrEqual(slots);
    }
    expect(reports.some((r) => r.stats.fullWaits > 0)).toBe(true); // the rings really filled up
  });
});
