// Where the guided hint's story is, pure (tested without a browser): the demo not started yet,
// running where it was created, moved away (its writes forwarded home), back home after a
// move, or ended. The hint reads the demo's thread a few times per second and steps this on.

export type HintStage = 'waiting' | 'running' | 'moved' | 'home' | 'gone';

export interface HintState {
  stage: HintStage;
  /** The demo's process (0 before it started). */
  pid: number;
  /** The kernel that created it, and the one it runs on now (or ran on last). */
  origin: number;
  kernel: number;
  /** The kernel it came home from (for 'home'). */
  from: number;
  /** Readings in a row that did not find it. */
  missing: number;
}

/** Where the demo is when a reading finds it. */
export interface DemoPlace {
  pid: number;
  origin: number;
  kernel: number;
}

/** Before the demo appears: the default scenario starts it on kernel 1. */
export const HINT_START: HintState = { stage: 'waiting', pid: 0, origin: 1, kernel: 1, from: 1, missing: 0 };

/**
 * Readings in a row without the demo before the hint says it ended: a thread between two
 * kernels is listed by neither for an epoch or two, which must not read as its end.
 */
export const GONE_AFTER_READINGS = 4;

/** The state after a reading that found the demo at `demo`, or did not find it. */
export function nextHint(s: HintState, demo: DemoPlace | undefined): HintState {
  if (!demo) {
    if (s.stage === 'waiting' || s.stage === 'gone') return s;
    const missing = s.missing + 1;
    return { ...s, missing, stage: missing >= GONE_AFTER_READINGS ? 'gone' : s.stage };
  }
  const { pid, origin, kernel } = demo;
  const same = pid === s.pid && s.stage !== 'waiting';
  // at home after it had moved: back from where it was (a demo started anew has not moved)
  const back = same && kernel === origin && (s.stage === 'home' || s.kernel !== origin);
  const stage: HintStage = kernel !== origin ? 'moved' : back ? 'home' : 'running';
  const from = stage === 'home' && s.stage !== 'home' ? s.kernel : s.from;
  const next = { stage, pid, origin, kernel, from, missing: 0 };
  const unchanged = (Object.keys(next) as Array<keyof HintState>).every((key) => next[key] === s[key]);
  return unchanged ? s : next;
}
