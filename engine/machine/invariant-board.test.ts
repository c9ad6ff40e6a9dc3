// The invariant boards: the page invariants checked kernel by kernel from the copies each
// publishes after an epoch (as the page's workers do) find what the checker over the whole
// machine in one thread finds, at the same epoch, and nothing on a sound run.
import { describe, expect, it } from 'vitest';
import { bootMachineConsole, type MachineConsole } from '../protocols/ssi/test-machine';
import { checkPageInvariants } from '../protocols/migration/page-invariants';
import { InvariantBoard, MAX_BROKEN, type BrokenAt } from './invariant-board';

/** Runs `line` on kernel 0 for `ns`, checking both ways after every epoch; the first few of each. */
function runBoth(c: MachineConsole, line: string, ns: number): { boards: BrokenAt[]; whole: string[] } {
  const m = c.machine;
  const boards = m.kernels.map(() => new InvariantBoard(m.memory, m.kernels.length));
  const whole: string[] = [];
  const seen = new Set<string>();
  c.type(0, `${line}\r`);
  const end = m.now + ns;
  while (m.now < end) {
    m.step();
    const up = m.kernels.filter((k) => k.up);
    for (const k of up) boards[k.index]?.publishCopies(k.node.services.migration.dist, m.epoch);
    for (const k of up) boards[k.index]?.check(k.node.services.migration.dist, m.epoch);
    for (const e of checkPageInvariants(up.map((k) => k.node.services.migration)))
      if (!seen.has(e)) {
        seen.add(e);
        whole.push(`at epoch ${m.epoch}: ${e}`);
      }
  }
  const reader = new InvariantBoard(m.memory, m.kernels.length);
  return { boards: m.kernels.flatMap((k) => reader.broken(k.index)), whole };
}

const asText = (b: BrokenAt) => `at epoch ${b.epoch}: pid ${b.pid} page ${b.page.toString(16)}: ${b.what}`;

describe('invariant boards', () => {
  it('skip-dirty-flush: the origin finds the lost pages at the epoch the whole-machine checker does', async () => {
    const c = await bootMachineConsole('two-kernels', { faults: ['skip-dirty-flush'] });
    const { boards, whole } = runBoth(c, 'counter -m 6 1', 60e6);
    expect(boards.length).toBeGreaterThan(0);
    expect(boards.every((b) => b.kernel === 0)).toBe(true);
    expect(boards[0]?.what).toMatch(/^the directory says kernel 1 writes it, but kernel 1 has no copy/);
    expect(boards.map(asText)).toEqual(whole.slice(0, boards.length));
  });

  it('skip-write-invalidation: stale read-only copies, compared by digest, differ from home', async () => {
    const c = await bootMachineConsole('two-kernels', { faults: ['skip-write-invalidation'] });
    const { boards, whole } = runBoth(c, 'pingpong 20', 60e6);
    expect(boards.length).toBeGreaterThan(0);
    expect(boards.map(asText)).toEqual(whole.slice(0, boards.length));
    expect(boards.length).toBeLessThanOrEqual(MAX_BROKEN);
  });

  it("drop-remote-futex-wake: the origin's services' own violation is recorded with its page", async () => {
    const c = await bootMachineConsole('kernel-per-hart', { faults: ['drop-remote-futex-wake'] });
    const { boards } = runBoth(c, 'mt -s 4 20000', 100e6);
    const dropped = boards.filter((b) => b.what.includes('dropped a FUTEX_WAKE'));
    expect(dropped.length).toBeGreaterThan(0);
    const word = /word ([0-9a-f]+)/.exec(dropped[0]?.what ?? '')?.[1] ?? '';
    expect(dropped[0]?.page).toBe(Math.floor(parseInt(word, 16) / 4096) * 4096);
    expect(dropped[0]?.kernel).toBe(0);
  });

  it('a sound run breaks nothing', async () => {
    const c = await bootMachineConsole('two-kernels');
    const { boards, whole } = runBoth(c, 'pingpong 20', 60e6);
    expect(whole).toEqual([]);
    expect(boards).toEqual([]);
  });
});
