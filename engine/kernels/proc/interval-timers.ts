// setitimer's three timers of each process. ITIMER_REAL counts virtual time and sends SIGALRM
// (glibc's alarm() is setitimer on riscv64, which has no alarm call); ITIMER_VIRTUAL counts the
// process's user CPU time and sends SIGVTALRM; ITIMER_PROF counts its user and system CPU time
// and sends SIGPROF (the machine keeps no system time, so the two CPU timers count alike).
// A timer with an interval is armed again when it fires, one period on from when it was due
// (periods the kernel slept through are skipped, as Linux's hrtimer_forward does: signals of
// one kind coalesce anyway). A fork's child starts with none; execve keeps them; they end with
// their process. A migrated thread's calls are forwarded home (syscalls/table.ts), so the
// origin holds its process's timers and its signals reach the thread wherever it runs.

import { SIGALRM, SIGPROF, SIGVTALRM } from '../signal/signals';
import type { Process } from './task';

export const ITIMER_REAL = 0;
export const ITIMER_VIRTUAL = 1;
export const ITIMER_PROF = 2;

/** The signal each timer sends, by its `which`. */
export const ITIMER_SIGNAL: readonly number[] = [SIGALRM, SIGVTALRM, SIGPROF];

/** A timer's setting, in ns: what is left before it fires (0: disarmed) and its period. */
export interface ItimerValue {
  value: number;
  interval: number;
}

interface Armed {
  /** When it fires, on its clock: virtual time for ITIMER_REAL, the process's CPU time otherwise. */
  due: number;
  interval: number;
}

/** What the timers need of a process: its CPU time, summed over its threads wherever they ran. */
export interface TimedProcess {
  readonly cpuTime: number;
}

export class IntervalTimers<P extends TimedProcess = Process> {
  private readonly armed = new Map<P, Array<Armed | undefined>>();

  /** The setting of `p`'s timer `which`, its clock reading `now`. */
  get(p: P, which: number, now: number): ItimerValue {
    const timer = this.armed.get(p)?.[which];
    if (!timer) return { value: 0, interval: 0 };
    // a timer due but not yet fired still reads as armed: Linux then says one microsecond
    return { value: Math.max(timer.due - now, 1000), interval: timer.interval };
  }

  /** Arms (or, with a value of 0, disarms) `p`'s timer `which`; returns its setting before. */
  set(p: P, which: number, setting: ItimerValue, now: number): ItimerValue {
    const before = this.get(p, which, now);
    const timers = this.armed.get(p) ?? [];
    timers[which] = setting.value > 0 ? { due: now + setting.value, interval: setting.interval } : undefined;
    if (timers.some((t) => t !== undefined)) this.armed.set(p, timers);
    else this.armed.delete(p);
    return before;
  }

  /** `p` ended (or is a fork's child, which starts without timers). */
  forget(p: P): void {
    this.armed.delete(p);
  }

  /** The earliest virtual time an ITIMER_REAL fires at, if one is armed (an idle kernel skips to it). */
  nextReal(): number | undefined {
    let next: number | undefined;
    for (const timers of this.armed.values()) {
      const due = timers[ITIMER_REAL]?.due;
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  /**
   * The timers due at virtual time `now` (each process's CPU timers against its CPU time), as
   * [process, signal] pairs in the order the processes armed their first timer; re-arms the
   * periodic ones and disarms the rest.
   */
  expire(now: number): Array<[P, number]> {
    if (this.armed.size === 0) return []; // the common case, every slice: nothing to copy
    const fired: Array<[P, number]> = [];
    for (const [p, timers] of [...this.armed]) {
      timers.forEach((timer, which) => {
        if (!timer) return;
        const clock = which === ITIMER_REAL ? now : p.cpuTime;
        if (timer.due > clock) return;
        fired.push([p, ITIMER_SIGNAL[which] as number]);
        if (timer.interval > 0) timer.due += (Math.floor((clock - timer.due) / timer.interval) + 1) * timer.interval;
        else timers[which] = undefined;
      });
      if (!timers.some((t) => t !== undefined)) this.armed.delete(p);
    }
    return fired;
  }
}
