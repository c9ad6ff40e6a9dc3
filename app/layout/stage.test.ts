import { describe, expect, it } from 'vitest';
import type { Step } from '../lessons/lesson-format';
import { lessonStages, stepKernel } from './stage';

const text = 'a step';

describe('stepKernel', () => {
  it('is the kernel the step types into, before the terminal it points at', () => {
    expect(stepKernel({ text, point: 'terminal-2', action: { kind: 'type', kernel: 1, text: 'ps\r' } })).toBe(1);
  });

  it('is the terminal the step points at', () => {
    expect(stepKernel({ text, point: 'terminal-3' })).toBe(3);
  });

  it('is the first terminal its prediction reads, then the one its outcome reads', () => {
    const step: Step = {
      text,
      point: 'threads',
      predict: {
        question: 'where?',
        choices: [
          {
            text: 'there',
            when: {
              kind: 'all',
              of: [
                { kind: 'thread', comm: 'busy' },
                { kind: 'output', kernel: 1, match: 'x' },
              ],
            },
          },
          { text: 'here', when: { kind: 'output', kernel: 0, match: 'x' } },
        ],
      },
      until: { kind: 'output', kernel: 0, match: 'y' },
    };
    expect(stepKernel(step)).toBe(1);
    expect(stepKernel({ text, until: { kind: 'not', of: { kind: 'number', kernel: 2, match: '(\\d+)' } } })).toBe(2);
  });

  it('is unknown for a step that reads no terminal', () => {
    expect(stepKernel({ text, point: 'messages', until: { kind: 'messages', type: 'NODE_INFO' } })).toBeUndefined();
  });
});

describe('lessonStages', () => {
  it('puts the pointed view on stage, the messages view for the machine and terminals, and keeps the terminal of the step before', () => {
    expect(
      lessonStages([
        { text, point: 'machine' },
        { text, point: 'terminal-1' },
        { text, point: 'pages' },
        { text, point: 'threads', action: { kind: 'type', kernel: 0, text: 'ls\r' } },
      ]),
    ).toEqual([
      { view: 'messages', kernel: 0 },
      { view: 'messages', kernel: 1 },
      { view: 'pages', kernel: 1 },
      { view: 'threads', kernel: 0 },
    ]);
  });
});
