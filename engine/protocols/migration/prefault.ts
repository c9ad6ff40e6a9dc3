// The user memory a syscall will write (or read), known before it runs. For a process spread
// over kernels a syscall that touches a page owned elsewhere is abandoned and restarted once
// the page is here (PageMiss); that is only safe if it did nothing before the access. So the
// pages behind these arguments are touched first, before any effect: read() must not take
// bytes from a pipe and then find its buffer on another kernel.

import type { Thread } from '../../kernels/proc/task';
import { SYS } from '../../kernels/syscalls/numbers';

type Range = [va: number, length: number, write: boolean];

/** Larger buffers are touched page by page as the syscall goes (rare; a restart is then possible). */
const MAX_PREFAULT = 1 << 20;

const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_SETTID = 0x1000000;
const TCGETS = 0x5401;
const TIOCGWINSZ = 0x5413;

const x = (t: Thread, i: number) => t.x(10 + i);

export const RANGES = new Map<number, (t: Thread) => Range[]>([
  [SYS.read, (t) => [[x(t, 1), x(t, 2), true]]],
  [SYS.pread64, (t) => [[x(t, 1), x(t, 2), true]]],
  [SYS.readv, (t) => [[x(t, 1), x(t, 2) * 16, false]]],
  [SYS.writev, (t) => [[x(t, 1), x(t, 2) * 16, false]]],
  [SYS.getdents64, (t) => [[x(t, 1), x(t, 2), true]]],
  [SYS.fstat, (t) => [[x(t, 1), 128, true]]],
  [SYS.newfstatat, (t) => [[x(t, 2), 128, true]]],
  [SYS.statx, (t) => [[x(t, 4), 256, true]]],
  [
    SYS.wait4,
    (t) => [
      [x(t, 1), 4, true],
      [x(t, 3), 144, true],
    ],
  ],
  [SYS.pipe2, (t) => [[x(t, 0), 8, true]]],
  [SYS.ppoll, (t) => [[x(t, 0), x(t, 1) * 8, true]]],
  [SYS.readlinkat, (t) => [[x(t, 2), x(t, 3), true]]],
  [SYS.getcwd, (t) => [[x(t, 0), x(t, 1), true]]],
  [SYS.clock_gettime, (t) => [[x(t, 1), 16, true]]],
  [SYS.gettimeofday, (t) => [[x(t, 0), 16, true]]],
  [
    SYS.nanosleep,
    (t) => [
      [x(t, 0), 16, false],
      [x(t, 1), 16, true],
    ],
  ],
  [
    SYS.clock_nanosleep,
    (t) => [
      [x(t, 2), 16, false],
      [x(t, 3), 16, true],
    ],
  ],
  [
    SYS.rt_sigaction,
    (t) => [
      [x(t, 1), 24, false], // riscv64's struct sigaction: handler, flags, mask
      [x(t, 2), 24, true],
    ],
  ],
  [
    SYS.rt_sigprocmask,
    (t) => [
      [x(t, 1), 8, false],
      [x(t, 2), 8, true],
    ],
  ],
  [SYS.uname, (t) => [[x(t, 0), 390, true]]],
  [SYS.sysinfo, (t) => [[x(t, 0), 112, true]]],
  [SYS.getrandom, (t) => [[x(t, 0), x(t, 1), true]]],
  [SYS.times, (t) => [[x(t, 0), 32, true]]],
  [SYS.getrusage, (t) => [[x(t, 1), 144, true]]],
  [SYS.prlimit64, (t) => [[x(t, 3), 16, true]]],
  [SYS.getrlimit, (t) => [[x(t, 1), 16, true]]],
  [SYS.sched_getaffinity, (t) => [[x(t, 2), x(t, 1), true]]],
  [SYS.futex, (t) => [[x(t, 0), 4, false]]],
  [SYS.exit, (t) => [[t.clearChildTid, 4, true]]],
  [
    SYS.ioctl,
    (t) => {
      const req = t.xInt(11) >>> 0;
      return req === TCGETS ? [[x(t, 2), 60, true]] : req === TIOCGWINSZ ? [[x(t, 2), 8, true]] : [];
    },
  ],
  [
    SYS.clone,
    (t) => {
      const flags = x(t, 0);
      const out: Range[] = [];
      if (flags & CLONE_PARENT_SETTID) out.push([x(t, 2), 4, true]);
      if (flags & CLONE_CHILD_SETTID) out.push([x(t, 4), 4, true]);
      return out;
    },
  ],
]);

/** Touches the user memory syscall `nr` of `t` will use: throws PageMiss for a page elsewhere. */
export function prefault(t: Thread, nr: number): void {
  const ranges = RANGES.get(nr)?.(t);
  if (!ranges) return;
  const um = t.process.um;
  for (const [va, length, write] of ranges) {
    // a null or bad pointer is the syscall's business (EFAULT), not the prefault's
    if (va === 0 || length <= 0 || length > MAX_PREFAULT) continue;
    if (write) um.probeWrite(va, length);
    else um.read(va, length);
  }
}
