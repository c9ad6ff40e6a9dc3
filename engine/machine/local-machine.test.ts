import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from './userland-files';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';

const scenario = (extra = {}) =>
  parseScenario(
    JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      actions: [
        { at: 2_000_000, kind: 'type', kernel: 0, text: 'echo hi; ps\r' },
        { at: 2_000_000, kind: 'type', kernel: 1, text: 'mt 2 1000\r' },
      ],
      ...extra,
    }),
  );

describe('LocalMachine', () => {
  it('boots every kernel with a shell and checks the kernels in with each other', async () => {
    const m = await LocalMachine.boot(scenario(), await loadUserlandFiles());
    m.runUntil(10_000_000);
    for (const k of m.kernels) {
      const peers = k.node.services.nodeInfo.peers;
      expect([...peers.keys()]).toEqual(m.kernels.filter((o) => o !== k).map((o) => o.index));
      expect([...k.node.kernel.processes.values()].map((p) => p.comm)).toContain('sh');
    }
  });

  it('gives the same trace hash on five runs of the same scenario', async () => {
    const files = await loadUserlandFiles();
    const hashes: string[] = [];
    for (let run = 0; run < 5; run++) {
      const m = await LocalMachine.boot(scenario(), files);
      m.runUntil(20_000_000);
      hashes.push(m.hash());
    }
    expect(new Set(hashes).size).toBe(1);
    const other = await LocalMachine.boot(
      scenario({ actions: [{ at: 2_000_000, kind: 'type', kernel: 0, text: 'echo ho\r' }] }),
      files,
    );
    other.runUntil(20_000_000);
    expect(other.hash()).not.toBe(hashes[0]);
  });
});
