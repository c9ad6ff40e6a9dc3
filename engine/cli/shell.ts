// `popcorn shell [--kernels N --harts-per-kernel M --memory SIZE --kernel K | --harts N]`: boots a
// machine (by default the playground's two kernels; a kernel alone only with --harts), every
// kernel with a shell, and attaches this terminal to a kernel's TTY, the way
// the web page's terminal attaches: typed bytes go into the TTY device's input ring, the
// kernel's output comes out of its output ring. The terminal is put in raw mode so the
// guest's line discipline does the editing; ^] (0x1d) detaches.

import { TtyDevice } from '../hw/tty-device';
import { spawn } from '../kernels/proc/spawn';
import { bootSingleKernel } from '../kernels/standalone';
import { loadUserlandFiles } from '../kernels/userland-files';
import { errnoName } from '../kernels/errno-names';
import { LocalMachine } from '../machine/local-machine';
import { chooseMachine, machineScenario, type MachineChoice } from './machine-options';
import { parseOptions, UsageError, wantsHelp, wholeNumber } from './options';
import { SHELL_USAGE } from './usage';
import { FORWARD_STEP_NS, type HostLink, HostStation, parseForward } from './forward';

const DETACH = 0x1d;
interface Attached {
  memory: WebAssembly.Memory;
  tty: number;
  /**
   * Advances the machine a little; false when nothing can happen without input. `bound`: the
   * most virtual time an idle kernel alone may skip (a machine of several moves an epoch a step).
   */
  step: (bound?: number) => boolean;
  /** Whether the session should go on (the console's init still lives). */
  alive: () => boolean;
  /** What --forward needs: the kernels, their switch ports, the machine's virtual time. */
  net: Pick<HostLink, 'kernels' | 'switchPort' | 'now'>;
}

/** One kernel alone, with init on its console. */
async function bootStandalone(harts: number, ramBytes: number): Promise<Attached | number> {
  const files = await loadUserlandFiles();
  const k = await bootSingleKernel({ files, harts, ramBytes });
  const init = files['/sbin/init'] ? '/sbin/init' : '/bin/sh';
  const p = spawn(k, init, [init]);
  if (typeof p === 'number') {
    console.error(`popcorn shell: cannot start ${init}: ${errnoName(-p)}`);
    return 1;
  }
  return {
    memory: k.memory,
    tty: 0,
    step: (bound) => k.tick(bound === undefined ? Infinity : k.now + bound),
    alive: () => p.state === 'alive',
    net: { kernels: () => [k], switchPort: () => undefined, now: () => k.now },
  };
}

/** A replicated-kernel machine, every kernel with a shell; the terminal attaches to one. */
async function bootMachine(choice: Extract<MachineChoice, { kind: 'replicated' }>, attach: number): Promise<Attached> {
  const machine = await LocalMachine.boot(machineScenario('shell', choice, 1, true), await loadUserlandFiles());
  return {
    memory: machine.memory,
    tty: attach,
    step: () => {
      machine.step();
      return true;
    },
    alive: () => true,
    net: {
      kernels: () => machine.kernels.filter((sk) => sk.up).map((sk) => sk.node.kernel),
      switchPort: (k) => machine.kernels.find((sk) => sk.up && sk.node.kernel === k)?.node.services.net,
      now: () => machine.now,
    },
  };
}

export async function shellCommand(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(SHELL_USAGE);
    return 0;
  }
  const { values } = parseOptions({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      harts: { type: 'string' },
      kernels: { type: 'string' },
      'harts-per-kernel': { type: 'string' },
      memory: { type: 'string' },
      kernel: { type: 'string' },
      forward: { type: 'string', multiple: true },
    },
  });
  // the playground's machine unless asked otherwise; a kernel alone only with --harts
  const choice = chooseMachine(values, {
    machine: 'playground',
    hartsPerKernel: 2,
    memoryMiB: (kernels) => Math.max(512, 128 * (kernels ?? 0)),
  });
  let attached: Attached | number;
  if (choice.kind === 'single') {
    if (values.kernel !== undefined && values.kernel !== '0')
      throw new UsageError('--kernel K needs a machine of several kernels (not --harts)');
    attached = await bootStandalone(choice.harts, choice.ramBytes);
  } else {
    const kernels = choice.spec.kernels.length;
    const attach = values.kernel === undefined ? 0 : wholeNumber(values.kernel, 'kernel', 0, kernels - 1);
    attached = await bootMachine(choice, attach);
  }
  if (typeof attached === 'number') return attached;
  const { memory, alive } = attached;
  const forwards = (values.forward ?? []).map((f) => parseForward(f, attached.net.kernels().length));
  const station = forwards.length === 0 ? undefined : new HostStation({ ...attached.net, wake: () => undefined });
  for (const f of forwards) await station?.listen(f);
  station?.attach();
  const step = () => {
    // with a port forwarded, an idle kernel alone waits for the host an epoch at a time rather
    // than skipping to its next timer (a server's timeout would pass before the host's bytes came)
    const busy = attached.step(station ? FORWARD_STEP_NS : undefined);
    station?.tick(attached.net.now());
    return busy;
  };
  const tty = new TtyDevice(memory, attached.tty);
  const pending: number[] = [];
  const session = { detached: false };
  const resize = () => {
    tty.resize(process.stdout.rows || 24, process.stdout.columns || 80);
  };
  resize();
  process.stdout.on('resize', resize);
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    // however popcorn ends (main.ts may exit on an error), the terminal gets its line editing back
    process.on('exit', () => {
      process.stdin.setRawMode(false);
    });
  }
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
  station?.close();
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  process.stdin.pause();
  process.stdin.destroy(); // stop reading, so Node can exit
  process.stderr.write('\r\npopcorn: detached\r\n');
  return 0;
}
