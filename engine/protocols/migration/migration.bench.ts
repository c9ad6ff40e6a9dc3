// Migration benchmarks, all kernels in one thread (a LocalMachine: no epoch barrier, nothing
// paces it), each figure from one deterministic run:
//   migrate.us / migrate.virtual_us  wall and virtual time per migration of `counter -m`
//   pagefault.remote_read_us / _write_us  virtual time from a remote fault to its page (mt -s)
//   futex.remote_us                  virtual time of a futex call forwarded to the origin
//   mt.speedup.* / matmul.speedup.*  virtual-time speedup of 4 threads over 1, on the smp
//                                    preset (one kernel, 4 harts) and on 4 kernels (-s)

import { wallMs, type Benchmark } from '../../bench/benchmark';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../machine/quantum';
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

/** Boots `preset` with one program on kernel 0 and runs until it exits. */
async function run(preset: string, argv: string[]): Promise<Run> {
  const scenario = parseScenario(
    JSON.stringify({
      version: 1,
      name: argv[0],
      machine: { preset },
      shells: false,
      // once every kernel has checked in (the program asks which kernels are online)
      actions: [{ at: START_NS, kind: 'start', kernel: 0, argv }],
    }),
  );
  const machine = await LocalMachine.boot(scenario, await loadUserlandFiles());
  const first = machine.kernels[0];
  if (!first) throw new Error('no kernel 0');
  const k0 = () => first.node.kernel;
  machine.runUntil(START_NS + EPOCH_NS); // the program starts
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

async function speedup(program: string, args: (threads: number) => string[]) {
  const one = await run('smp', [program, ...args(1)]);
  const smp = await run('smp', [program, ...args(4)]);
  const k4 = await run('kernel-per-hart', [program, '-s', ...args(4)]);
  return { smp: one.virtualNs / smp.virtualNs, k4: one.virtualNs / k4.virtualNs };
}

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
    names: ['pagefault.remote_read_us', 'pagefault.remote_write_us', 'futex.remote_us'],
    run: async () => {
      const r = await run('kernel-per-hart', ['mt', '-s', '4', '20000']);
      const per = (ns: number, n: number) => (n > 0 ? ns / n / 1000 : 0);
      return [
        {
          name: 'pagefault.remote_read_us',
          value: per(
            sum(r.stats, (s) => s.remoteReadNs),
            sum(r.stats, (s) => s.remoteReads),
          ),
          unit: 'us',
        },
        {
          name: 'pagefault.remote_write_us',
          value: per(
            sum(r.stats, (s) => s.remoteWriteNs),
            sum(r.stats, (s) => s.remoteWrites),
          ),
          unit: 'us',
        },
        {
          name: 'futex.remote_us',
          value: per(
            sum(r.stats, (s) => s.remoteFutexNs),
            sum(r.stats, (s) => s.remoteFutexes),
          ),
          unit: 'us',
        },
      ];
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
];
