// The lesson player's state, pure (tested without a browser): which step the reader is on, how
// far they have been, and for each step reached: their answer to its prediction, whether its
// action was done, whether its condition was met and which answer the machine bore out. The
// player (LessonPlayer.tsx) feeds it the reader's clicks and, a few times a second, what the
// live machine says of the step's condition; this decides what may happen next.
//
// The order within a step: answer the prediction (if it asks one), then do the action (if it
// has one, or do the same by hand), then wait until the condition holds on HOLD_READINGS readings in a row (a thread
// between two kernels is on neither board for a moment: one reading is not enough to say it
// ended), then Next. Back shows an earlier step as it ended; it never runs its action again.

import type { Lesson, Step } from './lesson-format';

/** Readings in a row on which a step's condition must hold. */
export const HOLD_READINGS = 2;

export interface StepProgress {
  /** The reader's answer to the prediction. */
  answer: number | undefined;
  acted: boolean;
  /** Readings in a row so far on which the condition held. */
  held: number;
  met: boolean;
  /** The answer the machine bore out, once met (null: none of the choices). */
  right: number | null | undefined;
}

export interface PlayerState {
  step: number;
  /** Progress of every step reached, by index. */
  progress: StepProgress[];
  finished: boolean;
}

const FRESH: StepProgress = { answer: undefined, acted: false, held: 0, met: false, right: undefined };

export function startLesson(): PlayerState {
  return { step: 0, progress: [FRESH], finished: false };
}

function current(s: PlayerState): StepProgress {
  return s.progress[s.step] ?? FRESH;
}

function withProgress(s: PlayerState, p: StepProgress): PlayerState {
  const progress = s.progress.slice();
  progress[s.step] = p;
  return { ...s, progress };
}

/** Whether the step is one the reader has moved past (shown as it ended, nothing to do). */
export function revisited(s: PlayerState): boolean {
  return s.step < s.progress.length - 1;
}

/** Whether the step's action button is offered now. */
export function canAct(s: PlayerState, step: Step): boolean {
  const p = current(s);
  return !!step.action && !p.acted && !p.met && !revisited(s) && (!step.predict || p.answer !== undefined);
}

/** Whether the machine is being watched for the step's condition. */
export function watching(s: PlayerState, step: Step): boolean {
  const p = current(s);
  if (!step.until || p.met || revisited(s)) return false;
  // the reader may bring the outcome about by hand (the threads panel, the terminal) instead of the button
  return !step.predict || p.answer !== undefined;
}

export function canNext(s: PlayerState, step: Step): boolean {
  const p = current(s);
  if (revisited(s) || p.met) return true;
  if (step.until) return false;
  return !step.action || p.acted;
}

export function answer(s: PlayerState, step: Step, choice: number): PlayerState {
  const p = current(s);
  if (!step.predict || p.acted || p.met || revisited(s)) return s;
  if (choice < 0 || choice >= step.predict.choices.length) return s;
  return withProgress(s, { ...p, answer: choice });
}

export function act(s: PlayerState, step: Step): PlayerState {
  return canAct(s, step) ? withProgress(s, { ...current(s), acted: true }) : s;
}

/**
 * One reading of the machine: whether the step's condition holds, and (for a prediction) the
 * answer it bears out at this moment.
 */
export function observe(s: PlayerState, step: Step, holdsNow: boolean, right?: number): PlayerState {
  if (!watching(s, step)) return s;
  const p = current(s);
  if (!holdsNow) return p.held === 0 ? s : withProgress(s, { ...p, held: 0 });
  const held = p.held + 1;
  if (held < HOLD_READINGS) return withProgress(s, { ...p, held });
  return withProgress(s, { ...p, held, met: true, right: step.predict ? (right ?? null) : undefined });
}

export function next(s: PlayerState, lesson: Lesson): PlayerState {
  const step = lesson.steps[s.step];
  if (!step || !canNext(s, step)) return s;
  if (s.step + 1 >= lesson.steps.length) return { ...s, finished: true };
  const progress = s.progress.length > s.step + 1 ? s.progress : [...s.progress, FRESH];
  return { ...s, step: s.step + 1, progress };
}

export function back(s: PlayerState): PlayerState {
  if (s.finished) return { ...s, finished: false };
  return s.step === 0 ? s : { ...s, step: s.step - 1 };
}

export function progressOf(s: PlayerState): StepProgress {
  return current(s);
}
