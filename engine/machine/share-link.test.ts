// A share link as a person makes one: the default scenario, five commands typed key by key at a
// person's pace (each key enters at its own epoch: a record each) and two migrations asked in
// the UI. Its link must be short enough to paste anywhere, and replay to the same trace hash.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TtyDevice } from '../hw/tty-device';
import { loadUserlandFiles } from '../kernels/userland-files';
import { CommandMailbox } from './command-mailbox';
import { LocalMachine } from './local-machine';
import { originOf } from './rules';
import { parseScenario } from './scenario';
import { decodeScenarioUrl, encodePlainScenarioUrl, encodeScenarioUrl, SAFE_LINK_CHARS } from './scenario-url';

const defaultText = readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8');
/** Where a deployed playground might live: the link's length counts its address too. */
const PAGE = 'https://example.github.io/popcorn-playground/';
const COMMANDS: Array<[number, string]> = [
  [0, 'echo hello from a shared run'],
  [0, 'ls /bin'],
  [1, 'cat /proc/meminfo'],
  [0, 'ps'],
  [1, 'uname -a'],
];

describe('a share link after five typed commands and two migrations', () => {
  it('is at most 1500 characters, address included, and replays to the same trace hash', async () => {
    const files = await loadUserlandFiles();
    const live = await LocalMachine.boot(parseScenario(defaultText), files);
    const steps = (n: number) => {
      for (let i = 0; i < n; i++) live.step();
    };
    // a person's pace: a key every 5 to 20 epochs (at the page's default speed, 5 to 20 keys a second)
    let seed = 12345;
    const pause = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 5 + (seed % 16);
    };
    const migrateBusy = (to: number) => {
      const busy = live.kernels
        .flatMap((k) => [...k.node.kernel.processes.values()])
        .find((p) => p.comm === 'busy' && p.liveThreads.length > 0);
      const tid = busy?.liveThreads[0]?.tid ?? 0;
      expect(tid).toBeGreaterThan(0);
      const origin = originOf(tid, live.kernels.length); // the kernel that handed the tid out
      expect(new CommandMailbox(live.memory, origin).post({ kind: 'migrate', tid, to })).toBeDefined();
    };
    steps(80); // the scenario's own typing is done
    for (const [n, [kernel, command]] of COMMANDS.entries()) {
      for (const key of `${command}\r`) {
        new TtyDevice(live.memory, kernel).type(new TextEncoder().encode(key));
        steps(pause());
      }
      steps(40);
      if (n === 1) migrateBusy(0);
      if (n === 3) migrateBusy(1);
      steps(40);
    }
    const inputs = live.recordedInputs();
    const keys = COMMANDS.reduce((sum, [, c]) => sum + c.length + 1, 0);
    expect(inputs.filter((i) => 'text' in i)).toHaveLength(keys); // one record per key
    expect(inputs.filter((i) => 'migrate' in i)).toHaveLength(2);

    const json = { ...(JSON.parse(defaultText) as object), inputs, sharedAt: { epoch: live.epoch, hash: live.hash() } };
    const link = PAGE + (await encodeScenarioUrl(json));
    expect(link.length).toBeLessThanOrEqual(1500);
    expect(link.length).toBeLessThan(SAFE_LINK_CHARS);
    // the first links' form of the same run is more than three times as long (this one is about 530)
    expect((PAGE + encodePlainScenarioUrl(json)).length).toBeGreaterThan(3 * link.length);

    const { scenario } = await decodeScenarioUrl(link.slice(PAGE.length));
    expect(scenario.inputs).toEqual(inputs);
    const replay = await LocalMachine.boot(scenario, files);
    while (replay.epoch < json.sharedAt.epoch) replay.step();
    expect(replay.hash()).toBe(json.sharedAt.hash);
  });
});
