// Kernel benchmarks (wall-clock, this host): a null system call, a context switch, fork+exec+
// wait, and guest MIPS over a whole glibc program run by the kernel. The little programs are
// hand-assembled (testing/mini-elf.ts), so each measures exactly one thing.

import { encode as e } from '../hw/isa/encode';
import { wallMs, type Benchmark } from '../bench/benchmark';
import { bootSingleKernel } from './standalone';
import { loadUserlandFiles } from './userland-files';
import type { Kernel } from './kernel';
import { spawn } from './proc/spawn';
import { miniElf } from './testing/mini-elf';
import { forkExecProgram, li, SYS_EXIT, SYS_GETPID, SYS_YIELD, syscallLoop } from './testing/programs';
import { runProgram } from './testing/run-program';

/** Runs the kernel until no process is left; returns wall milliseconds. */
function drain(k: Kernel): number {
  const start = wallMs();
  while (k.processes.size > 0 && k.tick());
  return wallMs() - start;
}

async function nullSyscallNs(): Promise<number> {
  const n = 400_000;
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const k = await bootSingleKernel({ files: { '/bin/loop': syscallLoop(SYS_GETPID, n) }, harts: 1 });
    spawn(k, '/bin/loop', ['loop']);
    best = Math.min(best, (drain(k) * 1e6) / n);
  }
  return best;
}

async function contextSwitchNs(): Promise<number> {
  const n = 100_000;
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const k = await bootSingleKernel({ files: { '/bin/yield': syscallLoop(SYS_YIELD, n) }, harts: 1 });
    spawn(k, '/bin/yield', ['a']);
    spawn(k, '/bin/yield', ['b']);
    const ms = drain(k);
    best = Math.min(best, (ms * 1e6) / k.stats.contextSwitches);
  }
  return best;
}

async function forkExecMs(): Promise<number> {
  const n = 200;
  const trueElf = miniElf([li(10, 0), li(17, SYS_EXIT), e('ecall')]);
  const k = await bootSingleKernel({ files: { '/bin/fe': forkExecProgram(n), '/bin/true': trueElf }, harts: 1 });
  spawn(k, '/bin/fe', ['fe']);
  return drain(k) / n;
}

/** A whole glibc program (start-up, calloc, a sieve, qsort, printf, exit): userland/glibc/primes.c. */
async function programMips(): Promise<number> {
  const files = await loadUserlandFiles();
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = wallMs();
    const run = await runProgram(files, '/bin/primes', ['primes', '8000000']);
    const ms = wallMs() - start;
    if (run.status !== 0) throw new Error(`primes failed: ${run.stdout}${run.stderr}`);
    const instructions = run.kernel.slots.reduce((n, s) => n + s.hart.instret, 0n);
    best = Math.max(best, Number(instructions) / ms / 1000);
  }
  return best;
}

export const benchmarks: Benchmark[] = [
  {
    names: ['kernel.syscall_ns'],
    run: async () => [{ name: 'kernel.syscall_ns', value: await nullSyscallNs(), unit: 'ns' }],
  },
  {
    names: ['kernel.ctxswitch_ns'],
    run: async () => [{ name: 'kernel.ctxswitch_ns', value: await contextSwitchNs(), unit: 'ns' }],
  },
  {
    names: ['kernel.fork_exec_ms'],
    run: async () => [{ name: 'kernel.fork_exec_ms', value: await forkExecMs(), unit: 'ms' }],
  },
  {
    names: ['kernel.mips.program'],
    run: async () => [{ name: 'kernel.mips.program', value: await programMips(), unit: 'MIPS' }],
  },
];
