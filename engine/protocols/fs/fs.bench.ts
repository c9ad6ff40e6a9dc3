// Shared filesystem benchmarks, in virtual time (all kernels in one thread, a LocalMachine; each
// figure from one deterministic run of userland fsbench, which times its own calls with the
// kernel's virtual clock):
//   fs.remote_read_us.cold / .warm    a 4 KiB pread of a file homed on another kernel: the first
//                                     after opening it, and the mean of the next ones
//   fs.remote_write_us.cold / .warm   the same for a 4 KiB pwrite
//   fs.create_us.remote               open(O_CREAT | O_EXCL) + close on the other kernel's tree
// and beside each the same figure on the home kernel itself (.local): the calls run there.
// Files move a page per message and nothing is cached away from the home, so a remote call
// costs one round trip (at least one epoch each way) and cold and warm are alike.

import type { Benchmark, Figure } from '../../bench/benchmark';
import { TtyDevice } from '../../hw/tty-device';
import { LocalMachine } from '../../machine/local-machine';
import { parseScenario } from '../../machine/scenario';
import { loadUserlandFiles } from '../../kernels/userland-files';

const START_NS = 2_000_000;

/** fsbench's figures (ns) when run on `kernel` of the two-kernel machine (kernel 0 is the home). */
async function fsbench(kernel: number): Promise<Map<string, number>> {
  const scenario = parseScenario(
    JSON.stringify({
      version: 1,
      name: 'fsbench',
      machine: { preset: 'two-kernels' },
      shells: false,
      actions: [{ at: START_NS, kind: 'start', kernel, argv: ['fsbench', '/tmp', '20'] }],
    }),
  );
  const machine = await LocalMachine.boot(scenario, await loadUserlandFiles());
  const tty = new TtyDevice(machine.memory, kernel);
  const decoder = new TextDecoder();
  let out = '';
  machine.runUntil(START_NS + machine.epochNs); // every kernel is up, and fsbench started
  const node = machine.kernels[kernel]?.node;
  if (!node) throw new Error(`no kernel ${kernel}`);
  const running = () => [...node.kernel.processes.values()].some((p) => p.comm === 'fsbench' && p.state === 'alive');
  while (running()) {
    machine.step();
    out += decoder.decode(tty.drainOutput(), { stream: true });
    if (machine.now > 60e9) throw new Error('fsbench did not end in 60 s of virtual time');
  }
  out += decoder.decode(tty.drainOutput());
  const figures = new Map<string, number>();
  for (const m of out.matchAll(/^(\w+) (\d+)\r?$/gm)) figures.set(m[1] as string, Number(m[2]));
  if (figures.size !== 5) throw new Error(`fsbench printed:\n${out}`);
  return figures;
}

const NAMES = ['read_cold', 'read_warm', 'write_cold', 'write_warm', 'create'] as const;
const FIGURE: Record<(typeof NAMES)[number], string> = {
  read_cold: 'fs.remote_read_us.cold',
  read_warm: 'fs.remote_read_us.warm',
  write_cold: 'fs.remote_write_us.cold',
  write_warm: 'fs.remote_write_us.warm',
  create: 'fs.create_us',
};

export const benchmarks: Benchmark[] = [
  {
    names: Object.values(FIGURE),
    async run() {
      const remote = await fsbench(1);
      const local = await fsbench(0);
      const figures: Figure[] = [];
      for (const n of NAMES) {
        figures.push({
          name: `${FIGURE[n]}${n === 'create' ? '.remote' : ''}`,
          value: (remote.get(n) ?? NaN) / 1000,
          unit: 'us',
        });
        figures.push({ name: `${FIGURE[n]}.local`, value: (local.get(n) ?? NaN) / 1000, unit: 'us' });
      }
      return figures;
    },
  },
];
