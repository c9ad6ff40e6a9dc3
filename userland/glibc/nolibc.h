/*
 * nolibc.h: the whole runtime of a program of the root filesystem that needs no C library
 * (init, time): _start (sets gp, passes argc, argv and envp to main, exits with its result), the
 * Linux system calls such a program makes, by number (riscv64's generic table), and a few string
 * helpers. build.sh builds a source that includes this header freestanding, without glibc
 * (-nostdlib -ffreestanding): a few KB where a static glibc program is over 400 KB, and the page
 * downloads every program the machine runs to its first prompt.
 *
 * The calls return what the kernel returns: a result, or -errno.
 */
#ifndef NOLIBC_H
#define NOLIBC_H

#define NR_dup3 24
#define NR_fcntl 25
#define NR_ioctl 29
#define NR_chdir 49
#define NR_openat 56
#define NR_close 57
#define NR_write 64
#define NR_exit 93
#define NR_nanosleep 101
#define NR_clock_gettime 113
#define NR_rt_sigaction 134
#define NR_rt_sigprocmask 135
#define NR_setpgid 154
#define NR_setsid 157
#define NR_getpid 172
#define NR_clone 220
#define NR_execve 221
#define NR_wait4 260

#define AT_FDCWD (-100)
#define O_RDWR 2
#define F_GETFD 1
#define ENOENT 2
#define EINTR 4
#define ECHILD 10
#define SIGINT 2
#define SIGQUIT 3
#define SIGCHLD 17
#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SIG_SETMASK 2
#define CLOCK_MONOTONIC 1
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410

struct timespec_k {
	long tv_sec;
	long tv_nsec;
};

/* The kernel's struct sigaction on riscv64: no restorer (the vDSO has the return trampoline). */
struct sigaction_k {
	unsigned long handler;
	unsigned long flags;
	unsigned long mask;
};

static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	register long a7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
	return a0;
}

#define SYS(n, a, b, c) syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline long sys_write(int fd, const void *buf, unsigned long len)
{
	return SYS(NR_write, fd, buf, len);
}
static inline long sys_open(const char *path, int flags)
{
	return syscall6(NR_openat, AT_FDCWD, (long)path, flags, 0, 0, 0);
}
static inline long sys_close(int fd)
{
	return SYS(NR_close, fd, 0, 0);
}
static inline long sys_dup2(int from, int to)
{
	return SYS(NR_dup3, from, to, 0);
}
static inline long sys_fcntl(int fd, int cmd)
{
	return SYS(NR_fcntl, fd, cmd, 0);
}
static inline long sys_ioctl(int fd, unsigned long request, void *arg)
{
	return SYS(NR_ioctl, fd, request, arg);
}
static inline long sys_chdir(const char *path)
{
	return SYS(NR_chdir, path, 0, 0);
}
static inline long sys_getpid(void)
{
	return SYS(NR_getpid, 0, 0, 0);
}
static inline long sys_setsid(void)
{
	return SYS(NR_setsid, 0, 0, 0);
}
static inline long sys_setpgid(int pid, int pgid)
{
	return SYS(NR_setpgid, pid, pgid, 0);
}
/* fork: a clone that shares nothing and sends SIGCHLD at exit. */
static inline long sys_fork(void)
{
	return syscall6(NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
}
static inline long sys_execve(const char *path, char *const argv[], char *const envp[])
{
	return SYS(NR_execve, path, argv, envp);
}
/* The kernel's struct rusage: user and sys time (struct timeval each), then 14 counters. */
struct rusage_k {
	long utime_sec, utime_usec;
	long stime_sec, stime_usec;
	long counters[14];
};
static inline long sys_wait4(int pid, int *status, int options, struct rusage_k *usage)
{
	return syscall6(NR_wait4, pid, (long)status, options, (long)usage, 0, 0);
}
static inline long sys_signal(int sig, unsigned long handler)
{
	struct sigaction_k act = { handler, 0, 0 };
	return syscall6(NR_rt_sigaction, sig, (long)&act, 0, sizeof act.mask, 0, 0);
}
static inline long sys_unblock_all(void)
{
	unsigned long none = 0;
	return syscall6(NR_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, sizeof none, 0, 0);
}
/* CLOCK_MONOTONIC in microseconds. */
static inline long monotonic_us(void)
{
	struct timespec_k ts = { 0, 0 };
	SYS(NR_clock_gettime, CLOCK_MONOTONIC, &ts, 0);
	return ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
static inline void sleep_s(long seconds)
{
	struct timespec_k ts = { seconds, 0 };
	while (SYS(NR_nanosleep, &ts, &ts, 0) == -EINTR)
		;
}
static inline __attribute__((noreturn)) void sys_exit(int code)
{
	for (;;)
		SYS(NR_exit, code, 0, 0);
}

/* gcc may call these even in freestanding code (to clear or copy a struct): they must exist. */
__attribute__((used)) void *memset(void *dest, int c, unsigned long n)
{
	unsigned char *d = dest;
	while (n--)
		*d++ = (unsigned char)c;
	return dest;
}
__attribute__((used)) void *memcpy(void *dest, const void *src, unsigned long n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dest;
}

static inline unsigned long str_len(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}
static inline void put_str(int fd, const char *s)
{
	sys_write(fd, s, str_len(s));
}
static inline void put_dec(int fd, long v)
{
	char b[24];
	int i = sizeof b;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	do
		b[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		b[--i] = '-';
	sys_write(fd, b + i, sizeof b - i);
}

int main(int argc, char **argv, char **envp);

/* Called by _start with the initial stack: argc, then argv's pointers, a NULL, then envp's. */
__attribute__((used, noreturn)) void nolibc_start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	sys_exit(main(argc, argv, argv + argc + 1));
}

/* gp must be set before any gp-relative access the linker relaxed; sp comes from the loader. */
__asm__(".pushsection .text._start, \"ax\", @progbits\n"
	".globl _start\n"
	"_start:\n"
	".option push\n"
	".option norelax\n"
	"  lla gp, __global_pointer$\n"
	".option pop\n"
	"  mv a0, sp\n"
	"  andi sp, sp, -16\n"
	"  call nolibc_start_c\n"
	".popsection\n");

#endif
