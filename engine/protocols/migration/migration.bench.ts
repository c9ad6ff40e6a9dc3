// Migration benchmarks, all kernels in one thread (a LocalMachine: no epoch barrier, nothing
// paces it), each figure from one deterministic run:
//   migrate.us / migrate.virtual_us  wall and virtual time per migration of `counter -m`
//   pagefault.remote_read_us / _write_us  virtual time from a remote fault to its page (mt -s)
//   futex.remote_us                  virtual time of a futex call forwarded to the origin
//   mt.speedup.* / matmul.speedup.*  virtual-time speedup of 4 threads over 1, on the smp
//                                    preset (one kernel, 4 harts) and on 4 kernels (-s)
//   quantum.wall_ms_per_virtual_ms   wall time the mt -s run takes per ms of virtual time
// The remote costs, the 4-kernel speedups and the wall time are measured again at shorter
// synchronisation quanta (quantum.ts), named with the quantum: futex.remote_us.q20 is the
// futex figure at 20 us; the names without a suffix are the default quantum's (100 us).

import { wallMs, type Benchmark } from '../../bench/benchmark';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../machine/quantum';
import type { Figure } from '../../bench/benchmark';
import { LocalMachine } from '../../machine/local-machine';
import { parseScenario } from '../../machine/scenario';
import { loadUserlandFiles } from '../../kernels/userland-files';
import type { MigrationStats } from './distribution';

const START_NS = 2_000_000;

interface Run {
  virtualNs: number;
  wallMs: number;
  stats: MigrationStats[];
}

/**
 * The shorter quanta measured besides the default: a fifth of it, 5 us, 2 us, and the shortest
 * the 4-kernel machine allows (two of its kernels share a NUMA node: 1 us apart). At the
 * shortest no link is faster than the quantum, so every message arrives at its modelled time:
 * those figures are the model's own.
 */
const QUANTA = [20, 5, 2, 1];

/** Boots `preset` with one program on kernel 0 and runs until it exits (at quantum `quantumUs`, or the default). */
async function run(preset: string, argv: string[], quantumUs?: number): Promise<Run> {
  const scenario = parseScenario(
    JSON.stringify({
      version: 1,
      name: argv[0],
      machine: quantumUs === undefined ? { preset } : { preset, quantumUs },
      shells: false,
      // once every kernel has checked in (the program asks which kernels are online)
      actions: [{ at: START_NS, kind: 'start', kernel: 0, argv }],
    }),
  );
  const machine = await LocalMachine.boot(scenario, await loadUserlandFiles());
  const first = machine.kernels[0];
  if (!first) throw new Error('no kernel 0');
  const k0 = () => first.node.kernel;
  machine.runUntil(START_NS + Math.max(EPOCH_NS, machine.epochNs)); // the program starts
  const start = START_NS;
  const wallStart = wallMs();
  const running = () => [...k0().processes.values()].some((p) => p.comm === argv[0] && p.state === 'alive');
  while (running()) {
    machine.step();
    if (machine.now - start > 60e9) throw new Error(`${argv.join(' ')} did not end in 60 s of virtual time`);
  }
  return {
    virtualNs: machine.now - start,
    wallMs: wallMs() - wallStart,
    stats: machine.kernels.map((k) => k.node.services.migration.dist.stats),
  };
}

const sum = (stats: MigrationStats[], f: (s: MigrationStats) => number) => stats.reduce((n, s) => n + f(s), 0);

export async function speedup(program: string, args: (threads: number) => string[], quantumUs?: number) {
  const one = await run('smp', [program, ...args(1)], quantumUs);
  const smp = await run('smp', [program, ...args(4)], quantumUs);
  const k4 = await run('kernel-per-hart', [program, '-s', ...args(4)], quantumUs);
  return { smp: one.virtualNs / smp.virtualNs, k4: one.virtualNs / k4.virtualNs };
}

/** A figure's name at quantum `q` (the default's has no suffix). */
const at = (name: string, q?: number) => (q === undefined ? name : `${name}.q${q}`);

/** The remote costs of `mt -s` on 4 kernels at quantum `q`, and the wall time it took per virtual ms. */
export async function remoteCosts(q?: number): Promise<Figure[]> {
  const r = await run('kernel-per-hart', ['mt', '-s', '4', '20000'], q);
  const per = (ns: number, n: number) => (n > 0 ? ns / n / 1000 : 0);
  return [
    {
      name: at('pagefault.remote_read_us', q),
      value: per(
        sum(r.stats, (s) => s.remoteReadNs),
        sum(r.stats, (s) => s.remoteReads),
      ),
      unit: 'us',
    },
    {
      name: at('pagefault.remote_write_us', q),
      value: per(
        sum(r.stats, (s) => s.remoteWriteNs),
        sum(r.stats, (s) => s.remoteWrites),
      ),
      unit: 'us',
    },
    {
      name: at('futex.remote_us', q),
      value: per(
        sum(r.stats, (s) => s.remoteFutexNs),
        sum(r.stats, (s) => s.remoteFutexes),
      ),
      unit: 'us',
    },
    { name: at('quantum.wall_ms_per_virtual_ms', q), value: r.wallMs / (r.virtualNs / 1e6), unit: 'ms' },
  ];
}

const REMOTE = ['pagefault.remote_read_us', 'pagefault.remote_write_us', 'futex.remote_us'];

export const benchmarks: Benchmark[] = [
  {
    names: ['migrate.us', 'migrate.virtual_us'],
    run: async () => {
      const r = await run('kernel-per-hart', ['counter', '-m', '400', '0']);
      const migrations = sum(r.stats, (s) => s.migrationsIn);
      return [
        { name: 'migrate.us', value: (r.wallMs * 1000) / migrations, unit: 'us' },
        { name: 'migrate.virtual_us', value: r.virtualNs / 1000 / migrations, unit: 'us' },
      ];
    },
  },
  {
    names: [...REMOTE, 'quantum.wall_ms_per_virtual_ms'],
    run: async () => (await remoteCosts()).filter((f) => !f.name.startsWith('quantum.')),
  },
  {
    names: [
      'quantum.wall_ms_per_virtual_ms',
      ...QUANTA.flatMap((q) => [...REMOTE, 'quantum.wall_ms_per_virtual_ms'].map((n) => at(n, q))),
    ],
    run: async () => {
      const figures = (await remoteCosts()).filter((f) => f.name.startsWith('quantum.'));
      for (const q of QUANTA) figures.push(...(await remoteCosts(q)));
      return figures;
    },
  },
  {
    names: ['mt.speedup.smp', 'mt.speedup.k4'],
    run: async () => {
      const s = await speedup('mt', (threads) => [String(threads), String(200000 / threads)]);
      return [
        { name: 'mt.speedup.smp', value: s.smp, unit: 'x' },
        { name: 'mt.speedup.k4', value: s.k4, unit: 'x' },
      ];
    },
  },
  {
    names: ['matmul.speedup.smp', 'matmul.speedup.k4'],
    run: async () => {
      const s = await speedup('matmul', (threads) => ['320', String(threads)]);
      return [
        { name: 'matmul.speedup.smp', value: s.smp, unit: 'x' },
        { name: 'matmul.speedup.k4', value: s.k4, unit: 'x' },
      ];
    },
  },
  {
    names: QUANTA.flatMap((q) => [at('mt.speedup.k4', q), at('matmul.speedup.k4', q)]),
    run: async () => {
      const figures: Figure[] = [];
      for (const q of QUANTA) {
        const mt = await speedup('mt', (threads) => [String(threads), String(200000 / threads)], q);
        const matmul = await speedup('matmul', (threads) => ['320', String(threads)], q);
        figures.push({ name: at('mt.speedup.k4', q), value: mt.k4, unit: 'x' });
        figures.push({ name: at('matmul.speedup.k4', q), value: matmul.k4, unit: 'x' });
      }
      return figures;
    },
  },
];
