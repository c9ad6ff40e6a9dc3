// Scripted typing (a scenario's `type` actions) never mangles what a person types: lines go in
// whole at a prompt, signal characters at their time, and nothing more once the person typed
// into that terminal; a replay of the recorded inputs decides alike, to the same trace hash.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TtyDevice } from '../hw/tty-device';
import { loadUserlandFiles } from '../kernels/userland-files';
import { DEFAULT_EPOCH_NS as EPOCH_NS } from './quantum';
import { LocalMachine } from './local-machine';
import { parseScenario } from './scenario';
import { ScriptedTyping, splitTyping } from './scripted-typing';

const DEFAULT = readFileSync(new URL('./scenarios/two-kernels.json', import.meta.url), 'utf8');
const decoder = new TextDecoder();

describe('splitting scripted text', () => {
  it('cuts it into lines and signal characters, keeping an unended tail', () => {
    const texts = (text: string) => splitTyping(5, text).map((p) => [p.text, p.signal]);
    expect(texts('ps\r')).toEqual([['ps\r', false]]);
    expect(texts('a\rb\nc')).toEqual([
      ['a\r', false],
      ['b\n', false],
      ['c', false],
    ]);
    expect(texts('sleep 9\r\x03ls\x1a')).toEqual([
      ['sleep 9\r', false],
      ['\x03', true],
      ['ls', false],
      ['\x1a', true],
    ]);
    expect(splitTyping(5, 'x').every((p) => p.at === 5)).toBe(true);
  });
});

describe('the rule', () => {
  const script = () =>
    new ScriptedTyping([
      { at: 3 * EPOCH_NS, text: 'second\r' },
      { at: EPOCH_NS, text: 'first\r\x03' },
    ]);

  it('types a line once it is due and the terminal waits for a fresh line, one piece an epoch', () => {
    const s = script();
    expect(s.next(EPOCH_NS, true), 'not due in epoch 0').toBeUndefined();
    expect(s.next(2 * EPOCH_NS, false), 'due, but the shell is busy').toBeUndefined();
    expect(s.next(2 * EPOCH_NS, true)).toBe('first\r');
    expect(s.next(2 * EPOCH_NS, false), 'a signal character does not wait for a prompt').toBe('\x03');
    expect(s.next(3 * EPOCH_NS, true), 'the next is due in epoch 3').toBeUndefined();
    expect(s.next(4 * EPOCH_NS, true)).toBe('second\r');
    expect(s.left).toBe(0);
  });

  it('stops once a person typed into the terminal', () => {
    const s = script();
    expect(s.next(2 * EPOCH_NS, true)).toBe('first\r');
    expect(s.personTyped()).toBe(2);
    expect(s.next(10 * EPOCH_NS, true)).toBeUndefined();
    expect(s.personTyped(), 'told once').toBe(0);
  });
});

/** Runs `scenario` for `epochs`, typing `text` into kernel 0 one byte every `every` epochs from `from`. */
async function run(scenario: string, epochs: number, typing?: { text: string; from: number; every: number }) {
  const m = await LocalMachine.boot(parseScenario(scenario), await loadUserlandFiles());
  const ttys = m.kernels.map((k) => new TtyDevice(m.memory, k.index));
  const out: string[] = ttys.map(() => '');
  const bytes = new TextEncoder().encode(typing?.text ?? '');
  for (let e = 0; e < epochs; e++) {
    if (typing && e >= typing.from && (e - typing.from) % typing.every === 0) {
      const i = (e - typing.from) / typing.every;
      if (i < bytes.length) ttys[0]?.type(bytes.subarray(i, i + 1));
    }
    m.step();
    ttys.forEach((t, k) => {
      out[k] = `${out[k] ?? ''}${decoder.decode(t.drainOutput())}`;
    });
  }
  return { m, out };
}

describe('a person typing into the default scenario as soon as the prompt shows', () => {
  // one key every 0.5 ms of virtual time from epoch 1 (the first prompt): across the scenario's
  // own typing on kernel 0 (ps at 3 ms, more at 6 ms)
  const typing = { text: 'echo token123\r', from: 1, every: 5 };

  it('gets the line as typed, and the scenario stops typing into that terminal only', async () => {
    const { m, out } = await run(DEFAULT, 150, typing);
    const k0 = out[0] ?? '';
    expect(k0).toMatch(/popcorn0:\/\$ echo token123\r\ntoken123\r\n/);
    expect(k0).not.toContain('not found');
    expect(k0, 'the scripted ps was not typed').not.toContain('PPID');
    expect(m.kernels[0]?.node.kernel.log.join('\n')).toMatch(/scenario: typing stopped: a person typed/);
    expect(out[1], 'kernel 1’s scripted line still ran').toContain('mt: total 10000, expected 10000: ok');
  });

  it('replays from the recorded inputs to the same screen and trace hash', async () => {
    const live = await run(DEFAULT, 150, typing);
    const inputs = live.m.recordedInputs();
    expect(inputs.length).toBeGreaterThan(1);
    const shared = JSON.stringify({ ...(JSON.parse(DEFAULT) as object), inputs });
    const replay = await run(shared, 150);
    expect(replay.m.hash()).toBe(live.m.hash());
    expect(replay.out).toEqual(live.out);
  });
});

describe('scripted lines on their own', () => {
  it('wait for the prompt: a line due while a command runs goes in after it', async () => {
    const scenario = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      actions: [
        { at: 2_000_000, kind: 'type', kernel: 0, text: 'ps\r' },
        { at: 2_000_000, kind: 'type', kernel: 0, text: 'echo second\r' },
        { at: 2_100_000, kind: 'type', kernel: 0, text: 'echo third\r' },
      ],
    });
    const k0 = (await run(scenario, 120)).out[0] ?? '';
    // each is echoed after a prompt, never into the output of the command before it
    expect(k0).toMatch(/popcorn0:\/\$ ps\r\n {2}PID[^]*\/sbin\/init[^]*\r\npopcorn0:\/\$ echo second\r\nsecond\r\n/);
    expect(k0).toMatch(/\r\npopcorn0:\/\$ echo third\r\nthird\r\npopcorn0:\/\$ $/);
  });

  it('a ^C goes in at its time, to the program running', async () => {
    const scenario = JSON.stringify({
      version: 1,
      machine: { preset: 'two-kernels' },
      actions: [
        { at: 1_000_000, kind: 'type', kernel: 0, text: 'sleep 10\r' },
        { at: 3_000_000, kind: 'type', kernel: 0, text: '\x03' },
        { at: 3_000_000, kind: 'type', kernel: 0, text: 'echo after\r' },
      ],
    });
    const k0 = (await run(scenario, 60)).out[0] ?? '';
    expect(k0).toMatch(/popcorn0:\/\$ sleep 10\r\n\^C\r?\n?popcorn0:\/\$ echo after\r\nafter\r\n/);
  });
});
