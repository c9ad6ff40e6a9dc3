// poll and select on a named pipe kept at the filesystem's home, from another kernel: its
// readiness is the home's, told by FS_READY, so a reader waits while it is empty instead of
// waking at once, and every poll answers as on one kernel (t-fifopoll against qemu).

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KernelStates } from '../../machine/kernel-states';
import { proposeProcess } from '../migration/round-robin';
import { bootMachineConsole, must } from '../ssi/test-machine';

const binDir = fileURLToPath(new URL('../../../userland/bin/glibc/', import.meta.url));
const qemu = (name: string) =>
  execFileSync('/usr/bin/qemu-riscv64', [`./${name}`], { cwd: binDir, encoding: 'utf8' }).replaceAll('\n', '\r\n');

/** Kernel 1's `t-fifopoll wait /tmp/f` with kernel 0's shell holding the FIFO open for writing as descriptor 3. */
async function readerOnKernel1(mode: 'wait' | 'epoll' = 'wait') {
  const c = await bootMachineConsole('two-kernels');
  c.command(0, 'mkfifo /tmp/f');
  c.type(1, `t-fifopoll ${mode} /tmp/f; echo rc=$?\r`);
  for (let i = 0; i < 20; i++) c.machine.step();
  c.command(0, 'exec 3>/tmp/f');
  c.waitFor(1, 'opened\r\n');
  const p = must(
    [...c.node(1).kernel.processes.values()].find((q) => q.comm === 't-fifopoll'),
    'the reader',
  );
  const syscalls = () => p.liveThreads.reduce((n, t) => n + t.syscalls, 0);
  return { c, p, syscalls };
}

describe('poll of a named pipe across kernels', () => {
  it('t-fifopoll on kernel 1, its FIFO at the home, prints what qemu prints', async () => {
    const c = await bootMachineConsole('two-kernels');
    const reference = qemu('t-fifopoll');
    expect(reference).toContain('t-fifopoll: 24 checks, 0 failed');
    expect(c.command(1, 't-fifopoll; echo rc=$?')).toBe(`${reference}rc=0\r\n`);
    expect(c.node(1).services.fs.client?.stats.readyTold).toBeGreaterThan(3);
    expect(c.command(0, 't-fifopoll; echo rc=$?')).toBe(`${reference}rc=0\r\n`);
  });

  it("sleeps in poll while the FIFO kernel 0 writes is empty, and wakes once for each write and for the writer's close", async () => {
    const { c, syscalls } = await readerOnKernel1();
    const before = syscalls();
    for (let i = 0; i < 200; i++) c.machine.step();
    expect(syscalls() - before).toBeLessThanOrEqual(1); // asleep in its poll, not spinning
    c.command(0, 'echo hello >&3');
    c.waitFor(1, 'read after 1 poll(s): hello\r\n');
    c.command(0, 'echo again >&3');
    c.waitFor(1, 'read after 1 poll(s): again\r\n');
    c.command(0, 'exec 3>&-');
    c.waitFor(1, 'end of file after 1 poll(s), revents HUP\r\nrc=0\r\n');
  });

  it('epoll_wait sleeps as poll does, and wakes once for each write and for the close', async () => {
    const { c, syscalls } = await readerOnKernel1('epoll');
    const before = syscalls();
    for (let i = 0; i < 200; i++) c.machine.step();
    expect(syscalls() - before).toBeLessThanOrEqual(1); // asleep in epoll_wait
    c.command(0, 'echo hello >&3');
    c.waitFor(1, 'read after 1 poll(s): hello\r\n');
    c.command(0, 'exec 3>&-');
    c.waitFor(1, 'end of file after 1 poll(s), revents HUP\r\nrc=0\r\n');
  });

  it('answers a first poll with a zero timeout as the pipe is: with data, readable; empty, not', async () => {
    const c = await bootMachineConsole('two-kernels');
    const now = 't-fifopoll now /tmp/f';
    c.command(0, 'mkfifo /tmp/f');
    // no writer has opened it yet: waiting, not hung up (Linux's pipe_poll), on both kernels
    expect([c.command(0, now), c.command(1, now)]).toEqual(['poll now: 0 revents 0\r\n', 'poll now: 0 revents 0\r\n']);
    c.command(0, 'exec 3<>/tmp/f');
    expect(c.command(1, now)).toBe('poll now: 0 revents 0\r\n');
    c.command(0, 'echo pre >&3');
    expect(c.command(1, now)).toBe('poll now: 1 revents 0x1\r\n');
    expect(c.command(0, now)).toBe(c.command(1, now));
  });

  it('wakes a reader moved to kernel 0 while it waits once per write: its polls run at its origin, kernel 1', async () => {
    const { c, p } = await readerOnKernel1();
    expect(proposeProcess(c.node(1).services.migration, p.pid, 0)).toBe(1);
    for (let i = 0; i < 50; i++) c.machine.step();
    expect(p.liveThreads.map((t) => t.away)).toEqual([0]);
    c.command(0, 'echo hello >&3');
    c.waitFor(1, 'read after 1 poll(s): hello\r\n');
    c.command(0, 'exec 3>&-');
    c.waitFor(1, 'end of file after 1 poll(s), revents HUP\r\nrc=0\r\n');
  });

  it('ends a poll on a FIFO of a home that stopped, and the read that follows fails with EIO', async () => {
    const { c } = await readerOnKernel1();
    for (let i = 0; i < 20; i++) c.machine.step();
    new KernelStates(c.machine.memory).markDead(0);
    c.waitFor(1, /rc=\d+\r\n/);
    // (the kernel's line saying kernel 0 died comes between)
    expect(c.screen(1)).toMatch(/opened\r\n(?:\[[^\n]*died[^\n]*\n)?read: Input\/output error\r\nrc=1\r\n/);
  });
});
