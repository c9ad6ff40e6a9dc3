// The rules the migration services take from the syscall table (where a migrated thread's
// call runs, which user memory is touched before a call) against the lists they kept before
// the table existed (forwarding.ts's LOCAL, HOME, FUTEX_OPS, VMA_OPS, migration-service.ts's
// VMA_SYSCALLS, prefault.ts's RANGES), written out here as they were; the commit that made the
// table checked this snapshot against that code. Where the table's rule differs, the
// difference is listed below with its reason.

import { describe, expect, it } from 'vitest';
import { Thread, type Process } from '../../kernels/proc/task';
import { CLONE_CHILD_SETTID, CLONE_PARENT_SETTID, CLONE_THREAD } from '../../kernels/proc/lifecycle';
import { SYS, syscallName } from '../../kernels/syscalls/numbers';
import { forEachSizedBuffer, placementOf } from '../../kernels/syscalls/syscall-row';
import { numbersPlaced, SyscallTable } from '../../kernels/syscalls/table';
import { CLOCK_PROCESS_CPUTIME_ID } from '../../kernels/syscalls/time';
import { FIONREAD, TCGETS, TCSETSW, TIOCGWINSZ } from '../../kernels/tty/tty-ioctl';
import { F_GETLK, F_SETLKW } from '../../kernels/syscalls/fs-lock';
import { FUTEX_CMP_REQUEUE, FUTEX_PRIVATE_FLAG, FUTEX_WAIT } from '../../kernels/syscalls/futex';
import { bootKernel, Scratch, spawnProcess } from '../../kernels/fs/test-kernel';
import { runSyscall } from '../../kernels/trap';
import { bootMachineConsole } from '../ssi/test-machine';
import { POPCORN_GET_NODE_INFO } from './popcorn-syscalls';
import { prefault } from './prefault';

const table = new SyscallTable();
const names = (nrs: Iterable<number>) => [...nrs].map(syscallName).sort();

/** The sets forwarding.ts and migration-service.ts held before the table (commit 4421536). */
const BEFORE = {
  local: [
    'getpid',
    'gettid',
    'getuid',
    'geteuid',
    'getgid',
    'getegid',
    'clock_gettime',
    'clock_getres',
    'gettimeofday',
    'nanosleep',
    'clock_nanosleep',
    'sched_yield',
    'getrandom',
    'rt_sigprocmask',
    'rt_sigpending',
    'rt_sigsuspend',
    'rt_sigreturn',
    'sigaltstack',
    'set_robust_list',
    'get_robust_list',
    'set_tid_address',
    'uname',
    'sched_getaffinity',
    'sched_setaffinity',
    'membarrier',
    'rseq',
  ],
  home: ['execve', 'clone3'], // and clone without CLONE_THREAD, decided in code
  futex: ['futex'],
  vma: ['mmap', 'munmap', 'mprotect', 'brk', 'mremap', 'madvise'],
};

describe('placement of a migrated thread’s syscalls, from the table', () => {
  it('keeps the sets the services held before (local, home, futex, VMA operations)', () => {
    expect(names(numbersPlaced(table, 'local'))).toEqual([...BEFORE.local, 'getcpu'].sort());
    expect(names(numbersPlaced(table, 'home'))).toEqual([...BEFORE.home, 'clone'].sort());
    expect(names(numbersPlaced(table, 'futex'))).toEqual(BEFORE.futex);
    // msync is new since (shared mappings): it checks the range against the VMAs, the origin's
    expect(names(numbersPlaced(table, 'vma'))).toEqual([...BEFORE.vma, 'msync'].sort());
    expect(names(numbersPlaced(table, 'exit'))).toEqual(['exit']);
    // everything else went home as SYSCALL_FWD, as before
    // (getcpu came later: the hart a thread runs on is where it runs)
    const special = new Set([
      ...BEFORE.local,
      ...BEFORE.home,
      ...BEFORE.futex,
      ...BEFORE.vma,
      'msync',
      'clone',
      'exit',
      'getcpu',
    ]);
    const forwarded = table.rows().filter((r) => !special.has(r.name));
    expect(forwarded.length).toBeGreaterThan(50);
    for (const r of forwarded) expect(r.remote, r.name).toBe('forward');
  });

  it('decides the two calls whose arguments choose: the process CPU clock, and clone', () => {
    const t = threadWith([0, 0, 0, 0, 0, 0]);
    const at = (nr: number) => placementOf(table.row(nr), t);
    expect(at(SYS.clock_gettime)).toBe('local');
    t.setX(10, CLOCK_PROCESS_CPUTIME_ID);
    expect(at(SYS.clock_gettime)).toBe('forward'); // the origin counts every thread's time
    t.setX(10, 0x11); // fork: SIGCHLD
    expect(at(SYS.clone)).toBe('home');
    t.setX(10, 0x3d0f00); // pthread_create's flags
    expect(at(SYS.clone) === 'forward' && (0x3d0f00 & CLONE_THREAD) !== 0).toBe(true);
    expect(at(9999)).toBe('forward'); // unknown: the origin answers ENOSYS
  });
});

// ---- prefault ----

const [A0, A1, A2, A3, A4, A5] = [0x1100, 0x2200, 0x330, 0x4400, 0x5500, 0x6600];
const TID = 0x7700;
const W = true;
const R = false;
type Extent = [va: number, length: number, write: boolean];

/** What prefault.ts touched before the table, with a0..a5 = A0..A5 (commit 4421536). */
const BEFORE_PREFAULT: Record<string, Extent[]> = {
  read: [[A1, A2, W]],
  pread64: [[A1, A2, W]],
  readv: [[A1, A2 * 16, R]],
  writev: [[A1, A2 * 16, R]],
  getdents64: [[A1, A2, W]],
  fstat: [[A1, 128, W]],
  newfstatat: [[A2, 128, W]],
  statx: [[A4, 256, W]],
  wait4: [
    [A1, 4, W],
    [A3, 144, W],
  ],
  pipe2: [[A0, 8, W]],
  ppoll: [[A0, A1 * 8, W]],
  readlinkat: [[A2, A3, W]],
  getcwd: [[A0, A1, W]],
  clock_gettime: [[A1, 16, W]],
  gettimeofday: [[A0, 16, W]],
  nanosleep: [
    [A0, 16, R],
    [A1, 16, W],
  ],
  clock_nanosleep: [
    [A2, 16, R],
    [A3, 16, W],
  ],
  rt_sigaction: [
    [A1, 24, R],
    [A2, 24, W],
  ],
  rt_sigprocmask: [
    [A1, 8, R],
    [A2, 8, W],
  ],
  uname: [[A0, 390, W]],
  sysinfo: [[A0, 112, W]],
  getrandom: [[A0, A1, W]],
  times: [[A0, 32, W]],
  getrusage: [[A1, 144, W]],
  prlimit64: [[A3, 16, W]],
  getrlimit: [[A1, 16, W]],
  sched_getaffinity: [[A2, A1, W]],
  futex: [[A0, 4, R]],
  exit: [[TID, 4, W]],
  ioctl: [],
  clone: [],
};

/**
 * What the table's rule (every buffer whose size the arguments give) touches besides: buffers
 * prefault.ts had no line for. The ones that mattered: a call with an effect before it writes
 * (pselect6 writes its sets when a wake completes it, as ppoll, whose array was listed). The
 * others cost a restart of the call when they were elsewhere; the rule now covers them alike.
 */
const ADDED: Record<string, Extent[]> = {
  write: [[A1, A2, R]],
  pwrite64: [[A1, A2, R]],
  statfs: [[A1, 120, W]],
  fstatfs: [[A1, 120, W]],
  pselect6: [
    [A1, Math.ceil(A0 / 64) * 8, W],
    [A2, Math.ceil(A0 / 64) * 8, W],
    [A3, Math.ceil(A0 / 64) * 8, W],
    [A4, 16, R],
    [A5, 16, R],
  ],
  ppoll: [
    [A2, 16, R],
    [A3, 8, R],
  ],
  utimensat: [[A2, 32, R]],
  sched_setaffinity: [[A2, A1, R]],
  sigaltstack: [
    [A0, 24, R],
    [A1, 24, W],
  ],
  rt_sigsuspend: [[A0, 8, R]],
  rt_sigpending: [[A0, 8, W]],
  clock_getres: [[A1, 16, W]],
  getitimer: [[A1, 32, W]],
  setitimer: [
    [A1, 32, R],
    [A2, 32, W],
  ],
  getgroups: [[A1, A0 * 4, W]],
  setrlimit: [[A1, 16, R]],
  prlimit64: [[A2, 16, R]],
  getcpu: [
    [A0, 4, W],
    [A1, 4, W],
  ],
  // calls the kernel gained after prefault.ts: epoll and sockets (an address buffer is a
  // struct sockaddr_storage, 128 bytes, its socklen_t read and written)
  epoll_pwait: [
    [A1, A2 * 16, W],
    [A4, 8, R],
  ],
  epoll_pwait2: [
    [A1, A2 * 16, W],
    [A3, 16, R],
    [A4, 8, R],
  ],
  socketpair: [[A3, 8, W]],
  sendfile: [[A2, 8, W]], // its off_t, read and written back
  bind: [[A1, A2, R]],
  connect: [[A1, A2, R]],
  ...Object.fromEntries(
    ['accept', 'accept4', 'getsockname', 'getpeername'].map((c): [string, Extent[]] => [
      c,
      [
        [A1, 128, W],
        [A2, 4, W],
      ],
    ]),
  ),
  sendto: [
    [A1, A2, R],
    [A4, A5, R],
  ],
  recvfrom: [
    [A1, A2, W],
    [A4, 128, W],
    [A5, 4, W],
  ],
  setsockopt: [[A3, A4, R]],
  getsockopt: [[A4, 4, W]],
  sendmsg: [[A1, 56, R]],
  recvmsg: [[A1, 56, W]],
};

/**
 * Calls whose extents the table narrowed since: the affinity calls copy one kernel cpumask
 * (8 bytes) whatever the size argument says, as Linux copies min(len, cpumask_size()).
 */
const NARROWED: Record<string, Extent[]> = {
  sched_getaffinity: [[A2, 8, W]],
  sched_setaffinity: [[A2, 8, R]],
};

/** Calls whose arguments pick their buffers (the other arguments as above): before, and from the table. */
const VARIANTS: Array<[name: string, arg: number, value: number, before: Extent[], table: Extent[]]> = [
  // TCGETS copies the kernel's struct termios (36 bytes), not glibc's larger one (60)
  ['ioctl', 1, TCGETS, [[A2, 60, W]], [[A2, 36, W]]],
  ['ioctl', 1, TIOCGWINSZ, [[A2, 8, W]], [[A2, 8, W]]],
  ['ioctl', 1, TCSETSW, [], [[A2, 36, R]]],
  ['ioctl', 1, FIONREAD, [], [[A2, 4, W]]],
  ['fcntl', 1, F_GETLK, [], [[A2, 32, W]]],
  ['fcntl', 1, F_SETLKW, [], [[A2, 32, R]]],
  ['epoll_ctl', 1, 1 /* EPOLL_CTL_ADD */, [], [[A3, 16, R]]],
  [
    'clone',
    0,
    CLONE_PARENT_SETTID | CLONE_CHILD_SETTID,
    [
      [A2, 4, W],
      [A4, 4, W],
    ],
    [
      [A2, 4, W],
      [A4, 4, W],
    ],
  ],
  [
    'futex',
    1,
    FUTEX_WAIT | FUTEX_PRIVATE_FLAG,
    [[A0, 4, R]],
    [
      [A0, 4, R],
      [A3, 16, R],
    ],
  ],
  [
    'futex',
    1,
    FUTEX_CMP_REQUEUE,
    [[A0, 4, R]],
    [
      [A0, 4, R],
      [A4, 4, R],
    ],
  ],
];

const sorted = (e: Extent[]) => [...e].sort((a, b) => a[0] - b[0] || a[1] - b[1] || Number(a[2]) - Number(b[2]));

function threadWith(regs: number[]): Thread {
  // only the registers matter here: the rules read the call's arguments, never the process
  const t = new Thread(7, undefined as unknown as Process);
  regs.forEach((v, i) => {
    t.setX(10 + i, v);
  });
  t.clearChildTid = TID;
  return t;
}

function fromTable(nr: number, t: Thread): Extent[] {
  const out: Extent[] = [];
  const row = table.row(nr);
  if (row) forEachSizedBuffer(row, t, (va, n, w) => out.push([va, n, w]));
  return out;
}

describe('the user memory touched before a call, from the table', () => {
  it('the table touches what prefault.ts did, and more only where listed', () => {
    const t = threadWith([A0, A1, A2, A3, A4, A5]);
    for (const r of table.rows()) {
      const expected = NARROWED[r.name] ?? [...(BEFORE_PREFAULT[r.name] ?? []), ...(ADDED[r.name] ?? [])];
      expect(sorted(fromTable(r.nr, t)), r.name).toEqual(sorted(expected));
    }
    for (const [name, arg, value, , extents] of VARIANTS) {
      const v = threadWith([A0, A1, A2, A3, A4, A5]);
      v.setX(10 + arg, value);
      expect(sorted(fromTable(SYS[name as keyof typeof SYS], v)), `${name} ${value}`).toEqual(sorted(extents));
    }
  });
});

describe('prefault', () => {
  it('faults in the buffers a call will use, and those an iovec array names', async () => {
    const k = await bootKernel();
    const t = spawnProcess(k);
    const s = new Scratch(t);
    const PAGE = 4096;
    const far = 0x10000 + 40 * PAGE; // scratch pages nothing touched yet: mapped, not yet backed
    /** Frames `nr` made when prefaulted with arguments `args`. */
    const made = (nr: number, ...args: number[]) => {
      args.forEach((v, i) => {
        t.setX(10 + i, v);
      });
      const free = k.frames.available;
      prefault(t, k.syscalls.row(nr));
      return free - k.frames.available;
    };
    const iov = (...pieces: Array<[number, number]>) => {
      const dv = new DataView(new ArrayBuffer(16 * pieces.length));
      pieces.forEach(([base, len], i) => {
        dv.setBigUint64(i * 16, BigInt(base), true);
        dv.setBigUint64(i * 16 + 8, BigInt(len), true);
      });
      return s.bytes(new Uint8Array(dv.buffer));
    };
    // readv writes the buffers its iovecs name after the data left the file: both pages, first
    expect(made(SYS.readv, 3, iov([far, 100], [far + 2 * PAGE, 10]), 2)).toBe(2);
    expect(made(SYS.writev, 3, iov([far + 4 * PAGE, PAGE + 1]), 1)).toBe(2); // it reads them: two pages
    expect(made(SYS.fstat, 3, far + 7 * PAGE)).toBe(1); // struct stat
    expect(made(SYS.newfstatat, -100, far + 8 * PAGE, 0)).toBe(0); // the path is the call's to read; NULL buf
    expect(made(SYS.getpid)).toBe(0);
    expect(made(SYS.read, 3, far + 9 * PAGE, 2 << 20)).toBe(0); // past 1 MiB: touched as the call goes
  });
});

describe('Popcorn’s syscalls', () => {
  it('are rows the migration service registered in each kernel’s table, dispatched like Linux’s', async () => {
    const c = await bootMachineConsole('two-kernels');
    for (const kernel of [0, 1]) {
      const rows = [500, 501, 502, 503].map((nr) => c.node(kernel).kernel.syscalls.row(nr));
      expect(rows.map((r) => [r?.name, r?.remote, typeof r?.handler])).toEqual([
        ['popcorn_migrate', 'local', 'function'],
        ['popcorn_propose_migration', 'local', 'function'],
        ['popcorn_get_thread_status', 'local', 'function'],
        ['popcorn_get_node_info', 'local', 'function'],
      ]);
    }
    // kernel 1's shell asks for the node info, through the trap path's dispatch
    const k = c.node(1).kernel;
    const sh = [...k.processes.values()].find((p) => p.comm === 'sh');
    const t = sh && [...k.threads.values()].find((th) => th.process === sh);
    if (!t) throw new Error('no shell on kernel 1');
    const saved = [t.xBig(10), t.xBig(11)];
    const buf = t.x(2) - 1024; // below the shell's stack pointer: its stack, unused
    t.setX(10, buf);
    t.setX(11, buf + 8);
    expect(runSyscall(k, t, POPCORN_GET_NODE_INFO)).toBe(0);
    const mine = t.process.um.readU32(buf);
    const online = [0, 1, 2].map((n) => t.process.um.readU32(buf + 8 + n * 12));
    saved.forEach((v, i) => {
      t.setX(10 + i, v); // the shell's own call goes on as it was
    });
    expect(mine).toBe(1);
    expect(online).toEqual([1, 1, 0]);
  });
});
