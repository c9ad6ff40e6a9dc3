import { describe, expect, it } from 'vitest';
import { preset, uniformTopology } from './presets';
import { DEFAULT_EPOCH_NS, epochNsOf, quantumProblem, quantumRange, smallestLinkLatencyNs } from './quantum';
import { parseScenario } from './scenario';
import { MIB } from '../hw/physical-memory';
import { LocalMachine } from './local-machine';
import { loadUserlandFiles } from '../kernels/userland-files';

const scenario = (machine: Record<string, unknown>) => JSON.stringify({ version: 1, machine });

describe('the synchronisation quantum', () => {
  it('is one time slice (100 us) unless the machine names one', () => {
    expect(DEFAULT_EPOCH_NS).toBe(100_000);
    expect(epochNsOf(parseScenario(scenario({ preset: 'kernel-per-hart' })).machine)).toBe(100_000);
    const s = parseScenario(scenario({ preset: 'kernel-per-hart', quantumUs: 20 }));
    expect(s.machine.quantumUs).toBe(20);
    expect(epochNsOf(s.machine)).toBe(20_000);
  });

  it('goes down to the smallest link latency between two kernels', () => {
    // kernels sharing a NUMA node: 1 us apart
    const oneNode = preset('kernel-per-hart', uniformTopology(1, 4, 256 * MIB));
    expect(smallestLinkLatencyNs(oneNode)).toBe(1000);
    expect(quantumRange(oneNode)).toEqual({ min: 1, max: 100 });
    // one kernel per node, nodes 20 apart: no message arrives in less than 2 us
    const perNode = preset('kernel-per-node', uniformTopology(2, 2, 256 * MIB));
    expect(smallestLinkLatencyNs(perNode)).toBe(2000);
    expect(quantumRange(perNode)).toEqual({ min: 2, max: 100 });
    expect(quantumProblem(perNode, 2)).toBeUndefined();
    expect(quantumProblem(perNode, 1)).toMatch(/from 2 to 100 .*less than 2 us/);
  });

  it('refuses a quantum out of range or not a whole number of us, saying which', () => {
    const bad = (machine: Record<string, unknown>) => () => parseScenario(scenario(machine));
    expect(bad({ preset: 'kernel-per-hart', quantumUs: 0 })).toThrow(
      'machine.quantumUs: the quantum must be a whole number of us from 1 to 100 (got 0)',
    );
    expect(bad({ preset: 'kernel-per-hart', quantumUs: 101 })).toThrow(/from 1 to 100 \(got 101\)/);
    expect(bad({ preset: 'kernel-per-hart', quantumUs: 2.5 })).toThrow(/whole number/);
    expect(bad({ preset: 'kernel-per-hart', quantumUs: '20' })).toThrow('machine.quantumUs must be a number');
    expect(
      bad({ preset: 'kernel-per-node', topology: { nodes: 2, hartsPerNode: 1, ramMiB: 256 }, quantumUs: 1 }),
    ).toThrow(/from 2 to 100 .*less than 2 us/);
  });
});

describe('a scenario naming the default quantum', () => {
  it('runs exactly as one naming none (the same trace hash)', async () => {
    const files = await loadUserlandFiles();
    const hash = async (machine: Record<string, unknown>) => {
      const m = await LocalMachine.boot(parseScenario(scenario(machine)), files);
      m.runUntil(3_000_000);
      return m.hash();
    };
    expect(await hash({ preset: 'two-kernels', quantumUs: 100 })).toBe(await hash({ preset: 'two-kernels' }));
  });
});
