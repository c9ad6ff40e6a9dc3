// The system call table (as gVisor's linux64.go): one row per syscall with its number, name,
// handler, the user buffers it reads and writes, and where it runs for a thread that migrated
// to another kernel (syscall-row.ts says what each of those means). The handlers live with
// their kind (process.ts, fs-io.ts, ...); this file is the one list of what the kernel offers,
// and the services derive their rules from it: prefault.ts touches the buffers a row lists
// before the call, forwarding.ts sends it where the row says.
//
// Each kernel dispatches through its own SyscallTable (Kernel.syscalls), a copy of this one
// that the services add their own calls to at boot (register): an array indexed by number,
// so that a call costs one index. A number with no row returns -ENOSYS and is counted per
// number (/proc/popcorn/stat).

import { F_GETLK, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_SETLK, F_SETLKW, FLOCK_BYTES } from './fs-lock';
import { FIONBIO, PIPE_FDS_BYTES } from './fs-fd';
import { OFF_T_BYTES } from './fs-io';
import { fsSyscalls } from './fs';
import { POLLFD_BYTES, PSELECT_SIGMASK_BYTES } from './fs-poll';
import { STAT_BYTES, STATFS_BYTES, STATX_BYTES } from './fs-stat';
import {
  FUTEX_CLOCK_REALTIME,
  FUTEX_CMP_REQUEUE,
  FUTEX_PRIVATE_FLAG,
  FUTEX_REQUEUE,
  FUTEX_WAIT,
  FUTEX_WAIT_BITSET,
  FUTEX_WORD_BYTES,
  futexSyscalls,
} from './futex';
import { MAP_ANONYMOUS, MAP_SHARED, MAP_SHARED_VALIDATE, memorySyscalls } from './memory';
import { SYS } from './numbers';
import { EPOLL_EVENT_BYTES, epollSyscalls } from './epoll';
import { netSyscalls, SOCKADDR_STORAGE_BYTES, SOCKET_FDS_BYTES, SOCKLEN_BYTES } from './net';
import { MSGHDR_BYTES, netIoSyscalls } from './net-io';
import { netOptionSyscalls } from './net-options';
import { GETCPU_WORD_BYTES, schedSyscalls } from './sched';
import { CPU_MASK_BYTES } from '../cpus';
import { processSyscalls, RLIMIT_BYTES, RUSAGE_BYTES, SYSINFO_BYTES, TMS_BYTES, UTSNAME_BYTES } from './process';
import { SIGACTION_BYTES, SIGSET_BYTES, signalSyscalls, STACK_T_BYTES } from './signal';
import {
  argHas,
  argIs,
  bytes,
  count,
  fdset,
  inout,
  input,
  INT_BYTES,
  iovecs,
  output,
  path,
  PLACEMENTS,
  STRINGS,
  type ArgTest,
  type Placement,
  type SyscallRow,
  type UserBuffer,
} from './syscall-row';
import { CLOCK_PROCESS_CPUTIME_ID, ITIMERVAL_BYTES, TIMESPEC_BYTES, TIMEVAL_BYTES, timeSyscalls } from './time';
import type { SyscallHandler } from './types';
import { CLONE_CHILD_SETTID, CLONE_PARENT_SETTID, CLONE_THREAD } from '../proc/lifecycle';
import { FIONREAD } from '../fs/pipe';
import { TERMIOS2_BYTES, TERMIOS_BYTES } from '../tty/termios';
import {
  TCGETS,
  TCGETS2,
  TCSETS,
  TCSETS2,
  TCSETSF,
  TCSETSF2,
  TCSETSW,
  TCSETSW2,
  TIOCGETD,
  TIOCGPGRP,
  TIOCGSID,
  TIOCGWINSZ,
  TIOCOUTQ,
  TIOCSETD,
  TIOCSPGRP,
  TIOCSWINSZ,
  WINSIZE_BYTES,
} from '../tty/tty-ioctl';

export type SyscallName = keyof typeof SYS;

/** A row as the table below declares it: the number comes from its name, the handler from its group. */
interface Declared {
  name: SyscallName;
  remote: Placement;
  buffers: UserBuffer[];
  remoteUnless?: { when: ArgTest; remote: Placement };
}

const row = (name: SyscallName, remote: Placement, ...buffers: UserBuffer[]): Declared => ({ name, remote, buffers });

const TIMESPEC = bytes(TIMESPEC_BYTES);
const ITIMERVAL = bytes(ITIMERVAL_BYTES);
const SIGSET = bytes(SIGSET_BYTES);
const INT = bytes(INT_BYTES);
const SOCKADDR = bytes(SOCKADDR_STORAGE_BYTES);
const SOCKLEN = bytes(SOCKLEN_BYTES);
const FUTEX_CMD = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

/**
 * Every syscall the kernel knows, in number order. Buffers as the man pages and the riscv64
 * ABI give them, for what the handler does (argument numbers count from 0: a0 is 0).
 */
const DECLARED: Declared[] = [
  row('getcwd', 'forward', output(0, count(1), 'char *buf')),
  // an epoll instance is a descriptor of the origin's table, watching descriptors there
  row('epoll_create1', 'forward'),
  row('epoll_ctl', 'forward', input(3, bytes(EPOLL_EVENT_BYTES), 'struct epoll_event *event', argIs(1, 1, 3))),
  row(
    'epoll_pwait',
    'forward',
    output(1, count(2, EPOLL_EVENT_BYTES), 'struct epoll_event *events'),
    input(4, SIGSET, 'const sigset_t *sigmask'),
  ),
  row('dup', 'forward'),
  row('dup3', 'forward'),
  row(
    'fcntl',
    'forward',
    input(2, bytes(FLOCK_BYTES), 'const struct flock *', argIs(1, F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW)),
    inout(2, bytes(FLOCK_BYTES), 'struct flock *', argIs(1, F_GETLK, F_OFD_GETLK)),
  ),
  row(
    'ioctl',
    'forward',
    output(2, bytes(TERMIOS_BYTES), 'struct termios *', argIs(1, TCGETS)),
    output(2, bytes(TERMIOS2_BYTES), 'struct termios2 *', argIs(1, TCGETS2)),
    input(2, bytes(TERMIOS_BYTES), 'const struct termios *', argIs(1, TCSETS, TCSETSW, TCSETSF)),
    input(2, bytes(TERMIOS2_BYTES), 'const struct termios2 *', argIs(1, TCSETS2, TCSETSW2, TCSETSF2)),
    output(2, bytes(WINSIZE_BYTES), 'struct winsize *', argIs(1, TIOCGWINSZ)),
    input(2, bytes(WINSIZE_BYTES), 'const struct winsize *', argIs(1, TIOCSWINSZ)),
    output(2, INT, 'int *', argIs(1, TIOCGPGRP, TIOCGSID, TIOCOUTQ, TIOCGETD, FIONREAD)),
    input(2, INT, 'const int *', argIs(1, TIOCSPGRP, TIOCSETD, FIONBIO)),
  ),
  row('flock', 'forward'),
  row('mknodat', 'forward', path(1)),
  row('mkdirat', 'forward', path(1)),
  row('unlinkat', 'forward', path(1)),
  row('symlinkat', 'forward', path(0), path(2)),
  row('linkat', 'forward', path(1), path(3)),
  row('renameat', 'forward', path(1), path(3)),
  row('statfs', 'forward', path(0), output(1, bytes(STATFS_BYTES), 'struct statfs *')),
  row('fstatfs', 'forward', output(1, bytes(STATFS_BYTES), 'struct statfs *')),
  row('truncate', 'forward', path(0)),
  row('ftruncate', 'forward'),
  row('faccessat', 'forward', path(1)),
  row('chdir', 'forward', path(0)),
  row('fchdir', 'forward'),
  row('fchmod', 'forward'),
  row('fchmodat', 'forward', path(1)),
  row('fchownat', 'forward', path(1)),
  row('fchown', 'forward'),
  row('openat', 'forward', path(1)),
  row('close', 'forward'),
  row('pipe2', 'forward', output(0, bytes(PIPE_FDS_BYTES), 'int pipefd[2]')),
  row('getdents64', 'forward', output(1, count(2), 'struct linux_dirent64 *dirp')),
  row('lseek', 'forward'),
  row('read', 'forward', output(1, count(2), 'void *buf')),
  row('write', 'forward', input(1, count(2), 'const void *buf')),
  // the iovec array is read; the buffers it names are written (readv) or read (writev)
  row('readv', 'forward', output(1, iovecs(2), 'const struct iovec *iov')),
  row('writev', 'forward', input(1, iovecs(2), 'const struct iovec *iov')),
  row('pread64', 'forward', output(1, count(2), 'void *buf')),
  row('pwrite64', 'forward', input(1, count(2), 'const void *buf')),
  row('sendfile', 'forward', inout(2, bytes(OFF_T_BYTES), 'off_t *offset')),
  row(
    'pselect6',
    'forward',
    inout(1, fdset(0), 'fd_set *readfds'),
    inout(2, fdset(0), 'fd_set *writefds'),
    inout(3, fdset(0), 'fd_set *exceptfds'),
    input(4, TIMESPEC, 'const struct timespec *timeout'),
    input(5, bytes(PSELECT_SIGMASK_BYTES), '{ const sigset_t *ss; size_t ss_len; } *'),
  ),
  row(
    'ppoll',
    'forward',
    inout(0, count(1, POLLFD_BYTES), 'struct pollfd *fds'),
    input(2, TIMESPEC, 'const struct timespec *tmo_p'),
    input(3, SIGSET, 'const sigset_t *sigmask'),
  ),
  row('readlinkat', 'forward', path(1), output(2, count(3), 'char *buf')),
  row('newfstatat', 'forward', path(1), output(2, bytes(STAT_BYTES), 'struct stat *statbuf')),
  row('fstat', 'forward', output(1, bytes(STAT_BYTES), 'struct stat *statbuf')),
  row('sync', 'forward'),
  row('fsync', 'forward'),
  row('fdatasync', 'forward'),
  row('utimensat', 'forward', path(1), input(2, bytes(2 * TIMESPEC_BYTES), 'const struct timespec times[2]')),
  // the thread ends where it is; its tid word is cleared (and futex-woken) at the origin
  row('exit', 'exit', output('clear_child_tid', INT, 'int *clear_child_tid (set_tid_address)')),
  row('exit_group', 'forward'),
  row('set_tid_address', 'local'), // stores the pointer; exit writes it
  row(
    'futex',
    'futex',
    input(0, bytes(FUTEX_WORD_BYTES), 'uint32_t *uaddr'),
    input(3, TIMESPEC, 'const struct timespec *timeout', {
      when: { arg: 1, mask: FUTEX_CMD, values: [FUTEX_WAIT, FUTEX_WAIT_BITSET] },
    }),
    input(4, bytes(FUTEX_WORD_BYTES), 'uint32_t *uaddr2', {
      when: { arg: 1, mask: FUTEX_CMD, values: [FUTEX_REQUEUE, FUTEX_CMP_REQUEUE] },
    }),
  ),
  row('set_robust_list', 'local'), // stores the pointer
  row('get_robust_list', 'local'), // not implemented: ENOSYS
  row(
    'nanosleep',
    'local',
    input(0, TIMESPEC, 'const struct timespec *req'),
    output(1, TIMESPEC, 'struct timespec *rem'),
  ),
  // the process's timers are its origin's: they count its time there, and signal it from there
  row('getitimer', 'forward', output(1, ITIMERVAL, 'struct itimerval *curr_value')),
  row(
    'setitimer',
    'forward',
    input(1, ITIMERVAL, 'const struct itimerval *new_value'),
    output(2, ITIMERVAL, 'struct itimerval *old_value'),
  ),
  {
    // the process's CPU time is the origin's to tell: it hears from every thread, here or not
    ...row('clock_gettime', 'local', output(1, TIMESPEC, 'struct timespec *tp')),
    remoteUnless: { when: { arg: 0, values: [CLOCK_PROCESS_CPUTIME_ID] }, remote: 'forward' },
  },
  row('clock_getres', 'local', output(1, TIMESPEC, 'struct timespec *res')),
  row(
    'clock_nanosleep',
    'local',
    input(2, TIMESPEC, 'const struct timespec *request'),
    output(3, TIMESPEC, 'struct timespec *remain'),
  ),
  // the mask travels with the thread: these run where it is (sched.ts asks elsewhere for another's)
  row('sched_setaffinity', 'local', input(2, bytes(CPU_MASK_BYTES), 'const cpu_set_t *mask')),
  row('sched_getaffinity', 'local', output(2, bytes(CPU_MASK_BYTES), 'cpu_set_t *mask')),
  row('sched_yield', 'local'),
  row('kill', 'forward'),
  row('tkill', 'forward'),
  row('tgkill', 'forward'),
  row(
    'sigaltstack',
    'local',
    input(0, bytes(STACK_T_BYTES), 'const stack_t *ss'),
    output(1, bytes(STACK_T_BYTES), 'stack_t *old_ss'),
  ),
  row('rt_sigsuspend', 'local', input(0, SIGSET, 'const sigset_t *mask')),
  row(
    'rt_sigaction',
    'forward', // the origin's table is the truth; the remote mirrors a change (forwarding.ts)
    input(1, bytes(SIGACTION_BYTES), 'const struct sigaction *act'),
    output(2, bytes(SIGACTION_BYTES), 'struct sigaction *oldact'),
  ),
  row('rt_sigprocmask', 'local', input(1, SIGSET, 'const sigset_t *set'), output(2, SIGSET, 'sigset_t *oldset')),
  row('rt_sigpending', 'local', output(0, SIGSET, 'sigset_t *set')),
  row('rt_sigreturn', 'local'), // reads the signal frame at sp, which the thread wrote where it runs
  row('setpriority', 'forward'),
  row('getpriority', 'forward'),
  row('times', 'forward', output(0, bytes(TMS_BYTES), 'struct tms *buf')),
  row('setpgid', 'forward'),
  row('getpgid', 'forward'),
  row('getsid', 'forward'),
  row('setsid', 'forward'),
  row('getgroups', 'forward', output(1, count(0, INT_BYTES), 'gid_t list[]')),
  row('uname', 'local', output(0, bytes(UTSNAME_BYTES), 'struct utsname *buf')),
  row('getrlimit', 'forward', output(1, bytes(RLIMIT_BYTES), 'struct rlimit *rlim')),
  row('setrlimit', 'forward', input(1, bytes(RLIMIT_BYTES), 'const struct rlimit *rlim')),
  row('getrusage', 'forward', output(1, bytes(RUSAGE_BYTES), 'struct rusage *usage')),
  row('umask', 'forward'),
  row('prctl', 'forward'),
  row(
    'getcpu',
    'local',
    output(0, bytes(GETCPU_WORD_BYTES), 'unsigned *cpu'),
    output(1, bytes(GETCPU_WORD_BYTES), 'unsigned *node'),
  ),
  row('gettimeofday', 'local', output(0, bytes(TIMEVAL_BYTES), 'struct timeval *tv')),
  row('getpid', 'local'),
  row('getppid', 'forward'),
  row('getuid', 'local'),
  row('geteuid', 'local'),
  row('getgid', 'local'),
  row('getegid', 'local'),
  row('gettid', 'local'),
  row('sysinfo', 'forward', output(0, bytes(SYSINFO_BYTES), 'struct sysinfo *info')),
  // the origin owns the VMAs (vma-server.ts): madvise too, since MADV_DONTNEED drops pages and
  // what reads back must be zeros everywhere (glibc's calloc counts on it)
  // sockets live with the descriptor table at the origin; the loopback is inside the kernel
  row('socket', 'forward'),
  row('socketpair', 'forward', output(3, bytes(SOCKET_FDS_BYTES), 'int sv[2]')),
  row('bind', 'forward', input(1, count(2), 'const struct sockaddr *addr')),
  row('listen', 'forward'),
  row('accept', 'forward', output(1, SOCKADDR, 'struct sockaddr *addr'), inout(2, SOCKLEN, 'socklen_t *addrlen')),
  row('connect', 'forward', input(1, count(2), 'const struct sockaddr *addr')),
  row('getsockname', 'forward', output(1, SOCKADDR, 'struct sockaddr *addr'), inout(2, SOCKLEN, 'socklen_t *addrlen')),
  row('getpeername', 'forward', output(1, SOCKADDR, 'struct sockaddr *addr'), inout(2, SOCKLEN, 'socklen_t *addrlen')),
  row(
    'sendto',
    'forward',
    input(1, count(2), 'const void *buf'),
    input(4, count(5), 'const struct sockaddr *dest_addr'),
  ),
  row(
    'recvfrom',
    'forward',
    output(1, count(2), 'void *buf'),
    output(4, SOCKADDR, 'struct sockaddr *src_addr'),
    inout(5, SOCKLEN, 'socklen_t *addrlen'),
  ),
  row('setsockopt', 'forward', input(3, count(4), 'const void *optval')),
  row('getsockopt', 'forward', inout(4, SOCKLEN, 'socklen_t *optlen')),
  row('shutdown', 'forward'),
  // the iovecs and the buffers they name are read as the call goes
  row('sendmsg', 'forward', input(1, bytes(MSGHDR_BYTES), 'const struct msghdr *msg')),
  row('recvmsg', 'forward', inout(1, bytes(MSGHDR_BYTES), 'struct msghdr *msg')),
  row('brk', 'vma'),
  row('munmap', 'vma'),
  row('mremap', 'vma'),
  {
    // fork goes home, where the whole address space is; a thread is made by the origin's proxy
    ...row(
      'clone',
      'home',
      output(2, INT, 'pid_t *parent_tid', argHas(0, CLONE_PARENT_SETTID)),
      output(4, INT, 'pid_t *child_tid', argHas(0, CLONE_CHILD_SETTID)),
    ),
    remoteUnless: { when: { arg: 0, mask: CLONE_THREAD, values: [CLONE_THREAD] }, remote: 'forward' },
  },
  row('execve', 'home', path(0), input(1, STRINGS, 'char *const argv[]'), input(2, STRINGS, 'char *const envp[]')),
  {
    // a file mapped shared is kept on its kernel (its page cache is the file's bytes there): the
    // thread goes home to map it, and its process's threads stay there while it does
    ...row('mmap', 'vma'),
    remoteUnless: {
      when: { arg: 3, mask: MAP_SHARED_VALIDATE | MAP_ANONYMOUS, values: [MAP_SHARED, MAP_SHARED_VALIDATE] },
      remote: 'home',
    },
  },
  row('mprotect', 'vma'),
  row('msync', 'vma'),
  row('madvise', 'vma'),
  row('accept4', 'forward', output(1, SOCKADDR, 'struct sockaddr *addr'), inout(2, SOCKLEN, 'socklen_t *addrlen')),
  row('wait4', 'forward', output(1, INT, 'int *wstatus'), output(3, bytes(RUSAGE_BYTES), 'struct rusage *rusage')),
  row(
    'prlimit64',
    'forward',
    input(2, bytes(RLIMIT_BYTES), 'const struct rlimit *new_limit'),
    output(3, bytes(RLIMIT_BYTES), 'struct rlimit *old_limit'),
  ),
  row('renameat2', 'forward', path(1), path(3)),
  row('getrandom', 'local', output(0, count(1), 'void *buf')),
  row('membarrier', 'local'),
  row('statx', 'forward', path(1), output(4, bytes(STATX_BYTES), 'struct statx *statxbuf')),
  row('rseq', 'local'), // not implemented: ENOSYS
  row('clone3', 'home'), // not implemented: ENOSYS (glibc falls back to clone)
  row('close_range', 'forward'),
  row('faccessat2', 'forward', path(1)),
  row(
    'epoll_pwait2',
    'forward',
    output(1, count(2, EPOLL_EVENT_BYTES), 'struct epoll_event *events'),
    input(3, TIMESPEC, 'const struct timespec *timeout'),
    input(4, SIGSET, 'const sigset_t *sigmask'),
  ),
];

/** The handlers of every group, by number. */
function handlersByNumber(): Map<number, SyscallHandler> {
  const out = new Map<number, SyscallHandler>();
  for (const group of [
    processSyscalls,
    schedSyscalls,
    memorySyscalls,
    signalSyscalls,
    futexSyscalls,
    timeSyscalls,
    fsSyscalls,
    epollSyscalls,
    netSyscalls,
    netIoSyscalls,
    netOptionSyscalls,
  ]) {
    for (const [nr, handler] of group) {
      if (out.has(nr)) throw new Error(`syscall ${nr} has two handlers`);
      out.set(nr, handler);
    }
  }
  return out;
}

/** Checks a row before it goes in a table: a known placement, arguments a0..a5. */
export function checkRow(r: SyscallRow): void {
  const where = `syscall ${r.nr} (${r.name})`;
  if (!Number.isInteger(r.nr) || r.nr < 0 || r.nr >= MAX_SYSCALL) throw new Error(`${where}: bad number`);
  if (!PLACEMENTS.includes(r.remote)) throw new Error(`${where}: no placement for a migrated thread`);
  if (r.remoteUnless && !PLACEMENTS.includes(r.remoteUnless.remote)) throw new Error(`${where}: bad placement`);
  for (const b of r.buffers) {
    const args = [b.at, b.when?.arg, 'arg' in b.size ? b.size.arg : undefined];
    if (args.some((a) => typeof a === 'number' && (a < 0 || a > 5))) throw new Error(`${where}: no argument ${b.at}`);
  }
}

/** Numbers are below this (the popcorn calls are 500-503). */
export const MAX_SYSCALL = 1024;

/** Linux's calls: the declared rows with their handlers. */
function linuxRows(): SyscallRow[] {
  const handlers = handlersByNumber();
  const rows = DECLARED.map((d): SyscallRow => {
    const nr = SYS[d.name];
    const r: SyscallRow = { nr, name: d.name, handler: handlers.get(nr), buffers: d.buffers, remote: d.remote };
    if (d.remoteUnless) r.remoteUnless = d.remoteUnless;
    handlers.delete(nr);
    return r;
  });
  // a handler with no row would have no placement: the kernel refuses to start
  for (const nr of handlers.keys()) throw new Error(`syscall ${nr} has a handler but no row in the table`);
  return rows;
}

const LINUX_ROWS: readonly SyscallRow[] = linuxRows();

/** One kernel's table: Linux's rows and the ones its services registered. */
export class SyscallTable {
  /** Rows by number: dispatch is one array index (a packed array: no holes to check). */
  private readonly byNumber = Array.from({ length: MAX_SYSCALL }, (): SyscallRow | undefined => undefined);

  constructor(rows: readonly SyscallRow[] = LINUX_ROWS) {
    for (const r of rows) this.register(r);
  }

  /** The row of syscall `nr`, if there is one. */
  row(nr: number): SyscallRow | undefined {
    return nr < MAX_SYSCALL ? this.byNumber[nr] : undefined;
  }

  /**
   * Extension point for the multikernel services: they add their own calls at boot (Popcorn's
   * 500-503), each with its buffers and placement like any other row. A number is taken once.
   */
  register(r: SyscallRow): void {
    checkRow(r);
    const had = this.byNumber[r.nr];
    if (had) throw new Error(`syscall ${r.nr} (${r.name}) is already ${had.name}`);
    this.byNumber[r.nr] = r;
  }

  /** Every row, in number order. */
  rows(): SyscallRow[] {
    return this.byNumber.filter((r): r is SyscallRow => r !== undefined);
  }
}

/** The numbers whose rows place them `where` for a migrated thread (ignoring argument exceptions). */
export function numbersPlaced(table: SyscallTable, where: Placement): Set<number> {
  return new Set(table.rows().flatMap((r) => (r.remote === where ? [r.nr] : [])));
}
