// BusyBox on the kernel against qemu-riscv64: every script of the course's applet list
// (testing/busybox-course.ts) runs in `busybox ash -c` under qemu (the reference: the host's
// Linux) and on one kernel, and both must print the same and exit the same way.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import applets from '../../userland/bin/busybox-applets.json' with { type: 'json' };
import { COURSE } from './testing/busybox-course';
import { BUSYBOX, QEMU, useBusyboxUnderQemu } from './testing/busybox-qemu';
import { runProgram } from './testing/run-program';
import { loadUserlandFiles } from './userland-files';

const underQemu = useBusyboxUnderQemu();

describe('BusyBox: the course applets on the kernel vs qemu-riscv64', () => {
  it('has BusyBox, its applet list and the reference', () => {
    expect(existsSync(BUSYBOX), 'userland/bin/glibc/busybox (run userland/build.sh)').toBe(true);
    expect(existsSync(QEMU), 'qemu-riscv64: install the Debian package qemu-user').toBe(true);
    const used = COURSE.flatMap((c) => c.name.split(' '));
    expect(used.filter((a) => !applets.includes(a))).toEqual([]);
  });

  it('links every applet into /bin, except where a program of the playground has the name', async () => {
    const files = await loadUserlandFiles();
    // sh is BusyBox's ash; clear and time are the playground's own
    const script = 'readlink /bin/grep; readlink /bin/sh; ls -l /bin/clear /bin/time | cut -c1; /bin/echo argv0';
    const run = await runProgram(files, '/bin/busybox', ['ash', '-c', script]);
    expect(run.stdout).toBe('busybox\nbusybox\n-\n-\nargv0\n');
  });

  it.each(COURSE.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const files = await loadUserlandFiles();
    const reference = await underQemu(c.script, c.stdin);
    const script = `mkdir /tmp/w && cd /tmp/w && ${c.script}`;
    const ours = await runProgram(files, '/bin/busybox', ['ash', '-c', script], {
      harts: 2,
      ...(c.stdin ? { stdin: c.stdin } : {}),
    });
    expect(ours.stdout).toBe(reference.stdout);
    expect(ours.status).toBe(reference.status);
  });
});
