import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { KernelStates } from '../kernel-states';
import { LocalMachine } from '../local-machine';
import { machineHash } from '../run-state';
import { parseScenario } from '../scenario';
import { figuresOf } from './kernel-figures';
import { busyDelta, TelemetryReader, TelemetryWriter, type KernelFigures } from './telemetry';

const figures = (over: Partial<KernelFigures> = {}): KernelFigures => ({
  epochs: 7,
  processes: 3,
  threads: 4,
  syscalls: 1234,
  pageFaults: 56,
  switches: 9,
  messagesSent: 2,
  messagesReceived: 1,
  framesUsed: 800,
  framesTotal: 65024,
  inputs: 2,
  hash: 'a1b2c3d4e5f60718',
  harts: [
    { hart: 2, pid: 5, tid: 6, busyNs: 2 ** 32 + 10 },
    { hart: 3, pid: 0, tid: 0, busyNs: 0 },
  ],
  ...over,
});

describe('telemetry', () => {
  it('gives the page what a kernel wrote, per kernel and per hart', () => {
    const { memory } = createPhysicalMemory(1 << 20, 4);
    new TelemetryWriter(memory, 1).publish(figures());
    const read = new TelemetryReader(memory);
    expect(read.kernel(1)).toMatchObject({ epochs: 7, processes: 3, syscalls: 1234, framesUsed: 800, state: 'down' });
    expect(read.hart(2)).toEqual({ pid: 5, tid: 6, busyNs: 10 }); // busy time wraps at 2^32
    expect(read.hart(3)).toEqual({ pid: 0, tid: 0, busyNs: 0 });
    expect(read.kernel(0).epochs).toBe(0); // kernels do not overwrite each other
    expect(read.hash(1)).toBe('a1b2c3d4e5f60718');
    expect(read.hash(0)).toBe(''); // nothing published yet
  });

  it('reports whether a kernel is up or dead', () => {
    const { memory } = createPhysicalMemory(1 << 20, 1);
    const states = new KernelStates(memory);
    const read = new TelemetryReader(memory);
    states.markUp(0);
    expect(read.state(0)).toBe('up');
    states.markDead(0);
    expect(read.state(0)).toBe('dead');
  });

  it('measures busy time across the counter wrapping', () => {
    expect(busyDelta(5, 2 ** 32 - 5)).toBe(10);
  });

  it('publishes what a running kernel really runs', async () => {
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      actions: [{ at: 500_000, kind: 'type', kernel: 1, text: 'mt 2 2000000\r' }],
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    m.runUntil(3_000_000);
    const read = new TelemetryReader(m.memory);
    m.kernels.forEach((k, i) => {
      new TelemetryWriter(m.memory, i).publish(figuresOf(k, m.epoch));
    });
    const k1 = read.kernel(1);
    expect(k1.state).toBe('up');
    expect(k1.processes).toBeGreaterThanOrEqual(3); // init, sh, mt
    expect(k1.framesUsed).toBeGreaterThan(0);
    // mt's two threads spin on kernel 1's harts 2 and 3
    expect([read.hart(2).pid, read.hart(3).pid].every((pid) => pid !== 0)).toBe(true);
    expect(read.hart(2).busyNs).toBeGreaterThan(0);
    // the page combines the kernels' hashes into the machine's, as the CLI does
    expect(machineHash([0, 1].map((k) => read.hash(k)))).toBe(m.hash());
  });

  it('shows a hart shared by more threads than harts as busy at every epoch end', async () => {
    const text = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      shells: false,
      // three busy processes on two harts: the kernel preempts one at every epoch's end
      programs: [1, 2, 3].map(() => ({ kernel: 1, at: 1_000_000, argv: ['primes', '5000000'] })),
    });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles());
    const read = new TelemetryReader(m.memory);
    const k1 = m.kernels[1];
    m.runUntil(3_000_000);
    for (let epoch = 0; epoch < 20; epoch++) {
      m.step();
      if (k1) new TelemetryWriter(m.memory, 1).publish(figuresOf(k1, m.epoch));
      expect([read.hart(2).pid, read.hart(3).pid], `epoch ${m.epoch}`).not.toContain(0);
    }
  });
});
