// The filesystem's home stopped and booted again: descriptors other kernels opened at the old
// instance name nothing at the new one, whose handles count afresh, so they fail with EIO
// (never reach a new description that happens to have the same handle).

import { describe, expect, it } from 'vitest';
import { CommandMailbox } from '../../machine/command-mailbox';
import { bootMachineConsole } from '../ssi/test-machine';

describe('the filesystem home booted again', () => {
  it("fails the old instance's descriptors with EIO, and serves new opens", async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(1, 'cat > /tmp/held; echo rc=$?\r');
    for (let i = 0; i < 20; i++) c.machine.step();
    const k0 = new CommandMailbox(c.machine.memory, 0);
    k0.post({ kind: 'stop' });
    c.machine.step();
    expect(c.machine.kernels[0]?.up).toBe(false);
    for (let i = 0; i < 5; i++) c.machine.step();
    k0.post({ kind: 'boot' });
    c.machine.step();
    expect(c.machine.kernels[0]?.up).toBe(true);
    c.waitFor(0, /popcorn0:[^$\n]*\$ $/);
    for (let i = 0; i < 5; i++) c.machine.step();
    const client = c.node(1).services.fs.client;
    expect(client?.generation).toBe(1);
    // cat's descriptor 1 was opened at the old home: its write fails, it does not reach anything new
    c.type(0, 'echo new > /tmp/other\r');
    c.type(1, 'hello\r');
    c.waitFor(1, /popcorn1:[^$\n]*\$ $/, c.waitFor(1, /\nrc=\d+\r\n/));
    expect(c.screen(1)).toMatch(/cat: write error: Input\/output error\r\nrc=1\r\n/);
    expect(c.command(1, 'cat /tmp/other')).toBe('new\r\n');
  });
});
