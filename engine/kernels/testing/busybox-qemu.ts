// BusyBox under qemu-riscv64, the reference its tests compare the kernel with: `busybox ash -c
// SCRIPT` run in a fresh directory, with every applet on PATH as a wrapper script that starts
// qemu with argv[0] set to the applet's name (as the kernel's /bin links give it), since the
// host cannot run a riscv64 binary itself. A test file calls useBusyboxUnderQemu() once.

import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import applets from '../../../userland/bin/busybox-applets.json' with { type: 'json' };

export const QEMU = '/usr/bin/qemu-riscv64';
export const BUSYBOX = fileURLToPath(new URL('../../../userland/bin/glibc/busybox', import.meta.url));

export interface QemuRun {
  stdout: string;
  /** The exit status, or null when a signal ended it. */
  status: number | null;
}

/** Sets up the wrappers before the file's tests (removed after); returns the runner. */
export function useBusyboxUnderQemu(): (script: string, stdin?: string) => Promise<QemuRun> {
  let scratch = '';
  let runs = 0;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'busybox-'));
    mkdirSync(join(scratch, 'bin'));
    for (const applet of applets) {
      const wrapper = join(scratch, 'bin', applet);
      writeFileSync(wrapper, `#!/bin/sh\nexec ${QEMU} -0 '${applet}' '${BUSYBOX}' "$@"\n`);
      chmodSync(wrapper, 0o755);
    }
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  return (script, stdin = '') => {
    const cwd = join(scratch, `run${runs++}`);
    mkdirSync(cwd);
    return new Promise((resolve, reject) => {
      const child = spawn(QEMU, ['-0', 'ash', BUSYBOX, '-c', script], {
        cwd,
        env: { PATH: join(scratch, 'bin'), HOME: cwd },
        timeout: 60_000,
      });
      const out: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.on('error', reject);
      child.on('close', (status) => {
        resolve({ stdout: Buffer.concat(out).toString(), status });
      });
      child.stdin.end(stdin);
    });
  };
}
