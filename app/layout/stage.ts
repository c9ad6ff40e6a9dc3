// What a lesson step puts on stage in the teaching layout (teaching.css): the terminal the step
// uses and the view it is about, beside the lesson, the machine and the "what just happened"
// panel, all on one screen. The terminal is the kernel the step types into or points at, else
// the first whose output its prediction or its outcome reads, else the previous step's; the
// view is the one the step points at, or the messages view when it points at the machine (shown
// anyway) or at a terminal (on stage already). Pure: LessonPlayer publishes the result, and the
// layout test computes the same to know what must be on screen.

import type { Condition, Point, Step } from '../lessons/lesson-format';

/** The views that can take the stage (the others, the machine and memory, have a place of their own). */
export type StageView = 'threads' | 'timeline' | 'pages' | 'messages' | 'inspector';

export interface Stage {
  /** The view beside the terminal. */
  view: StageView;
  /** The kernel whose terminal is on stage. */
  kernel: number;
}

/** The stage before any step says otherwise. */
export const DEFAULT_STAGE: Stage = { view: 'messages', kernel: 0 };

/** The first kernel whose terminal output `c` reads, depth first. */
function outputKernel(c: Condition | undefined): number | undefined {
  if (!c) return undefined;
  switch (c.kind) {
    case 'output':
    case 'compare':
    case 'number':
      return c.kernel;
    case 'all':
    case 'any':
      for (const d of c.of) {
        const k = outputKernel(d);
        if (k !== undefined) return k;
      }
      return undefined;
    case 'not':
      return outputKernel(c.of);
    default:
      return undefined;
  }
}

/** The kernel whose terminal step `step` uses, if it says. */
export function stepKernel(step: Step): number | undefined {
  if (step.action?.kind === 'type') return step.action.kernel;
  const pointed = /^terminal-(\d+)$/.exec(step.point ?? '');
  if (pointed) return Number(pointed[1]);
  for (const choice of step.predict?.choices ?? []) {
    const k = outputKernel(choice.when);
    if (k !== undefined) return k;
  }
  return outputKernel(step.until);
}

function stageView(point: Point | undefined): StageView {
  switch (point) {
    case 'threads':
    case 'timeline':
    case 'pages':
    case 'messages':
    case 'inspector':
      return point;
    default:
      return DEFAULT_STAGE.view;
  }
}

/** The stage of each step of a lesson, in order (a step that names no terminal keeps the one before). */
export function lessonStages(steps: readonly Step[]): Stage[] {
  let kernel = DEFAULT_STAGE.kernel;
  return steps.map((step) => {
    kernel = stepKernel(step) ?? kernel;
    return { view: stageView(step.point), kernel };
  });
}
