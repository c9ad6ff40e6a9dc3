import { describe, expect, it } from 'vitest';
import { RecentMessages } from './recent-messages';

describe('RecentMessages', () => {
  it('finds a kept message by its ends and sequence number, and forgets the oldest when full', () => {
    const log = new RecentMessages(4);
    for (let seq = 0; seq < 6; seq++) log.record(0, 1, seq, 20, new Uint8Array([seq]));
    expect(log.find(0, 1, 5)).toEqual({ from: 0, to: 1, seq: 5, type: 20, body: new Uint8Array([5]) });
    expect(log.find(0, 1, 2)?.body).toEqual(new Uint8Array([2]));
    expect(log.find(0, 1, 1)).toBeUndefined(); // overwritten
    expect(log.find(1, 0, 5)).toBeUndefined(); // the other direction
  });
});
