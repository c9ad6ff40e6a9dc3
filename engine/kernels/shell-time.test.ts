// The shell's `time` on the kernel: the same sh binary under qemu-riscv64 (the reference, real
// Linux underneath) and on our kernel prints its report in the same format (bash's), and the
// figures it prints on our kernel are the kernel's own virtual-time accounting: real time from
// CLOCK_MONOTONIC, user and sys from the rusage of the waited-for children, which the kernel
// fills from each thread's retired instructions (user) and its syscalls and page faults (sys).

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from './userland-files';
import { runProgram } from './testing/run-program';

const QEMU = '/usr/bin/qemu-riscv64';
const binDir = fileURLToPath(new URL('../../userland/bin/glibc/', import.meta.url));

function shUnderQemu(script: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(QEMU, ['./sh', '-c', script], { cwd: binDir, timeout: 60_000 }, (err, stdout, stderr) => {
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

describe('time in sh, on the kernel and under qemu-riscv64', () => {
  it('reports in the same format as under qemu: bash’s, -p POSIX’s, and for nothing at all', async () => {
    const script = 'time true; time -p true; time; time false; echo status $?; time ! false; echo status $?';
    const reference = await shUnderQemu(script);
    const ours = await shOnKernel(script);
    expect(ours.stdout).toBe(reference.stdout);
    expect(ours.stdout).toBe('status 1\nstatus 0\n');
    expect(shape(ours.stderr)).toBe(shape(reference.stderr));
    expect(shape(ours.stderr)).toBe(
      '\nreal\t9m9.999s\nuser\t9m9.999s\nsys\t9m9.999s\n' +
        'real 9.99\nuser 9.99\nsys 9.99\n' +
        '\nreal\t9m9.999s\nuser\t9m9.999s\nsys\t9m9.999s\n'.repeat(3),
    );
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
