import { describe, expect, it } from 'vitest';
import type { Lesson, Step } from './lesson-format';
import {
  act,
  answer,
  back,
  canAct,
  canNext,
  HOLD_READINGS,
  next,
  observe,
  progressOf,
  revisited,
  startLesson,
  watching,
  type PlayerState,
} from './player-state';

const plain: Step = { text: 'read this' };
const acting: Step = {
  text: 'move it',
  action: { kind: 'migrate', comm: 'busy', to: 0 },
  until: { kind: 'thread', comm: 'busy', on: 0 },
};
const predicting: Step = {
  text: 'guess',
  action: { kind: 'type', kernel: 0, text: 'ps\r' },
  predict: {
    question: 'which?',
    choices: [
      { text: 'a', when: { kind: 'epochs', count: 1 } },
      { text: 'b', when: { kind: 'epochs', count: 2 } },
    ],
  },
  until: { kind: 'epochs', count: 1 },
};
const lesson: Lesson = { id: 9, title: 't', summary: 's', steps: [plain, acting, predicting] };

/** Readings that hold until the step's condition is met. */
function meet(s: PlayerState, step: Step, right?: number): PlayerState {
  let out = s;
  for (let i = 0; i < HOLD_READINGS; i++) out = observe(out, step, true, right);
  return out;
}

describe('the lesson player', () => {
  it('moves on from a step of text at once, and not past the last step', () => {
    let s = startLesson();
    expect(canNext(s, plain)).toBe(true);
    s = next(s, lesson);
    expect(s.step).toBe(1);
    expect(next({ step: 2, progress: [], finished: false }, { ...lesson, steps: [plain, plain, plain] }).finished).toBe(
      true,
    );
  });

  it('waits for the condition, held on several readings in a row', () => {
    let s = next(startLesson(), lesson);
    expect(canNext(s, acting)).toBe(false);
    expect(canAct(s, acting)).toBe(true);
    // watched before the button too: the reader may move the thread by hand
    expect(watching(s, acting)).toBe(true);
    s = act(s, acting);
    expect(canAct(s, acting)).toBe(false);
    expect(HOLD_READINGS).toBeGreaterThan(1);
    s = observe(s, acting, true);
    expect(canNext(s, acting)).toBe(false);
    s = observe(s, acting, false); // the thread between two kernels: on neither board
    expect(progressOf(s).held).toBe(0);
    s = meet(s, acting);
    expect(progressOf(s).met).toBe(true);
    expect(canNext(s, acting)).toBe(true);
    expect(next(s, lesson).step).toBe(2);
  });

  it('asks for the prediction before the action, and scores it once the outcome is there', () => {
    let s: PlayerState = {
      step: 2,
      progress: [progressOf(startLesson()), progressOf(startLesson()), progressOf(startLesson())],
      finished: false,
    };
    s = { ...s, progress: s.progress.map((p, i) => (i < 2 ? { ...p, met: true } : p)) };
    expect(canAct(s, predicting)).toBe(false);
    expect(watching(s, predicting)).toBe(false);
    expect(observe(s, predicting, true, 0)).toBe(s); // not watched before the answer
    s = answer(s, predicting, 1);
    expect(progressOf(s).answer).toBe(1);
    expect(canAct(s, predicting)).toBe(true);
    s = act(s, predicting);
    expect(answer(s, predicting, 0)).toBe(s); // no changing one's mind once the machine is at work
    s = meet(s, predicting, 0);
    expect(progressOf(s)).toMatchObject({ answer: 1, right: 0, met: true });
  });

  it('says none of the answers was right when the machine bore none out', () => {
    let s: PlayerState = { step: 0, progress: [progressOf(startLesson())], finished: false };
    const step: Step = { ...predicting, action: undefined };
    s = answer(s, step, 0);
    s = meet(s, step, undefined);
    expect(progressOf(s).right).toBeNull();
  });

  it('goes back to an earlier step as it ended, without its action, and forward again', () => {
    let s = next(startLesson(), lesson);
    s = meet(act(s, acting), acting);
    s = next(s, lesson);
    s = back(s);
    expect(s.step).toBe(1);
    expect(revisited(s)).toBe(true);
    expect(canAct(s, acting)).toBe(false);
    expect(watching(s, acting)).toBe(false);
    expect(canNext(s, acting)).toBe(true);
    s = next(s, lesson);
    expect(s.step).toBe(2);
    expect(revisited(s)).toBe(false);
    expect(back(back(back(s))).step).toBe(0);
  });

  it('goes back from the end to the last step', () => {
    const done: PlayerState = { step: 2, progress: [], finished: true };
    expect(back(done)).toMatchObject({ step: 2, finished: false });
  });
});
