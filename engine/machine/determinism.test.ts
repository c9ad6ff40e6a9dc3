import { describe, expect, it } from 'vitest';
import { EpochBarrier } from './epoch-barrier';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';
import { loadUserlandFiles } from '../kernels/userland-files';
import { runInWorkers } from './worker-machine';

/** The scenario at synchronisation quantum `quantumUs` (quantum.ts), or the default one. */
const scenarioText = (quantumUs?: number) =>
  JSON.stringify({
    version: 1,
    name: 'determinism',
    machine: quantumUs === undefined ? { preset: 'kernel-per-hart' } : { preset: 'kernel-per-hart', quantumUs },
    actions: [
      { at: 1_000_000, kind: 'type', kernel: 0, text: 'echo one; ps\r' },
      { at: 1_000_000, kind: 'type', kernel: 1, text: 'mt -s 4 2000\r' },
      { at: 2_000_000, kind: 'type', kernel: 2, text: 'counter -m 3 1\r' },
      { at: 3_000_000, kind: 'type', kernel: 3, text: 'ls /proc\r' },
      // kernel 3 hands out pids 4 (init), 8 (sh), then 12: this counter, moved by the scenario
      { at: 1_000_000, kind: 'start', kernel: 3, argv: ['counter', '30', '1'] },
      { at: 4_000_000, kind: 'migrate', kernel: 3, pid: 12, to: 0 },
    ],
  });
const text = scenarioText();
const UNTIL = 15_000_000;

describe('determinism', () => {
  // the default quantum (one slice, named), a fifth of it, and 5 us, where kernels stop inside
  // their slices for each message's modelled arrival
  it.each([
    [100, UNTIL],
    [20, 8_000_000],
    [5, 6_000_000],
  ])(
    'gives the same trace hash in one thread and with one worker per kernel (quantum %s us)',
    { timeout: 180_000 },
    async (quantum, until) => {
      const text = scenarioText(quantum);
      const files = await loadUserlandFiles();
      const scenario = parseScenario(text);
      const local = await LocalMachine.boot(scenario, files);
      local.runUntil(until);
      // threads did move: mt's and counter's, and the scenario's migrate action
      const arrived = local.kernels.map((k) => k.node.services.migration.dist.stats.migrationsIn);
      expect(arrived.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(6); // mt 3, counter 2, the action 1
      expect(local.kernels[3]?.node.kernel.log.join('\n')).not.toMatch(/scenario: migrate/);
      const workers = await runInWorkers(scenario, text, files, until);
      expect(workers.kernels.map((k) => k.hash)).toEqual(local.kernels.map((k) => k.node.kernel.tracer.hash()));
      expect(workers.hash).toBe(local.hash());
    },
  );
});

// kernel 2 crashes while counter -m and mt run threads on it, and boots again; kernel 0's busy
// moves to it once it is back
const failure = JSON.stringify({
  version: 1,
  name: 'determinism with a crash',
  machine: { preset: 'kernel-per-hart' },
  actions: [
    { at: 1_000_000, kind: 'type', kernel: 1, text: 'mt -s 4 20000\r' },
    { at: 1_000_000, kind: 'type', kernel: 3, text: 'counter -m 0 1\r' },
    { at: 1_000_000, kind: 'start', kernel: 0, argv: ['busy'] },
    { at: 4_000_000, kind: 'stop', kernel: 2 },
    { at: 6_000_000, kind: 'boot', kernel: 2 },
    // kernel 0 hands out pids 1 (init), 5 (sh), then 9: busy
    { at: 9_000_000, kind: 'migrate', kernel: 0, pid: 9, to: 2 },
  ],
});

describe('determinism', () => {
  it('gives the same trace hash in one thread and in workers with a kernel crashed and booted again', async () => {
    const files = await loadUserlandFiles();
    const scenario = parseScenario(failure);
    const local = await LocalMachine.boot(scenario, files);
    local.runUntil(UNTIL);
    const log = (k: number) => local.kernels[k]?.node.kernel.log.join('\n') ?? '';
    expect(log(1)).toMatch(/was on kernel 2, which died; killed/); // mt lost a thread
    expect(log(2)).toMatch(/booted again/);
    expect(local.kernels[0]?.node.kernel.processes.get(9)?.threads[0]?.away).toBe(2); // busy moved there
    const workers = await runInWorkers(scenario, failure, files, UNTIL);
    expect(workers.kernels.map((k) => k.hash)).toEqual(local.kernels.map((k) => k.node.kernel.tracer.hash()));
    expect(workers.hash).toBe(local.hash());
  });
});

describe('a kernel whose worker dies', () => {
  it('is reported by number while the other kernels run to the end', async () => {
    const files = await loadUserlandFiles();
    const scenario = parseScenario(text);
    const run = await runInWorkers(scenario, text, files, 40_000_000, {
      afterStart: (workers, memory) => {
        // kernel 2's worker dies once the machine is 20 epochs in (of 400)
        const barrier = new EpochBarrier(memory);
        const watch = setInterval(() => {
          if (barrier.generation() < 20) return;
          clearInterval(watch);
          void workers[2]?.terminate();
        }, 1);
      },
    });
    expect(run.failures.map((f) => f.index)).toEqual([2]);
    expect(run.failures[0]?.error).toMatch(/exited|died/);
    expect(run.kernels.map((k) => k.index)).toEqual([0, 1, 3]);
  });
});
