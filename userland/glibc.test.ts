// The glibc userland under qemu-riscv64: the programs of userland/glibc/ (built by build.sh into
// userland/bin/glibc/) run under qemu-riscv64, the reference Linux, and must print exactly what
// is expected here. This checks the programs themselves; the kernel's differential tests run the
// same binaries on the playground kernel and compare with qemu.
//
// The shell's PATH search is exercised through a temporary directory of wrapper scripts, one per
// program and per BusyBox applet (testing/qemu-run.ts). The demos are in glibc-demos.test.ts;
// BusyBox's applets are tested in engine/kernels/busybox.test.ts.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN_DIR, lines, run, scratchDir, sh, useScratch } from './testing/qemu-run';

useScratch();

const PROGRAMS = [
  'busy',
  'busybox',
  'clear',
  'counter',
  'falseshare',
  'fsbench',
  'init',
  'matmul',
  'memtouch',
  'migrate',
  'mt',
  'omp',
  'pingpong',
  'primes',
  'ps',
  'pstat',
  'shmpipe',
  'shmring',
  'sigdemo',
  't-affinity',
  't-cputime',
  't-epoll',
  't-fifopoll',
  't-files',
  't-fork',
  't-fsshare',
  't-fsthreads',
  't-locks',
  't-malloc',
  't-printf',
  't-pthread',
  't-segv',
  't-shm',
  't-shmmove',
  't-sigaction',
  't-sigchld',
  't-signal',
  't-sockets',
  't-timers',
  'time',
  'top',
];

/** Exact output of the programs whose whole output is deterministic. */
const EXPECTED: Record<string, string[]> = {
  't-affinity': [
    'getaffinity(0, 128): a positive multiple of 8, at most 128: yes',
    'getaffinity size 4: Invalid argument',
    'getaffinity size 0: Invalid argument',
    'getaffinity size 129: Invalid argument',
    'getaffinity size 4GiB+128 (an unsigned int: 128): 0',
    'getaffinity to address 8: Bad address',
    'getaffinity to a kernel address: Bad address',
    'getaffinity of pid -1: No such process',
    'getaffinity of no such thread: No such process',
    'getaffinity of itself by tid: same',
    'setaffinity to no CPU: Invalid argument',
    'setaffinity with size 0: Invalid argument',
    'setaffinity from address 8: Bad address',
    'setaffinity of no such thread: No such process',
    'setaffinity to CPU 1023 only: Invalid argument',
    'setaffinity to its first CPU (and CPU 1023): mask is that CPU yes, runs there yes',
    'setaffinity back to every CPU: same mask yes',
    'getcpu: 0, cpu in the mask yes',
    'getcpu to address 8: Bad address',
    'get_nprocs_conf >= get_nprocs >= 1: yes',
    'sysconf online = get_nprocs: yes',
    'affinity count = online count: yes',
    't-affinity: 4 checks, 0 failed',
  ],
  't-printf': [
    '%d         -> [0]',
    '%d         -> [-2147483648]',
    '%i         -> [2147483647]',
    '%u         -> [4294967295]',
    '%ld        -> [-9223372036854775808]',
    '%llu       -> [18446744073709551615]',
    '%hhd %hhu  -> [-128 255]',
    '%hd %hu    -> [-32768 65535]',
    '%x %X      -> [deadbeef DEADBEEF]',
    '%#x %#X %#o %#x -> [0x1f 0X1F 037 0]',
    '%o         -> [777]',
    '|%5d|%-5d|%05d| -> [|   42|42   |00042|]',
    '|%+d|% d|%+d| -> [|+42| 42|-42|]',
    '|%7.5d|    -> [|  00042|]',
    '|%.0d|     -> [||]',
    '|%*d|      -> [|    7|]',
    '|%*d|      -> [|7    |]',
    '|%.*d|     -> [|007|]',
    '%zu        -> [123456789012]',
    '%jd %jx    -> [-1 ffffffffffffffff]',
    '%td        -> [-5]',
    '%p         -> [0x1234]',
    '%p         -> [(nil)]',
    '%2$c %1$c  -> [b a]',
    '%s         -> [hello]',
    '|%5s|%-5s| -> [|  abc|abc  |]',
    '|%.3s|     -> [|hel|]',
    '|%5.3s|    -> [|  hel|]',
    '|%.*s|     -> [|he|]',
    'x%%y       -> [x%y]',
    '|%3c|      -> [|  z|]',
    '%f         -> [3.141593]',
    '%.20f      -> [3.14159265358979311600]',
    '%.0f       -> [3]',
    '%.0f %.0f %.0f %.0f -> [0 2 2 4]',
    '%e         -> [1.000000e+00]',
    '%E         -> [1.234568E-05]',
    '%g         -> [1e+100]',
    '%g %g      -> [0.0001 1e-05]',
    '%g %g      -> [123457 1.23457e+06]',
    '%g %g      -> [100000 1e+06]',
    '%g %.17g   -> [0.1 0.10000000000000001]',
    '%g %#g     -> [1.5 1.50000]',
    '%a %a %a   -> [0x1p+0 0x1.8p+1 -0x1.91eb851eb851fp+1]',
    '%A         -> [0X1.999999999999AP-4]',
    '%a %a      -> [0x0.0000000000001p-1022 0x1p-1022]',
    '%e         -> [1.797693e+308]',
    '%e %e      -> [2.225074e-308 4.940656e-324]',
    '%f %f %F   -> [inf -inf INF]',
    '%f %f %F   -> [nan -nan NAN]',
    '%f %g %a   -> [-0.000000 -0 -0x0p+0]',
    '|%+8.2f|%-+8.2f|%07.2f| -> [|   +1.50|+1.50   |0001.50|]',
    '%g %g      -> [1e+300 1e-300]',
    '%f         -> [12345678901234567168.000000]',
    '%f %.10f   -> [0.333333 0.3333333333]',
    '%.2f %.2f  -> [2.50 -2.50]',
    '%f         -> [16777216.000000]',
    '%Lf        -> [1.500000]',
    '%La %La    -> [0x1p+0 0x1.8p+1]',
    '%.32Lf     -> [3.14159265358979323846264338327950]',
    '%.20Le     -> [1.18973149535723176509e+4932]',
    '%Lg        -> [0.1]',
    'snprintf(8, "truncated text") -> 14 [truncat]',
    'snprintf(NULL, 0, "%d-%d") -> 8',
    '%n after "abc" -> 3',
    'strtod("  -1.25e-3xyz") -> -0.00125, rest [xyz]',
    'strtod("0x1.8p3") -> 12',
    'strtod("2.2250738585072011e-308") -> 0x0.fffffffffffffp-1022',
    'strtol("-0x7fffffff", 16) -> -2147483647',
    'strtoull(max) -> 18446744073709551615',
    'sscanf("17 2.5 word") -> 3: 17 2.5 word',
    '2000 random doubles round-trip through %.17g: yes',
    't-printf: 72 checks, 0 failed',
  ],
  't-malloc': [
    'single thread: malloc 6606 calloc 2180 realloc 2736 free 8478, checksum 0000ad10cebea979, bad blocks 0',
    'aligned: posix_memalign and aligned_alloc from 8 to 65536 bytes: ok',
    'thread 0: malloc 1707 calloc 589 realloc 711 free 1993, checksum 00005946d8cf6cea, bad blocks 0',
    'thread 1: malloc 1710 calloc 590 realloc 676 free 2024, checksum 000034a841c81900, bad blocks 0',
    'thread 2: malloc 1734 calloc 591 realloc 654 free 2021, checksum 00001cc048c18ccf, bad blocks 0',
    'thread 3: malloc 1729 calloc 577 realloc 687 free 2007, checksum 000042c676c309e1, bad blocks 0',
    't-malloc: 14 checks, 0 failed',
  ],
  't-pthread': [
    'mutex: 4 threads x 20000 increments = 80000',
    'condvar: 2 producers, 2 consumers, 10000 items taken, each exactly once: yes',
    "join and TLS: each thread saw fresh TLS and returned 100+i: yes; main's TLS kept: yes",
    'ids: getpid same in all threads: yes; gettid distinct: yes; main gettid == getpid: yes',
    'once ran 1 time; key destructors summed 10; barrier serial threads 1; rwlock total 4000',
    'recursive mutex: lock, lock, unlock, unlock -> 0 0 0 0',
    'error-checking mutex: relock EDEADLK, trylock EBUSY, unlock unowned EPERM',
    'detached threads with 256 KiB stacks: 4 posted, semaphore now 0',
    'timed condition wait of 20 ms: ETIMEDOUT, returned after the deadline: yes',
    't-pthread: 17 checks, 0 failed',
  ],
  't-fork': [
    'cat pipeline: sent 204800 bytes, read back 204800, identical: yes; writer exited 0, cat exited 0',
    'exit(0): exited 0',
    'exit(3): exited 3',
    'exit(255): exited 255',
    'WNOHANG on a running child: 0',
    'SIGKILL while blocked in read: killed by SIGKILL',
    'abort(): killed by SIGABRT',
    'execve of a missing file: exited 127',
    'wait with no children: -1 ECHILD',
    'after fork: parent\'s variable 1 (child wrote 2); shared offset 13; file "parent child parent"',
    '/bin/sh -c with argv and envp: printed "a0 a1 env-ok", exited 5',
    't-fork: 19 checks, 0 failed',
  ],
  't-signal': [
    'siginfo: raise -> SI_TKILL yes, kill -> SI_USER with our pid and uid yes',
    'raise and kill ran: USR1(self-blocked) USR1(self-blocked)',
    'SA_NODEFER: USR1',
    'SA_RESETHAND: disposition after one delivery is SIG_DFL',
    'SA_RESETHAND ran: USR1(self-blocked)',
    'nesting order: USR1-begin URG(self-blocked)(USR2-blocked) USR1-end USR2(self-blocked)',
    'blocked RTMIN+1 USR2 USR2 RTMIN RTMIN USR1, then unblocked: (unblocking) RTMIN+1 RTMIN RTMIN USR2 USR1',
    'SIG_IGN and default-ignored SIGWINCH: still running',
    'sigsuspend: -1 EINTR, USR1 still blocked afterwards: yes',
    'ppoll with an unblocking mask: -1 EINTR',
    "read interrupted by an SA_RESTART handler: returned 1 'x'",
    'handlers ran: USR1(self-blocked) USR1(self-blocked) USR2(self-blocked)',
    'SA_ONSTACK handler: on-alt-stack SS_ONSTACK',
    'pthread_kill: handler ran on the target thread: yes',
    'null load 1: SIGSEGV SEGV_MAPERR si_addr 0, left by siglongjmp, SIGSEGV unblocked: yes',
    'null load 2: SIGSEGV SEGV_MAPERR si_addr 0, left by siglongjmp, SIGSEGV unblocked: yes',
    'store to a read-only page: SIGSEGV SEGV_ACCERR at the address: yes; page still reads 1',
    'illegal instruction (csrrw zero, cycle, zero): si_addr==pc ILL_ILLOPC',
    'after sigreturn: a0 = 42 (the handler set 42)',
    'asynchronous signals during computation: received some yes, wrong results 0, rounding mode kept yes',
    't-signal: 24 checks, 0 failed',
  ],
  't-cputime': [
    '400 readings while computing: process clock went back 0 times, clock() 0, thread clock 0; process behind thread 0',
    "four threads ended: the process clock covers all their time and the main thread's: yes; grew by theirs: yes",
    'getrusage(RUSAGE_SELF) agrees with the process clock: yes; times(): yes; RUSAGE_THREAD with the thread clock: yes',
    "RUSAGE_CHILDREN before any child was waited for: 0; after: covers the child's time yes; tms_cutime too yes",
    "wait4 reaped the child: yes; its rusage covers the child's time: yes; within RUSAGE_CHILDREN's growth: yes",
    't-cputime: 9 checks, 0 failed',
  ],
  't-timers': [
    'alarm(2) on none: 0; alarm(5) then: 2; alarm(0): 5; alarm(0) again: 0',
    'one-shot ITIMER_REAL: pause() returned -1 (EINTR), SIGALRM handled 1 time(s), after 50 ms or more: yes; disarmed after: yes',
    'periodic ITIMER_REAL: 5 signals in 50 ms or more: yes; its period read back: 10000 us',
    'ITIMER_VIRTUAL and ITIMER_PROF of 20 ms: SIGVTALRM 1, SIGPROF 1, after 10 ms of CPU time or more: yes',
    'armed for 3 s: getitimer and the old value read a little under 3 s: yes; interval 250000 us; disarmed: yes',
    'errors: unknown timer EINVAL, tv_usec of a million EINVAL, bad pointer EFAULT',
    "a fork's child starts with no timer: yes; a child's alarm without a handler kills it: yes",
    't-timers: 9 checks, 0 failed',
  ],
  't-shmmove': [
    'child: values seen and written through both mappings',
    'parent: total 400, expected 400',
    'with a file mapped shared: pread "stored", then the mapping "written"',
    't-shmmove: 12 checks, 0 failed',
  ],
  't-epoll': [
    'close-on-exec: yes',
    'level: empty pipe: 0',
    'level: data: 1 [data 1000 IN]',
    'level: still there: 1 [data 1000 IN]',
    'level: drained: 0',
    'edge: data came: 1 [data 2000 IN]',
    'edge: nothing new: 0',
    'edge: more came: 1 [data 2000 IN]',
    'one-shot: reported: 1 [data 3000 IN]',
    'one-shot: then off: 0',
    'one-shot: re-armed by MOD: 1 [data 3000 IN]',
    'socket: writable: 1 [data 4000 OUT]',
    'socket: peer closed: 1 [data 4000 IN OUT HUP]',
    'pipe: writer closed, two entries, maxevents 1: 1 [data 4000 IN OUT HUP]',
    'pipe: its last descriptor closed: 1 [data 4000 IN OUT HUP]',
    'woken by the child: 1, data 6000',
    'timeout of 30 ms: 0 after at least 30 ms: yes',
    'a regular file: Operation not permitted',
    'added twice: File exists',
    'DEL of one not added: No such file or directory',
    'the instance itself: Invalid argument',
    'not an epoll descriptor: Invalid argument',
    'a bad descriptor: Bad file descriptor',
    'a bad op: Invalid argument',
    'maxevents 0: Invalid argument',
    'epoll_create1 with a bad flag: Invalid argument',
    't-epoll: 5 checks, 0 failed',
  ],
  't-sockets': [
    "stream pair: one read takes both writes: 11 bytes 'hello world'",
    "after the writer's SHUT_WR: read 0, poll readable",
    'write after SHUT_WR: Broken pipe',
    "dgram pair: peek 2 of the first: 2 'on'",
    'dgram pair: MSG_TRUNC gives the whole length: 3',
    "dgram pair: next message whole: 5 'three'",
    'dgram pair: empty with MSG_DONTWAIT: Resource temporarily unavailable',
    'dgram pair: FIONREAD 4',
    "seqpacket: first message cut to 1: 1 'a', MSG_TRUNC set yes",
    "seqpacket: second whole: 3 'cde'",
    'seqpacket: after the peer closed: read 0',
    'listen before bind: Invalid argument',
    'bind again: Address already in use',
    'the path is a socket: yes',
    'a second bind to the path: Address already in use',
    'connect before listen: Connection refused',
    'listener readable with a connection waiting: yes',
    'accepted an unnamed client: addrlen 2, O_NONBLOCK yes',
    "client's peer is the server path: yes",
    "server end's name is the path: yes",
    'empty non-blocking read: Resource temporarily unavailable',
    "server read 'ping'",
    "SO_PEERCRED: pid is the client's yes, len 12",
    'SO_ACCEPTCONN listener 1, connection 0',
    'client read after the server end closed: 0',
    'client write after it closed: Broken pipe',
    'connect to the path of a closed listener: Connection refused',
    'connect to a removed path: No such file or directory',
    "abstract dgram: 'to an abstract name', an unnamed sender's addrlen 0",
    'abstract name read back: yes',
    'unix bulk: 1000000 bytes, 0 wrong, client exit 0',
    'tcp bulk: 1000000 bytes, 0 wrong, client exit 0',
    'tcp: bound to port 0, the kernel picked one: yes',
    'tcp: SO_REUSEADDR reads back 1',
    'tcp: SO_RCVBUF 4096 reads back 8192',
    'tcp: SO_TYPE 1, SO_PROTOCOL 6, SO_DOMAIN 2',
    'tcp: TCP_NODELAY reads back 1',
    'tcp: non-blocking connect: Operation now in progress',
    'tcp: writable, SO_ERROR 0; connect again: ok, and once more: Transport endpoint is already connected',
    'tcp: accepted from 127.0.0.1, addrlen 16',
    "tcp: the client's port is the one accept saw: yes",
    "tcp: server got 5 'GET /'",
    "tcp: after the client's SHUT_WR the server reads 0, and can still reply: ok",
    "tcp: client got '200'",
    'tcp: accept with nothing waiting, non-blocking: Resource temporarily unavailable',
    'tcp: connect to a port nobody listens on: Connection refused',
    'tcp: send on an unconnected socket: Broken pipe',
    'tcp: recv on an unconnected socket: Transport endpoint is not connected',
    'tcp: getpeername unconnected: Transport endpoint is not connected',
    "udp: 'datagram' from 127.0.0.1, the sender's own port: yes",
    "udp: a datagram cut to 2 bytes: 2 'ba'; the rest is gone: Resource temporarily unavailable",
    'udp: listen: Operation not supported',
    'bind on a pipe: Socket operation on non-socket',
    'listen on a closed descriptor: Bad file descriptor',
    'socket(AF_UNIX, SOCK_RDM): Socket type not supported',
    'socket(AF_UNIX, SOCK_STREAM, protocol 6): Protocol not supported',
    'socket(AF_INET, SOCK_STREAM, IPPROTO_UDP): Protocol not supported',
    'socketpair(AF_INET): Operation not supported',
    'bind with a short address: Invalid argument',
    'getsockopt of an unknown option: Protocol not available',
    'accept on a socket that does not listen: Invalid argument',
    'shutdown of an unconnected socket: Transport endpoint is not connected',
    't-sockets: 30 checks, 0 failed',
  ],
  't-shm': [
    '1. three children x 20000 under a shared mutex: 60000',
    '2. ping-pong through a shared condition variable: parent 1000, child 1000, turn 0',
    '3. child woken by a shared FUTEX_WAKE, word 7',
    "3. parent's FUTEX_WAKE_PRIVATE woke 0",
    "3. child's FUTEX_WAIT_PRIVATE: ETIMEDOUT",
    '4. child reads: written by the parent',
    '4. parent reads: written by the child',
    '4. read() at 4096: written by the child',
    '4. shm_open after shm_unlink: ENOENT',
    '4. a named semaphore: 5 posts by the child taken, value now 0',
    '5. the mapping reads: hello, file',
    '5. read() after a store: HELLO, file',
    '5. the mapping after write(): HELLO, world',
    "5. read() after the child's store: HELLO, world........child",
    '5. grown to 8192: byte 30 is 0, byte 5000 is 0',
    '5. shrunk to 10: bytes 8..11 are 111 114 0 0',
    '5. a touch past the end: SIGBUS',
    '5. grown again: byte 5000 is 0',
    '5. after munmap, read() gives: HELLO, wor',
    '5. writable MAP_SHARED of a read-only descriptor: EACCES',
    "6. after munmap of page 1, the child's stores: A C D",
    '6. read-only here, written by the child: rw',
    '6. after MADV_DONTNEED: rw!',
    "6. /dev/zero mapped shared, after the child's store: c",
    "6. a private mapping after the child's store: p",
    '6. the child execs a shell',
    "6. after a child wrote and exec'd: 42",
    't-shm: 55 checks, 0 failed',
  ],
  't-locks': [
    'F_GETLK, unlocked: 0, l_type F_UNLCK, whence/start/len/pid as given yes',
    'own view, WR at 5: UNLCK',
    'WR 0+10 and RD 20+10 held:',
    '  other process, WR at 5: WR 0+10 parent',
    '  other process, RD at 20+5: UNLCK',
    '  other process, WR at 25+15: RD 20+10 parent',
    '  other process, F_SETLK WR at 0: EAGAIN',
    '  other process, F_SETLK RD at 20+10: locked',
    'shapes: WR 0+100, unlocked 40+20, RD 10+10, WR 100+10 and 110+10, 200-50, SEEK_CUR, SEEK_END:',
    '  RD at 0: WR 0+10 parent',
    '  RD at 39: WR 20+20 parent',
    '  RD at 40: UNLCK',
    '  RD at 59: UNLCK',
    '  RD at 60: WR 60+60 parent',
    '  RD at 100: WR 60+60 parent',
    '  RD at 119: WR 60+60 parent',
    '  RD at 120: UNLCK',
    '  RD at 150: WR 150+50 parent',
    '  RD at 199: WR 150+50 parent',
    '  RD at 200: UNLCK',
    '  RD at 989: UNLCK',
    '  RD at 990: WR 990+5 parent',
    '  RD at 995: UNLCK',
    '  RD at 1100: WR 1100+0 parent',
    '  RD at 5000: WR 1100+0 parent',
    '  after unlocking 70+40: at 69 WR 60+10 parent; at 70 UNLCK; at 110 WR 110+10 parent',
    'closing another descriptor of the file:',
    '  other process, WR over everything: UNLCK',
    'after the child that locked byte 0 exited: F_SETLK locked',
    'F_SETLKW: the parent unlocks byte 0 the child waits for',
    '  child: F_SETLKW returned 0 once the parent had unlocked: yes',
    "deadlock: the parent's F_SETLKW on the child's byte 1: EDEADLK",
    "  child: F_SETLKW on the parent's byte 0 returned 0 after the parent gave it up",
    '  child: F_SETLKW interrupted by a handler without SA_RESTART: EINTR, handler ran 1',
    'write lock on a read-only fd: EBADF; read lock on a write-only fd: EBADF',
    'bad l_type: EINVAL; bad l_whence: EINVAL; negative start: EINVAL; length reaching before 0: EINVAL; F_GETLK of F_UNLCK: EINVAL',
    'OFD: a second open of the file in the same process: EAGAIN; F_OFD_GETLK there: WR 0+10 -1',
    'OFD: a POSIX lock of the same process over it: EAGAIN; F_GETLK there: WR 0+10 -1',
    'OFD: l_pid not 0: EINVAL',
    'OFD: after closing one of two descriptors of the description: WR 0+10 -1',
    'OFD: after closing the last: UNLCK',
    "flock: LOCK_EX ok; another open's LOCK_EX|LOCK_NB EAGAIN, LOCK_SH|LOCK_NB EAGAIN",
    'flock: converted to LOCK_SH ok; two more LOCK_SH ok ok; LOCK_EX|LOCK_NB while they hold EAGAIN',
    'flock: LOCK_UN through a dup ok, LOCK_UN ok; then LOCK_EX|LOCK_NB ok',
    'flock: operation 0 EINVAL',
    'flock: LOCK_EX held by the parent;',
    '  child: LOCK_EX|LOCK_NB on the inherited descriptor: ok',
    '  child: an fcntl write lock over the whole file meanwhile: locked',
    'flock: the parent unlocks what the child waits for',
    '  child: LOCK_EX returned 0 once the parent had unlocked: yes',
    't-locks: 58 checks, 0 failed',
  ],
  't-sigaction': [
    'handler with SIGUSR2 in sa_mask: ran 1 time(s) and returned',
    'old action: same handler yes, SA_RESTART yes, SIGUSR2 in mask yes, other signals in mask 0',
    'raw old action: returned 0, {handler, flags, mask} right yes, bytes after 32 untouched yes',
    'raw new action: returned 0, handler ran 1 time(s), mask reads back SIGUSR2',
    "full-mask handler: raised signal ran it 1 time(s); a child's exit ran it; child exited 7",
    'signal() then raise twice: ran 2 time(s); its mask holds the signal itself yes',
    't-sigaction: 11 checks, 0 failed',
  ],
  't-sigchld': [
    'SIGCHLD handler without SA_RESTART: waitpid returned the child (error none), exit status 3, handler ran 1',
    'reaping SIGCHLD handler without SA_RESTART: waitpid returned the child (error none), status 4; the handler reaped 0 (ECHILD)',
    'reaping SIGCHLD handler with SA_RESTART: waitpid returned the child (error none), status 4; the handler reaped 0 (ECHILD)',
    'SIGUSR1 without SA_RESTART while waiting: waitpid returned -1 (error EINTR), handler ran 1; child reaped, status 5',
    'SIGUSR1 with SA_RESTART while waiting: waitpid returned the child (error none), handler ran 1; child reaped, status 5',
    'three children reaped by the handler: 3; wait then: ECHILD',
    't-sigchld: 8 checks, 0 failed',
  ],
  't-fifopoll': [
    'empty, timeout 0: 0 revents 0',
    'empty, timeout 30 ms: 0 revents 0',
    'write end: 1 revents 0x4',
    'after a write: 1 revents 0x1',
    'after the read: 0 revents 0',
    'select, empty: 0',
    'select, after a write: 1 readable 1',
    'woken by the child: 1 revents 0 0x1',
    'interrupted: -1 Interrupted system call',
    'writer closed: 1 revents 0x10',
    't-fifopoll: 24 checks, 0 failed',
  ],
  't-files': [
    'created f: regular yes, mode 0644, size 12, links 1',
    'read from a write-only fd: EBADF',
    'O_EXCL on an existing file: EEXIST',
    'lseek END 12, SET 6, read "world", CUR-5 6',
    'write at 100 past the end: size 101, the hole reads as 88 zero bytes: yes',
    'O_APPEND write after lseek(0): size 105; F_GETFL has O_APPEND yes, access write-only yes',
    'O_TRUNC: size 0',
    'dup shares the offset: 6; FD_CLOEXEC original 1, dup 0',
    'dup2 -> 50, dup3 -> 51 (FD_CLOEXEC 1), dup2 over an open fd -> 50, F_DUPFD_CLOEXEC from 60 -> 60',
    '/dev/null: read 0, write 9',
    'dup3 onto itself: EINVAL',
    'close(-1): EBADF',
    'writev 13 bytes, readv 13: "one| two t|hree"',
    'lseek on a pipe: ESPIPE',
    'read from an empty O_NONBLOCK pipe: EAGAIN',
    'write to a pipe without readers: EPIPE',
    'ls .: ../ ./ a b c f sub/',
    'sub: directory yes, mode 0755, links 3 (2 + one subdirectory)',
    'mkdir of an existing name: EEXIST',
    'open a missing file: ENOENT',
    'open a path through a file: ENOTDIR',
    'opendir-style open of a file: ENOTDIR',
    'unlink a directory: EISDIR',
    'rmdir a non-empty directory: ENOTEMPTY',
    'rmdir a file: ENOTDIR',
    'readlink of a regular file: EINVAL',
    "rename a -> sub/moved, b over c: c now holds 'b'",
    'stat the old name: ENOENT',
    'ls .: ../ ./ c f sub/',
    'ls sub: ../ ./ deeper/ moved',
    'chdir sub/deeper: getcwd is the directory + "/sub/deeper"',
    "open ../moved from there: 'a'",
    '1 MiB file: wrote and read 1048576 bytes, checksums 3296c1c5 3296c1c5',
    '1 MiB mapped privately: checksum 3296c1c5, a store stays in the mapping: yes',
    "at an offset: the mapping is the file's bytes there: yes",
    "a 19-byte file mapped: 'one hundr', zeros to the page's end: yes",
    'ls .: ../ ./',
    'stat the removed directory: ENOENT',
    't-files: 64 checks, 0 failed',
  ],
};

describe('glibc userland under qemu-riscv64', () => {
  it('has every program built', () => {
    const built = existsSync(BIN_DIR) ? readdirSync(BIN_DIR).sort() : [];
    expect(built, `run userland/build.sh`).toEqual(PROGRAMS);
  });

  describe('differential-test programs', () => {
    for (const name of Object.keys(EXPECTED)) {
      it(`${name} prints the expected lines and exits 0`, async () => {
        const r = await run(name);
        expect(r.stdout).toBe(lines(...(EXPECTED[name] ?? [])));
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
      });
    }

    it('t-segv is killed by SIGSEGV after its one line', async () => {
      const r = await run('t-segv');
      expect(r.stdout).toBe(lines('t-segv: storing through a wild pointer'));
      expect(r.signal).toBe('SIGSEGV');
    });
  });

  describe('coreutils', () => {
    it('clear writes what ncurses clear writes for an xterm, and -x keeps the scrollback', async () => {
      expect((await run('clear')).stdout).toBe('\x1b[H\x1b[2J\x1b[3J');
      expect((await run('clear', ['-x'])).stdout).toBe('\x1b[H\x1b[2J');
      const bad = await run('clear', ['-q']);
      expect(bad.stderr).toBe('usage: clear [-x]\n');
      expect(bad.exitCode).toBe(1);
    });

    it('ps and top -n 1 read /proc', async () => {
      const ps = await run('ps');
      expect(ps.stdout.split('\n')[0]).toBe('  PID  PPID STAT     TIME CMD');
      expect(ps.stdout).toMatch(/^ +1 +0 /m);
      const top = await run('top', ['-n', '1']);
      const header = top.stdout.split('\n');
      expect(header[0]).toMatch(/^top - up .*, load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/);
      expect(header[1]).toMatch(/^Tasks: +\d+ total, +\d+ running, +\d+ sleeping, +\d+ stopped, +\d+ zombie$/);
      expect(header[2]).toMatch(/^MiB Mem : +[\d.]+ total, +[\d.]+ free, +[\d.]+ used, +[\d.]+ buff\/cache$/);
      expect(header[4]).toBe('  PID  PPID S  %CPU  %MEM     TIME+ COMMAND');
      expect(top.stdout).not.toContain('\u001b'); // not a terminal: no escapes
      expect(top.exitCode).toBe(0);
    });
  });

  describe('sh (BusyBox’s ash, /bin/sh on the playground)', () => {
    it('runs a pipeline found through PATH and reports its status', async () => {
      const r = await sh('echo a | cat; echo $?');
      expect(r.stdout).toBe('a\n0\n');
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    });

    it('redirects into a file, appends, reads it back, and sends errors to a file or a pipe', async () => {
      const r = await sh(
        'echo one > out.txt; echo two >> out.txt; cat < out.txt; cat missing 2> err.txt; echo status $?; ' +
          'cat missing 2>&1 | cat; echo to-stderr 1>&2',
      );
      expect(r.stdout).toBe(lines('one', 'two', 'status 1', "cat: can't open 'missing': No such file or directory"));
      expect(r.stderr).toBe('to-stderr\n');
      expect(readFileSync(join(scratchDir(), 'out.txt'), 'utf8')).toBe('one\ntwo\n');
      expect(readFileSync(join(scratchDir(), 'err.txt'), 'utf8')).toBe(
        "cat: can't open 'missing': No such file or directory\n",
      );
    });

    it('quotes, escapes and expands variables and parameters', async () => {
      const r = await sh(`x='a  b'; echo $x "$x" '$x' \\$x "\${x}c"; echo "$0|$1|$2|$#"`, 'zero', 'one', 'two words');
      expect(r.stdout).toBe(lines('a b a  b $x $x a  bc', 'zero|one|two words|2'));
    });

    it('chains with ; && || and !', async () => {
      const r = await sh('false || echo or; true && echo and; false && echo never; ! true; echo $?; ! false; echo $?');
      expect(r.stdout).toBe(lines('or', 'and', '1', '0'));
    });

    it('substitutes command output and globs file names', async () => {
      for (const name of ['g1.dat', 'g2.dat', 'g3.txt']) writeFileSync(join(scratchDir(), name), '');
      const r = await sh('echo "[$(echo inner | cat)]"; echo *.dat; echo "*.dat"; echo nomatch*');
      expect(r.stdout).toBe(lines('[inner]', 'g1.dat g2.dat', '*.dat', 'nomatch*'));
    });

    it('reports a command killed by SIGSEGV as 139', async () => {
      const r = await sh('t-segv; echo status $?');
      expect(r.stdout).toBe(lines('t-segv: storing through a wild pointer', 'status 139'));
      expect(r.stderr).toContain('Segmentation fault');
    });

    it('runs background jobs, kills and waits for them', async () => {
      const r = await sh(
        'sleep 20 & first=$!; sleep 30 & echo started; kill $first $!; wait $!; echo killed $?; wait; echo waited $?',
      );
      expect(r.stdout).toBe(lines('started', 'killed 143', 'waited 0'));
    });

    it('says when a command is not found, with status 127', async () => {
      const r = await sh('nosuch-command; echo $?');
      expect(r.stdout).toBe('127\n');
      expect(r.stderr).toBe('sh: nosuch-command: not found\n');
    });

    it('keeps exported variables for children, cd and pwd, exit N', async () => {
      const r = await sh("export GREETING=hello; sh -c 'echo $GREETING'; cd /tmp && pwd; exit 7");
      expect(r.stdout).toBe(lines('hello', '/tmp'));
      expect(r.exitCode).toBe(7);
    });

    it('runs a script file with arguments', async () => {
      writeFileSync(
        join(scratchDir(), 'script.sh'),
        '# a comment\necho "script $1"\nx=2\necho "x=$x" |\n  cat\nexit 3\n',
      );
      const r = await run('sh', ['script.sh', 'arg']);
      expect(r.stdout).toBe(lines('script arg', 'x=2'));
      expect(r.exitCode).toBe(3);
    });

    it('reads commands from stdin', async () => {
      const r = await run('sh', [], { input: 'echo from stdin\nexit 4\n' });
      expect(r.stdout).toBe(lines('from stdin'));
      expect(r.exitCode).toBe(4);
    });

    it('times a command with our time: bash’s report on stderr, to the millisecond; the command’s status', async () => {
      const r = await sh('time sleep 0.2; time -p sh -c "exit 3"; echo status $?');
      expect(r.stdout).toBe(lines('status 3'));
      const m =
        /^\nreal\t0m(\d\.\d{3})s\nuser\t0m\d\.\d{3}s\nsys\t0m\d\.\d{3}s\nreal \d+\.\d\d\nuser \d+\.\d\d\nsys \d+\.\d\d\n$/.exec(
          r.stderr,
        );
      expect(m, r.stderr).not.toBeNull();
      expect(Number(m?.[1])).toBeGreaterThanOrEqual(0.2); // sleep 0.2's real time
    });

    it('rejects a syntax error with status 2', async () => {
      const r = await sh('echo a |; echo b');
      expect(r.stderr).toBe('sh: syntax error: unexpected ";"\n');
      expect(r.exitCode).toBe(2);
    });
  });
});
