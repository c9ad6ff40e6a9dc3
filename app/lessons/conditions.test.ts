import { describe as suite, expect, it } from 'vitest';
import { describe, firstThread, holds, lastNumber, rightAnswer, type LessonWorld, type WorldPage } from './conditions';
import type { Condition, Prediction } from './lesson-format';

function world(
  over: Partial<{
    epochs: number;
    step: string[];
    boot: string[];
    sent: Record<string, [number, number]>;
    pages: WorldPage[];
  }> &
    Partial<Pick<LessonWorld, 'threads' | 'up'>> = {},
): LessonWorld {
  const step = over.step ?? ['', ''];
  const boot = over.boot ?? step;
  const sent = over.sent ?? {};
  return {
    epochs: over.epochs ?? 0,
    threads: over.threads ?? [],
    up: over.up ?? [true, true],
    output: (k, since) => (since === 'boot' ? boot[k] : step[k]) ?? '',
    messages: (type, since) => (sent[type] ?? [0, 0])[since === 'boot' ? 1 : 0],
    pages: () => over.pages,
  };
}

const busy = (kernel: number, origin = 1, tid = 6) => ({ pid: 6, tid, comm: 'busy', origin, kernel });

suite('holds', () => {
  it('counts epochs since the step began', () => {
    expect(holds({ kind: 'epochs', count: 5 }, world({ epochs: 4 }))).toBe(false);
    expect(holds({ kind: 'epochs', count: 5 }, world({ epochs: 5 }))).toBe(true);
  });

  it('matches a terminal since the step, or since boot', () => {
    const w = world({ step: ['', 'x'], boot: ['', 'busy: now on kernel 0\nx'] });
    expect(holds({ kind: 'output', kernel: 1, match: 'now on kernel 0' }, w)).toBe(false);
    expect(holds({ kind: 'output', kernel: 1, match: 'now on kernel 0', since: 'boot' }, w)).toBe(true);
    // line anchors work on every line
    expect(holds({ kind: 'output', kernel: 1, match: '^x$' }, w)).toBe(true);
  });

  it('finds threads by program, kernel and whether they are away from home', () => {
    const w = world({ threads: [busy(0)] });
    expect(holds({ kind: 'thread', comm: 'busy', on: 0 }, w)).toBe(true);
    expect(holds({ kind: 'thread', comm: 'busy', on: 1 }, w)).toBe(false);
    expect(holds({ kind: 'thread', comm: 'busy', away: true }, w)).toBe(true);
    expect(holds({ kind: 'thread', comm: 'busy', away: false }, w)).toBe(false);
    expect(holds({ kind: 'thread', comm: 'busy', count: 2 }, w)).toBe(false);
    expect(holds({ kind: 'no-thread', comm: 'busy' }, w)).toBe(false);
    expect(holds({ kind: 'no-thread', comm: 'busy' }, world())).toBe(true);
  });

  it('counts messages between min and max', () => {
    const w = world({ sent: { NODE_INFO: [3, 12] } });
    expect(holds({ kind: 'messages', type: 'NODE_INFO' }, w)).toBe(true);
    expect(holds({ kind: 'messages', type: 'NODE_INFO', min: 3, max: 3 }, w)).toBe(true);
    expect(holds({ kind: 'messages', type: 'NODE_INFO', min: 6 }, w)).toBe(false);
    expect(holds({ kind: 'messages', type: 'NODE_INFO', min: 12, since: 'boot' }, w)).toBe(true);
    expect(holds({ kind: 'messages', type: 'TASK_MIGRATE' }, w)).toBe(false);
    expect(holds({ kind: 'messages', type: 'TASK_MIGRATE', max: 0 }, w)).toBe(true);
  });

  it('reads whether a kernel is up', () => {
    expect(holds({ kind: 'kernel-up', kernel: 1 }, world({ up: [true, false] }))).toBe(false);
    expect(holds({ kind: 'kernel-up', kernel: 0 }, world({ up: [true, false] }))).toBe(true);
  });

  it('compares two printed figures, and checks one against a range', () => {
    const out =
      'falseshare: adjacent (one page): total 40000, expected 40000: ok, 4.598 ms\nfalseshare: padded (a page each): total 40000, expected 40000: ok, 2.600 ms\n';
    const w = world({ step: [out] });
    const left = 'adjacent.*ok, ([\\d.]+) ms';
    const right = 'padded.*ok, ([\\d.]+) ms';
    expect(holds({ kind: 'compare', kernel: 0, left, op: '>', right }, w)).toBe(true);
    expect(holds({ kind: 'compare', kernel: 0, left, op: '<', right }, w)).toBe(false);
    // a figure not printed yet: neither holds
    expect(
      holds({ kind: 'compare', kernel: 0, left, op: '<', right }, world({ step: [out.split('\n')[0] ?? ''] })),
    ).toBe(false);
    const handoff = world({ step: ['pingpong: 79.795 ms, 398.975 us per handoff'] });
    expect(holds({ kind: 'number', kernel: 0, match: '([\\d.]+) us per handoff', min: 100 }, handoff)).toBe(true);
    expect(holds({ kind: 'number', kernel: 0, match: '([\\d.]+) us per handoff', max: 100 }, handoff)).toBe(false);
  });

  it('counts pages by their holders and writer', () => {
    const pages = [
      { holders: [0, 1], writer: -1 },
      { holders: [1], writer: 1 },
    ];
    const c: Condition = { kind: 'pages', comm: 'pingpong', holders: 2, writer: -1 };
    expect(holds(c, world({ pages }))).toBe(true);
    expect(holds({ ...c, min: 2 }, world({ pages }))).toBe(false);
    expect(holds({ kind: 'pages', comm: 'pingpong', writer: 1 }, world({ pages }))).toBe(true);
    expect(holds(c, world())).toBe(false); // not published yet
  });

  it('combines conditions', () => {
    const w = world({ threads: [busy(0)], sent: { TASK_MIGRATE: [1, 1] } });
    const moved: Condition = { kind: 'thread', comm: 'busy', on: 0 };
    const back: Condition = { kind: 'thread', comm: 'busy', on: 1 };
    expect(holds({ kind: 'all', of: [moved, { kind: 'messages', type: 'TASK_MIGRATE' }] }, w)).toBe(true);
    expect(holds({ kind: 'all', of: [moved, back] }, w)).toBe(false);
    expect(holds({ kind: 'any', of: [back, moved] }, w)).toBe(true);
    expect(holds({ kind: 'not', of: back }, w)).toBe(true);
  });
});

suite('rightAnswer', () => {
  const p: Prediction = {
    question: 'Which terminal?',
    choices: [
      { text: 'kernel 1', when: { kind: 'output', kernel: 1, match: 'now on kernel 0' } },
      { text: 'kernel 0', when: { kind: 'output', kernel: 0, match: 'now on kernel 0' } },
    ],
  };

  it('is the first choice the machine bears out', () => {
    expect(rightAnswer(p, world({ step: ['', 'busy: now on kernel 0'] }))).toBe(0);
    expect(rightAnswer(p, world({ step: ['busy: now on kernel 0', ''] }))).toBe(1);
  });

  it('is none when the machine did something else', () => {
    expect(rightAnswer(p, world())).toBeUndefined();
  });
});

suite('helpers', () => {
  it('lastNumber takes the last match', () => {
    expect(lastNumber('a 1 ms\na 2.5 ms', 'a ([\\d.]+) ms')).toBe(2.5);
    expect(lastNumber('nothing', 'a ([\\d.]+) ms')).toBeUndefined();
  });

  it('firstThread is the lowest tid of the program', () => {
    expect(firstThread([busy(0, 1, 9), busy(1, 1, 6)], 'busy')?.tid).toBe(6);
  });

  it('describe says what a step waits for', () => {
    expect(describe({ kind: 'thread', comm: 'busy', on: 0 })).toBe('busy to run on kernel 0');
    expect(describe({ kind: 'no-thread', comm: 'busy' })).toBe('busy to end');
  });
});
