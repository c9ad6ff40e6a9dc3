// IntervalTimers on their own: what getitimer reads, when each timer fires and what it sends,
// periodic re-arming (skipping the periods slept through) and the end of a process's timers.
import { describe, expect, it } from 'vitest';
import { SIGALRM, SIGPROF, SIGVTALRM } from '../signal/signals';
import { IntervalTimers, ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL } from './interval-timers';

/** A process as the timers see it: its CPU time. */
const proc = (cpuTime = 0) => ({ cpuTime });

describe('IntervalTimers', () => {
  it('reads what is left, the old setting back, and one microsecond for a timer due but not fired', () => {
    const timers = new IntervalTimers<{ cpuTime: number }>();
    const p = proc();
    expect(timers.set(p, ITIMER_REAL, { value: 3e9, interval: 25e7 }, 1000)).toEqual({ value: 0, interval: 0 });
    expect(timers.get(p, ITIMER_REAL, 1e9 + 1000)).toEqual({ value: 2e9, interval: 25e7 });
    expect(timers.get(p, ITIMER_REAL, 4e9)).toEqual({ value: 1000, interval: 25e7 });
    expect(timers.nextReal()).toBe(3e9 + 1000);
    expect(timers.set(p, ITIMER_REAL, { value: 0, interval: 0 }, 2e9 + 1000)).toEqual({ value: 1e9, interval: 25e7 });
    expect(timers.nextReal()).toBeUndefined();
  });

  it('fires a one-shot timer once, then it is disarmed', () => {
    const timers = new IntervalTimers<{ cpuTime: number }>();
    const p = proc();
    timers.set(p, ITIMER_REAL, { value: 50e6, interval: 0 }, 0);
    expect(timers.expire(49e6)).toEqual([]);
    expect(timers.expire(50e6)).toEqual([[p, SIGALRM]]);
    expect(timers.expire(100e6)).toEqual([]);
    expect(timers.get(p, ITIMER_REAL, 100e6)).toEqual({ value: 0, interval: 0 });
  });

  it('re-arms a periodic timer one period on, skipping the periods it slept through', () => {
    const timers = new IntervalTimers<{ cpuTime: number }>();
    const p = proc();
    timers.set(p, ITIMER_REAL, { value: 10e6, interval: 10e6 }, 0);
    expect(timers.expire(10e6)).toEqual([[p, SIGALRM]]);
    expect(timers.nextReal()).toBe(20e6);
    expect(timers.expire(55e6)).toEqual([[p, SIGALRM]]); // one signal for 20, 30, 40 and 50 ms
    expect(timers.nextReal()).toBe(60e6);
  });

  it('counts the CPU timers against the process CPU time, each with its own signal', () => {
    const timers = new IntervalTimers<{ cpuTime: number }>();
    const p = proc(5e6);
    timers.set(p, ITIMER_VIRTUAL, { value: 20e6, interval: 0 }, p.cpuTime);
    timers.set(p, ITIMER_PROF, { value: 30e6, interval: 0 }, p.cpuTime);
    expect(timers.nextReal()).toBeUndefined(); // no virtual-time deadline for an idle kernel to skip to
    expect(timers.expire(1e12)).toEqual([]); // virtual time passes; the process does not run
    p.cpuTime = 25e6;
    expect(timers.expire(0)).toEqual([[p, SIGVTALRM]]);
    p.cpuTime = 40e6;
    expect(timers.expire(0)).toEqual([[p, SIGPROF]]);
  });

  it('forgets a process: its timers never fire', () => {
    const timers = new IntervalTimers<{ cpuTime: number }>();
    const [a, b] = [proc(), proc()];
    timers.set(a, ITIMER_REAL, { value: 10, interval: 0 }, 0);
    timers.set(b, ITIMER_REAL, { value: 20, interval: 0 }, 0);
    timers.forget(a);
    expect(timers.expire(100)).toEqual([[b, SIGALRM]]);
  });
});
