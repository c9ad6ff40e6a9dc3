import { describe, expect, it } from 'vitest';
import { GONE_AFTER_READINGS, HINT_START, nextHint, type DemoPlace, type HintState } from './hint-stage';

/** The states after each reading, from the start. */
function story(readings: Array<DemoPlace | undefined>): HintState[] {
  const states: HintState[] = [];
  let s = HINT_START;
  for (const r of readings) states.push((s = nextHint(s, r)));
  return states;
}

const busy = (kernel: number): DemoPlace => ({ pid: 6, origin: 1, kernel });

describe('the guided hint', () => {
  it('waits for the demo, then tells it runs where it was created', () => {
    expect(story([undefined, busy(1)]).map((s) => s.stage)).toEqual(['waiting', 'running']);
  });

  it('tells it moved, and that it came home when it goes back to its origin (not that it moved there)', () => {
    const states = story([busy(1), busy(0), busy(1), busy(1)]);
    expect(states.map((s) => s.stage)).toEqual(['running', 'moved', 'home', 'home']);
    expect(states[2]).toMatchObject({ origin: 1, kernel: 1, from: 0 });
    expect(states[3]).toBe(states[2]); // nothing changed: the same state, no re-render
  });

  it('moves on from home when it leaves again', () => {
    expect(story([busy(1), busy(0), busy(1), busy(0)]).map((s) => s.stage)).toEqual([
      'running',
      'moved',
      'home',
      'moved',
    ]);
  });

  it('keeps the story while the demo is between kernels, and says it ended once it stays away', () => {
    const between = Array.from({ length: GONE_AFTER_READINGS - 1 }, () => undefined);
    const states = story([busy(1), ...between, busy(0)]);
    expect(states.map((s) => s.stage)).toEqual(['running', ...between.map(() => 'running'), 'moved']);
    const ended = story([busy(1), busy(0), ...Array.from({ length: GONE_AFTER_READINGS }, () => undefined)]);
    expect(ended.at(-1)?.stage).toBe('gone');
  });

  it('starts the story again for a demo started anew, even after one that ended away from home', () => {
    const gone = Array.from({ length: GONE_AFTER_READINGS }, () => undefined);
    const states = story([busy(1), busy(0), ...gone, { pid: 8, origin: 1, kernel: 1 }]);
    expect(states.at(-1)?.stage).toBe('running');
  });
});
