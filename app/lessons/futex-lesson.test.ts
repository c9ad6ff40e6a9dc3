// Lesson 5 (distributed futex) on the engine, without a browser: its scenario boots, the two
// commands its steps type run to their end, and each step's condition, and the answer its
// prediction scores, are evaluated on what the machine printed and sent, as the page would
// (conditions.ts). The figures the lesson shows (both runs' real, user and sys) are checked
// against what its text says of them: user above real on one kernel, the spread run slower
// with user far below real, FUTEX_REQUEST only when spread.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootMachineConsole, type MachineConsole } from '../../engine/protocols/ssi/test-machine';
import { holds, rightAnswer, type LessonWorld } from './conditions';
import { parseLesson, type Step } from './lesson-format';

const text = readFileSync(new URL('./05-futex.json', import.meta.url), 'utf8');
const scenario = JSON.parse(text) as { machine: object };
const lesson = parseLesson(JSON.parse(text), 4);
const steps = lesson?.steps ?? [];

/** Messages of `type` sent by every kernel together. */
function sent(c: MachineConsole, type: string): number {
  return c.machine.kernels.reduce((n, k) => n + (k.node.messenger.sentByType.get(type)?.count ?? 0), 0);
}

/** A LessonWorld over the console: "since the step" counts from `mark`. */
function world(c: MachineConsole, mark: { text: number; sent: Map<string, number> }): LessonWorld {
  const screen = () => c.screen(0).replace(/\r/g, '');
  return {
    epochs: 0,
    threads: [],
    up: c.machine.kernels.map(() => true),
    output: (k, since) => {
      if (k !== 0) return '';
      return since === 'boot' ? screen() : screen().slice(mark.text);
    },
    messages: (type, since) => sent(c, type) - (since === 'boot' ? 0 : (mark.sent.get(type) ?? 0)),
    pages: () => undefined,
  };
}

interface Report {
  real: number;
  user: number;
  sys: number;
}

function lastReport(screen: string): Report {
  const all = [...screen.matchAll(/real\t0m([\d.]+)s\r?\nuser\t0m([\d.]+)s\r?\nsys\t0m([\d.]+)s/g)];
  const m = all.at(-1);
  if (!m) throw new Error('no time report');
  return { real: Number(m[1]), user: Number(m[2]), sys: Number(m[3]) };
}

describe('lesson 5, distributed futex, on the engine', () => {
  it('is the lesson the catalogue shows: three steps over a four-hart kernel and three one-hart ones', () => {
    expect(lesson?.id).toBe(5);
    expect(steps).toHaveLength(3);
    expect(scenario.machine).toMatchObject({
      kernels: [{ harts: [0, 1, 2, 3] }, { harts: [4] }, { harts: [5] }, { harts: [6] }],
    });
  });

  it('bears out what each step says, with the times time prints', { timeout: 600_000 }, async () => {
    const c = await bootMachineConsole('smp', { machine: scenario.machine, seed: 1 });
    const play = (step: Step) => {
      const mark = {
        text: c.screen(0).replace(/\r/g, '').length,
        sent: new Map([['FUTEX_REQUEST', sent(c, 'FUTEX_REQUEST')]]),
      };
      if (step.action?.kind === 'type') c.command(0, step.action.text.replace(/\r$/, ''));
      const w = world(c, mark);
      expect(step.until && holds(step.until, w)).toBe(true);
      return { w, right: step.predict ? rightAnswer(step.predict, w) : undefined };
    };

    const [one, spread, why] = steps as [Step, Step, Step];
    // 1: four threads on kernel 0's four harts: user above real, and no message for the mutex
    const first = play(one);
    const smp = lastReport(c.screen(0));
    expect(first.right).toBe(0);
    expect(smp.user).toBeGreaterThan(smp.real);
    expect(sent(c, 'FUTEX_REQUEST')).toBe(0);

    // 2: spread over the four kernels: slower, and user far below real
    const second = play(spread);
    const far = lastReport(c.screen(0));
    expect(second.right).toBe(1);
    expect(far.real).toBeGreaterThan(5 * smp.real);
    expect(far.user).toBeLessThan(far.real / 2);
    expect(c.screen(0)).toContain('mt: spreading over kernels 0,1,2,3');

    // 3: the futex calls went to kernel 0
    play(why);
    expect(sent(c, 'FUTEX_REQUEST')).toBeGreaterThan(0);
    expect(c.machine.kernels[0]?.node.messenger.sentByType.get('FUTEX_REQUEST')?.count ?? 0).toBe(0);
    console.log(
      `lesson 5 figures: one kernel ${JSON.stringify(smp)}, spread ${JSON.stringify(far)}, FUTEX_REQUEST ${sent(c, 'FUTEX_REQUEST')}`,
    );
  });
});
