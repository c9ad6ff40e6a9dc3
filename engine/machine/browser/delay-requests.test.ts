// Every reason the page's exploration refuses a set of delays before posting any of them.
import { describe, expect, it } from 'vitest';
import { MAX_DELAY_EPOCHS } from '../../protocols/messaging/delays';
import { delaysRefused, type DelayTargets } from './delay-requests';

const machine = (over: Partial<DelayTargets> = {}): DelayTargets => ({
  kernels: 3,
  down: () => false,
  room: () => 4,
  ...over,
});
const delay = (from: number, to: number, epochs = 2, seq = 1) => ({ from, to, seq, epochs });

describe('delays refused before posting', () => {
  it('takes delays on real links, within the bound, to kernels up with room', () => {
    expect(delaysRefused([delay(0, 1), delay(2, 1), delay(1, 0, MAX_DELAY_EPOCHS)], machine())).toBeUndefined();
    expect(delaysRefused([], machine())).toBeUndefined();
  });

  it('refuses a link that does not exist: a kernel to itself, outside the machine, not a whole number', () => {
    expect(delaysRefused([delay(1, 1)], machine())).toBe('no link from kernel 1 to kernel 1');
    expect(delaysRefused([delay(0, 3)], machine())).toBe('no link from kernel 0 to kernel 3');
    expect(delaysRefused([delay(-1, 0)], machine())).toBe('no link from kernel -1 to kernel 0');
    expect(delaysRefused([delay(0.5, 1)], machine())).toBe('no link from kernel 0.5 to kernel 1');
  });

  it('refuses a delay a scenario may not carry', () => {
    expect(delaysRefused([delay(0, 1, 0)], machine())).toMatch(/epoch/);
    expect(delaysRefused([delay(0, 1, MAX_DELAY_EPOCHS + 1)], machine())).toMatch(/epoch/);
    expect(delaysRefused([delay(0, 1, 1.5)], machine())).toMatch(/epoch/);
  });

  it('refuses a receiver that is down, all or nothing', () => {
    const m = machine({ down: (k) => k === 2 });
    expect(delaysRefused([delay(0, 1), delay(0, 2)], m)).toBe('kernel 2 is down');
    expect(delaysRefused([delay(2, 1)], m)).toBeUndefined(); // a dead sender's messages may still be in flight
  });

  it('counts the room each receiver needs for its share', () => {
    const m = machine({ room: (k) => (k === 1 ? 1 : 4) });
    expect(delaysRefused([delay(0, 1)], m)).toBeUndefined();
    expect(delaysRefused([delay(0, 1), delay(2, 1)], m)).toBe(
      'kernel 1 has no room for 2 more requests before it runs',
    );
    expect(delaysRefused([delay(0, 1)], machine({ room: () => 0 }))).toBe(
      'kernel 1 has no room for another request before it runs',
    );
  });
});
