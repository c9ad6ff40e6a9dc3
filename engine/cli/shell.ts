// `popcorn shell [--kernels N --harts-per-kernel M --kernel K]`: boots a machine (one kernel, or
// N kernels each with a shell) and attaches this terminal to a kernel's TTY, the way
// the web page's terminal attaches: typed bytes go into the TTY device's input ring, the
// kernel's output comes out of its output ring. The terminal is put in raw mode so the
// guest's line discipline does the editing; ^] (0x1d) detaches.

import { parseArgs } from 'node:util';
import { TtyDevice } from '../hw/tty-device';
import { spawn } from '../kernels/proc/spawn';
import { bootSingleKernel } from '../kernels/standalone';
import { loadUserlandFiles } from '../kernels/userland-files';
import { errnoName } from '../kernels/errno-names';
import { LocalMachine } from '../machine/local-machine';
import { DEFAULT_RING_SLOTS } from '../machine/machine-layout';
import { preset, uniformTopology } from '../machine/presets';

const DETACH = 0x1d;

interface Attached {
  memory: WebAssembly.Memory;
  tty: number;
  /** Advances the machine a little; false when nothing can happen without input. */
  step: () => boolean;
  /** Whether the session should go on (the console's init still lives). */
  alive: () => boolean;
}

/** One kernel alone, with init on its console. */
async function bootStandalone(harts: number): Promise<Attached | number> {
  const files = await loadUserlandFiles();
  const k = await bootSingleKernel({ files, harts });
  const init = files['/sbin/init'] ? '/sbin/init' : '/bin/sh';
  const p = spawn(k, init, [init]);
  if (typeof p === 'number') {
    console.error(`popcorn shell: cannot start ${init}: ${errnoName(-p)}`);
    return 1;
  }
  return { memory: k.memory, tty: 0, step: () => k.tick(), alive: () => p.state === 'alive' };
}

/** A replicated-kernel machine, every kernel with a shell; the terminal attaches to one. */
async function bootMachine(kernels: number, perKernel: number, attach: number): Promise<Attached> {
  const machine = await LocalMachine.boot(
    {
      version: 1,
      name: 'shell',
      machine: preset('kernel-per-node', uniformTopology(kernels, perKernel, (kernels * 128) << 20)),
      preset: 'kernel-per-node',
      seed: 1,
      ringSlots: DEFAULT_RING_SLOTS,
      shells: true,
      actions: [],
      inputs: [],
    },
    await loadUserlandFiles(),
  );
  return {
    memory: machine.memory,
    tty: attach,
    step: () => {
      machine.step();
      return true;
    },
    alive: () => true,
  };
}

export async function shellCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        harts: { type: 'string', default: '2' },
        kernels: { type: 'string' },
        'harts-per-kernel': { type: 'string', default: '1' },
        kernel: { type: 'string', default: '0' },
      },
    }));
  } catch (err) {
    console.error(`popcorn shell: ${(err as Error).message}`);
    return 2;
  }
  let attached: Attached | number;
  if (values.kernels === undefined) {
    attached = await bootStandalone(Number(values.harts));
  } else {
    const kernels = Number(values.kernels);
    const perKernel = Number(values['harts-per-kernel']);
    const attach = Number(values.kernel);
    const ok =
      [kernels, perKernel, attach].every(Number.isInteger) &&
      kernels >= 1 &&
      perKernel >= 1 &&
      kernels * perKernel <= 64;
    if (!ok || attach < 0 || attach >= kernels) {
      console.error('popcorn shell: --kernels N --harts-per-kernel M (N x M <= 64) and --kernel K (0 <= K < N)');
      return 2;
    }
    attached = await bootMachine(kernels, perKernel, attach);
  }
  if (typeof attached === 'number') return attached;
  const { memory, step, alive } = attached;
  const tty = new TtyDevice(memory, attached.tty);
  const pending: number[] = [];
  const session = { detached: false };
  const resize = () => {
    tty.resize(process.stdout.rows || 24, process.stdout.columns || 80);
  };
  resize();
  process.stdout.on('resize', resize);
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.on('data', (b: Buffer) => {
    for (const byte of b) {
      if (byte === DETACH) session.detached = true;
      else pending.push(byte);
    }
  });
  process.stdin.on('end', () => {
    session.detached = true;
  });
  process.stderr.write(`popcorn: attached to kernel ${attached.tty} (^] detaches)\r\n`);
  while (!session.detached && alive()) {
    if (pending.length > 0) pending.splice(0, tty.type(new Uint8Array(pending)));
    const busy = step();
    const out = tty.drainOutput();
    if (out.length > 0) process.stdout.write(out);
    // real time matters here: a person is typing, so idle ticks wait a little
    await new Promise((r) => (busy ? setImmediate(r) : setTimeout(r, 10)));
  }
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  process.stdin.pause();
  process.stdin.destroy(); // stop reading, so Node can exit
  process.stderr.write('\r\npopcorn: detached\r\n');
  return 0;
}
