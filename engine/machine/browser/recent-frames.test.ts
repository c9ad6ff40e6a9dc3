import { describe, expect, it } from 'vitest';
import { RecentFrames } from './recent-frames';

describe('the frames a kernel sent, kept for the network view', () => {
  it('keeps the latest `capacity` with their ordinals, and gives those from an ordinal on', () => {
    const frames = new RecentFrames(3);
    for (let i = 0; i < 5; i++) frames.record(1, 100 + i, i * 10, i * 10 + 5, Uint8Array.of(i));
    expect(frames.count).toBe(5);
    expect(frames.since(0).map((f) => f.ordinal)).toEqual([2, 3, 4]);
    expect(frames.since(4)).toEqual([
      { to: 1, seq: 104, ordinal: 4, sentAt: 40, deliverAt: 45, body: Uint8Array.of(4) },
    ]);
    expect(frames.since(5)).toEqual([]);
  });
});
