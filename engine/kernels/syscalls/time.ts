// Clocks and sleeping, all on the kernel's virtual clock: CLOCK_MONOTONIC counts virtual
// nanoseconds since boot, CLOCK_REALTIME adds the boot time the machine was given, and the
// CPU-time clocks count the thread's or process's own virtual run time.

import { EFAULT, EINVAL } from '../errno';
import type { Kernel } from '../kernel';
import type { Thread } from '../proc/task';
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

export function clockNow(k: Kernel, t: Thread, clock: number): number | undefined {
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return k.realtimeBase + k.timeOf(t);
    case CLOCK_PROCESS_CPUTIME_ID:
      return t.process.cpuTime;
    case CLOCK_THREAD_CPUTIME_ID:
      return t.cpuTime;
    case 1: // MONOTONIC
    case 4: // MONOTONIC_RAW
    case 6: // MONOTONIC_COARSE
    case 7: // BOOTTIME
      return k.timeOf(t);
    default:
      return undefined;
  }
}

function sleepUntil(k: Kernel, t: Thread, deadline: number) {
  if (deadline <= k.timeOf(t)) return 0;
  return k.block(t, { deadline, timeoutResult: 0, interruptible: true });
}

export const timeSyscalls: SyscallGroup = [
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
      const now = k.realtimeBase + k.timeOf(t);
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
