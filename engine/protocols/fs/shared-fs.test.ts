import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeFifo, pipeEnds } from '../../kernels/fs/pipe';
import { bootMachineConsole } from '../ssi/test-machine';

const binDir = fileURLToPath(new URL('../../../userland/bin/glibc/', import.meta.url));
const qemu = (name: string, ...args: string[]) =>
  execFileSync('/usr/bin/qemu-riscv64', [`./${name}`, ...args], { cwd: binDir, encoding: 'utf8' }).replaceAll(
    '\n',
    '\r\n',
  );

/** The lines of `out` that start with `prefix`. */
const linesOf = (out: string, prefix: string) => out.split('\r\n').filter((l) => l.startsWith(prefix));

/**
 * The two-kernel machine with a named pipe /tmp/pipe made at the home (kernel 0), and kernel 1's
 * `cat /tmp/pipe` started and given 20 epochs: its open sleeps at the home, with no writer; the
 * pipe's inode is returned with the machine.
 */
async function catOnFifo() {
  const c = await bootMachineConsole('two-kernels');
  const vfs = c.node(0).kernel.vfs;
  const tmp = vfs.resolve(vfs.root, '/tmp');
  if (typeof tmp === 'number') throw new Error('no /tmp');
  const fifo = vfs.create(tmp, 'pipe', 'fifo', 0o644);
  if (typeof fifo === 'number') throw new Error('no fifo');
  makeFifo(fifo);
  c.type(1, 'cat /tmp/pipe; echo rc=$?\r');
  for (let i = 0; i < 20; i++) c.machine.step();
  return { c, fifo };
}

describe('the shared filesystem', () => {
  it('lets kernel 1 read what kernel 0 wrote, and kernel 0 what kernel 1 wrote', async () => {
    const c = await bootMachineConsole('two-kernels');
    expect(c.command(0, 'echo written-on-k0 > /tmp/shared.txt; cat /tmp/shared.txt')).toBe('written-on-k0\r\n');
    expect(c.command(1, 'cat /tmp/shared.txt; echo rc=$?')).toBe('written-on-k0\r\nrc=0\r\n');
    expect(c.command(1, 'echo from-k1 >> /tmp/shared.txt')).toBe('');
    expect(c.command(0, 'cat /tmp/shared.txt')).toBe('written-on-k0\r\nfrom-k1\r\n');
    expect(c.command(1, 'ls /tmp')).toBe(c.command(0, 'ls /tmp'));
  });

  it('runs t-files on kernel 1, every call on the shared tree served by kernel 0 (its private mappings too), as qemu does', async () => {
    const c = await bootMachineConsole('two-kernels');
    const out = c.command(1, 't-files; echo rc=$?');
    expect(out).toBe(`${qemu('t-files')}rc=0\r\n`);
    expect(c.node(0).services.fs.home?.stats.served).toBeGreaterThan(100);
    // its private mappings of a file at kernel 0 copied bytes fetched from there
    expect(c.node(1).services.fs.client?.stats.privateMaps).toBe(3);
  });

  it('t-fsshare: writer A on kernel 0 and writer B on kernel 1 share one file tree as one Linux', async () => {
    const c = await bootMachineConsole('two-kernels');
    const reference = qemu('t-fsshare');
    c.type(0, 't-fsshare a /tmp/fss; echo rc=$?\r');
    c.type(1, 't-fsshare b /tmp/fss; echo rc=$?\r');
    c.waitFor(0, /\nrc=\d+\r\n/, 0, 30e9);
    c.waitFor(1, /\nrc=\d+\r\n/, 0, 30e9);
    const [a, b] = [c.screen(0), c.screen(1)];
    expect(linesOf(a, 'A: ')).toEqual(linesOf(reference, 'A: '));
    expect(linesOf(b, 'B: ')).toEqual(linesOf(reference, 'B: '));
    expect(a).toContain('rc=0');
    expect(b).toContain('rc=0');
    expect(linesOf(reference, 'A: ')).toContain('A: t-fsshare: 33 checks, 0 failed');
    // B's F_SETLKW and flock slept at the home until A let go
    expect(c.node(0).services.fs.home?.stats.parked).toBeGreaterThanOrEqual(2);
  });

  it('connects a reader on kernel 1 and a writer on kernel 0 through a named pipe, the open waiting at the home', async () => {
    const { c } = await catOnFifo();
    // cat's open sleeps at the home until a writer comes
    expect(c.node(0).services.fs.home?.parked.size).toBe(1);
    expect(c.command(0, 'echo through-the-fifo > /tmp/pipe; echo sent')).toBe('sent\r\n');
    c.waitFor(1, /\nrc=\d+\r\n/);
    expect(c.screen(1)).toContain('through-the-fifo\r\nrc=0\r\n');
  });

  it('lets ^C end a call asleep at the home: the call is cancelled there, and the pipe has no reader left', async () => {
    const { c, fifo } = await catOnFifo();
    const home = c.node(0).services.fs.home;
    expect(home?.parked.size).toBe(1);
    c.type(1, '\x03');
    // ash, as bash, abandons the rest of the line when its job dies of SIGINT
    c.waitFor(1, /\^C\r\npopcorn1:[^$\n]*\$ $/);
    expect(c.command(1, 'echo rc=$?')).toBe('rc=130\r\n');
    for (let i = 0; i < 5; i++) c.machine.step();
    expect(home?.parked.size).toBe(0);
    expect(c.node(1).services.fs.client?.stats.cancelled).toBe(1);
    // the reader's waiting description went with it
    expect(pipeEnds(fifo)).toEqual({ readers: 0, writers: 0 });
  });
});
