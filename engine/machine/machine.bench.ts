// Machine benchmarks: aggregate guest MIPS with 1, 2 and 4 kernel workers, each kernel running
// a compute-bound glibc program on its own hart, and what the deterministic epochs cost
// against free-running workers (the epoch barrier's overhead).

import { wallMs, type Benchmark } from '../bench/benchmark';
import { parseScenario } from './scenario';
import { loadUserlandFiles } from '../kernels/userland-files';
import { runInWorkers } from './worker-machine';

/** n kernels of one hart each, every one running `primes` from the start. */
function computeScenario(kernels: number): string {
  return JSON.stringify({
    version: 1,
    name: `compute-${kernels}`,
    machine: { preset: 'kernel-per-node', topology: { nodes: kernels, hartsPerNode: 1, ramMiB: 128 * kernels } },
    shells: false,
    programs: Array.from({ length: kernels }, (_, kernel) => ({ kernel, argv: ['primes', '90000000'] })),
  });
}

async function aggregateMips(kernels: number, freeRunning = false, virtualNs = 300e6): Promise<number> {
  const text = computeScenario(kernels);
  const scenario = parseScenario(text);
  const files = await loadUserlandFiles();
  let best = 0;
  for (let round = 0; round < 2; round++) {
    const start = wallMs();
    const run = await runInWorkers(scenario, text, files, virtualNs, { freeRunning });
    const ms = wallMs() - start;
    const instructions = run.kernels.reduce((n, k) => n + k.summary.instructions, 0);
    best = Math.max(best, instructions / ms / 1000);
  }
  return best;
}

export const benchmarks: Benchmark[] = [
  {
    names: ['machine.mips.k1', 'machine.mips.k2', 'machine.mips.k4'],
    run: async () => [
      { name: 'machine.mips.k1', value: await aggregateMips(1), unit: 'MIPS' },
      { name: 'machine.mips.k2', value: await aggregateMips(2), unit: 'MIPS' },
      { name: 'machine.mips.k4', value: await aggregateMips(4), unit: 'MIPS' },
    ],
  },
  {
    names: ['epoch.overhead_pct'],
    run: async () => {
      const deterministic = await aggregateMips(2, false);
      const free = await aggregateMips(2, true);
      return [{ name: 'epoch.overhead_pct', value: Math.max(0, ((free - deterministic) / free) * 100), unit: '%' }];
    },
  },
];
