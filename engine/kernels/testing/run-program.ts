// Runs a program to completion on a freshly booted one-kernel machine, with stdin given up
// front and stdout/stderr captured: what the kernel's differential tests compare with
// qemu-riscv64. Time is virtual, so the limit is in virtual nanoseconds.

import { HostInput, HostOutput } from '../fs/host-stream';
import type { Kernel, RootFiles } from '../kernel';
import type { Process } from '../proc/task';
import { spawn } from '../proc/spawn';
import { bootSingleKernel } from '../standalone';

export interface ProgramRun {
  stdout: string;
  stderr: string;
  /** Exit code, or 128 + signal number, as a shell reports it; undefined if it never ended. */
  status: number | undefined;
  kernel: Kernel;
  /** The process run (reaped once it ended, but its counters stay readable). */
  process: Process;
}

export interface RunOptions {
  stdin?: string;
  harts?: number;
  ramBytes?: number;
  /** Virtual time allowed before giving up. */
  limitNs?: number;
}

export async function runProgram(
  files: RootFiles,
  path: string,
  argv: string[],
  options: RunOptions = {},
): Promise<ProgramRun> {
  const k = await bootSingleKernel({ files, harts: options.harts ?? 1, ramBytes: options.ramBytes ?? 128 << 20 });
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const stdin = new HostInput(k);
  if (options.stdin) stdin.push(new TextEncoder().encode(options.stdin));
  stdin.end();
  const stdout = new HostOutput(k, 'stdout', (b) => out.push(b));
  const stderr = new HostOutput(k, 'stderr', (b) => err.push(b));
  const p = spawn(k, path, argv, { stdio: [stdin.open(), stdout.open(), stderr.open()] });
  if (typeof p === 'number') throw new Error(`cannot spawn ${path}: errno ${-p}\n${k.log.join('\n')}`);
  const limit = options.limitNs ?? 60e9;
  while (p.state === 'alive' && k.now < limit) if (!k.tick()) break;
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
  const s = p.waitStatus;
  return {
    stdout: text(out),
    stderr: text(err),
    status: p.state === 'alive' ? undefined : s & 0x7f ? 128 + (s & 0x7f) : (s >> 8) & 0xff,
    kernel: k,
    process: p,
  };
}
