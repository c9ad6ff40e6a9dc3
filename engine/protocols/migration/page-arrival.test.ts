// keepsPage: a page stays for the threads it was fetched for until they ran a while, could not run, or a
// slice passed; whatever the times of the messages around it.
import { describe, expect, it } from 'vitest';
import { Thread, type Process } from '../../kernels/proc/task';
import { arrival, keepsPage, MAX_KEEP_NS, MIN_USE_NS } from './page-arrival';

function thread(over: Partial<Pick<Thread, 'away' | 'state' | 'cpuTime'>> = {}): Thread {
  const t = new Thread(7, undefined as unknown as Process);
  t.cpuTime = 1000;
  Object.assign(t, over);
  return t;
}

describe('keepsPage', () => {
  it('keeps the page for a thread that has not run since it arrived, a few ns later or an epoch later', () => {
    const t = thread();
    const a = arrival(5000, [t]);
    expect(keepsPage(a, 5000)).toBe(true);
    expect(keepsPage(a, 5003)).toBe(true); // the next message, handled a few ns behind it
    expect(keepsPage(a, 7000)).toBe(true); // the next epoch start, the thread still waiting for a hart
  });

  it('lets it go once the thread ran a microsecond, not after an instruction or two', () => {
    const t = thread();
    const a = arrival(5000, [t]);
    t.cpuTime += 2;
    expect(keepsPage(a, 5003)).toBe(true);
    t.cpuTime += MIN_USE_NS - 2;
    expect(keepsPage(a, 6001)).toBe(false);
  });

  it('keeps it while any one of several waiters has not run', () => {
    const ran = thread();
    const waiting = thread({ cpuTime: 7 });
    const a = arrival(0, [ran, waiting]);
    ran.cpuTime += MIN_USE_NS;
    expect(keepsPage(a, 10)).toBe(true);
  });

  it('does not keep it for threads that cannot run: dead, stopped, asleep, or gone to another kernel', () => {
    expect(keepsPage(arrival(0, [thread({ state: 'dead' })]), 1)).toBe(false);
    expect(keepsPage(arrival(0, [thread({ state: 'stopped' })]), 1)).toBe(false);
    expect(keepsPage(arrival(0, [thread({ state: 'blocked' })]), 1)).toBe(false);
    expect(keepsPage(arrival(0, [thread({ away: 2 })]), 1)).toBe(false);
  });

  it('keeps it at most one slice, and not at all for nobody', () => {
    const a = arrival(0, [thread()]);
    expect(keepsPage(a, MAX_KEEP_NS - 1)).toBe(true);
    expect(keepsPage(a, MAX_KEEP_NS)).toBe(false);
    expect(keepsPage(arrival(0, []), 1)).toBe(false);
    expect(keepsPage(undefined, 1)).toBe(false);
  });
});
