// Evaluating a lesson's conditions, pure: a LessonWorld is what the page read from the live
// machine at one moment (its epoch, its threads as the kernels' boards list them, which kernels
// are up, what each terminal printed and how many messages of each type were sent, since the
// step began or since boot), and holds() says whether a condition is true of it. The page
// builds the world from the machine (live-world.ts); the tests build it by hand.

import type { Condition, Prediction, Since } from './lesson-format';

/** A thread as the lesson sees it. */
export interface WorldThread {
  pid: number;
  tid: number;
  comm: string;
  /** The kernel that created it. */
  origin: number;
  /** The kernel it runs on. */
  kernel: number;
}

export interface LessonWorld {
  /** Epochs since the step began. */
  epochs: number;
  threads: readonly WorldThread[];
  up: readonly boolean[];
  /** What kernel `kernel`'s terminal printed (escape sequences removed). */
  output(kernel: number, since: Since): string;
  /** Messages of type `type` sent by kernel `from`, or by every kernel together. */
  messages(type: string, since: Since, from?: number): number;
  /** The pages of the process running program `comm` (undefined until its origin published them). */
  pages(comm: string): readonly WorldPage[] | undefined;
}

/** A page of a process: the kernels holding a copy, and the one that may write it (-1: none). */
export interface WorldPage {
  holders: readonly number[];
  writer: number;
}

/** The first capture group of the last match of `pattern` in `text`, as a number. */
export function lastNumber(text: string, pattern: string): number | undefined {
  let value: number | undefined;
  for (const m of text.matchAll(new RegExp(pattern, 'g'))) {
    const n = Number(m[1]);
    if (m[1] !== undefined && Number.isFinite(n)) value = n;
  }
  return value;
}

export function holds(c: Condition, w: LessonWorld): boolean {
  switch (c.kind) {
    case 'epochs':
      return w.epochs >= c.count;
    case 'output':
      return new RegExp(c.match, 'm').test(w.output(c.kernel, c.since ?? 'step'));
    case 'thread': {
      const matching = w.threads.filter(
        (t) =>
          t.comm === c.comm &&
          (c.on === undefined || t.kernel === c.on) &&
          (c.away === undefined || (t.kernel !== t.origin) === c.away),
      );
      return matching.length >= (c.count ?? 1);
    }
    case 'no-thread':
      return !w.threads.some((t) => t.comm === c.comm);
    case 'messages': {
      const n = w.messages(c.type, c.since ?? 'step', c.from);
      // "max: 0" alone means none was sent
      return n >= (c.min ?? (c.max === undefined ? 1 : 0)) && (c.max === undefined || n <= c.max);
    }
    case 'kernel-up':
      return w.up[c.kernel] === true;
    case 'compare': {
      const text = w.output(c.kernel, c.since ?? 'step');
      const left = lastNumber(text, c.left);
      const right = lastNumber(text, c.right);
      if (left === undefined || right === undefined) return false;
      return c.op === '<' ? left < right : left > right;
    }
    case 'number': {
      const n = lastNumber(w.output(c.kernel, c.since ?? 'step'), c.match);
      return n !== undefined && (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
    }
    case 'pages': {
      const pages = w.pages(c.comm) ?? [];
      const n = pages.filter(
        (p) => p.holders.length >= (c.holders ?? 1) && (c.writer === undefined || p.writer === c.writer),
      ).length;
      return n >= (c.min ?? 1);
    }
    case 'all':
      return c.of.every((x) => holds(x, w));
    case 'any':
      return c.of.some((x) => holds(x, w));
    case 'not':
      return !holds(c.of, w);
  }
}

/** The index of the answer the machine bears out (the first whose condition holds), or undefined if none does. */
export function rightAnswer(p: Prediction, w: LessonWorld): number | undefined {
  const i = p.choices.findIndex((c) => holds(c.when, w));
  return i < 0 ? undefined : i;
}

/** The first thread of program `comm` (the lowest tid: a program's main thread), if any. */
export function firstThread(threads: readonly WorldThread[], comm: string): WorldThread | undefined {
  return threads.filter((t) => t.comm === comm).sort((a, b) => a.tid - b.tid)[0];
}

/** What a condition waits for, said for the reader ("busy runs on kernel 0"). */
export function describe(c: Condition): string {
  switch (c.kind) {
    case 'epochs':
      return `${c.count} epochs to pass`;
    case 'output':
      return `kernel ${c.kernel}’s terminal to print the result`;
    case 'thread': {
      const where =
        c.on !== undefined
          ? ` on kernel ${c.on}`
          : c.away === true
            ? ' away from home'
            : c.away === false
              ? ' at home'
              : '';
      return c.count && c.count > 1 ? `${c.count} threads of ${c.comm} to run${where}` : `${c.comm} to run${where}`;
    }
    case 'no-thread':
      return `${c.comm} to end`;
    case 'messages':
      return c.from === undefined ? `${c.type} to be sent` : `kernel ${c.from} to send ${c.type}`;
    case 'kernel-up':
      return `kernel ${c.kernel} to be up`;
    case 'compare':
      return `kernel ${c.kernel}’s terminal to print both figures`;
    case 'number':
      return `kernel ${c.kernel}’s terminal to print the figure`;
    case 'pages':
      return `the pages view to show ${c.comm}’s pages`;
    case 'all':
      return c.of.map(describe).join(', and ');
    case 'any':
      return c.of[0] ? describe(c.of[0]) : 'nothing';
    case 'not':
      return `not: ${describe(c.of)}`;
  }
}
