// Differential tests of the kernel against qemu-riscv64: every glibc test program
// (userland/bin/glibc/t-*) runs under qemu (the reference, which hands its syscalls to the
// host's Linux) and on our kernel, and both must print the same and exit the same way.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from './userland-files';
import { runProgram } from './testing/run-program';

const QEMU = '/usr/bin/qemu-riscv64';
const binDir = fileURLToPath(new URL('../../userland/bin/glibc/', import.meta.url));
const programs = existsSync(binDir)
  ? readdirSync(binDir)
      .filter((n) => n.startsWith('t-'))
      .sort()
  : [];

function underQemu(name: string): Promise<{ stdout: string; status: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      QEMU,
      [`./${name}`],
      { cwd: binDir, timeout: 60_000, maxBuffer: 16 << 20 },
      (err, stdout) => {
        if (err && typeof err.code !== 'number' && !err.signal) reject(new Error(err.message));
        else resolve({ stdout, status: child.exitCode ?? 128 + (child.signalCode === 'SIGSEGV' ? 11 : 9) });
      },
    );
  });
}

describe('differential: glibc programs on the kernel vs qemu-riscv64', () => {
  it('has the test programs and the reference', () => {
    expect(programs.length, 'userland/bin/glibc/t-* (run userland/build.sh)').toBeGreaterThanOrEqual(7);
    expect(existsSync(QEMU), 'qemu-riscv64: install the Debian package qemu-user').toBe(true);
  });

  it.each(programs)('%s prints and exits as under qemu', async (name) => {
    const files = await loadUserlandFiles();
    const reference = await underQemu(name);
    const ours = await runProgram(files, `/bin/${name}`, [`./${name}`], { harts: 2 });
    expect(ours.stdout).toBe(reference.stdout);
    expect(ours.status).toBe(reference.status);
  });
});

describe('where qemu-riscv64 7.2 is not Linux: the kernel alone', () => {
  it('t-affinity -L: a mask shorter than a long is read as far as it goes, the rest clear (qemu says EINVAL)', async () => {
    const files = await loadUserlandFiles();
    const ours = await runProgram(files, '/bin/t-affinity', ['t-affinity', '-L'], { harts: 2 });
    expect(ours.stdout).toBe(
      'setaffinity with size 1 (0xff): 0, CPUs 8 and up clear yes\nt-affinity: 2 checks, 0 failed\n',
    );
    expect(ours.status).toBe(0);
  });

  it('t-sigaction -L: sa_mask is applied while the handler runs, and the old action is exactly 24 bytes', async () => {
    const files = await loadUserlandFiles();
    const ours = await runProgram(files, '/bin/t-sigaction', ['t-sigaction', '-L'], { harts: 2 });
    expect(ours.stdout).toContain('SIGUSR2 blocked inside the handler: yes\n');
    expect(ours.stdout).toContain('raw old action: bytes 24 to 31 untouched yes\n');
    expect(ours.stdout).toContain('t-sigaction: 13 checks, 0 failed\n');
    expect(ours.status).toBe(0);
  });
});
