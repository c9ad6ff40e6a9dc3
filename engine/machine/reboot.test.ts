// A kernel crashed while a process has a thread on it, and booted again: the survivors kill
// what lost a thread there and keep everything else running, say so on their consoles, and
// take the fresh instance as a new peer once it checks in; the crash and the boot are page
// commands, recorded like typing, so a replay of the run reaches the same trace hash.

import { describe, expect, it } from 'vitest';
import { TtyDevice } from '../hw/tty-device';
import { CommandMailbox } from './command-mailbox';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from './quantum';
import { KernelStates } from './kernel-states';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';
import { bootMachineConsole } from '../protocols/ssi/test-machine';
import { proposeProcess } from '../protocols/migration/round-robin';
import { loadUserlandFiles } from '../kernels/userland-files';
import { EALREADY, EAGAIN } from '../kernels/errno';

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`no ${what}`);
  return v;
}

describe('a kernel stopped and booted again', () => {
  it('kills what had a thread there, keeps the rest, and comes back usable', async () => {
    const c = await bootMachineConsole('two-kernels');
    c.type(0, 'counter 0 1 > /dev/null & echo started $!\r'); // kernel 0's, to be moved to kernel 1
    c.waitFor(0, /started \d+/);
    c.type(0, 'busy > /dev/null & echo started $!\r'); // kernel 0's, stays on kernel 0
    c.waitFor(0, /started \d+.*started \d+/s);
    c.machine.runUntil(c.machine.now + 10 * EPOCH_NS);
    const pidOf = (comm: string) =>
      must([...c.node(0).kernel.processes.values()].find((p) => p.comm === comm)?.pid, comm);
    const moved = pidOf('counter');
    const stays = pidOf('busy');
    proposeProcess(c.node(0).services.migration, moved, 1);
    c.machine.runUntil(c.machine.now + 20 * EPOCH_NS);
    expect(c.node(0).kernel.processes.get(moved)?.threads[0]?.away).toBe(1);

    const k1 = new CommandMailbox(c.machine.memory, 1);
    const stop = must(k1.post({ kind: 'stop' }), 'ticket');
    c.machine.step(); // kernel 1 takes it at this epoch's start and panics
    expect(k1.answerOf(stop)).toBe(0);
    expect(c.machine.kernels[1]?.up).toBe(false);
    c.waitFor(1, 'Kernel panic - not syncing: sysrq triggered crash');
    // its peer finds it dead at the next epoch start: the moved counter is killed at its origin
    c.waitFor(0, /popcorn: process \d+ \(counter\): thread \d+ was on kernel 1, which died; killed/);
    expect(c.screen(0)).toMatch(/popcorn: kernel 1 died/);
    expect(c.node(0).kernel.processes.get(moved)?.state ?? 'reaped').not.toBe('alive');
    // busy, all on kernel 0, runs on
    const cpu = c.node(0).kernel.processes.get(stays)?.threads[0]?.cpuTime ?? 0;
    c.machine.runUntil(c.machine.now + 10 * EPOCH_NS);
    expect(c.node(0).kernel.processes.get(stays)?.state).toBe('alive');
    expect(c.node(0).kernel.processes.get(stays)?.threads[0]?.cpuTime ?? 0).toBeGreaterThan(cpu);
    expect(c.command(0, 'cat /proc/popcorn/nodes')).toMatch(/^1 +dead /m);

    // booted again: a fresh instance in the same partition checks in again, with a shell
    const boot = must(k1.post({ kind: 'boot' }), 'ticket');
    c.machine.step();
    expect(k1.answerOf(boot)).toBe(0);
    expect(c.machine.kernels[1]?.up).toBe(true);
    expect(c.node(1).kernel.log.join('\n')).toMatch(/kexec: kernel 1 booted again on harts 2,3 \(boot 2\)/);
    expect(c.node(1).kernel.processes.size).toBeLessThanOrEqual(2); // init and its shell only
    c.waitFor(0, 'popcorn: kernel 1 checked in again (NODE_INFO)');
    c.waitFor(1, /popcorn1:[^$\n]*\$ $/, c.screen(1).lastIndexOf('end Kernel panic'));
    expect(c.command(1, 'echo fresh')).toBe('fresh\r\n');
    expect(c.command(0, 'cat /proc/popcorn/nodes')).toMatch(/^1 +online /m);
    // and it takes a migrated thread again
    proposeProcess(c.node(0).services.migration, stays, 1);
    c.machine.runUntil(c.machine.now + 30 * EPOCH_NS);
    expect(c.node(0).kernel.processes.get(stays)?.threads[0]?.away).toBe(1);
    expect(c.node(0).kernel.processes.get(stays)?.state).toBe('alive');
  });

  it('replays a crash and a boot asked from the page to the same trace hash', async () => {
    const files = await loadUserlandFiles();
    const base = { version: 1, machine: { preset: 'two-kernels' } };
    const live = await LocalMachine.boot(parseScenario(JSON.stringify(base)), files);
    const tty0 = new TtyDevice(live.memory, 0);
    const k1 = new CommandMailbox(live.memory, 1);
    for (let epoch = 0; epoch < 200; epoch++) {
      if (epoch === 30) tty0.type(new TextEncoder().encode('counter -m 0 1 > /dev/null &\r'));
      if (epoch === 60) k1.post({ kind: 'stop' });
      if (epoch === 61) k1.post({ kind: 'boot' }); // one epoch later than a stop at least: it waits
      live.step();
    }
    const inputs = live.recordedInputs();
    expect(inputs.flatMap((i) => ('power' in i ? [[i.epoch, i.kernel, i.power]] : []))).toEqual([
      [60, 1, 'stop'],
      [61, 1, 'boot'],
    ]);
    const replay = await LocalMachine.boot(parseScenario(JSON.stringify({ ...base, inputs })), files);
    replay.runUntil(live.now);
    expect(replay.hash()).toBe(live.hash());
    expect(replay.kernels[1]?.up).toBe(true);
  });

  it('refuses to stop a kernel twice and to migrate from one that is down', async () => {
    const s = parseScenario(JSON.stringify({ version: 1, actions: [{ at: 3_000_000, kind: 'stop', kernel: 1 }] }));
    const m = await LocalMachine.boot(s, await loadUserlandFiles());
    m.runUntil(5_000_000);
    const k1 = new CommandMailbox(m.memory, 1);
    const again = must(k1.post({ kind: 'stop' }), 'ticket');
    const migrate = must(k1.post({ kind: 'migrate', tid: 2, to: 0 }), 'ticket');
    m.step();
    expect([k1.answerOf(again), k1.answerOf(migrate)]).toEqual([-EAGAIN, -EAGAIN]);
    const boot = must(k1.post({ kind: 'boot' }), 'ticket');
    const twice = must(k1.post({ kind: 'boot' }), 'ticket');
    m.step();
    expect([k1.answerOf(boot), k1.answerOf(twice)]).toEqual([0, -EALREADY]);
  });

  it('is dead for its peers from the epoch after it stopped, whatever the workers see first', async () => {
    const s = parseScenario(JSON.stringify({ version: 1 }));
    const m = await LocalMachine.boot(s, await loadUserlandFiles());
    const states = new KernelStates(m.memory);
    states.stopAt(1, 10);
    expect([9, 10, 11, 50].map((e) => states.deadIn(1, e))).toEqual([false, false, true, true]);
    // booted again at 20 (the peers run epoch 20 or later then): dead until it, alive after
    states.bootAgainAt(1, 20);
    expect([11, 20, 21, 50].map((e) => states.deadIn(1, e))).toEqual([true, true, false, false]);
    states.markDead(1);
    expect(states.deadIn(1, 0)).toBe(true);
  });
});
