// The lessons the page offers: every lesson file in this folder (NN-name.json: a scenario with a
// `lesson` key, lesson-format.ts), parsed once, in the order of their numbers. A lesson opens
// from the menu or from its link, `#lesson=N`, which boots its scenario at its first step.

import { parseScenario } from '../../engine/machine/scenario';
import { parseLesson, type Lesson } from './lesson-format';

export interface CatalogueLesson {
  lesson: Lesson;
  /** The lesson file's text: the scenario the page boots (the lesson inside it). */
  scenarioText: string;
}

const files = import.meta.glob<string>('./*.json', { query: '?raw', import: 'default', eager: true });

/** Parses a lesson file; throws naming the file and what is wrong with it. */
export function lessonOfFile(path: string, text: string): CatalogueLesson {
  try {
    const scenario = parseScenario(text);
    const lesson = parseLesson(JSON.parse(text) as unknown, scenario.machine.kernels.length);
    if (!lesson) throw new Error('it has no "lesson"');
    return { lesson, scenarioText: text };
  } catch (err) {
    throw new Error(`lesson file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const LESSONS: readonly CatalogueLesson[] = Object.entries(files)
  .map(([path, text]) => lessonOfFile(path, text))
  .sort((a, b) => a.lesson.id - b.lesson.id);

const FRAGMENT = /^#lesson=(\d+)$/;

/** The link fragment that opens lesson `id`. */
export function lessonFragment(id: number): string {
  return `#lesson=${id}`;
}

/** Whether a URL fragment names a lesson (known or not). */
export function isLessonFragment(hash: string): boolean {
  return FRAGMENT.test(hash);
}

/** The lesson a URL fragment names: the lesson, or why there is none; undefined if it names no lesson. */
export function lessonOfFragment(hash: string): CatalogueLesson | { missing: string } | undefined {
  const m = FRAGMENT.exec(hash);
  if (!m) return undefined;
  const found = LESSONS.find((l) => l.lesson.id === Number(m[1]));
  return (
    found ?? { missing: `there is no lesson ${m[1]} (the lessons are ${LESSONS.map((l) => l.lesson.id).join(', ')})` }
  );
}

/** The lesson a scenario's text carries (a lesson file, or a share link taken during a lesson), or why it is broken. */
export function lessonInScenario(text: string): { lesson?: Lesson; error?: string } {
  try {
    const json = JSON.parse(text) as unknown;
    const lesson = parseLesson(json, parseScenario(text).machine.kernels.length);
    return lesson ? { lesson } : {};
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
