/*
 * t-signal: signal delivery, masks, sigreturn and synchronous faults.
 *
 * Each part prints one deterministic line (handlers only append to an event log, which main
 * prints, so nothing is printed from inside a handler):
 *   - siginfo: raise gives si_code SI_TKILL, kill gives SI_USER with our pid and uid;
 *   - masks: inside a handler its own signal is blocked (not with SA_NODEFER); a signal the
 *     handler blocks waits until sigreturn restores the mask, an unblocked one nests at once;
 *     SA_RESETHAND resets the disposition;
 *   - pending: blocked standard signals coalesce, real-time signals queue; on unblocking,
 *     Linux dequeues the lowest first but stacks a frame for every deliverable signal before
 *     returning to user mode, so the handlers run highest first; SIG_IGN and default-ignored
 *     signals do nothing;
 *   - sigsuspend and ppoll with a signal mask return EINTR after running the handler, a read
 *     on a pipe interrupted by an SA_RESTART handler is restarted;
 *   - sigaltstack: an SA_ONSTACK handler runs on the alternate stack;
 *   - pthread_kill runs the handler on the target thread;
 *   - faults: a null pointer load gives SIGSEGV (SEGV_MAPERR, si_addr 0) and the handler
 *     leaves with siglongjmp, twice; a store to a read-only page gives SEGV_ACCERR with the
 *     address; an illegal instruction gives SIGILL at its pc, and the handler edits the saved
 *     context (a0 and pc) which sigreturn must restore;
 *   - sigreturn correctness: while a child process sends a stream of signals, a computation
 *     holding many integer and floating-point values in registers (and a non-default rounding
 *     mode, which the handler changes) must give the same result as with signals blocked.
 * Exits 0 when every check passes.
 */
#include <errno.h>
#include <fenv.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

/* --- the event log, written by handlers ------------------------------------------------------ */

static char event_log[512];
static volatile sig_atomic_t log_len;

static void note(const char *s)
{
	size_t n = strlen(s);
	if ((size_t)log_len + n + 2 < sizeof event_log) {
		if (log_len)
			event_log[log_len++] = ' ';
		memcpy(event_log + log_len, s, n);
		log_len += (sig_atomic_t)n;
		event_log[log_len] = 0;
	}
}

/* Prints the log, checks it is `expect`, and empties it. */
static void expect_log(const char *what, const char *expect, int line)
{
	printf("%s: %s\n", what, event_log);
	t_check(strcmp(event_log, expect) == 0, expect, __FILE__, line);
	log_len = 0;
	event_log[0] = 0;
}

#define EXPECT_LOG(what, expect) expect_log(what, expect, __LINE__)

static int blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

/*
 * Installs fn with an empty sa_mask. (qemu-riscv64 7.2, the reference these tests are compared
 * with, does not apply sa_mask while a handler runs, so no test here depends on it; blocking
 * inside a handler with sigprocmask, undone by sigreturn, is tested instead.)
 */
static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* --- siginfo and masks --------------------------------------------------------------------- */

/* What the last handler was told (volatile: written by handlers, read by main). */
static volatile struct {
	int signo, code;
	pid_t pid;
	uid_t uid;
	void *addr;
} last_info;

static void keep_info(const siginfo_t *si)
{
	last_info.signo = si->si_signo;
	last_info.code = si->si_code;
	last_info.pid = si->si_pid;
	last_info.uid = si->si_uid;
	last_info.addr = si->si_addr;
}

/* A signal's name without "SIG" (sigabbrev_np does not name the real-time signals). */
static const char *name(int sig, char *buf, size_t size)
{
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, size, sig == SIGRTMIN ? "RTMIN" : "RTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, size, "%s", sigabbrev_np(sig));
	return buf;
}

/* Notes the signal's name only. */
static void record_name(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	char s[16];
	note(name(sig, s, sizeof s));
}

static void record(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	keep_info(si);
	char s[48], n[16];
	snprintf(s, sizeof s, "%s%s%s", name(sig, n, sizeof n), blocked(sig) ? "(self-blocked)" : "",
		 blocked(SIGUSR2) && sig != SIGUSR2 ? "(USR2-blocked)" : "");
	note(s);
}

static void test_info_and_masks(void)
{
	install(SIGUSR1, record, 0);
	raise(SIGUSR1);
	int tkill = last_info.code == SI_TKILL && last_info.signo == SIGUSR1;
	kill(getpid(), SIGUSR1);
	int user = last_info.code == SI_USER && last_info.pid == getpid() && last_info.uid == getuid();
	printf("siginfo: raise -> SI_TKILL %s, kill -> SI_USER with our pid and uid %s\n", tkill ? "yes" : "no",
	       user ? "yes" : "no");
	T_CHECK(tkill && user);
	EXPECT_LOG("raise and kill ran", "USR1(self-blocked) USR1(self-blocked)");

	install(SIGUSR1, record, SA_NODEFER);
	raise(SIGUSR1);
	EXPECT_LOG("SA_NODEFER", "USR1");
	T_CHECK(!blocked(SIGUSR1) && !blocked(SIGUSR2));

	install(SIGUSR1, record, SA_RESETHAND);
	raise(SIGUSR1);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	printf("SA_RESETHAND: disposition after one delivery is %s\n",
	       now.sa_handler == SIG_DFL ? "SIG_DFL" : "still the handler");
	T_CHECK(now.sa_handler == SIG_DFL);
	EXPECT_LOG("SA_RESETHAND ran", "USR1(self-blocked)");
}

static void nest_outer(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	note("USR1-begin");
	sigprocmask(SIG_BLOCK, &usr2, NULL); /* sigreturn will undo this */
	raise(SIGUSR2);                      /* blocked: waits for our return */
	raise(SIGURG);                       /* not blocked: runs now, nested */
	note("USR1-end");
}

static void test_nesting(void)
{
	install(SIGUSR1, nest_outer, 0);
	install(SIGUSR2, record, 0);
	install(SIGURG, record, 0);
	raise(SIGUSR1);
	EXPECT_LOG("nesting order", "USR1-begin URG(self-blocked)(USR2-blocked) USR1-end USR2(self-blocked)");
}

/* --- pending signals --------------------------------------------------------------------- */

static void test_pending(void)
{
	install(SIGUSR1, record_name, 0);
	install(SIGUSR2, record_name, 0);
	install(SIGRTMIN, record_name, 0);
	install(SIGRTMIN + 1, record_name, 0);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGRTMIN + 1);
	raise(SIGUSR2);
	raise(SIGUSR2);
	raise(SIGRTMIN);
	raise(SIGRTMIN);
	raise(SIGUSR1);
	note("(unblocking)");
	sigprocmask(SIG_SETMASK, &old, NULL);
	/*
	 * Linux dequeues the lowest-numbered signal first but delivers every pending, unblocked
	 * signal before returning to user mode, each frame on top of the last: so the handlers
	 * run highest first, and the second RTMIN only once the first RTMIN handler returned.
	 */
	EXPECT_LOG("blocked RTMIN+1 USR2 USR2 RTMIN RTMIN USR1, then unblocked",
		   "(unblocking) RTMIN+1 RTMIN RTMIN USR2 USR1");

	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	signal(SIGWINCH, SIG_DFL);
	raise(SIGWINCH);
	printf("SIG_IGN and default-ignored SIGWINCH: still running\n");
}

/* --- waiting: sigsuspend, ppoll, SA_RESTART --------------------------------------------------- */

static void test_waiting(void)
{
	install(SIGUSR1, record, 0);
	install(SIGUSR2, record, SA_RESTART);
	sigset_t usr1, old, none;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, &old);

	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	int r = sigsuspend(&none);
	printf("sigsuspend: %d %s, USR1 still blocked afterwards: %s\n", r, strerrorname_np(errno),
	       blocked(SIGUSR1) ? "yes" : "no");
	T_CHECK(r == -1 && errno == EINTR && blocked(SIGUSR1));
	waitpid(child, NULL, 0);

	raise(SIGUSR1); /* pending, blocked; ppoll's mask lets it in */
	int p[2];
	T_CHECK(pipe(p) == 0);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	r = ppoll(&pfd, 1, NULL, &none);
	printf("ppoll with an unblocking mask: %d %s\n", r, strerrorname_np(errno));
	T_CHECK(r == -1 && errno == EINTR);
	sigprocmask(SIG_SETMASK, &old, NULL);

	fflush(NULL);
	child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR2);
		struct timespec ts = { 0, 30 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	char c = 0;
	ssize_t n = read(p[0], &c, 1);
	printf("read interrupted by an SA_RESTART handler: returned %zd '%c'\n", n, c);
	T_CHECK(n == 1 && c == 'x');
	waitpid(child, NULL, 0);
	close(p[0]);
	close(p[1]);
	EXPECT_LOG("handlers ran", "USR1(self-blocked) USR1(self-blocked) USR2(self-blocked)");
}

/* --- alternate stack and threads ------------------------------------------------------------- */

static char *alt_base;
#define ALT_SIZE (64 * 1024)

static void on_alt(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	char here;
	stack_t ss;
	sigaltstack(NULL, &ss);
	note(&here >= alt_base && &here < alt_base + ALT_SIZE ? "on-alt-stack" : "NOT-on-alt-stack");
	note(ss.ss_flags & SS_ONSTACK ? "SS_ONSTACK" : "no-SS_ONSTACK");
}

static pid_t handler_tid;
static void which_thread(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	handler_tid = gettid();
}

static volatile int thread_may_exit;
static pid_t thread_tid;

static void *idle_thread(void *arg)
{
	(void)arg;
	__atomic_store_n(&thread_tid, gettid(), __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&thread_may_exit, __ATOMIC_SEQ_CST) || handler_tid == 0)
		sched_yield();
	return NULL;
}

static void test_altstack_and_threads(void)
{
	alt_base = malloc(ALT_SIZE);
	stack_t ss = { .ss_sp = alt_base, .ss_size = ALT_SIZE, .ss_flags = 0 };
	T_CHECK(sigaltstack(&ss, NULL) == 0);
	install(SIGUSR1, on_alt, SA_ONSTACK);
	raise(SIGUSR1);
	EXPECT_LOG("SA_ONSTACK handler", "on-alt-stack SS_ONSTACK");
	stack_t now;
	sigaltstack(NULL, &now);
	T_CHECK(!(now.ss_flags & SS_ONSTACK));

	install(SIGUSR2, which_thread, 0);
	pthread_t t;
	pthread_create(&t, NULL, idle_thread, NULL);
	while (__atomic_load_n(&thread_tid, __ATOMIC_SEQ_CST) == 0)
		sched_yield();
	pthread_kill(t, SIGUSR2);
	thread_may_exit = 1;
	pthread_join(t, NULL);
	printf("pthread_kill: handler ran on the target thread: %s\n", handler_tid == thread_tid ? "yes" : "no");
	T_CHECK(handler_tid == thread_tid);
}

/* --- synchronous faults -------------------------------------------------------------------- */

static sigjmp_buf escape;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	keep_info(si);
	siglongjmp(escape, sig);
}

static void on_ill(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	ucontext_t *uc = ctx;
	uintptr_t pc = uc->uc_mcontext.__gregs[REG_PC];
	note((uintptr_t)si->si_addr == pc ? "si_addr==pc" : "si_addr!=pc");
	note(si->si_code == ILL_ILLOPC ? "ILL_ILLOPC" : "other-si_code");
	uc->uc_mcontext.__gregs[REG_A0] = 42;
	uc->uc_mcontext.__gregs[REG_PC] = pc + 4; /* the illegal instruction is 4 bytes */
}

static void test_faults(void)
{
	install(SIGSEGV, on_segv, 0);
	for (int round = 1; round <= 2; round++) {
		if (sigsetjmp(escape, 1) == 0) {
			volatile int *null = NULL;
			(void)*null;
			printf("null load %d: no fault!\n", round);
			T_CHECK(0);
		} else {
			printf("null load %d: SIGSEGV %s si_addr %s, left by siglongjmp, SIGSEGV unblocked: %s\n", round,
			       last_info.code == SEGV_MAPERR ? "SEGV_MAPERR" : "(other si_code)",
			       last_info.addr == NULL ? "0" : "(nonzero)", blocked(SIGSEGV) ? "no" : "yes");
			T_CHECK(last_info.code == SEGV_MAPERR && last_info.addr == NULL && !blocked(SIGSEGV));
		}
	}

	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T_CHECK(page != MAP_FAILED);
	page[100] = 1;
	mprotect(page, 4096, PROT_READ);
	if (sigsetjmp(escape, 1) == 0) {
		*(volatile char *)(page + 123) = 2;
		printf("store to a read-only page: no fault!\n");
		T_CHECK(0);
	} else {
		int at = (char *)last_info.addr == page + 123;
		printf("store to a read-only page: SIGSEGV %s at the address: %s; page still reads %d\n",
		       last_info.code == SEGV_ACCERR ? "SEGV_ACCERR" : "(other si_code)", at ? "yes" : "no", page[100]);
		T_CHECK(last_info.code == SEGV_ACCERR && at && page[100] == 1);
	}
	munmap(page, 4096);

	install(SIGILL, on_ill, 0);
	register long a0 __asm__("a0") = 7;
	__asm__ volatile(".option push\n.option norvc\n.4byte 0xc0001073\n.option pop" : "+r"(a0) : : "memory");
	long after = a0;
	EXPECT_LOG("illegal instruction (csrrw zero, cycle, zero)", "si_addr==pc ILL_ILLOPC");
	printf("after sigreturn: a0 = %ld (the handler set 42)\n", after);
	T_CHECK(after == 42);
}

/* --- sigreturn preserves registers under a stream of asynchronous signals --------------------------- */

static volatile sig_atomic_t async_count, child_done;

static void async_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	if (sig == SIGCHLD) {
		child_done = 1;
		return;
	}
	async_count++;
	/* clobber floating-point registers and the rounding mode */
	fesetround(FE_TOWARDZERO);
	volatile double x = 1.0;
	for (int i = 0; i < 20; i++)
		x = x * 1.0000001 + 0.3;
}

/* Many values live in registers across the loop; the rounding mode matters (FE_UPWARD). */
static uint64_t work(uint64_t seed)
{
	uint64_t a = seed, b = seed * 3, c = seed ^ 0x55, d = seed + 7, e = ~seed, f = seed << 3, g = seed >> 2;
	double x = 1.0 / (double)(seed | 1), y = 0.1, z = 3.0, w = 1e-3, v = 2.5, u = -1.75;
	for (int i = 0; i < 20000; i++) {
		a = a * 6364136223846793005ULL + b;
		b ^= a >> 17;
		c += b * 31 + d;
		d = (d << 5) ^ (c >> 3) ^ e;
		e += f ^ g;
		f = f * 5 + 1;
		g ^= a + c;
		x = x * 1.0000001 + y / 3.0;
		y = y * 0.9999999 + z / 7.0;
		z = z / 1.0000003 + w;
		w = w * 1.0000002 + v / 11.0;
		v = v / 1.0000001 + u / 13.0;
		u = u * 0.9999998 + x / 1e9;
	}
	double fsum = x + y + z + w + v + u;
	uint64_t fbits;
	memcpy(&fbits, &fsum, sizeof fbits);
	return a ^ b ^ c ^ d ^ e ^ f ^ g ^ fbits;
}

static void test_async(void)
{
	install(SIGUSR1, async_handler, 0);
	install(SIGCHLD, async_handler, 0);
	fesetround(FE_UPWARD);
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	uint64_t expect[4];
	for (int i = 0; i < 4; i++)
		expect[i] = work((uint64_t)i + 1);
	sigprocmask(SIG_SETMASK, &old, NULL);

	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		struct timespec ts = { 0, 2 * 1000 * 1000 };
		for (int i = 0; i < 100; i++) {
			kill(getppid(), SIGUSR1);
			nanosleep(&ts, NULL);
		}
		_exit(0);
	}
	int rounds = 0, wrong = 0;
	while (!child_done || rounds < 8) {
		if (work((uint64_t)(rounds % 4) + 1) != expect[rounds % 4])
			wrong++;
		rounds++;
	}
	waitpid(child, NULL, 0);
	int mode_kept = fegetround() == FE_UPWARD;
	fesetround(FE_TONEAREST);
	printf("asynchronous signals during computation: received some %s, wrong results %d, rounding mode kept %s\n",
	       async_count > 0 ? "yes" : "no", wrong, mode_kept ? "yes" : "no");
	T_CHECK(async_count > 0 && wrong == 0 && mode_kept);
}

int main(void)
{
	t_begin();
	test_info_and_masks();
	test_nesting();
	test_pending();
	test_waiting();
	test_altstack_and_threads();
	test_faults();
	test_async();
	return t_done("t-signal");
}
