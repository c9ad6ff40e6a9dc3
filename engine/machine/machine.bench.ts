// Machine benchmarks: aggregate guest MIPS with 1, 2 and 4 kernel workers, each kernel running
// a compute-bound glibc program on its own hart, and what the deterministic epochs cost
// against free-running workers (the epoch barrier's overhead), at the default synchronisation
// quantum (100 us) and at shorter ones (quantum.ts; named .q20 and so on), with the wall time
// the deterministic run took per ms of virtual time.

import { wallMs, type Benchmark, type Figure } from '../bench/benchmark';
import { parseScenario } from './scenario';
import { loadUserlandFiles } from '../kernels/userland-files';
import { runInWorkers } from './worker-machine';

/** The shorter quanta measured: a fifth of the default, 5 us, and the shortest two kernels on two nodes allow. */
const QUANTA = [20, 5, 2];

/** n kernels of one hart each, every one running `primes` from the start (at quantum `quantumUs`, or the default). */
function computeScenario(kernels: number, quantumUs?: number): string {
  const topology = { nodes: kernels, hartsPerNode: 1, ramMiB: 128 * kernels };
  return JSON.stringify({
    version: 1,
    name: `compute-${kernels}`,
    machine: { preset: 'kernel-per-node', topology, ...(quantumUs === undefined ? {} : { quantumUs }) },
    shells: false,
    programs: Array.from({ length: kernels }, (_, kernel) => ({ kernel, argv: ['primes', '90000000'] })),
  });
}

interface Measured {
  mips: number;
  /** Wall ms per ms of virtual time, of the fastest round. */
  wallPerVirtualMs: number;
}

async function measure(
  kernels: number,
  freeRunning = false,
  virtualNs = 300e6,
  quantumUs?: number,
  rounds = 2,
): Promise<Measured> {
  const text = computeScenario(kernels, quantumUs);
  const scenario = parseScenario(text);
  const files = await loadUserlandFiles();
  let best = { mips: 0, wallPerVirtualMs: Infinity };
  for (let round = 0; round < rounds; round++) {
    const start = wallMs();
    const run = await runInWorkers(scenario, text, files, virtualNs, { freeRunning });
    const ms = wallMs() - start;
    const instructions = run.kernels.reduce((n, k) => n + k.summary.instructions, 0);
    if (instructions / ms / 1000 > best.mips)
      best = { mips: instructions / ms / 1000, wallPerVirtualMs: ms / (virtualNs / 1e6) };
  }
  return best;
}

async function aggregateMips(kernels: number, freeRunning = false, virtualNs = 300e6): Promise<number> {
  return (await measure(kernels, freeRunning, virtualNs)).mips;
}

/** The barrier's cost with 2 kernels at quantum `q` (100 ms of virtual time, one round each way), and the wall time per virtual ms. */
async function atQuantum(q: number): Promise<Figure[]> {
  const deterministic = await measure(2, false, 100e6, q, 1);
  const free = await measure(2, true, 100e6, q, 1);
  return [
    {
      name: `epoch.overhead_pct.q${q}`,
      value: Math.max(0, ((free.mips - deterministic.mips) / free.mips) * 100),
      unit: '%',
    },
    { name: `epoch.wall_ms_per_virtual_ms.q${q}`, value: deterministic.wallPerVirtualMs, unit: 'ms' },
  ];
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
    names: ['epoch.overhead_pct', 'epoch.wall_ms_per_virtual_ms'],
    run: async () => {
      const deterministic = await measure(2, false);
      const free = await aggregateMips(2, true);
      return [
        {
          name: 'epoch.overhead_pct',
          value: Math.max(0, ((free - deterministic.mips) / free) * 100),
          unit: '%',
        },
        { name: 'epoch.wall_ms_per_virtual_ms', value: deterministic.wallPerVirtualMs, unit: 'ms' },
      ];
    },
  },
  {
    names: QUANTA.flatMap((q) => [`epoch.overhead_pct.q${q}`, `epoch.wall_ms_per_virtual_ms.q${q}`]),
    run: async () => {
      const figures: Figure[] = [];
      for (const q of QUANTA) figures.push(...(await atQuantum(q)));
      return figures;
    },
  },
];
