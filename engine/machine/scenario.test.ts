import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TtyDevice } from '../hw/tty-device';
import { LocalMachine } from './local-machine';
import { parseScenario, ScenarioError } from './scenario';
import { loadUserlandFiles } from '../kernels/userland-files';

const dir = new URL('./scenarios/', import.meta.url);
const shipped = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('parseScenario', () => {
  it('fills in defaults: the two-kernels machine, seed 1, shells on', () => {
    const s = parseScenario('{"version": 1}');
    expect(s.preset).toBe('two-kernels');
    expect(s.machine.kernels).toHaveLength(2);
    expect(s).toMatchObject({ seed: 1, shells: true, actions: [], inputs: [] });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['text that is not JSON', '{"version": 1', /not valid JSON/],
    ['a list instead of an object', '[]', /must be an object/],
    ['a future version', '{"version": 2}', /version 2 is not supported/],
    ['an unknown preset', '{"version":1,"machine":{"preset":"mainframe"}}', /must be one of smp, two-kernels/],
    [
      'a hart in two kernels',
      '{"version":1,"machine":{"kernels":[{"harts":[0,1],"memoryBaseMiB":4,"memoryMiB":64},{"harts":[1],"memoryBaseMiB":68,"memoryMiB":64}]}}',
      /bad partition: hart 1 is in kernel 0 and kernel 1/,
    ],
    [
      'an action for a kernel that does not exist',
      '{"version":1,"actions":[{"kind":"type","kernel":5,"text":"x"}]}',
      /actions\[0\]\.kernel must be a whole number from 0 to 1/,
    ],
    [
      'an unknown action',
      '{"version":1,"actions":[{"kind":"explode"}]}',
      /kind must be start, kill, type, boot, stop or migrate/,
    ],
    [
      'a program without argv',
      '{"version":1,"programs":[{"kernel":0}]}',
      /programs\[0\]\.argv must be a non-empty list/,
    ],
    ['rings that do not fit', '{"version":1,"ringSlots":65536}', /messaging window/],
    [
      'a delay longer than allowed',
      '{"version":1,"inputs":[{"epoch":3,"kernel":0,"delay":{"from":1,"seq":0,"epochs":51}}]}',
      /inputs\[0\]\.delay\.epochs must be a whole number from 1 to 50/,
    ],
    [
      'a delay of no epochs',
      '{"version":1,"inputs":[{"epoch":3,"kernel":0,"delay":{"from":1,"seq":0,"epochs":0}}]}',
      /inputs\[0\]\.delay\.epochs must be a whole number from 1 to 50/,
    ],
    [
      'a delay of a message from a kernel that does not exist',
      '{"version":1,"inputs":[{"epoch":3,"kernel":0,"delay":{"from":4,"seq":0,"epochs":2}}]}',
      /inputs\[0\]\.delay\.from must be a whole number from 0 to 1/,
    ],
    [
      'a delay of a message a kernel sent itself',
      '{"version":1,"inputs":[{"epoch":3,"kernel":1,"delay":{"from":1,"seq":0,"epochs":2}}]}',
      /inputs\[0\]\.delay\.from must be another kernel than 1: a kernel sends itself no messages/,
    ],
    [
      'a delay without a sequence number',
      '{"version":1,"inputs":[{"epoch":3,"kernel":1,"delay":{"from":0,"epochs":2}}]}',
      /inputs\[0\]\.delay\.seq must be a whole number/,
    ],
  ];
  it.each(bad)('rejects %s with a clear message', (_what, text, message) => {
    expect(() => parseScenario(text)).toThrow(ScenarioError);
    expect(() => parseScenario(text)).toThrow(message);
  });
});

describe('shipped scenarios', () => {
  it.each(shipped)('%s boots every kernel and every shell answers', async (file) => {
    const scenario = parseScenario(readFileSync(new URL(file, dir), 'utf8'));
    const m = await LocalMachine.boot(scenario, await loadUserlandFiles());
    m.runUntil(2_000_000);
    const ttys = m.kernels.map((k) => new TtyDevice(m.memory, k.index));
    ttys.forEach((tty, i) => tty.type(new TextEncoder().encode(`echo kernel-${i}-answers\r`)));
    const screens = ttys.map(() => '');
    for (let epoch = 0; epoch < 400 && screens.some((s, i) => !s.includes(`kernel-${i}-answers\r\n`)); epoch++) {
      m.step();
      ttys.forEach((tty, i) => {
        screens[i] = `${screens[i] ?? ''}${new TextDecoder().decode(tty.drainOutput())}`;
      });
    }
    screens.forEach((s, i) => {
      expect(s).toContain(`popcorn${i}:/$ `);
      expect(s).toContain(`kernel-${i}-answers\r\n`);
    });
  });
});
