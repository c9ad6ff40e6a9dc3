import { describe, expect, it } from 'vitest';
import { drawsNow, REPLAY_DRAW_MS } from './replay-frames';

describe('the page’s drawing while a share link replays', () => {
  it('draws every frame of a run that is not a replay', () => {
    expect(drawsNow(false, 1000, 1000 - 16)).toBe(true);
    expect(drawsNow(false, 1000, 1000)).toBe(true);
  });

  it('draws twice a second while replaying: the first frame, then every REPLAY_DRAW_MS', () => {
    expect(drawsNow(true, 1000, -Infinity)).toBe(true);
    expect(drawsNow(true, 1000 + REPLAY_DRAW_MS - 1, 1000)).toBe(false);
    expect(drawsNow(true, 1000 + REPLAY_DRAW_MS, 1000)).toBe(true);
    expect(REPLAY_DRAW_MS).toBeGreaterThanOrEqual(100);
  });
});
