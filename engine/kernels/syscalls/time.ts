// Clocks and sleeping, all on the kernel's virtual clock: CLOCK_MONOTONIC counts virtual
// nanoseconds since boot, CLOCK_REALTIME adds the boot time the machine was given, and the
// CPU-time clocks count the thread's or process's own virtual run time.

import { EFAULT, EINVAL } from '../errno';
import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
import { ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL, type ItimerValue } from '../proc/interval-timers';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

const CLOCK_REALTIME = 0;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
const CLOCK_REALTIME_COARSE = 5;
const TIMER_ABSTIME = 1;
/** struct timespec: time_t tv_sec, long tv_nsec. */
export const TIMESPEC_BYTES = 16;
/** struct timeval: time_t tv_sec, suseconds_t tv_usec (64-bit on riscv64). */
export const TIMEVAL_BYTES = 16;

/** struct itimerval: struct timeval it_interval, then it_value. */
export const ITIMERVAL_BYTES = 2 * TIMEVAL_BYTES;

/** A struct timespec at `va` as nanoseconds; undefined if unreadable, -1 if invalid. */
export function readTimespec(t: Thread, va: number): number | undefined {
  const b = t.process.um.read(va, TIMESPEC_BYTES);
  if (!b) return undefined;
  const dv = new DataView(b.buffer);
  const sec = Number(dv.getBigInt64(0, true));
  const nsec = Number(dv.getBigInt64(8, true));
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return -1;
  return sec * 1e9 + nsec;
}

export function writeTimespec(t: Thread, va: number, ns: number): boolean {
  const b = new Uint8Array(TIMESPEC_BYTES);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true);
  dv.setBigInt64(8, BigInt(Math.floor(ns % 1e9)), true);
  return t.process.um.write(va, b);
}

/**
 * The latest time a program of each kernel has read. Harts take a tick in turn, each at its own
 * progress within it, so a thread woken on a hart that is behind the one it last ran on would
 * read an earlier time than it already saw (a request's latency came out negative); a clock
 * read is therefore never earlier than the last one, as Linux's clocks never go back.
 */
const lastRead = new WeakMap<Kernel, number>();

/** Virtual time for a clock read by `t`: never earlier than any read before it on this kernel. */
function readClock(k: Kernel, t: Thread): number {
  const now = Math.max(k.timeOf(t), lastRead.get(k) ?? 0);
  lastRead.set(k, now);
  return now;
}

export function clockNow(k: Kernel, t: Thread, clock: number): number | undefined {
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return k.realtimeBase + readClock(k, t);
    // the CPU-time clocks count user and system time, as Linux's do (and getrusage's sum)
    case CLOCK_PROCESS_CPUTIME_ID:
      return t.process.cpuTime + t.process.sysTime;
    case CLOCK_THREAD_CPUTIME_ID:
      return t.cpuTime + t.sysTime;
    case 1: // MONOTONIC
    case 4: // MONOTONIC_RAW
    case 6: // MONOTONIC_COARSE
    case 7: // BOOTTIME
      return readClock(k, t);
    default:
      return undefined;
  }
}

/** A timer's clock: virtual time for ITIMER_REAL, the process's CPU time for the others. */
function itimerClock(k: Kernel, t: Thread, which: number): number {
  return which === ITIMER_REAL ? k.timeOf(t) : t.process.cpuTime;
}

/** Writes a struct itimerval; its times in whole microseconds, truncated as Linux reports them. */
function writeItimerval(t: Thread, va: number, { value, interval }: ItimerValue): boolean {
  const b = new Uint8Array(ITIMERVAL_BYTES);
  const dv = new DataView(b.buffer);
  [interval, value].forEach((ns, i) => {
    const us = Math.floor(ns / 1000);
    dv.setBigInt64(i * TIMEVAL_BYTES, BigInt(Math.floor(us / 1e6)), true);
    dv.setBigInt64(i * TIMEVAL_BYTES + 8, BigInt(us % 1e6), true);
  });
  return t.process.um.write(va, b);
}

/** A struct itimerval at `va`, in ns; undefined if unreadable, 'invalid' for a bad timeval. */
function readItimerval(t: Thread, va: number): ItimerValue | 'invalid' | undefined {
  const b = t.process.um.read(va, ITIMERVAL_BYTES);
  if (!b) return undefined;
  const dv = new DataView(b.buffer);
  const [interval, value] = [0, TIMEVAL_BYTES].map((at) => {
    const sec = Number(dv.getBigInt64(at, true));
    const usec = Number(dv.getBigInt64(at + 8, true));
    return sec < 0 || usec < 0 || usec >= 1e6 ? -1 : sec * 1e9 + usec * 1000;
  }) as [number, number];
  return interval < 0 || value < 0 ? 'invalid' : { value, interval };
}

/** getitimer(which, curr_value). */
function getitimer(k: Kernel, t: Thread) {
  const which = t.xInt(10);
  if (which !== ITIMER_REAL && which !== ITIMER_VIRTUAL && which !== ITIMER_PROF) return -EINVAL;
  const setting = k.itimers.get(t.process, which, itimerClock(k, t, which));
  return writeItimerval(t, t.x(11), setting) ? 0 : -EFAULT;
}

/** setitimer(which, new_value, old_value): a null new_value disarms, as Linux still allows. */
function setitimer(k: Kernel, t: Thread) {
  const which = t.xInt(10);
  if (which !== ITIMER_REAL && which !== ITIMER_VIRTUAL && which !== ITIMER_PROF) return -EINVAL;
  const setting = t.x(11) === 0 ? { value: 0, interval: 0 } : readItimerval(t, t.x(11));
  if (setting === undefined) return -EFAULT;
  if (setting === 'invalid') return -EINVAL;
  const before = k.itimers.set(t.process, which, setting, itimerClock(k, t, which));
  if (t.x(12) !== 0 && !writeItimerval(t, t.x(12), before)) return -EFAULT;
  return 0;
}

function sleepUntil(k: Kernel, t: Thread, deadline: number) {
  if (deadline <= k.timeOf(t)) return 0;
  return k.block(t, { deadline, timeoutResult: 0, interruptible: true });
}

export const timeSyscalls: SyscallGroup = [
  [SYS.getitimer, getitimer],
  [SYS.setitimer, setitimer],
  [
    SYS.clock_gettime,
    (k, t) => {
      const now = clockNow(k, t, t.xInt(10));
      if (now === undefined) return -EINVAL;
      return writeTimespec(t, t.x(11), now) ? 0 : -EFAULT;
    },
  ],
  [
    SYS.clock_getres,
    (k, t) => {
      if (clockNow(k, t, t.xInt(10)) === undefined) return -EINVAL;
      return t.x(11) === 0 || writeTimespec(t, t.x(11), 1) ? 0 : -EFAULT;
    },
  ],
  [
    SYS.gettimeofday,
    (k, t) => {
      const tv = t.x(10);
      if (tv === 0) return 0;
      const now = k.realtimeBase + readClock(k, t);
      const b = new Uint8Array(TIMEVAL_BYTES);
      const dv = new DataView(b.buffer);
      dv.setBigInt64(0, BigInt(Math.floor(now / 1e9)), true);
      dv.setBigInt64(8, BigInt(Math.floor((now % 1e9) / 1000)), true);
      return t.process.um.write(tv, b) ? 0 : -EFAULT;
    },
  ],
  [
    SYS.nanosleep,
    (k, t) => {
      const ns = readTimespec(t, t.x(10));
      if (ns === undefined) return -EFAULT;
      if (ns < 0) return -EINVAL;
      return sleepUntil(k, t, k.timeOf(t) + ns);
    },
  ],
  [
    SYS.clock_nanosleep,
    (k, t) => {
      const clock = t.xInt(10);
      const ns = readTimespec(t, t.x(12));
      if (ns === undefined) return -EFAULT;
      if (ns < 0 || clockNow(k, t, clock) === undefined) return -EINVAL;
      if (t.xInt(11) & TIMER_ABSTIME) {
        const offset = clock === CLOCK_REALTIME ? k.realtimeBase : 0;
        return sleepUntil(k, t, ns - offset);
      }
      return sleepUntil(k, t, k.timeOf(t) + ns);
    },
  ],
];
