// What a lesson is, as data: a scenario file (the JSON that engine/machine/scenarios/ holds,
// which the machine boots) with one more key, `lesson`, holding its number, title and ordered
// steps. parseLesson() validates that key and says exactly what is wrong, as parseScenario()
// does for the rest; the machine ignores the key, so a lesson file boots with `popcorn
// scenario` too, and a share link taken during a lesson carries the lesson with it.
//
// A step is narration the reader moves through with Next and Back. It may point at a view of the
// page, perform an action on the live machine when the reader presses its button, ask the reader
// to predict the outcome first (each choice names the condition that makes it right, so the page
// says which was right from the machine's real state), and wait for a condition before Next is
// offered. Conditions are evaluated against the live machine in conditions.ts.

/** Whether a condition counts from the moment the step began (its action, if any) or from boot. */
export type Since = 'step' | 'boot';

export type Condition =
  /** This many epochs (100 µs each) have passed since the step began. */
  | { kind: 'epochs'; count: number }
  /** Kernel `kernel`'s terminal printed text matching the regular expression `match`. */
  | { kind: 'output'; kernel: number; match: string; since?: Since }
  /**
   * A thread of program `comm` runs on kernel `on` (any kernel when absent); `away`: on a kernel
   * other than its origin (true) or at its origin (false); `count`: at least that many such threads.
   */
  | { kind: 'thread'; comm: string; on?: number; away?: boolean; count?: number }
  /** No thread of program `comm` exists anywhere in the machine. */
  | { kind: 'no-thread'; comm: string }
  /**
   * Messages of type `type` (TASK_MIGRATE, NODE_INFO, …) sent (by kernel `from`, or by any), at
   * least `min` (default 1; 0 when `max` is given) and at most `max`.
   */
  | { kind: 'messages'; type: string; from?: number; min?: number; max?: number; since?: Since }
  /** Kernel `kernel` is up. */
  | { kind: 'kernel-up'; kernel: number }
  /**
   * Two numbers the terminal of `kernel` printed (since the step began, or boot), each the first
   * capture group of its regular expression's last match, compare with `op`.
   */
  | { kind: 'compare'; kernel: number; left: string; op: '<' | '>'; right: string; since?: Since }
  /** A number the terminal of `kernel` printed (the first capture group of the last match of `match`) lies in [min, max]. */
  | { kind: 'number'; kernel: number; match: string; min?: number; max?: number; since?: Since }
  /**
   * At least `min` (default 1) pages of the process running program `comm` are held by at least
   * `holders` kernels (default 1), and, with `writer`, may be written by kernel `writer` (-1:
   * by none, every copy read-only). Read from the process's origin, as the pages view shows it.
   */
  | { kind: 'pages'; comm: string; holders?: number; writer?: number; min?: number }
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition };

export type LessonAction =
  /** Types `text` into kernel `kernel`'s terminal, as a person would ("\r" is Enter). */
  | { kind: 'type'; kernel: number; text: string }
  /** Moves the first thread of program `comm` to kernel `to`, as the threads panel does. */
  | { kind: 'migrate'; comm: string; to: number }
  /** Crashes kernel `kernel` (stop), or boots it again (boot), as its terminal bar's button does. */
  | { kind: 'stop' | 'boot'; kernel: number }
  | { kind: 'pause' }
  | { kind: 'run' };

export interface Choice {
  text: string;
  /** What makes this answer the right one, read from the machine once the step's outcome is there. */
  when: Condition;
}

export interface Prediction {
  question: string;
  choices: Choice[];
}

/** The parts of the page a step can point at (POINT_SELECTORS in LessonPlayer), or `terminal-K`. */
export const POINTS = [
  'machine',
  'memory',
  'threads',
  'timeline',
  'pages',
  'messages',
  'network',
  'inspector',
] as const;
export type Point = (typeof POINTS)[number] | `terminal-${number}`;

export interface Step {
  text: string;
  point?: Point;
  /** The process the pages view shows during the step: the first with a thread of this program. */
  focus?: string;
  action?: LessonAction;
  /** The action's button, when the generated one ("Type busy into kernel 1") is not clear enough. */
  label?: string;
  predict?: Prediction;
  /** What must hold before Next is offered (after the action, if any). */
  until?: Condition;
  /** Said once `until` holds: what the reader just saw. */
  done?: string;
}

export interface Lesson {
  /** Its number in the menu and in links (#lesson=N). */
  id: number;
  title: string;
  /** One line for the menu. */
  summary: string;
  /** Pause the machine as the lesson opens: nothing happens before a step's action runs it. */
  paused?: boolean;
  steps: Step[];
}

export class LessonError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function fail(why: string): never {
  throw new LessonError(why);
}

function obj(v: Json | undefined, where: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object`);
  return v;
}

function str(v: Json | undefined, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(`${where} must be a non-empty string`);
  return v;
}

function int(v: Json | undefined, where: string, min = 0, max = 1_000_000_000): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(`${where} must be a whole number from ${min} to ${max}`);
  return v;
}

function num(v: Json | undefined, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} must be a number`);
  return v;
}

function regex(v: Json | undefined, where: string): string {
  const s = str(v, where);
  try {
    new RegExp(s);
  } catch (err) {
    fail(`${where} is not a regular expression: ${(err as Error).message}`);
  }
  return s;
}

function since(v: Json | undefined, where: string): Since | undefined {
  if (v === undefined) return undefined;
  if (v !== 'step' && v !== 'boot') fail(`${where} must be "step" or "boot"`);
  return v;
}

function list(v: Json | undefined, where: string): Json[] {
  if (!Array.isArray(v) || v.length === 0) fail(`${where} must be a non-empty list`);
  return v;
}

/** Checks a condition; `kernels` is the scenario's kernel count. */
export function parseCondition(v: Json | undefined, where: string, kernels: number): Condition {
  const o = obj(v, where);
  const kernel = (k: Json | undefined, w: string) => int(k, w, 0, kernels - 1);
  switch (o.kind) {
    case 'epochs':
      return { kind: 'epochs', count: int(o.count, `${where}.count`, 1) };
    case 'output':
      return {
        kind: 'output',
        kernel: kernel(o.kernel, `${where}.kernel`),
        match: regex(o.match, `${where}.match`),
        ...(o.since === undefined ? {} : { since: since(o.since, `${where}.since`) }),
      };
    case 'thread': {
      const c: Condition = { kind: 'thread', comm: str(o.comm, `${where}.comm`) };
      if (o.on !== undefined) c.on = kernel(o.on, `${where}.on`);
      if (o.away !== undefined) {
        if (typeof o.away !== 'boolean') fail(`${where}.away must be true or false`);
        c.away = o.away;
      }
      if (o.count !== undefined) c.count = int(o.count, `${where}.count`, 1);
      return c;
    }
    case 'no-thread':
      return { kind: 'no-thread', comm: str(o.comm, `${where}.comm`) };
    case 'messages': {
      const c: Condition = { kind: 'messages', type: str(o.type, `${where}.type`) };
      if (o.from !== undefined) c.from = kernel(o.from, `${where}.from`);
      if (o.min !== undefined) c.min = int(o.min, `${where}.min`);
      if (o.max !== undefined) c.max = int(o.max, `${where}.max`);
      if (o.since !== undefined) c.since = since(o.since, `${where}.since`);
      return c;
    }
    case 'kernel-up':
      return { kind: 'kernel-up', kernel: kernel(o.kernel, `${where}.kernel`) };
    case 'compare': {
      if (o.op !== '<' && o.op !== '>') fail(`${where}.op must be "<" or ">"`);
      const c: Condition = {
        kind: 'compare',
        kernel: kernel(o.kernel, `${where}.kernel`),
        left: regex(o.left, `${where}.left`),
        op: o.op,
        right: regex(o.right, `${where}.right`),
      };
      if (o.since !== undefined) c.since = since(o.since, `${where}.since`);
      return c;
    }
    case 'number': {
      const c: Condition = {
        kind: 'number',
        kernel: kernel(o.kernel, `${where}.kernel`),
        match: regex(o.match, `${where}.match`),
      };
      if (o.min !== undefined) c.min = num(o.min, `${where}.min`);
      if (o.max !== undefined) c.max = num(o.max, `${where}.max`);
      if (o.since !== undefined) c.since = since(o.since, `${where}.since`);
      return c;
    }
    case 'pages': {
      const c: Condition = { kind: 'pages', comm: str(o.comm, `${where}.comm`) };
      if (o.holders !== undefined) c.holders = int(o.holders, `${where}.holders`, 1, kernels);
      if (o.writer !== undefined) c.writer = int(o.writer, `${where}.writer`, -1, kernels - 1);
      if (o.min !== undefined) c.min = int(o.min, `${where}.min`);
      return c;
    }
    case 'not':
      return { kind: 'not', of: parseCondition(o.of, `${where}.of`, kernels) };
    case 'all':
    case 'any':
      return {
        kind: o.kind,
        of: list(o.of, `${where}.of`).map((c, i) => parseCondition(c, `${where}.of[${i}]`, kernels)),
      };
    default:
      fail(
        `${where}.kind must be epochs, output, thread, no-thread, messages, kernel-up, compare, number, pages, all, any or not (got ${JSON.stringify(o.kind ?? null)})`,
      );
  }
}

function parseAction(v: Json | undefined, where: string, kernels: number): LessonAction {
  const o = obj(v, where);
  switch (o.kind) {
    case 'type':
      return {
        kind: 'type',
        kernel: int(o.kernel, `${where}.kernel`, 0, kernels - 1),
        text: str(o.text, `${where}.text`),
      };
    case 'migrate':
      return { kind: 'migrate', comm: str(o.comm, `${where}.comm`), to: int(o.to, `${where}.to`, 0, kernels - 1) };
    case 'stop':
    case 'boot':
      return { kind: o.kind, kernel: int(o.kernel, `${where}.kernel`, 0, kernels - 1) };
    case 'pause':
    case 'run':
      return { kind: o.kind };
    default:
      fail(`${where}.kind must be type, migrate, stop, boot, pause or run (got ${JSON.stringify(o.kind ?? null)})`);
  }
}

function parsePoint(v: Json | undefined, where: string, kernels: number): Point {
  const s = str(v, where);
  const terminal = /^terminal-(\d+)$/.exec(s);
  if (terminal) {
    int(Number(terminal[1]), `${where}'s kernel`, 0, kernels - 1);
    return s as Point;
  }
  if (!(POINTS as readonly string[]).includes(s)) fail(`${where} must be one of ${POINTS.join(', ')} or terminal-K`);
  return s as Point;
}

function parseStep(v: Json, where: string, kernels: number): Step {
  const o = obj(v, where);
  const step: Step = { text: str(o.text, `${where}.text`) };
  if (o.point !== undefined) step.point = parsePoint(o.point, `${where}.point`, kernels);
  if (o.focus !== undefined) step.focus = str(o.focus, `${where}.focus`);
  if (o.action !== undefined) step.action = parseAction(o.action, `${where}.action`, kernels);
  if (o.label !== undefined) step.label = str(o.label, `${where}.label`);
  if (o.predict !== undefined) {
    const p = obj(o.predict, `${where}.predict`);
    const choices = list(p.choices, `${where}.predict.choices`).map((c, i) => {
      const co = obj(c, `${where}.predict.choices[${i}]`);
      return {
        text: str(co.text, `${where}.predict.choices[${i}].text`),
        when: parseCondition(co.when, `${where}.predict.choices[${i}].when`, kernels),
      };
    });
    if (choices.length < 2) fail(`${where}.predict.choices must offer at least two answers`);
    step.predict = { question: str(p.question, `${where}.predict.question`), choices };
    if (o.until === undefined) fail(`${where} predicts, so it needs an "until": the outcome the answer is checked at`);
  }
  if (o.until !== undefined) step.until = parseCondition(o.until, `${where}.until`, kernels);
  if (o.done !== undefined) step.done = str(o.done, `${where}.done`);
  return step;
}

/**
 * The lesson a scenario's JSON carries under `lesson`, checked against the scenario's kernel
 * count; undefined when it carries none. Throws a LessonError naming what is wrong.
 */
export function parseLesson(scenario: unknown, kernels: number): Lesson | undefined {
  const root = obj(scenario as Json, 'the scenario');
  if (root.lesson === undefined) return undefined;
  const o = obj(root.lesson, 'lesson');
  if (o.paused !== undefined && typeof o.paused !== 'boolean') fail('lesson.paused must be true or false');
  return {
    id: int(o.id, 'lesson.id', 1, 999),
    title: str(o.title, 'lesson.title'),
    summary: str(o.summary, 'lesson.summary'),
    ...(o.paused === true ? { paused: true } : {}),
    steps: list(o.steps, 'lesson.steps').map((s, i) => parseStep(s, `lesson.steps[${i}]`, kernels)),
  };
}
