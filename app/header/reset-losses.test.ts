import { describe, expect, it } from 'vitest';
import { lossesText } from './reset-losses';

const none = { typed: 0, moved: 0, delayed: 0, unreported: 0, waiting: 0 };

describe('what Reset would lose', () => {
  it('is nothing in a run nobody touched, so Reset need not ask', () => {
    expect(lossesText(none)).toBeUndefined();
  });

  it('names typing, recorded, not reported yet or not taken yet, and moves', () => {
    expect(lossesText({ ...none, typed: 3 })).toBe('what was typed into the terminals');
    expect(lossesText({ ...none, waiting: 5 })).toBe('what was typed into the terminals');
    expect(lossesText({ ...none, unreported: 1 })).toBe('what was typed into the terminals');
    expect(lossesText({ ...none, moved: 1 })).toBe('the thread moved from the threads panel');
    expect(lossesText({ ...none, typed: 1, moved: 2 })).toBe(
      'what was typed into the terminals and the 2 thread moves',
    );
    expect(lossesText({ ...none, delayed: 1 })).toBe('the message held back while exploring');
    expect(lossesText({ ...none, moved: 1, delayed: 3 })).toBe(
      'the thread moved from the threads panel and the 3 messages held back while exploring',
    );
  });
});
