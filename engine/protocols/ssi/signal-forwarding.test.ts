import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from '../../machine/quantum';
import { KernelStates } from '../../machine/kernel-states';
import { SIGNAL_FWD_TIMEOUT_NS } from './signal-forwarding';
import { bootMachineConsole, must, type MachineConsole } from './test-machine';

/** Starts `counter` on kernel 0's console and returns its pid once kernel 1 lists it. */
function startCounter(c: MachineConsole): number {
  c.type(0, 'counter 0 5\r');
  c.waitFor(0, 'counter: 1');
  const counter = [...c.node(0).kernel.processes.values()].find((p) => p.comm === 'counter');
  c.machine.runUntil(c.machine.now + 2 * EPOCH_NS);
  return must(counter, 'counter').pid;
}

describe('SignalForwardingService', () => {
  it('kills a process of kernel 0 from kernel 1, which ps then no longer shows', async () => {
    const c = await bootMachineConsole('two-kernels');
    const pid = startCounter(c);
    expect(c.command(1, 'ps')).toMatch(new RegExp(`^ +${pid} +3 +0 +S\\+ .* counter 0 5\\r$`, 'm'));
    expect(c.command(1, `kill -9 ${pid}; echo status $?`)).toBe('status 0\r\n');
    c.waitFor(0, /Killed/);
    c.machine.runUntil(c.machine.now + 2 * EPOCH_NS);
    expect(c.command(1, 'ps')).not.toMatch(new RegExp(`^ +${pid} `, 'm'));
    const services = c.machine.kernels.map((k) => k.node.services.signals.stats);
    expect(services).toEqual([
      { forwarded: 0, served: 1 },
      { forwarded: 1, served: 0 },
    ]);
  });

  it('answers ESRCH for a pid no kernel runs, and EPERM for SIGKILL to init', async () => {
    const c = await bootMachineConsole('two-kernels');
    expect(c.command(1, 'kill 99')).toBe("sh: can't kill pid 99: No such process\r\n");
    expect(c.command(1, 'kill -9 1')).toBe("sh: can't kill pid 1: Operation not permitted\r\n");
    expect(c.command(1, 'kill -0 1; echo $?')).toBe('0\r\n');
    // a pid this kernel would have handed out is answered here, without a message
    expect(c.command(1, 'kill 100')).toBe("sh: can't kill pid 100: No such process\r\n");
    expect(c.node(1).services.signals.stats.forwarded).toBe(3);
  });

  it('stops a remote process, and continues it through its process group', async () => {
    const c = await bootMachineConsole('two-kernels');
    const pid = startCounter(c);
    expect(c.command(1, `kill -STOP ${pid}`)).toBe('');
    c.machine.runUntil(c.machine.now + 2 * EPOCH_NS);
    expect(c.command(1, `cat /proc/${pid}/stat`)).toMatch(new RegExp(`^${pid} \\(counter\\) T `));
    expect(c.command(1, `kill -CONT -${pid}; echo $?`)).toBe('0\r\n');
    c.waitFor(0, /counter: \d+\r\n/, c.screen(0).length); // it counts again
    expect(c.command(1, `kill -- -${pid + 1000}`)).toBe(`sh: can't kill pid -${pid + 1000}: No such process\r\n`);
  });

  it('fails with ESRCH when the kernel asked never answers, and ignores its late answer', async () => {
    const c = await bootMachineConsole('two-kernels');
    const m = c.machine;
    c.type(1, 'kill -0 3; echo $?\r');
    // kernel 0 hangs: only kernel 1 runs, past the time a forwarded kill may take
    for (const end = m.now + SIGNAL_FWD_TIMEOUT_NS + 2 * EPOCH_NS; m.now < end; m.epoch++)
      must(m.kernels[1], 'kernel 1').runEpoch(m.epoch);
    const end = c.waitFor(1, "sh: can't kill pid 3: No such process\r\n1\r\n");
    m.runUntil(m.now + 2 * EPOCH_NS); // kernel 0 runs again and answers 0, too late to count
    c.waitFor(1, /popcorn1:[^$\n]*\$ $/, end); // the prompt shows the working directory, which kernel 0 holds
    expect(c.command(1, 'kill -0 3; echo $?')).toBe('0\r\n');
  });

  it('fails at once with ESRCH when the kernel that runs the process is dead', async () => {
    const c = await bootMachineConsole('two-kernels');
    new KernelStates(c.machine.memory).markDead(0);
    // (then the prompt's \w: the working directory is in the shared tree, whose home is dead)
    expect(c.command(1, 'kill -0 3; echo $?')).toBe(
      "sh: can't kill pid 3: No such process\r\n1\r\nsh: getcwd: Input/output error\r\n",
    );
    // found dead at an epoch start (peer-watch.ts): nothing was even sent to it
    expect(c.node(1).services.nodeInfo.online(0)).toBe(false);
    expect(c.node(1).messenger.droppedToDead).toBe(0);
    // its processes leave the other kernels' /proc, and it shows as dead
    expect(c.command(1, 'ps')).not.toMatch(/^ +1 /m);
    expect(c.command(1, 'cat /proc/popcorn/nodes')).toMatch(/^0 +dead /m);
  });
});
