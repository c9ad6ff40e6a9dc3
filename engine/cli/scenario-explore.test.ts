// `popcorn scenario` with a message held back while exploring (a recorded `delay` input): it
// replays the delay, says so, checks the page invariants as it runs, and gives the same trace
// hash in one thread and with one worker per kernel. Spawns the real bin/popcorn.mjs.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from '../kernels/userland-files';
import { EV } from '../kernels/trace-format';
import { EPOCH_NS } from '../machine/kernel-node';
import { LocalMachine } from '../machine/local-machine';
import { parseScenario } from '../machine/scenario';

const popcorn = new URL('../../bin/popcorn.mjs', import.meta.url).pathname;

function run(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [popcorn, ...args], { timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: typeof err?.code === 'number' ? err.code : (child.exitCode ?? -1) });
    });
  });
}

const base = {
  version: 1,
  name: 'explore',
  machine: { preset: 'two-kernels' },
  actions: [{ at: 1_000_000, kind: 'type', kernel: 0, text: 'pingpong 20\r' }],
};

describe('popcorn scenario with a message held back', () => {
  it('replays the delay, says so, checks the invariants, and one thread and two workers agree', async () => {
    // a message in flight to hold back: the first one pingpong's threads send
    const m = await LocalMachine.boot(parseScenario(JSON.stringify(base)), await loadUserlandFiles(), true);
    let found: { kernel: number; to: number; seq: number; epoch: number } | undefined;
    while (!found && m.now < 50e6) {
      m.step();
      for (const k of m.kernels) {
        if (!k.everBooted || m.now < 2e6) continue;
        const e = k.node.kernel.tracer.kept?.find((x) => x.kind === EV.MSG_SEND && x.time >= 2e6);
        if (e) found = { kernel: k.index, to: e.b, seq: e.tid, epoch: Math.floor(e.time / EPOCH_NS) + 1 };
      }
    }
    if (!found) throw new Error('no message sent');
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-explore-'));
    const file = join(dir, 'delayed.json');
    const delay = { from: found.kernel, seq: found.seq, epochs: 4 };
    writeFileSync(file, JSON.stringify({ ...base, inputs: [{ epoch: found.epoch, kernel: found.to, delay }] }));
    const one = await run(['scenario', file, '--until', '60ms']);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^messages held back \(exploring\): 1$/m);
    expect(one.stdout).toContain(
      `  at epoch ${found.epoch}: message ${found.seq} from kernel ${found.kernel} to kernel ${found.to}, 4 epochs\n`,
    );
    expect(one.stdout).toMatch(/^ {2}no invariant broken yet$/m);
    expect(one.stdout).toMatch(/pingpong: 20 rounds, count 40, expected 40: ok/);
    const hash = /^trace hash: ([0-9a-f]{16})$/m.exec(one.stdout)?.[1];
    const two = await run(['scenario', file, '--until', '60ms', '--workers', '2']);
    expect(two.code).toBe(0);
    expect(/^trace hash: ([0-9a-f]{16})$/m.exec(two.stdout)?.[1]).toBe(hash);
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(base));
    const without = await run(['scenario', plain, '--until', '60ms']);
    expect(/^trace hash: ([0-9a-f]{16})$/m.exec(without.stdout)?.[1]).not.toBe(hash);
    expect(without.stdout).not.toMatch(/held back|invariant/);
  }, 240_000);

  it('refuses a delay no scenario may hold, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-explore-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ ...base, inputs: [{ epoch: 3, kernel: 0, delay: { from: 1, seq: 0, epochs: 99 } }] }),
    );
    const r = await run(['scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd()).toBe(
      `popcorn scenario: ${file}: inputs[0].delay.epochs must be a whole number from 1 to 50`,
    );
  });
});
