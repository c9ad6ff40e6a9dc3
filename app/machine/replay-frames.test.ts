import { describe, expect, it } from 'vitest';
import { frameWork, REPLAY_PROGRESS_MS } from './replay-frames';

describe('the page’s work per frame while a share link replays', () => {
  it('draws every frame of a run that is not a replay', () => {
    expect(frameWork(false, 1000, 1000 - 16)).toBe('draw');
    expect(frameWork(false, 1000, 1000)).toBe('draw');
    expect(frameWork(false, 1000, -Infinity)).toBe('draw');
  });

  it('while replaying, never draws: a progress snapshot in the first frame, then every REPLAY_PROGRESS_MS', () => {
    expect(frameWork(true, 1000, -Infinity)).toBe('progress');
    expect(frameWork(true, 1000 + REPLAY_PROGRESS_MS - 1, 1000)).toBe('pace');
    expect(frameWork(true, 1000 + REPLAY_PROGRESS_MS, 1000)).toBe('progress');
    expect(REPLAY_PROGRESS_MS).toBeGreaterThanOrEqual(100);
  });
});
