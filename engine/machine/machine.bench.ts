// Machine benchmarks: aggregate guest MIPS with 1, 2 and 4 kernel workers, each kernel running
// a compute-bound glibc program on its own hart, and what the deterministic epochs cost
// against free-running workers (the epoch barrier's overhead), at the default synchronisation
// quantum (100 us) and at shorter ones (quantum.ts; named .q20 and so on), with the wall time
// the deterministic run took per ms of virtual time, and what the epochs alone cost (two idle
// kernels: epoch.idle_wall_ms_per_virtual_ms).

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

/**
 * What the epochs alone cost: wall ms per virtual ms of two idle kernels (no shell, no program)
 * in a worker each, at quantum `q` (the default's if none): every epoch a barrier and a poll.
 * Two runs, of 10 and 40 virtual ms, and the difference over 30 ms: starting the workers and
 * booting cost the same in both and drop out.
 */
async function idleWallPerVirtualMs(q?: number): Promise<number> {
  const machine = { preset: 'kernel-per-node', topology: { nodes: 2, hartsPerNode: 1, ramMiB: 256 } };
  const text = JSON.stringify({
    version: 1,
    name: 'idle-2',
    machine: q === undefined ? machine : { ...machine, quantumUs: q },
    shells: false,
  });
  const files = await loadUserlandFiles();
  const wall = async (virtualNs: number) => {
    const start = wallMs();
    await runInWorkers(parseScenario(text), text, files, virtualNs);
    return wallMs() - start;
  };
  const short = await wall(10e6);
  const long = await wall(40e6);
  return Math.max(0, long - short) / 30;
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
    names: ['epoch.idle_wall_ms_per_virtual_ms', ...QUANTA.map((q) => `epoch.idle_wall_ms_per_virtual_ms.q${q}`)],
    run: async () => {
      const figures: Figure[] = [
        { name: 'epoch.idle_wall_ms_per_virtual_ms', value: await idleWallPerVirtualMs(), unit: 'ms' },
      ];
      for (const q of QUANTA)
        figures.push({
          name: `epoch.idle_wall_ms_per_virtual_ms.q${q}`,
          value: await idleWallPerVirtualMs(q),
          unit: 'ms',
        });
      return figures;
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
