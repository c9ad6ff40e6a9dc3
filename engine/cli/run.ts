// `popcorn run`: boots a machine, runs one program wired to the host's stdin, stdout and
// stderr, and returns its exit status (128 + signal when a signal killed it).

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { TraceEvent } from '../hw/trace-device';
import { chromeTrace } from '../machine/chrome-trace';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { errnoName } from '../kernels/errno-names';
import { HostInput, HostOutput } from '../kernels/fs/host-stream';
import type { Kernel } from '../kernels/kernel';
import { spawn } from '../kernels/proc/spawn';
import type { Process } from '../kernels/proc/task';
import { bootSingleKernel } from '../kernels/standalone';
import { loadUserlandFiles } from '../kernels/userland-files';
import { LocalMachine } from '../machine/local-machine';
import { DEFAULT_RING_SLOTS } from '../machine/machine-layout';
import { preset, uniformTopology } from '../machine/presets';
import type { ScenarioKernel } from '../machine/run-state';
import { parseDuration, proposeProcess } from '../protocols/migration/round-robin';

export async function runCommand(argv: string[]): Promise<number> {
  // options, then `--`, then the program and its own arguments (which may look like options)
  const split = argv.indexOf('--');
  let values;
  let programArgs: string[];
  try {
    const parsed = parseArgs({
      args: split >= 0 ? argv.slice(0, split) : argv,
      allowPositionals: split < 0,
      options: {
        stats: { type: 'boolean', default: false },
        harts: { type: 'string', default: '1' },
        kernels: { type: 'string' },
        'harts-per-kernel': { type: 'string', default: '1' },
        memory: { type: 'string', default: '256' },
        seed: { type: 'string', default: '1' },
        trace: { type: 'string' },
        'migrate-every': { type: 'string' },
      },
    });
    values = parsed.values;
    programArgs = split >= 0 ? argv.slice(split + 1) : parsed.positionals;
  } catch (err) {
    console.error(`popcorn run: ${(err as Error).message} (put the program after --)`);
    return 2;
  }
  const program = programArgs[0];
  if (!program) {
    console.error('popcorn run: no program given (popcorn run -- PROGRAM [ARGS...])');
    return 2;
  }
  const harts = Number(values.harts);
  const memoryMiB = Number(values.memory);
  if (!Number.isInteger(harts) || harts < 1 || harts > 64) {
    console.error('popcorn run: --harts takes a number from 1 to 64');
    return 2;
  }
  if (!Number.isInteger(memoryMiB) || memoryMiB < 16 || memoryMiB > 3072) {
    console.error('popcorn run: --memory takes MiB from 16 to 3072');
    return 2;
  }
  const files = await loadUserlandFiles();
  let guestPath = program.includes('/') ? program : `/bin/${program}`;
  if (existsSync(program) && statSync(program).isFile()) {
    guestPath = `/tmp/${basename(program)}`;
    files[guestPath] = new Uint8Array(readFileSync(program));
  } else if (!files[guestPath]) {
    console.error(`popcorn run: ${program}: no such file on the host or in /bin`);
    return 127;
  }
  const migrateEvery = values['migrate-every'] === undefined ? undefined : parseDuration(values['migrate-every']);
  if (values['migrate-every'] !== undefined && (migrateEvery === undefined || values.kernels === undefined)) {
    console.error('popcorn run: --migrate-every takes a virtual time (e.g. 2ms, 500us) and needs --kernels N');
    return 2;
  }
  let k: Kernel;
  let step: (() => boolean) | undefined; // a replicated-kernel machine advances one epoch at a time
  let traced: () => TraceEvent[][];
  let migrations = () => 0;
  if (values.kernels !== undefined) {
    const kernels = Number(values.kernels);
    const perKernel = Number(values['harts-per-kernel']);
    if (
      !Number.isInteger(kernels) ||
      kernels < 1 ||
      !Number.isInteger(perKernel) ||
      perKernel < 1 ||
      kernels * perKernel > 64
    ) {
      console.error('popcorn run: --kernels N --harts-per-kernel M need whole numbers with N x M <= 64');
      return 2;
    }
    const machine = await LocalMachine.boot(
      {
        version: 1,
        name: 'run',
        machine: preset(
          'kernel-per-node',
          uniformTopology(kernels, perKernel, Math.max(memoryMiB, kernels * 32) << 20),
        ),
        preset: 'kernel-per-node',
        seed: Number(values.seed),
        ringSlots: DEFAULT_RING_SLOTS,
        shells: false,
        actions: [],
        inputs: [],
      },
      files,
      values.trace !== undefined,
    );
    k = (machine.kernels[0] as ScenarioKernel).node.kernel;
    // the program starts once every kernel has checked in (it may ask which kernels are online)
    const nodeInfo = (machine.kernels[0] as ScenarioKernel).node.services.nodeInfo;
    for (let epoch = 0; nodeInfo.peers.size < kernels - 1 && epoch < 1000; epoch++) machine.step();
    traced = () => machine.kernels.map((sk) => (sk.everBooted ? (sk.node.kernel.tracer.kept ?? []) : []));
    const origin = (machine.kernels[0] as ScenarioKernel).node.services.migration;
    migrations = () =>
      machine.kernels.reduce(
        (n, sk) => n + (sk.everBooted ? sk.node.services.migration.dist.stats.migrationsIn : 0),
        0,
      );
    let nextMove = migrateEvery ?? Infinity;
    step = () => {
      machine.step();
      if (machine.now >= nextMove && p0 !== undefined) {
        proposeProcess(origin, p0.pid); // every thread to the kernel after its own
        nextMove += migrateEvery ?? Infinity;
      }
      return true;
    };
  } else {
    k = await bootSingleKernel({
      files,
      harts,
      ramBytes: memoryMiB << 20,
      seed: Number(values.seed),
      keepTrace: values.trace !== undefined,
    });
    const single = k;
    traced = () => [single.tracer.kept ?? []];
  }
  const inode = k.vfs.resolve(k.vfs.root, guestPath);
  if (typeof inode !== 'number') inode.perm |= 0o111;

  const stdin = new HostInput(k);
  const stdout = new HostOutput(k, 'stdout', (b) => process.stdout.write(b));
  const stderr = new HostOutput(k, 'stderr', (b) => process.stderr.write(b));
  const started = performance.now();
  let p0: Process | undefined;
  const p = spawn(k, guestPath, [program, ...programArgs.slice(1)], {
    stdio: [stdin.open(), stdout.open(), stderr.open()],
  });
  if (typeof p !== 'number') p0 = p;
  if (typeof p === 'number') {
    console.error(`popcorn run: cannot run ${program}: ${errnoName(-p)}`);
    for (const line of k.log.slice(1)) console.error(`  ${line}`);
    return p === -2 ? 127 : 126;
  }
  const status = await runToExit(k, p, stdin, step);
  if (values.stats) printStats(k, performance.now() - started, values.kernels === undefined ? undefined : migrations());
  if (values.trace !== undefined) writeFileSync(values.trace, chromeTrace(traced(), k.now));
  if (status & 0x7f) return 128 + (status & 0x7f);
  return (status >> 8) & 0xff;
}

/** Ticks the kernel until `p` exits, feeding it the host's stdin as it arrives. */
async function runToExit(k: Kernel, p: Process, stdin: HostInput, step = () => k.tick()): Promise<number> {
  let wake: (() => void) | undefined;
  const stdinState = { open: true };
  process.stdin.on('data', (b: Buffer) => {
    stdin.push(new Uint8Array(b));
    wake?.();
  });
  process.stdin.on('end', () => {
    stdinState.open = false;
    stdin.end();
    wake?.();
  });
  process.stdin.on('error', () => {
    stdinState.open = false;
    stdin.end();
  });
  let ticks = 0;
  while (p.state === 'alive') {
    const busy = step();
    if (busy && ++ticks % 64 !== 0) continue;
    if (!busy && !stdinState.open) {
      console.error(`popcorn run: ${p.comm} is waiting for something that can never happen; stopping it`);
      return 9;
    }
    // let stdin and stdout move: at once when busy, when input arrives when idle
    await new Promise<void>((resolve) => {
      if (busy) setImmediate(resolve);
      else wake = resolve;
    });
    wake = undefined;
  }
  process.stdin.pause();
  process.stdin.destroy(); // stop reading, so Node can exit
  return p.waitStatus;
}

function printStats(k: Kernel, wallMs: number, migrations: number | undefined): void {
  const instructions = k.slots.reduce((n, s) => n + s.hart.instret, 0n);
  const lines = [
    `instructions retired: ${instructions}`,
    `syscalls: ${k.stats.syscalls}`,
    `page faults: ${k.stats.pageFaults}`,
    `context switches: ${k.stats.contextSwitches}`,
    `virtual time: ${(k.now / 1e6).toFixed(3)} ms`,
    `wall time: ${wallMs.toFixed(1)} ms`,
    `speed: ${(Number(instructions) / wallMs / 1000).toFixed(1)} MIPS`,
  ];
  if (migrations !== undefined) lines.push(`migrations: ${migrations} (threads arriving on a kernel)`);
  process.stderr.write(lines.map((l) => `popcorn: ${l}\n`).join(''));
}
