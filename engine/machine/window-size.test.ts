// A terminal's size is an input like typing: the kernel takes it at an epoch start, where it is
// recorded, so that a shared run replays to the same trace hash on any screen (a program's
// output, `ls` in columns or `top`, depends on it). While a link replays, the sizes it recorded
// rule, whatever size the replaying page's terminal has; the live size enters at the shared epoch.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, TtyDevice } from '../hw/tty-device';
import { loadUserlandFiles } from '../kernels/userland-files';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';
import { decodeScenarioUrl, encodeScenarioUrl } from './scenario-url';

const defaultText = readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8');

/** Kernel 0's screen so far. */
function screen(m: LocalMachine): string {
  return new TextDecoder().decode(new TtyDevice(m.memory, 0).drainOutput());
}

describe('a terminal’s window size', () => {
  it('is the default until the machine takes the terminal’s size at an epoch start, and is recorded', async () => {
    const files = await loadUserlandFiles();
    const m = await LocalMachine.boot(parseScenario(defaultText), files);
    // the page fitted the terminal before the kernel booted: the kernel still starts at the default
    new TtyDevice(m.memory, 0).resize(30, 50);
    expect(m.kernels[0]?.node.kernel.tty.winsize).toMatchObject(DEFAULT_WINDOW);
    m.step();
    expect(m.kernels[0]?.node.kernel.tty.winsize).toMatchObject({ rows: 30, cols: 50 });
    expect(m.recordedInputs()).toEqual([{ epoch: 0, kernel: 0, winsize: { rows: 30, cols: 50 } }]);
  });

  it('replays to the same trace hash on a terminal of another size, which is taken at the shared epoch', async () => {
    const files = await loadUserlandFiles();
    const live = await LocalMachine.boot(parseScenario(defaultText), files);
    const tty = new TtyDevice(live.memory, 0);
    for (let i = 0; i < 80; i++) live.step(); // the scenario's own typing is done
    tty.resize(20, 40);
    tty.type(new TextEncoder().encode('ls /bin\r'));
    for (let i = 0; i < 60; i++) live.step();
    const narrow = screen(live);
    expect(narrow).toMatch(/ls \/bin/);
    const json = {
      ...(JSON.parse(defaultText) as object),
      inputs: live.recordedInputs(),
      sharedAt: { epoch: live.epoch, hash: live.hash() },
    };
    const { scenario } = await decodeScenarioUrl(await encodeScenarioUrl(json));
    expect(scenario.inputs.filter((i) => 'winsize' in i)).toEqual([
      { epoch: 80, kernel: 0, winsize: { rows: 20, cols: 40 } },
    ]);

    const replay = await LocalMachine.boot(scenario, files);
    new TtyDevice(replay.memory, 0).resize(50, 160); // a wider screen than the one it was shared from
    while (replay.epoch < json.sharedAt.epoch) replay.step();
    expect(replay.hash()).toBe(json.sharedAt.hash);
    expect(screen(replay)).toBe(narrow); // `ls` wrote the same columns
    expect(replay.kernels[0]?.node.kernel.tty.winsize).toMatchObject({ rows: 20, cols: 40 });
    replay.step(); // the shared epoch: from here on the replaying terminal's own size
    expect(replay.kernels[0]?.node.kernel.tty.winsize).toMatchObject({ rows: 50, cols: 160 });
  });
});
