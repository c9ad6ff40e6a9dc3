import { describe, expect, it } from 'vitest';
import { LESSONS, lessonInScenario, lessonOfFragment } from './catalogue';
import { parseLesson } from './lesson-format';

const lesson = (steps: unknown[]) => ({ lesson: { id: 1, title: 't', summary: 's', steps } });

describe('parseLesson', () => {
  it('reads nothing from a scenario without a lesson', () => {
    expect(parseLesson({ version: 1 }, 2)).toBeUndefined();
  });

  it('says what is wrong, and where', () => {
    expect(() => parseLesson(lesson([]), 2)).toThrow('lesson.steps must be a non-empty list');
    expect(() => parseLesson(lesson([{ text: 'x', until: { kind: 'soon' } }]), 2)).toThrow(
      'lesson.steps[0].until.kind must be',
    );
    expect(() => parseLesson(lesson([{ text: 'x', until: { kind: 'thread', comm: 'busy', on: 2 } }]), 2)).toThrow(
      'lesson.steps[0].until.on must be a whole number from 0 to 1',
    );
    expect(() => parseLesson(lesson([{ text: 'x', until: { kind: 'output', kernel: 0, match: '(' } }]), 2)).toThrow(
      'lesson.steps[0].until.match is not a regular expression',
    );
    expect(() => parseLesson(lesson([{ text: 'x', point: 'kitchen' }]), 2)).toThrow(
      'lesson.steps[0].point must be one of',
    );
    expect(() => parseLesson(lesson([{ text: 'x', point: 'terminal-5' }]), 2)).toThrow(
      "lesson.steps[0].point's kernel",
    );
    const predict = {
      question: 'q',
      choices: [
        { text: 'a', when: { kind: 'epochs', count: 1 } },
        { text: 'b', when: { kind: 'epochs', count: 2 } },
      ],
    };
    expect(() => parseLesson(lesson([{ text: 'x', predict }]), 2)).toThrow('needs an "until"');
    expect(() =>
      parseLesson(
        lesson([
          {
            text: 'x',
            predict: { ...predict, choices: predict.choices.slice(1) },
            until: { kind: 'epochs', count: 1 },
          },
        ]),
        2,
      ),
    ).toThrow('at least two answers');
    expect(() => parseLesson(lesson([{ text: 'x', action: { kind: 'migrate', comm: 'busy', to: 3 } }]), 2)).toThrow(
      'lesson.steps[0].action.to',
    );
  });

  it('reads a step whole', () => {
    const step = {
      text: 'move it',
      point: 'terminal-1',
      focus: 'busy',
      action: { kind: 'migrate', comm: 'busy', to: 0 },
      until: {
        kind: 'all',
        of: [
          { kind: 'thread', comm: 'busy', on: 0 },
          { kind: 'not', of: { kind: 'no-thread', comm: 'busy' } },
        ],
      },
      done: 'moved',
    };
    expect(parseLesson(lesson([step]), 2)?.steps[0]).toEqual(step);
  });
});

describe('the shipped lessons', () => {
  it('all parse, with distinct numbers, lesson 3 among them', () => {
    const ids = LESSONS.map((l) => l.lesson.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([1, 3, 4, 5, 6]));
    for (const l of LESSONS) expect(lessonInScenario(l.scenarioText).lesson).toEqual(l.lesson);
  });

  it('open from their links; an unknown number says which exist', () => {
    expect(lessonOfFragment('#lesson=3')).toMatchObject({ lesson: { id: 3 } });
    expect(lessonOfFragment('#lesson=99')).toEqual({
      missing: expect.stringContaining('there is no lesson 99') as unknown,
    });
    expect(lessonOfFragment('#z=abc')).toBeUndefined();
  });

  it('a scenario whose lesson is broken says why instead of booting a broken lesson', () => {
    const text = JSON.stringify({ version: 1, machine: { preset: 'two-kernels' }, ...lesson([{ text: '' }]) });
    expect(lessonInScenario(text).error).toContain('lesson.steps[0].text');
  });
});
