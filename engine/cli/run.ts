// `popcorn run`: boots a machine, runs one program wired to the host's stdin, stdout and
// stderr, and returns its exit status (128 + signal when a signal killed it), as qemu-riscv64
// does. The options are in usage.ts (RUN_USAGE); host files and the environment in host-files.ts
// and environment.ts.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import type { TraceEvent } from '../hw/trace-device';
import { chromeTrace } from '../machine/chrome-trace';
import { Capture } from './capture';
import { FORWARD_STEP_NS, HostStation, parseForward } from './forward';
import type { NetService } from '../protocols/net/net-service';
import { ENOENT } from '../kernels/errno';
import { errnoName } from '../kernels/errno-names';
import { HostInput, HostOutput } from '../kernels/fs/host-stream';
import { RAMFS_CAPACITY } from '../kernels/fs/vfs';
import type { Kernel } from '../kernels/kernel';
import { MAX_PROCESS_MEMORY_SHARE } from '../kernels/params';
import { spawn } from '../kernels/proc/spawn';
import { signalProcess } from '../kernels/signal/deliver';
import { SI_KERNEL, SIGINT, SIGKILL } from '../kernels/signal/signals';
import type { Process } from '../kernels/proc/task';
import { bootSingleKernel } from '../kernels/standalone';
import { loadUserlandFiles } from '../kernels/userland-files';
import { busyboxLinks } from '../kernels/userland-paths';
import { LocalMachine } from '../machine/local-machine';
import type { ScenarioKernel } from '../machine/run-state';
import { proposeProcess } from '../protocols/migration/round-robin';
import { environment } from './environment';
import { collectHostFiles, hostFilesDigest, installHostFiles, type HostFiles } from './host-files';
import { chooseMachine, machineScenario, mibText } from './machine-options';
import { duration, parseOptions, splitAtProgram, UsageError, wantsHelp, wholeNumber } from './options';
import { RUN_USAGE } from './usage';

/** Guest RAM when --memory is not given: room for what qemu-riscv64 runs, split among the kernels. */
export const DEFAULT_RUN_MEMORY_MIB = 1024;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  stats: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  harts: { type: 'string' },
  kernels: { type: 'string' },
  'harts-per-kernel': { type: 'string' },
  memory: { type: 'string' },
  seed: { type: 'string', default: '1' },
  trace: { type: 'string' },
  pcap: { type: 'string' },
  forward: { type: 'string', multiple: true },
  'migrate-every': { type: 'string' },
  env: { type: 'string', short: 'E', multiple: true },
  unset: { type: 'string', short: 'U', multiple: true },
  mount: { type: 'string', multiple: true },
} as const;

/** What the run ran on: its kernels (the program starts on the first), and how to move time. */
interface Booted {
  kernels: Kernel[];
  /** One step of the machine; a replicated machine advances one epoch at a time. */
  step: (() => boolean) | undefined;
  traced: () => TraceEvent[][];
  migrations: (() => number) | undefined;
  /** Kernel k's port on the switch (a machine of several kernels has one per kernel). */
  switchPort: (k: Kernel) => NetService | undefined;
  /** The machine's virtual time. */
  now: () => number;
}

export async function runCommand(argv: string[]): Promise<number> {
  // options, then PROGRAM and its own arguments (which may look like options)
  const { own, program: programArgs } = splitAtProgram(argv, OPTIONS);
  if (wantsHelp(own)) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const { values, tokens } = parseOptions({ args: own, options: OPTIONS, tokens: true });
  const program = programArgs[0];
  if (program === undefined || program === '')
    throw new UsageError('no program given (popcorn run [OPTIONS] [--] PROGRAM [ARGS...])');
  const choice = chooseMachine(values, {
    machine: { single: 1 },
    hartsPerKernel: 1,
    memoryMiB: (kernels) => Math.max(DEFAULT_RUN_MEMORY_MIB, 32 * (kernels ?? 1) + 4),
  });
  const seed = wholeNumber(values.seed, 'seed', 0, Number.MAX_SAFE_INTEGER);
  const envp = environment(tokens);
  const migrateEvery =
    values['migrate-every'] === undefined ? undefined : duration(values['migrate-every'], 'migrate-every');
  if (migrateEvery !== undefined && values.kernels === undefined)
    throw new UsageError('--migrate-every T needs --kernels N (threads move between kernels)');
  if (values.trace !== undefined) {
    try {
      writeFileSync(values.trace, ''); // find out now, not after the run, that it cannot be written
    } catch (err) {
      throw new UsageError(`--trace ${values.trace}: ${(err as Error).message}`);
    }
  }
  const capture = values.pcap === undefined ? undefined : new Capture(values.pcap);

  const files = await loadUserlandFiles();
  // PROGRAM is the guest's (a name in /bin, or a guest path such as /bin/sh) or a host file
  const inGuest = program.includes('/') ? program : `/bin/${program}`;
  let hostProgram: string | undefined;
  const applets = new Set(busyboxLinks(Object.keys(files)).map(([path]) => path)); // /bin/grep -> busybox, …
  if (!files[inGuest] && !applets.has(inGuest)) {
    if (existsSync(program) && statSync(program).isFile()) hostProgram = program;
    else {
      console.error(`popcorn run: ${program}: no such file in the guest's /bin or on the host`);
      return 127;
    }
  }
  const userland = Object.values(files).reduce((n, f) => n + f.length, 0);
  const host = collectHostFiles({
    cwd: process.cwd(),
    program: hostProgram,
    args: programArgs.slice(1),
    mounts: values.mount ?? [],
    room: RAMFS_CAPACITY - userland,
  });
  const guestPath = host.program ?? inGuest;
  const digest = hostFilesDigest(host); // of the files as copied in, before the program changes them

  const running: { program?: Process } = {}; // what --migrate-every moves, once it runs
  const booted =
    choice.kind === 'single'
      ? await bootSingle(files, choice.harts, choice.ramBytes, seed, values.trace !== undefined)
      : await bootReplicated(
          machineScenario('run', choice, seed, false),
          files,
          values.trace !== undefined,
          migrateEvery,
          () => running.program,
        );
  const k = booted.kernels[0] as Kernel;
  capture?.attach(booted.kernels);
  for (const kernel of booted.kernels) {
    installHostFiles(kernel, host);
    const inode = kernel.vfs.resolve(kernel.vfs.root, guestPath);
    if (typeof inode !== 'number' && hostProgram !== undefined) inode.perm |= 0o111; // as qemu runs it
  }

  const idle = new Idle();
  const forwards = (values.forward ?? []).map((f) => parseForward(f, booted.kernels.length));
  const station =
    forwards.length === 0
      ? undefined
      : new HostStation({
          kernels: () => booted.kernels,
          switchPort: booted.switchPort,
          now: booted.now,
          wake: idle.wake,
          tap: capture
            ? (time, frame) => {
                capture.record(time, frame);
              }
            : undefined,
        });
  for (const f of forwards) await station?.listen(f);
  station?.attach();
  const stdin = new HostInput(k);
  const stdout = hostOutput(k, 'stdout', process.stdout, idle);
  const stderr = hostOutput(k, 'stderr', process.stderr, idle);
  const started = performance.now();
  const p = spawn(k, guestPath, [program, ...programArgs.slice(1)], {
    stdio: [stdin.open(), stdout.open(), stderr.open()],
    envp,
    cwd: host.cwd,
  });
  if (typeof p === 'number') {
    console.error(`popcorn run: cannot run ${program}: ${errnoName(-p)}`);
    for (const line of k.log.slice(1)) console.error(`  ${line}`);
    return p === -ENOENT ? 127 : 126; // as a shell: not found, or found but not runnable
  }
  running.program = p;
  // a lone kernel skips ahead to its next timer when idle; with a host program talking to it
  // through --forward, time goes an epoch's worth at a step instead, as on a machine of
  // several kernels, so a server's timeout does not pass before the host's next bytes come
  const machineStep = booted.step ?? (() => k.tick(station?.active ? k.now + FORWARD_STEP_NS : Infinity));
  const step = () => {
    const busy = machineStep();
    station?.tick(booted.now());
    return busy;
  };
  const status = await runToExit(k, p, stdin, idle, step, () => station?.active === true);
  station?.close();
  reportOomKills(booted.kernels);
  const migrations = booted.migrations?.();
  if (values.stats) printStats(k, performance.now() - started, migrations, host, digest);
  else if (migrations !== undefined && migrations > 0 && !values.quiet)
    console.error(
      `popcorn: ${migrations} migration${migrations === 1 ? '' : 's'} (threads moved from one kernel to another; --stats for more)`,
    );
  if (values.trace !== undefined) writeFileSync(values.trace, chromeTrace(booted.traced(), k.now));
  capture?.write();
  if (status & 0x7f) return 128 + (status & 0x7f);
  return (status >> 8) & 0xff;
}

async function bootSingle(
  files: Record<string, Uint8Array>,
  harts: number,
  ramBytes: number,
  seed: number,
  keepTrace: boolean,
): Promise<Booted> {
  const k = await bootSingleKernel({ files, harts, ramBytes, seed, keepTrace });
  return {
    kernels: [k],
    step: undefined,
    traced: () => [k.tracer.kept ?? []],
    migrations: undefined,
    switchPort: () => undefined,
    now: () => k.now,
  };
}

async function bootReplicated(
  scenario: Parameters<typeof LocalMachine.boot>[0],
  files: Record<string, Uint8Array>,
  keepTrace: boolean,
  migrateEvery: number | undefined,
  program: () => Process | undefined,
): Promise<Booted> {
  const machine = await LocalMachine.boot(scenario, files, keepTrace);
  const count = scenario.machine.kernels.length;
  const first = machine.kernels[0] as ScenarioKernel;
  // the program starts once every kernel has checked in (it may ask which kernels are online)
  const nodeInfo = first.node.services.nodeInfo;
  for (let epoch = 0; nodeInfo.peers.size < count - 1 && epoch < 1000; epoch++) machine.step();
  const origin = first.node.services.migration;
  let nextMove = migrateEvery ?? Infinity;
  return {
    kernels: machine.kernels.filter((sk) => sk.everBooted).map((sk) => sk.node.kernel),
    step: () => {
      machine.step();
      const p = program();
      if (machine.now >= nextMove && p !== undefined) {
        proposeProcess(origin, p.pid); // every thread to the kernel after its own
        nextMove += migrateEvery ?? Infinity;
      }
      return true;
    },
    traced: () => machine.kernels.map((sk) => (sk.everBooted ? (sk.node.kernel.tracer.kept ?? []) : [])),
    switchPort: (k) => machine.kernels.find((sk) => sk.everBooted && sk.node.kernel === k)?.node.services.net,
    now: () => machine.now,
    migrations: () =>
      machine.kernels.reduce((n, sk) => n + (sk.everBooted ? sk.node.services.migration.dist.stats.moves : 0), 0),
  };
}

/** Where the run loop sleeps while the machine has nothing to do; input or output wakes it. */
class Idle {
  private resolve: (() => void) | undefined;
  /** Output Node has not written yet: the machine waits for it, so it is not stuck. */
  readonly outputs: Array<() => boolean> = [];

  wake = (): void => {
    this.resolve?.();
    this.resolve = undefined;
  };

  sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }
}

/**
 * The host's stdout or stderr as a guest file. A guest writer waits while Node still holds
 * bytes it could not write (so a fast writer into a slow pipe does not fill the host's memory)
 * and gets EPIPE, so SIGPIPE, once nobody reads the other end.
 */
function hostOutput(k: Kernel, name: string, stream: NodeJS.WriteStream, idle: Idle): HostOutput {
  const state = { closed: false };
  const out = new HostOutput(k, name, (b) => stream.write(b), {
    full: () => stream.writableNeedDrain,
    closed: () => state.closed,
  });
  const ready = () => {
    out.drained();
    idle.wake();
  };
  stream.on('drain', ready);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err; // main.ts turns it into one line
    state.closed = true;
    ready();
  });
  idle.outputs.push(() => stream.writableNeedDrain && !state.closed);
  return out;
}

/** Ticks the kernel until `p` exits, feeding it the host's stdin as it arrives. */
/**
 * Runs until `p` exits, feeding it stdin; `outside()`: whether something besides stdin may
 * still bring the program work (a forwarded port).
 */
async function runToExit(
  k: Kernel,
  p: Process,
  stdin: HostInput,
  idle: Idle,
  step: () => boolean,
  outside: () => boolean,
): Promise<number> {
  const stdinState = { open: true };
  process.stdin.on('data', (b: Buffer) => {
    stdin.push(new Uint8Array(b));
    idle.wake();
  });
  process.stdin.on('end', () => {
    stdinState.open = false;
    stdin.end();
    idle.wake();
  });
  process.stdin.on('error', () => {
    stdinState.open = false;
    stdin.end();
  });
  // ^C at the host (or SIGINT from another program) is ^C at the program's terminal: SIGINT to
  // it, so the run ends as the program's own way of ending (a --trace or --pcap is written); a
  // second one, for a program that ignores SIGINT (a server), kills it
  let interrupts = 0;
  const interrupt = () => {
    signalProcess(k, p, ++interrupts === 1 ? SIGINT : SIGKILL, { code: SI_KERNEL, pid: 0, addr: 0 });
    idle.wake();
  };
  process.on('SIGINT', interrupt);
  let ticks = 0;
  while (p.state === 'alive') {
    const busy = step();
    if (busy && ++ticks % 64 !== 0) continue;
    if (!busy && !stdinState.open && !outside() && !idle.outputs.some((pending) => pending())) {
      console.error(`popcorn run: ${p.comm} is waiting for something that can never happen; stopping it`);
      return 9;
    }
    // let stdin and stdout move: at once when busy, when input arrives or output drains when idle
    await (busy ? new Promise<void>((resolve) => setImmediate(resolve)) : idle.sleep());
  }
  process.off('SIGINT', interrupt);
  process.stdin.pause();
  process.stdin.destroy(); // stop reading, so Node can exit
  return p.waitStatus;
}

/** Says which processes a kernel killed for want of memory, as Linux's log would. */
function reportOomKills(kernels: Kernel[]): void {
  const share = `${Math.round(MAX_PROCESS_MEMORY_SHARE * 100)}%`;
  for (const k of kernels) {
    for (const kill of k.oomKills) {
      console.error(
        `popcorn: killed: out of memory on kernel ${k.id}, ${mibText(k.params.memory.size)} window: ${kill.comm} (pid ${kill.pid}); a process may hold ${share} of a kernel's memory, and --memory gives the machine more`,
      );
    }
  }
}

function printStats(k: Kernel, wallMs: number, migrations: number | undefined, host: HostFiles, digest: string): void {
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
  if (migrations !== undefined) lines.push(`migrations: ${migrations} (threads moved from one kernel to another)`);
  lines.push(`host files: ${host.files.length} copied in (${host.bytes} bytes), sha256 ${digest}`);
  process.stderr.write(lines.map((l) => `popcorn: ${l}\n`).join(''));
}
