import { describe, expect, it } from 'vitest';
import { remoteStatText } from '../../kernels/fs/proc-remote';
import { statText } from '../../kernels/fs/proc-process';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../machine/quantum';
import { bootMachineConsole, must } from './test-machine';
import { PROC_LIST_REFRESH_NS } from './process-list';

/** ps's rows as [pid, ppid, kern, stat, cmd]. */
function psRows(out: string): string[][] {
  return out
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, kern, stat, , ...cmd] = line.trim().split(/\s+/);
      return [pid, ppid, kern, stat, cmd.join(' ')] as string[];
    });
}

describe('ProcessListService', () => {
  it('lets ps on kernel 1 list the processes of kernel 0 with the kernel they run on', async () => {
    const c = await bootMachineConsole('two-kernels');
    const rows = psRows(c.command(1, 'ps'));
    expect(rows).toContainEqual(['1', '0', '0', 'Ss', '/sbin/init']);
    expect(rows).toContainEqual(['2', '0', '1', 'Ss', '/sbin/init']);
    // kernel 0's shell is in the foreground of kernel 0's console, as ps there would say
    expect(rows).toContainEqual(['3', '1', '0', 'Ss+', '/bin/sh -i']);
    expect(rows).toContainEqual(['4', '2', '1', 'Ss', '/bin/sh -i']);
    expect(rows.find((r) => r[4] === 'ps')?.[2]).toBe('1');
    expect(rows.map((r) => Number(r[0]))).toEqual([...rows.map((r) => Number(r[0]))].sort((a, b) => a - b));
  });

  it('shows a remote process with the stat fields its own kernel shows', async () => {
    const c = await bootMachineConsole('two-kernels');
    const k0 = c.node(0).kernel;
    const init = must(k0.processes.get(1), 'init');
    const local = statText(k0, init, undefined).split(' ');
    const summary = must(c.node(1).services.processList.process(1), 'the summary of init');
    const remote = remoteStatText(summary).split(' ');
    expect(remote).toHaveLength(52);
    // everything ps and top read; code and stack addresses and signal masks stay private
    for (const field of [0, 1, 2, 3, 4, 5, 6, 7, 9, 13, 14, 19, 21, 22, 23, 38, 51])
      expect([field, remote[field]]).toEqual([field, local[field]]);
    const files = 'cat /proc/1/cmdline; echo; cat /proc/1/comm';
    expect(c.command(1, files)).toBe('/sbin/init\0\r\ninit\r\n');
    expect(c.command(0, files)).toBe(c.command(1, files));
    expect(c.command(1, 'cat /proc/1/status')).toMatch(/^Name:\tinit\r\nState:\tS \(sleeping\)\r\n[^]*Kernel:\t0\r\n$/);
  });

  it('shows a new remote process two epochs after it starts, and forgets it after it ends', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(0, 'counter 3 1\r');
    c.waitFor(0, 'counter: 1');
    const counter = must(
      [...c.node(0).kernel.processes.values()].find((p) => p.comm === 'counter'),
      'counter',
    );
    const lists = c.node(1).services.processList;
    c.machine.step();
    c.machine.step();
    expect(lists.process(counter.pid)).toMatchObject({ kernel: 0, comm: 'counter', cmdline: 'counter\x003\x001\x00' });
    c.waitFor(0, /popcorn0:[^$]*\$ $/, c.waitFor(0, 'counter: 3'));
    c.machine.step();
    c.machine.step();
    expect(lists.process(counter.pid)).toBeUndefined();
  });

  it('sends nothing while no process table changes', async () => {
    const c = await bootMachineConsole('kernel-per-hart');
    const sent = () => c.machine.kernels.map((k) => k.node.messenger.sentByType.get('PROC_LIST')?.count ?? 0);
    // past one refresh: a shell that slept in a call to the filesystem's home at boot is
    // sleeping (S) now, and that change goes out at the first refresh
    c.machine.runUntil(c.machine.now + PROC_LIST_REFRESH_NS + 20 * EPOCH_NS);
    const before = sent();
    c.machine.runUntil(c.machine.now + 200 * EPOCH_NS);
    expect(sent()).toEqual(before);
  });

  it('splits a long list into parts that each fit a ring, and assembles them', async () => {
    const starts = Array.from({ length: 40 }, (_, i) => ({
      at: 1_000_000,
      kind: 'start',
      kernel: 0,
      argv: ['counter', '0', String(1000 + i)],
    }));
    const c = await bootMachineConsole('two-kernels', { actions: starts });
    c.machine.runUntil(3_000_000);
    const k0 = c.node(0).kernel;
    const seen = c
      .node(1)
      .services.processList.processes()
      .map((s) => s.pid);
    expect(seen).toEqual([...k0.processes.keys()].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThan(40);
    const { lists, parts } = c.node(0).services.processList.stats;
    expect(parts).toBeGreaterThan(lists);
    expect(c.node(0).messenger.unhandled).toEqual([]);
  });

  it('shows a process that migrated here with its command, as its origin does, not as a bare thread', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(1, 'busy > /dev/null &\r');
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    const busy = [...c.node(1).kernel.processes.values()].find((p) => p.comm === 'busy');
    const pid = must(busy, 'busy').pid;
    c.command(1, `migrate ${pid} 0`);
    c.machine.runUntil(c.machine.now + 40 * EPOCH_NS);
    expect(c.node(0).kernel.threads.get(pid), 'its thread runs on kernel 0').toBeDefined();
    const row = (kernel: number) => psRows(c.command(kernel, 'ps')).find((r) => r[0] === String(pid));
    expect(row(0)?.[4]).toBe('busy'); // not [busy]: kernel 0 found its cmdline
    expect(row(0)).toEqual(row(1));
    const cmdline = `cat /proc/${pid}/cmdline`;
    expect(c.command(0, cmdline)).toBe('busy\0');
    expect(c.command(1, cmdline)).toBe('busy\0');
  });

  it('sends a kernel that boots later the lists it missed once it checks in', async () => {
    const c = await bootMachineConsole('kernel-per-hart', { actions: [{ at: 20_000_000, kind: 'boot', kernel: 3 }] });
    // kernel 3 is up and has every list, though kernels 0 to 2 sent theirs long before it booted
    expect(c.machine.now).toBeGreaterThan(20_000_000);
    const rows = c.command(3, 'ps').split('\r\n').slice(1).filter(Boolean);
    expect(rows.map((r) => r.trim().split(/\s+/)[2])).toEqual(['0', '1', '2', '3', '0', '1', '2', '3', '3']);
  });
});
