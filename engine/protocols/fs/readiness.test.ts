import { describe, expect, it } from 'vitest';
import { beforePoll, changed, LOST, readinessOf, watchable, type Watch } from './readiness';

const quiet = { readable: false, writable: true, hangup: false, error: false, readHangup: false };

describe('readiness of descriptions kept at the home', () => {
  it('watches named pipes and devices, never regular files, directories or symlinks', () => {
    expect(['fifo', 'char'].every((k) => watchable(k as 'fifo'))).toBe(true);
    expect(['file', 'dir', 'symlink'].some((k) => watchable(k as 'file'))).toBe(false);
  });

  it('asks for the pipes not watched yet, and waits while any is unanswered', () => {
    const watches = new Map<number, Watch>([
      [1, { phase: 'known', readiness: quiet }],
      [2, { phase: 'asked' }],
    ]);
    const of = (h: number) => watches.get(h);
    const fifo = (handle: number) => ({ handle, kind: 'fifo' as const });
    expect(beforePoll([fifo(1)], of)).toEqual({ watch: [], wait: false });
    expect(beforePoll([fifo(1), fifo(2)], of)).toEqual({ watch: [], wait: true });
    expect(beforePoll([fifo(1), fifo(3), fifo(3)], of)).toEqual({ watch: [3], wait: true });
    expect(beforePoll([{ handle: 4, kind: 'file' }], of)).toEqual({ watch: [], wait: false });
    expect(beforePoll([], of)).toEqual({ watch: [], wait: false });
  });

  it('tells the first readiness and every change, not a state told already', () => {
    expect(changed(undefined, quiet)).toBe(true);
    expect(changed(quiet, { ...quiet })).toBe(false);
    for (const k of ['readable', 'writable', 'hangup', 'error', 'readHangup'] as const)
      expect(changed(quiet, { ...quiet, [k]: !quiet[k] })).toBe(true);
    expect(readinessOf({ readable: true, writable: false })).toEqual({
      readable: true,
      writable: false,
      hangup: false,
      error: false,
      readHangup: false,
    });
  });

  it('reports a lost home as ready with an error, so a poll returns and the read says EIO', () => {
    expect(LOST).toEqual({ readable: true, writable: true, hangup: true, error: true, readHangup: true });
  });
});
