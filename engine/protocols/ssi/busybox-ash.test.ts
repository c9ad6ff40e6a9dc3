// BusyBox's ash, /bin/sh, at a kernel's terminal: the behaviours the tests and lessons rely on
// (the prompt from init's PS1, pipes, $?, job control, ^C and ^Z to the foreground job, SIGKILL
// ending a stopped job, and `time`, the playground's own /bin/time, in bash's format).

import { describe, expect, it } from 'vitest';
import { bootMachineConsole } from './test-machine';

describe('ash at the terminal', () => {
  it('has the prompt, pipes, $?, job control, ^C, and time in bash’s format', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.waitFor(0, /popcorn0:\/\$ $/);
    expect(c.command(0, 'echo a | wc -c; false; echo $?')).toBe('2\r\n1\r\n');
    expect(c.command(0, 'sleep 100 &')).toBe('');
    expect(c.command(0, 'jobs')).toMatch(/^\[1\]\+ +Running +sleep 100\r\n$/);
    c.type(0, 'sleep 100\r');
    c.waitFor(0, 'sleep 100\r\n', c.screen(0).length - 12);
    c.machine.runUntil(c.machine.now + 100e6);
    c.type(0, '\x03');
    c.waitFor(0, /\^C\r\npopcorn0:\/\$ $/, c.screen(0).length - 2);
    expect(c.command(0, 'echo $?')).toBe('130\r\n');
    c.type(0, 'sleep 100\r');
    c.machine.runUntil(c.machine.now + 100e6);
    c.type(0, '\x1a');
    c.waitFor(0, /\[2\]\+ +Stopped +sleep 100\r\npopcorn0:\/\$ $/);
    // SIGKILL ends the stopped job too (it hung in wait when a stopped process ignored it)
    expect(c.command(0, 'kill -9 %1 %2; wait; echo done')).toContain('done\r\n');
    // the playground's time (not BusyBox's applet, which prints hundredths: "real\t0m 0.00s")
    expect(c.command(0, 'time true')).toMatch(
      /^\r\nreal\t0m\d+\.\d{3}s\r\nuser\t0m\d+\.\d{3}s\r\nsys\t0m\d+\.\d{3}s\r\n$/,
    );
  }, 120_000);
});
