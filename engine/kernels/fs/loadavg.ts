// The load average of /proc/loadavg: exponentially decaying averages, over 1, 5 and 15
// minutes of virtual time, of the threads that are running or waiting to run. Linux samples
// every 5 s; here the kernel calls updateLoadAverage() every tick, so short demos show a
// moving figure. The decay uses only + - * /, whose IEEE results are the same on every
// engine, so a replay prints the same numbers.

import type { Kernel } from '../kernel';

const PERIODS_NS = [60e9, 300e9, 900e9];

interface LoadState {
  last: number;
  averages: number[];
}

const states = new WeakMap<Kernel, LoadState>();

/** e^-x for x >= 0, deterministically: 2^-n e^-r with r in [0, ln 2), r's series summed. */
export function expNeg(x: number): number {
  if (!(x > 0)) return 1;
  const n = Math.floor(x / Math.LN2);
  if (n > 1100) return 0;
  const r = x - n * Math.LN2;
  let term = 1;
  let sum = 1;
  for (let i = 1; i < 24; i++) {
    term = (term * -r) / i;
    sum += term;
  }
  for (let i = 0; i < n; i++) sum *= 0.5;
  return sum;
}

/** Threads running or waiting for a hart (Linux's nr_running; nothing here sleeps uninterruptibly on I/O). */
export function runnableThreads(k: Kernel): number {
  let n = 0;
  for (const t of k.threads.values()) if (t.state === 'running' || t.state === 'runnable') n++;
  return n;
}

/** Folds the time since the last call into the averages, with the current number of runnable threads. */
export function updateLoadAverage(k: Kernel): void {
  let state = states.get(k);
  if (!state) states.set(k, (state = { last: k.now, averages: [0, 0, 0] }));
  const dt = k.now - state.last;
  if (dt <= 0) return;
  state.last = k.now;
  const n = runnableThreads(k);
  state.averages = state.averages.map((avg, i) => {
    const f = expNeg(dt / (PERIODS_NS[i] as number));
    return avg * f + n * (1 - f);
  });
}

export function loadAverages(k: Kernel): number[] {
  return states.get(k)?.averages ?? [0, 0, 0];
}
