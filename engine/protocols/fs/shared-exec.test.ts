// execve on a kernel that is not the filesystem's home of programs and scripts written to the
// shared tree: the file is read from the home in pieces, with execve's checks made there.

import { describe, expect, it } from 'vitest';
import { KernelStates } from '../../machine/kernel-states';
import { bootMachineConsole, must } from '../ssi/test-machine';

describe('execve of a file in the shared tree, on a kernel that is not its home', () => {
  it('runs an ELF and a script written on kernel 0 from /tmp on kernel 1', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.command(
      0,
      "cp /bin/t-printf /tmp/h; printf '#!/bin/sh\\necho hi from $0 $1\\n' > /tmp/s.sh; chmod +x /tmp/h /tmp/s.sh",
    );
    expect(c.command(1, '/tmp/h; echo rc=$?')).toBe(`${c.command(0, 't-printf')}rc=0\r\n`);
    expect(c.command(1, '/tmp/s.sh x; echo rc=$?')).toBe('hi from /tmp/s.sh x\r\nrc=0\r\n');
    expect(c.command(1, 'cd /tmp; ./s.sh y; PATH=$PATH:/tmp s.sh z')).toBe(
      'hi from ./s.sh y\r\nhi from /tmp/s.sh z\r\n',
    );
    const client = must(c.node(1).services.fs.client, 'kernel 1 is a client');
    expect(client.stats.execFetches).toBeGreaterThanOrEqual(3);
  });

  it("gives execve's errors as on the home: missing, not executable, a directory, not a program", async () => {
    const c = await bootMachineConsole('two-kernels');
    c.command(0, "mkdir /tmp/d; chmod +x /tmp/d; echo data > /tmp/nox; printf 'echo plain $0\\n' > /tmp/p.sh");
    c.command(0, "chmod +x /tmp/p.sh; printf '#!\\n' > /tmp/empty.sh; printf '#!/tmp/none\\n' > /tmp/bad.sh");
    c.command(0, 'chmod +x /tmp/empty.sh /tmp/bad.sh');
    const lines = {
      '/tmp/none; echo rc=$?': 'not found',
      '/tmp/nox; echo rc=$?': 'Permission denied',
      '/tmp/d; echo rc=$?': 'Permission denied',
      '/tmp/p.sh; echo rc=$?': 'plain /tmp/p.sh', // ENOEXEC: ash runs it itself
      '/tmp/empty.sh; echo rc=$?': 'rc=0', // ENOEXEC too (no interpreter named): ash runs it
      '/tmp/bad.sh; echo rc=$?': 'not found', // the interpreter is missing: ENOENT
    };
    for (const [line, says] of Object.entries(lines)) {
      const on1 = c.command(1, line);
      expect(on1).toBe(c.command(0, line));
      expect(on1).toContain(says);
    }
  });

  it("runs a copy of BusyBox (1 MB) from /tmp on kernel 1, as a script's interpreter too", async () => {
    const c = await bootMachineConsole('two-kernels');
    c.command(0, "cp /bin/busybox /tmp/busybox; printf '#!/tmp/busybox sh\\necho run by $0\\n' > /tmp/bb.sh");
    c.command(0, 'chmod +x /tmp/bb.sh');
    const client = must(c.node(1).services.fs.client, 'kernel 1 is a client');
    const before = c.machine.now;
    expect(c.command(1, '/tmp/busybox echo big; echo rc=$?')).toBe('big\r\nrc=0\r\n');
    const vfs = c.node(0).kernel.vfs;
    const copy = vfs.resolve(vfs.root, '/tmp/busybox');
    const size = typeof copy === 'number' ? 0 : copy.size;
    expect(size).toBeGreaterThan(1e6);
    expect(client.stats.execPieces).toBe(Math.ceil(size / 4096));
    // the kernel went on meanwhile: the fetch took epochs, and kernel 0's shell answered in them
    expect(c.machine.now - before).toBeGreaterThan(100 * 100e3);
    expect(c.command(1, '/tmp/bb.sh; echo rc=$?')).toBe('run by /tmp/bb.sh\r\nrc=0\r\n');
  });

  it('lets kernel 1 run its other processes while a program comes', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.command(0, 'cp /bin/busybox /tmp/busybox');
    c.command(1, "sh -c 'while :; do :; done' &");
    const k1 = c.node(1).kernel;
    const loop = must(
      [...k1.processes.values()].find((p) => p.argv.join(' ') === 'sh -c while :; do :; done'),
      'the loop',
    );
    c.type(1, '/tmp/busybox echo big\r');
    const client = must(c.node(1).services.fs.client, 'kernel 1 is a client');
    const stepUntil = (pieces: number) => {
      for (let i = 0; i < 1000 && client.stats.execPieces < pieces; i++) c.machine.step();
    };
    stepUntil(50);
    const [cpu, at] = [loop.cpuTime, c.machine.now];
    stepUntil(150);
    // the loop had the hart the whole time the execve slept for its pieces
    expect(loop.cpuTime - cpu).toBeGreaterThan(0.9 * (c.machine.now - at));
    c.waitFor(1, 'big\r\n');
    c.command(1, `kill ${loop.pid}`);
  });

  it('fails an execve with EIO, not a hang, when the home is stopped while the program comes', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.command(0, 'cp /bin/busybox /tmp/busybox');
    c.type(1, '/tmp/busybox echo big; echo rc=$?\r');
    c.waitFor(1, 'echo rc=$?\r\n');
    const client = must(c.node(1).services.fs.client, 'kernel 1 is a client');
    for (let i = 0; i < 400 && client.stats.execPieces < 20; i++) c.machine.step();
    expect(client.stats.execPieces).toBeGreaterThanOrEqual(20);
    new KernelStates(c.machine.memory).markDead(0);
    c.waitFor(1, /rc=\d+\r\n/);
    expect(c.screen(1)).toMatch(/Input\/output error\r\nrc=126\r\n/);
    expect(client.stats.failedHomeDead).toBeGreaterThan(0);
  });

  it('fails an mmap(MAP_PRIVATE) of a file at the home with an error, not a hang, when the home is stopped while its bytes come', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(1, 't-files; echo rc=$?\r');
    const client = must(c.node(1).services.fs.client, 'kernel 1 is a client');
    for (let i = 0; i < 20000 && client.stats.privateMaps === 0; i++) c.machine.step();
    expect(client.stats.privateMaps).toBe(1); // the 1 MiB file's mapping is under way
    new KernelStates(c.machine.memory).markDead(0);
    c.waitFor(1, /rc=\d+\r\n/);
    expect(c.screen(1)).toMatch(/FAIL [^\n]*all != MAP_FAILED/);
    expect(c.screen(1)).toMatch(/t-files: \d+ checks, \d+ failed\r\nrc=1\r\n/);
  });

  it('runs a script whose interpreter is a script, and refuses a script that is its own interpreter (ELOOP)', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.command(0, "printf '#!/bin/sh\\necho inner $0 $1 $2\\n' > /tmp/in; printf '#!/tmp/in\\n' > /tmp/out");
    c.command(0, "printf '#!/tmp/loop\\n' > /tmp/loop; chmod +x /tmp/in /tmp/out /tmp/loop");
    const chain = '/tmp/out x; echo rc=$?';
    expect(c.command(1, chain)).toBe('inner /tmp/in /tmp/out x\r\nrc=0\r\n');
    expect(c.command(0, chain)).toBe(c.command(1, chain));
    const loop = '/tmp/loop; echo rc=$?';
    expect(c.command(1, loop)).toContain('Too many levels of symbolic links');
    expect(c.command(0, loop)).toBe(c.command(1, loop));
  });
});
