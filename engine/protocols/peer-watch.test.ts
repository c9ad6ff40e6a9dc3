import { describe, expect, it } from 'vitest';
import { watchPeers } from './peer-watch';

describe('watching peers at epoch starts', () => {
  it('reports a peer dying once, and coming back once', () => {
    const dead = new Set<number>();
    let now = new Set<number>();
    const step = () => watchPeers(dead, 4, 0, (k) => now.has(k));
    expect(step()).toEqual({ dead: new Set(), died: [], back: [] });
    now = new Set([2]);
    const died = step();
    expect(died.died).toEqual([2]);
    // still dead at the next epoch start: nothing new
    expect(watchPeers(died.dead, 4, 0, (k) => now.has(k)).died).toEqual([]);
    now = new Set();
    expect(watchPeers(died.dead, 4, 0, (k) => now.has(k))).toEqual({ dead: new Set(), died: [], back: [2] });
  });

  it('never watches itself', () => {
    expect(watchPeers(new Set(), 3, 1, () => true).died).toEqual([0, 2]);
  });
});
