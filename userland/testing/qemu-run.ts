// Running the glibc userland under qemu-riscv64, the reference Linux, for the userland tests
// (glibc.test.ts, glibc-demos.test.ts): run a program of userland/bin/glibc/ with arguments and
// input, or a shell script, in a scratch directory whose PATH holds one wrapper script per
// program (qemu-riscv64 passes execve to the host kernel, which cannot run a riscv64 binary
// but does run a #! script that starts qemu). A test file calls useScratch() once.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import applets from '../bin/busybox-applets.json' with { type: 'json' };

export const QEMU = '/usr/bin/qemu-riscv64';
export const BIN_DIR = fileURLToPath(new URL('../bin/glibc/', import.meta.url));
const TIMEOUT_MS = 60_000;

let scratch = ''; // the working directory of every run (files the tests write, any core dump)
let wrappers = ''; // the shell's PATH: one script per program

/** The scratch directory of this test file's runs (set once useScratch's beforeAll ran). */
export function scratchDir(): string {
  return scratch;
}

/** Sets up the scratch directory and the wrappers before the file's tests, and removes them after. */
export function useScratch(): void {
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'glibc-userland-'));
    wrappers = join(scratch, 'bin');
    mkdirSync(wrappers);
    const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const programs = existsSync(BIN_DIR) ? readdirSync(BIN_DIR) : [];
    for (const name of programs) {
      const wrapper = join(wrappers, name);
      writeFileSync(wrapper, `#!/bin/sh\nexec ${QEMU} ${quote(join(BIN_DIR, name))} "$@"\n`);
      chmodSync(wrapper, 0o755);
    }
    // BusyBox's applets, as the kernel links them: argv[0] is the applet's name
    for (const applet of applets.filter((a) => !programs.includes(a))) {
      const wrapper = join(wrappers, applet);
      const busybox = quote(join(BIN_DIR, 'busybox'));
      writeFileSync(wrapper, `#!/bin/sh\nexec ${QEMU} -0 ${quote(applet)} ${busybox} "$@"\n`);
      chmodSync(wrapper, 0o755);
    }
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
}

export interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Runs userland/bin/glibc/<program> under qemu-riscv64 with args, feeding it `input`; a BusyBox
 * applet (such as `sh`, BusyBox's ash) when no program has that name.
 */
export function run(program: string, args: string[] = [], options: RunOptions = {}): Promise<Run> {
  if (!existsSync(QEMU)) {
    return Promise.reject(new Error(`${QEMU} is missing: install the Debian package qemu-user`));
  }
  const binary = join(BIN_DIR, program);
  const command = existsSync(binary) ? [binary] : ['-0', program, join(BIN_DIR, 'busybox')];
  return new Promise((resolve, reject) => {
    const child = spawn(QEMU, [...command, ...args], {
      cwd: options.cwd ?? scratch,
      env: options.env ?? { PATH: wrappers, HOME: scratch },
      timeout: TIMEOUT_MS,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      resolve({
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
        exitCode,
        signal,
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `sh -c script` (BusyBox's ash) with the wrappers as PATH, in the scratch directory. */
export function sh(script: string, ...args: string[]): Promise<Run> {
  return run('sh', ['-c', script, ...args]);
}

export function lines(...text: string[]): string {
  return text.map((line) => `${line}\n`).join('');
}
