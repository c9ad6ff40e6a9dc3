import { CPU_MASK_BYTES } from '../cpus';
import { GETCPU_WORD_BYTES } from './sched';
import { describe, expect, it } from 'vitest';
import { ENOSYS } from '../errno';
import { attachConsole } from '../fs/devfs';
import { bootKernel, Scratch, spawnProcess, syscall } from '../fs/test-kernel';
import { TCGETS, TCGETS2, TIOCGPGRP, TIOCGWINSZ } from '../tty/tty-ioctl';
import { runSyscall } from '../trap';
import { IOVEC_BYTES } from './fs-io';
import { FLOCK_BYTES } from './fs-lock';
import { POLLFD_BYTES } from './fs-poll';
import { STAT_BYTES, STATFS_BYTES, STATX_BYTES } from './fs-stat';
import { SYS, syscallName } from './numbers';
import { RLIMIT_BYTES, RUSAGE_BYTES, SYSINFO_BYTES, TMS_BYTES, UTSNAME_BYTES } from './process';
import { SIGACTION_BYTES, SIGSET_BYTES, STACK_T_BYTES } from './signal';
import { PLACEMENTS, type SyscallRow } from './syscall-row';
import { checkRow, SyscallTable } from './table';
import { ITIMERVAL_BYTES, TIMESPEC_BYTES, TIMEVAL_BYTES } from './time';
import { TERMIOS2_BYTES, TERMIOS_BYTES } from '../tty/termios';
import { WINSIZE_BYTES } from '../tty/tty-ioctl';

describe('SyscallTable', () => {
  const table = new SyscallTable();

  it('has a row, with its name and a placement, for every number the kernel knows', () => {
    for (const [name, nr] of Object.entries(SYS)) {
      const row = table.row(nr);
      expect(row?.name, `syscall ${nr}`).toBe(name);
      expect(PLACEMENTS, name).toContain(row?.remote);
      expect(syscallName(nr)).toBe(name);
    }
    // Popcorn's calls are named without a kernel that registered them (traces, /proc, the page)
    expect(syscallName(500)).toBe('popcorn_migrate');
    expect(syscallName(503)).toBe('popcorn_get_node_info');
    expect(syscallName(504)).toBe('syscall_504');
    expect(table.rows().map((r) => r.nr)).toEqual(Object.values(SYS).sort((a, b) => a - b));
  });

  it('leaves only the calls it does not implement without a handler', () => {
    const missing = table.rows().filter((r) => r.handler === undefined);
    expect(missing.map((r) => r.name).sort()).toEqual(['clone3', 'get_robust_list', 'rseq']);
  });

  it('refuses a row without a placement, a number taken twice, and an argument past a5', () => {
    const row = { nr: 600, name: 'x', handler: () => 0, buffers: [] } as unknown as SyscallRow;
    expect(() => {
      checkRow(row);
    }).toThrow(/no placement/);
    expect(() => {
      new SyscallTable().register({ ...row, nr: SYS.read, remote: 'local' });
    }).toThrow(/already read/);
    const sixth = { at: 6, dir: 'out', size: { kind: 'bytes', bytes: 8 }, what: 'x' } as const;
    expect(() => {
      new SyscallTable().register({ ...row, remote: 'local', buffers: [sixth] });
    }).toThrow(/no argument 6/);
  });

  it('dispatches a call a service registered, on that kernel only', async () => {
    const k = await bootKernel();
    const other = await bootKernel();
    const t = spawnProcess(k);
    const seen: number[] = [];
    k.syscalls.register({
      nr: 600,
      name: 'service_call',
      handler: (_k, th) => {
        seen.push(th.x(10));
        return 42;
      },
      buffers: [],
      remote: 'local',
    });
    t.setX(10, 7);
    expect(runSyscall(k, t, 600)).toBe(42);
    expect(seen).toEqual([7]);
    expect(other.syscalls.row(600)).toBeUndefined();
    // a number with no row fails as Linux's do, and is counted
    expect(runSyscall(k, t, 601)).toBe(-ENOSYS);
    expect(k.stats.unknownSyscalls.get(601)).toBe(1);
    expect(runSyscall(k, t, 2 ** 40)).toBe(-ENOSYS);
  });
});

describe('the sizes of the structs the table lists', () => {
  it('are riscv64’s (sizeof each, from Debian’s riscv64 cross gcc and glibc/kernel headers)', () => {
    expect({
      STAT_BYTES,
      STATFS_BYTES,
      STATX_BYTES,
      SYSINFO_BYTES,
      RUSAGE_BYTES,
      TMS_BYTES,
      UTSNAME_BYTES,
      TIMESPEC_BYTES,
      TIMEVAL_BYTES,
      ITIMERVAL_BYTES,
      RLIMIT_BYTES,
      STACK_T_BYTES,
      POLLFD_BYTES,
      IOVEC_BYTES,
      FLOCK_BYTES,
      WINSIZE_BYTES,
      TERMIOS_BYTES,
      TERMIOS2_BYTES,
      SIGACTION_BYTES,
      SIGSET_BYTES,
      CPU_MASK_BYTES,
      GETCPU_WORD_BYTES,
    }).toEqual({
      STAT_BYTES: 128,
      STATFS_BYTES: 120,
      STATX_BYTES: 256,
      SYSINFO_BYTES: 112,
      RUSAGE_BYTES: 144,
      TMS_BYTES: 32,
      UTSNAME_BYTES: 390,
      TIMESPEC_BYTES: 16,
      TIMEVAL_BYTES: 16,
      ITIMERVAL_BYTES: 32,
      RLIMIT_BYTES: 16,
      STACK_T_BYTES: 24,
      POLLFD_BYTES: 8,
      IOVEC_BYTES: 16,
      FLOCK_BYTES: 32,
      WINSIZE_BYTES: 8,
      TERMIOS_BYTES: 36, // the kernel's struct termios (asm-generic termbits.h), not glibc's
      TERMIOS2_BYTES: 44,
      SIGACTION_BYTES: 24, // the kernel's: handler, flags, mask (riscv64 has no sa_restorer)
      SIGSET_BYTES: 8,
      CPU_MASK_BYTES: 8, // the kernel's cpumask_size(): NR_CPUS 64, one long
      GETCPU_WORD_BYTES: 4,
    });
  });

  /**
   * For every fixed-size buffer a row says a call writes, a call that writes it: the arguments,
   * with OUT where the buffer goes. The handler must write exactly the row's size there.
   */
  const WRITERS: Record<string, (s: Scratch, fd: number) => number[]> = {
    'fstatfs struct statfs *': (_s, fd) => [fd, OUT],
    'statfs struct statfs *': (s) => [s.string('/'), OUT],
    'pipe2 int pipefd[2]': () => [OUT, 0],
    'newfstatat struct stat *statbuf': (s) => [AT_FDCWD, s.string('/'), OUT, 0],
    'fstat struct stat *statbuf': (_s, fd) => [fd, OUT],
    'statx struct statx *statxbuf': (s) => [AT_FDCWD, s.string('/'), 0, 0x7ff, OUT],
    'clock_gettime struct timespec *tp': () => [1, OUT],
    'clock_getres struct timespec *res': () => [1, OUT],
    'sigaltstack stack_t *old_ss': () => [0, OUT],
    'rt_sigaction struct sigaction *oldact': () => [10, 0, OUT, SIGSET_BYTES],
    'rt_sigprocmask sigset_t *oldset': () => [0, 0, OUT, SIGSET_BYTES],
    'rt_sigpending sigset_t *set': () => [OUT, SIGSET_BYTES],
    'times struct tms *buf': () => [OUT],
    'uname struct utsname *buf': () => [OUT],
    'getrlimit struct rlimit *rlim': () => [3, OUT],
    'getrusage struct rusage *usage': () => [0, OUT],
    'gettimeofday struct timeval *tv': () => [OUT, 0],
    'getitimer struct itimerval *curr_value': () => [0, OUT],
    'setitimer struct itimerval *old_value': () => [0, 0, OUT], // a null new value disarms
    'sysinfo struct sysinfo *info': () => [OUT],
    'prlimit64 struct rlimit *old_limit': () => [0, 3, 0, OUT],
    'ioctl struct termios *': () => [0, TCGETS, OUT],
    'ioctl struct termios2 *': () => [0, TCGETS2, OUT],
    'ioctl struct winsize *': () => [0, TIOCGWINSZ, OUT],
    'ioctl int *': () => [0, TIOCGPGRP, OUT],
    'sched_getaffinity cpu_set_t *mask': () => [0, 128, OUT], // a 1024-CPU cpu_set_t: it writes one long
    'getcpu unsigned *cpu': () => [OUT, 0, 0],
    'getcpu unsigned *node': () => [0, OUT, 0],
    'socketpair int sv[2]': () => [1, 1, 0, OUT], // AF_UNIX, SOCK_STREAM
  };
  /** Buffers the kernel declares but leaves alone, as Linux may: it writes them only sometimes. */
  const NOT_WRITTEN = new Set([
    'wait4 int *wstatus', // only when a child is reaped
    'wait4 struct rusage *rusage', // only when a child is reported
    'nanosleep struct timespec *rem', // only when a signal cuts the sleep short
    'clock_nanosleep struct timespec *remain',
    'exit int *clear_child_tid (set_tid_address)',
    'clone pid_t *parent_tid',
    'clone pid_t *child_tid',
    'fcntl struct flock *', // read and written back: F_GETLK (fs-lock.ts tests)
    'sendfile off_t *offset', // read, and written back once bytes moved (fs.test.ts)
    // a socket address: as much of it as fits, and its length in the socklen_t (which says how
    // much fits); a msghdr: its name length, control length and flags. t-sockets checks them
    // against Linux under qemu-riscv64
    ...['accept', 'accept4', 'getsockname', 'getpeername'].flatMap((c) => [
      `${c} struct sockaddr *addr`,
      `${c} socklen_t *addrlen`,
    ]),
    'recvfrom struct sockaddr *src_addr',
    'recvfrom socklen_t *addrlen',
    'getsockopt socklen_t *optlen',
    'recvmsg struct msghdr *msg',
  ]);
  const AT_FDCWD = -100;
  const OUT = 0x10000 + 32 * 4096; // in the test process's scratch memory, past what Scratch hands out
  const CANARY = 0xa5;

  it('are what the handlers write, for every fixed-size buffer the table says a call writes', async () => {
    const k = await bootKernel();
    const t = spawnProcess(k);
    attachConsole(k, t.process);
    const s = new Scratch(t);
    const fd = syscall(k, t, SYS.openat, AT_FDCWD, s.string('/'), 0, 0) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    const checked: string[] = [];
    for (const row of k.syscalls.rows()) {
      for (const b of row.buffers) {
        if (b.dir === 'in' || b.size.kind !== 'bytes') continue;
        const key = `${row.name} ${b.what}`;
        if (NOT_WRITTEN.has(key)) continue;
        const args = WRITERS[key];
        expect(args, `no call here that writes ${key}`).toBeDefined();
        if (!args) continue;
        t.process.um.write(OUT, new Uint8Array(1024).fill(CANARY));
        const result = syscall(k, t, row.nr, ...args(s, fd));
        expect(typeof result === 'number' && result >= 0, `${key}: ${String(result)}`).toBe(true);
        const after = s.read(OUT, 1024);
        let end = 0;
        after.forEach((v, i) => {
          if (v !== CANARY) end = i + 1;
        });
        expect(end, key).toBe(b.size.bytes);
        checked.push(key);
      }
    }
    expect(checked.sort()).toEqual(Object.keys(WRITERS).sort());
  });
});
