// Messaging benchmarks between two kernel workers, free-running and polled: the round-trip
// time of one message there and back (msg.rtt_ns), and how many messages per second one ring
// carries from a sender to a receiver (msg.throughput).

import { Worker } from 'node:worker_threads';
import type { Benchmark } from '../../bench/benchmark';
import { createPhysicalMemory } from '../../hw/physical-memory';

type Role = 'ping' | 'echo' | 'blast' | 'sink';

async function pair(a: Role, b: Role, count: number, slots: number): Promise<number[]> {
  const { memory } = createPhysicalMemory(4 << 20, 1);
  const start = (role: Role, self: number) =>
    new Promise<number>((resolve, reject) => {
      const w = new Worker(new URL('./testing/pingpong-worker-node.mjs', import.meta.url), {
        workerData: { memory, role, self, slots, count },
      });
      w.once('message', (r: { ms: number }) => {
        resolve(r.ms);
        void w.terminate();
      });
      w.once('error', reject);
    });
  return Promise.all([start(a, 0), start(b, 1)]);
}

export const benchmarks: Benchmark[] = [
  {
    names: ['msg.rtt_ns'],
    run: async () => {
      const n = 200_000;
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const [ms] = await pair('ping', 'echo', n, 64);
        best = Math.min(best, ((ms ?? 0) * 1e6) / n);
      }
      return [{ name: 'msg.rtt_ns', value: best, unit: 'ns' }];
    },
  },
  {
    names: ['msg.throughput'],
    run: async () => {
      const n = 3_000_000;
      let best = 0;
      for (let round = 0; round < 3; round++) {
        const [, sinkMs] = await pair('blast', 'sink', n, 256);
        best = Math.max(best, n / ((sinkMs ?? 1) / 1000));
      }
      return [{ name: 'msg.throughput', value: best, unit: 'messages/s' }];
    },
  },
];
