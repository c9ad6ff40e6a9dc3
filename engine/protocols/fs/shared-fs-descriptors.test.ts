import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KernelStates } from '../../machine/kernel-states';
import { proposeProcess } from '../migration/round-robin';
import { bootMachineConsole, must } from '../ssi/test-machine';

const binDir = fileURLToPath(new URL('../../../userland/bin/glibc/', import.meta.url));
const qemu = (name: string) =>
  execFileSync('/usr/bin/qemu-riscv64', [`./${name}`], { cwd: binDir, encoding: 'utf8' }).replaceAll('\n', '\r\n');

describe('descriptors of the shared filesystem across kernels', () => {
  it('t-fsthreads started on kernel 1 with its threads moved round the 4 kernels every 1 ms prints what qemu prints', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    expect(c.machine.kernels).toHaveLength(4);
    const k1 = c.node(1);
    c.type(1, 't-fsthreads; echo rc=$?\r');
    let moves = 0;
    for (let i = 0; i < 20000 && !/\nrc=\d+\r\n/.test(c.screen(1)); i++) {
      c.machine.runUntil(c.machine.now + 1e6);
      const p = [...k1.kernel.processes.values()].find((q) => q.comm === 't-fsthreads' && q.state === 'alive');
      if (p) moves += proposeProcess(k1.services.migration, p.pid);
      c.waitFor(1, /\$ /, 0); // drains the terminals
    }
    const out = c.screen(1);
    const start = out.indexOf('t-fsthreads; echo rc=$?\r\n') + 't-fsthreads; echo rc=$?\r\n'.length;
    expect(out.slice(start, out.indexOf('rc=', start))).toBe(qemu('t-fsthreads'));
    expect(out).toContain('\nrc=0\r\n');
    expect(moves).toBeGreaterThan(10);
    // its files were kernel 0's: the calls went there from wherever the process's origin sent them
    expect(must(c.node(0).services.fs.home, 'the home').stats.served).toBeGreaterThan(500);
  });

  it("t-files started on kernel 1 and moved round the 4 kernels every 1 ms, its private mappings of kernel 0's files included, prints what qemu prints", async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const k1 = c.node(1);
    c.type(1, 't-files; echo rc=$?\r');
    let moves = 0;
    for (let i = 0; i < 20000 && !/\nrc=\d+\r\n/.test(c.screen(1)); i++) {
      c.machine.runUntil(c.machine.now + 1e6);
      const p = [...k1.kernel.processes.values()].find((q) => q.comm === 't-files' && q.state === 'alive');
      if (p) moves += proposeProcess(k1.services.migration, p.pid);
      c.waitFor(1, /\$ /, 0); // drains the terminals
    }
    const out = c.screen(1);
    const start = out.indexOf('t-files; echo rc=$?\r\n') + 't-files; echo rc=$?\r\n'.length;
    expect(out.slice(start, out.indexOf('rc=', start))).toBe(qemu('t-files'));
    expect(moves).toBeGreaterThan(10);
    expect(k1.services.fs.client?.stats.privateMaps).toBe(3);
  });

  it('fails a file call with EIO, not a hang, when the home is stopped while it is under way', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.node(0).kernel.vfs.writeFile('/tmp/big', new Uint8Array(1 << 20).fill(65));
    c.type(1, 'cat /tmp/big > /dev/null; echo rc=$?\r');
    c.waitFor(1, 'echo rc=$?\r\n');
    const client = must(c.node(1).services.fs.client, 'kernel 1 is a client');
    // the read is under way: a few pages have come
    for (let i = 0; i < 400 && client.stats.sent < 20; i++) c.machine.step();
    expect(client.stats.sent).toBeGreaterThanOrEqual(20);
    new KernelStates(c.machine.memory).markDead(0);
    c.waitFor(1, /rc=\d+\r\n/);
    expect(c.screen(1)).toMatch(/cat: [^\n]*Input\/output error\r\nrc=1\r\n/);
    expect(client.stats.failedHomeDead).toBeGreaterThan(0);
  });

  it('gives the errno one Linux gives for long names, deep paths and a full file system, from any kernel', async () => {
    const c = await bootMachineConsole('two-kernels');
    const long = 'n'.repeat(256);
    const deep = `/tmp/${'d/'.repeat(600)}`;
    c.node(0).kernel.vfs.writeFile(`${deep}f`, new TextEncoder().encode('deep\n'));
    // the deep path (1205 bytes) in two pieces: ash's line editor takes lines of up to 1023
    for (const k of [0, 1]) {
      c.command(k, `deep=/tmp/${'d/'.repeat(300)}`);
      c.command(k, `deep=\${deep}${'d/'.repeat(300)}`);
    }
    const lines = {
      [`echo x > /tmp/${long}`]: 'File name too long',
      [`cat /tmp/${'a'.repeat(255)}`]: 'No such file or directory',
      ['cat ${deep}f']: 'deep',
      ['cat ${deep}g']: 'No such file or directory',
      ['cat ${deep}f/g']: 'Not a directory', // (ash says "nonexistent directory" for a redirection's)
    };
    for (const [line, says] of Object.entries(lines)) {
      const on1 = c.command(1, line);
      expect(on1).toBe(c.command(0, line));
      expect(on1).toContain(says);
    }
    const vfs = c.node(0).kernel.vfs;
    vfs.used = vfs.capacity - 3; // the home's file system is all but full
    c.node(0).kernel.vfs.writeFile('/tmp/eight', new TextEncoder().encode('12345678'));
    const full = 'cat /tmp/eight > /tmp/full; echo rc=$?';
    expect(c.command(1, full)).toBe('cat: write error: No space left on device\r\nrc=1\r\n');
    expect(c.command(0, full)).toBe(c.command(1, full));
  });
});
