// The protocol faults a scenario can switch on (faults.ts), each on a real program across two
// kernels: with it, the program goes wrong or hangs and the invariant checker reports the
// broken invariant; the same run without it keeps every invariant and ends right.
import { describe, expect, it } from 'vitest';
import { bootMachineConsole, type MachineConsole } from './ssi/test-machine';
import { checkPageInvariants } from './migration/page-invariants';
import { parseScenario } from '../machine/scenario';

const services = (c: MachineConsole) => c.machine.kernels.map((k) => k.node.services.migration);

/** Types `line` on kernel 0 and runs the machine for `ns` of virtual time, checking the page invariants after every epoch. */
function runChecking(c: MachineConsole, line: string, ns: number): { screen: string; broken: string[] } {
  const from = c.screen(0).length;
  c.type(0, `${line}\r`);
  const broken: string[] = [];
  const end = c.machine.now + ns;
  while (c.machine.now < end) {
    c.machine.step();
    if (broken.length < 5) broken.push(...checkPageInvariants(services(c)));
  }
  c.waitFor(0, '', from); // drains the terminals
  return { screen: c.screen(0).slice(from), broken };
}

describe('protocol faults', () => {
  it('skip-write-invalidation: stale copies break the page invariants at once and pingpong never finishes', async () => {
    const faulty = await bootMachineConsole('two-kernels', { faults: ['skip-write-invalidation'] });
    const run = runChecking(faulty, 'pingpong 50', 200e6);
    expect(run.broken.length).toBeGreaterThan(0);
    expect(run.broken[0]).toMatch(/unknown to the directory|differs from the home copy|writable on kernels/);
    expect(run.screen).not.toMatch(/count 100, expected 100: ok/);

    const sound = await bootMachineConsole('two-kernels');
    const control = runChecking(sound, 'pingpong 50', 200e6);
    expect(control.broken).toEqual([]);
    expect(control.screen).toMatch(/50 rounds, count 100, expected 100: ok/);
  });

  it('drop-remote-futex-wake: the origin records the wake it dropped, and the waiter never wakes', async () => {
    // four threads on four kernels fight for one mutex: a thread that sleeps on it at the origin
    // is woken by an unlock on another kernel
    const faulty = await bootMachineConsole('kernel-per-hart', { faults: ['drop-remote-futex-wake'] });
    const run = runChecking(faulty, 'mt -s 4 20000', 300e6);
    const violations = faulty.node(0).services.migration.dist.violations;
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]?.what).toMatch(
      /kernel 0 dropped a FUTEX_WAKE from kernel [1-3] \(pid \d+, word [0-9a-f]+\): [1-3] waiting, none woken/,
    );
    expect(run.screen).not.toMatch(/expected 80000: ok/);
    expect(faulty.node(0).kernel.log.join('\n')).toMatch(/invariant broken: kernel 0 dropped a FUTEX_WAKE/);

    const sound = await bootMachineConsole('kernel-per-hart');
    const control = runChecking(sound, 'mt -s 4 20000', 300e6);
    expect(sound.node(0).services.migration.dist.violations).toEqual([]);
    expect(control.screen).toMatch(/total 80000, expected 80000: ok/);
  });

  it('skip-dirty-flush: pages written at a kernel its last thread left are lost, and counter -m crashes', async () => {
    // counter -m goes 0 -> 1 -> 0 ...: on its way home from kernel 1 the stack and data pages it
    // wrote there are dropped instead of flushed; the directory still names kernel 1 as their writer
    const faulty = await bootMachineConsole('two-kernels', { faults: ['skip-dirty-flush'] });
    const run = runChecking(faulty, 'counter -m 6 1', 100e6);
    expect(run.broken.length).toBeGreaterThan(0);
    expect(run.broken[0]).toMatch(
      /^pid \d+ page [0-9a-f]+: the directory says kernel 1 writes it, but kernel 1 has no copy: its bytes are lost$/,
    );
    expect(run.screen).toMatch(/counter: 2 \(kernel 1\)\r?\nSegmentation fault/);
    expect(run.screen).not.toMatch(/counter: 6/);

    const sound = await bootMachineConsole('two-kernels');
    const control = runChecking(sound, 'counter -m 6 1', 100e6);
    expect(control.broken).toEqual([]);
    expect(control.screen).toMatch(/counter: 5 \(kernel 0\)\r?\ncounter: 6 \(kernel 1\)/);
  });

  it('a scenario names its faults, and an unknown one is refused with the list', () => {
    const base = { version: 1, machine: { preset: 'two-kernels' } };
    expect(parseScenario(JSON.stringify(base)).faults).toEqual([]);
    expect(parseScenario(JSON.stringify({ ...base, faults: ['drop-remote-futex-wake'] })).faults).toEqual([
      'drop-remote-futex-wake',
    ]);
    expect(() => parseScenario(JSON.stringify({ ...base, faults: ['skip-everything'] }))).toThrow(
      /faults\[0\]: no fault is called "skip-everything" \(there are skip-write-invalidation, drop-remote-futex-wake, skip-dirty-flush\)/,
    );
    expect(() => parseScenario(JSON.stringify({ ...base, faults: 'skip-write-invalidation' }))).toThrow(
      /faults must be a list of names/,
    );
  });
});
