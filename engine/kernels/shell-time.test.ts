// `time` on the kernel (userland/glibc/time.c, the playground's own: BusyBox's reports only
// hundredths of a second): the same binary under qemu-riscv64 (the reference, real Linux
// underneath) and on our kernel prints its report in the same format (bash's), and the figures it
// prints on our kernel are the kernel's own virtual-time accounting: real time from
// CLOCK_MONOTONIC, user and sys from the rusage of the waited-for command, which the kernel fills
// from each thread's retired instructions (user) and its syscalls and page faults (sys). The
// shell (BusyBox's ash) runs it as any command.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from './userland-files';
import { runProgram } from './testing/run-program';

const QEMU = '/usr/bin/qemu-riscv64';
const binDir = fileURLToPath(new URL('../../userland/bin/glibc/', import.meta.url));

/** `time ARGS` under qemu-riscv64 (the command it runs is the host's: only the format is compared). */
function timeUnderQemu(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(QEMU, ['./time', ...args], { cwd: binDir, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(new Error(err.message));
      else resolve({ stdout, stderr });
    });
  });
}

async function shOnKernel(script: string) {
  return runProgram(await loadUserlandFiles(), '/bin/sh', ['sh', '-c', script], { harts: 2 });
}

/** The report with every figure masked: what must be the same under qemu and here. */
const shape = (report: string) => report.replace(/\d/g, '9');

/** bash's report: an empty line, then real, user and sys as MmS.FFFs. */
const REPORT = /\nreal\t(\d+)m(\d+\.\d{3})s\nuser\t(\d+)m(\d+\.\d{3})s\nsys\t(\d+)m(\d+\.\d{3})s\n/g;

interface Times {
  real: number;
  user: number;
  sys: number;
}

/** Every report in `text`, in seconds. */
function reports(text: string): Times[] {
  return [...text.matchAll(REPORT)].map((m) => ({
    real: Number(m[1]) * 60 + Number(m[2]),
    user: Number(m[3]) * 60 + Number(m[4]),
    sys: Number(m[5]) * 60 + Number(m[6]),
  }));
}

describe('time, on the kernel and under qemu-riscv64', () => {
  it('reports in the same format as under qemu: bash’s, -p POSIX’s; the command’s status', async () => {
    const runs = [['true'], ['-p', 'true'], ['false']];
    for (const args of runs) {
      const reference = await timeUnderQemu(args);
      const ours = await shOnKernel(`time ${args.join(' ')}; echo status $?`);
      expect(ours.stdout).toBe(args[0] === 'false' ? 'status 1\n' : 'status 0\n');
      expect(shape(ours.stderr)).toBe(shape(reference.stderr));
      expect(shape(ours.stderr)).toBe(
        args[0] === '-p' ? 'real 9.99\nuser 9.99\nsys 9.99\n' : '\nreal\t9m9.999s\nuser\t9m9.999s\nsys\t9m9.999s\n',
      );
    }
    const missing = await shOnKernel('time nosuch; echo status $?');
    expect(missing.stdout).toBe('status 127\n');
    expect(missing.stderr).toMatch(/^time: nosuch: not found\n/);
  });

  it('times a program in virtual time: sleep’s real time is what it slept, and its CPU time is small', async () => {
    const ours = await shOnKernel('time sleep 0.25');
    const [t] = reports(ours.stderr);
    expect(ours.stderr).toMatch(/^\nreal\t0m0\.25\ds\n/);
    expect(t?.real).toBeGreaterThanOrEqual(0.25);
    expect(t?.real).toBeLessThan(0.26);
    expect(t?.user).toBeLessThan(0.01);
  });

  it.each([
    ['primes 300000', 'mostly user time: a sieve'],
    ['memtouch 3000', 'mostly sys time: 3000 page faults'],
  ])('reports the user and sys time the kernel counted for the child: %s, %s', async (command) => {
    const ours = await shOnKernel(`time ${command} > /dev/null; time -p ${command} > /dev/null`);
    expect(ours.status).toBe(0);
    const [t] = reports(ours.stderr);
    if (!t) throw new Error(`no report in ${JSON.stringify(ours.stderr)}`);
    // what the kernel counted for the shell's waited-for children: the same program twice
    const userMs = ours.process.childrenCpuTime / 2 / 1e6;
    const sysMs = ours.process.childrenSysTime / 2 / 1e6;
    expect(userMs).toBeGreaterThan(0);
    expect(sysMs).toBeGreaterThan(0); // each makes syscalls and takes page faults
    // the report adds what the shell itself used meanwhile (fork, wait): a little more, never less
    expect(t.user * 1000).toBeGreaterThanOrEqual(Math.round(userMs) - 1);
    expect(t.user * 1000).toBeLessThanOrEqual(userMs + 2);
    expect(t.sys * 1000).toBeGreaterThanOrEqual(Math.round(sysMs) - 1);
    expect(t.sys * 1000).toBeLessThanOrEqual(sysMs + 2);
    expect(Math.max(t.user, t.sys)).toBeGreaterThan(0.001);
    // one thread on one hart: it cannot use more CPU than the time that passed
    expect(t.user + t.sys).toBeLessThanOrEqual(t.real + 0.001);
    expect(ours.stderr).toMatch(/\nreal \d+\.\d\d\nuser \d+\.\d\d\nsys \d+\.\d\d\n$/);
  });

  it('counts sys time apart from user time: 3000 page faults are 1.5 ms of sys at 500 ns each', async () => {
    const ours = await shOnKernel('time memtouch 3000 > /dev/null');
    const [t] = reports(ours.stderr);
    expect(t?.sys).toBeGreaterThanOrEqual(0.0015);
    expect(t?.sys).toBeGreaterThan(t?.user ?? Infinity);
  });
});
