/*
 * t-sigaction: the riscv64 layout of rt_sigaction's struct sigaction, and handlers with a
 * non-empty sa_mask.
 *
 * riscv64 has no sa_restorer: the kernel's struct sigaction is {handler, flags, mask}, 24
 * bytes (x86-64 has {handler, flags, restorer, mask}, 32). A kernel that reads the x86 layout
 * takes the mask for the handler's return address and crashes the program when the handler
 * returns; one that writes it overruns the caller's 24-byte buffer. Each part prints one
 * deterministic line:
 *   - a SIGUSR1 handler with SIGUSR2 in its sa_mask, then raise(SIGUSR1): the handler runs
 *     and returns;
 *   - the old action reads back (through glibc) with the handler, the flags and SIGUSR2 alone
 *     in its mask;
 *   - the raw system call writes the old action as {handler, flags, mask} and nothing past 32
 *     bytes;
 *   - the raw system call reads exactly 24 bytes: a word after them is not taken for anything;
 *   - a handler installed with a full mask (as shells install SIGCHLD's) runs and returns, for
 *     a raised signal and for SIGCHLD from a child that exits;
 *   - signal() (glibc's, which puts the signal itself in sa_mask) then raise: runs, returns.
 * With -L it also checks what Linux does and qemu-riscv64 7.2 (the reference of the
 * differential tests) does not, so those lines are not compared with qemu and the kernel's
 * tests check them on the kernel alone: SIGUSR2 is blocked inside the first handler (qemu
 * does not apply sa_mask), and the old action is exactly 24 bytes (qemu writes a zero word
 * after the mask).
 * Exits 0 when every check passes.
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "t-check.h"

static volatile sig_atomic_t ran, usr2_blocked_inside, chld_ran;

static int is_blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

static void on_usr1(int sig)
{
	(void)sig;
	ran++;
	usr2_blocked_inside = is_blocked(SIGUSR2);
}

static void on_chld(int sig)
{
	(void)sig;
	chld_ran++;
}

/* What rt_sigaction reads and writes on riscv64 (the kernel's struct sigaction). */
struct k_sigaction {
	uintptr_t handler;
	unsigned long flags;
	uint64_t mask;
};

static uint64_t bit(int sig)
{
	return 1ull << (sig - 1);
}

static void test_mask_handler(int linux_only)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	T_CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	ran = 0;
	raise(SIGUSR1);
	printf("handler with SIGUSR2 in sa_mask: ran %d time(s) and returned\n", (int)ran);
	T_CHECK(ran == 1);
	T_CHECK(!is_blocked(SIGUSR1) && !is_blocked(SIGUSR2)); /* sigreturn restored the mask */
	if (linux_only) {
		printf("SIGUSR2 blocked inside the handler: %s\n", usr2_blocked_inside ? "yes" : "no");
		T_CHECK(usr2_blocked_inside);
	}

	struct sigaction old;
	memset(&old, 0x55, sizeof old);
	T_CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
	int same = old.sa_handler == on_usr1;
	int restart = (old.sa_flags & SA_RESTART) != 0;
	int usr2 = sigismember(&old.sa_mask, SIGUSR2) == 1;
	int others = 0;
	for (int s = 1; s < 32; s++)
		if (s != SIGUSR2 && sigismember(&old.sa_mask, s) == 1)
			others++;
	printf("old action: same handler %s, SA_RESTART %s, SIGUSR2 in mask %s, other signals in mask %d\n",
	       same ? "yes" : "no", restart ? "yes" : "no", usr2 ? "yes" : "no", others);
	T_CHECK(same && restart && usr2 && others == 0);
}

static void test_raw_layout(int linux_only)
{
	/* the old action: {handler, flags, mask}, the guard words after them untouched */
	unsigned char buf[48];
	memset(buf, 0xaa, sizeof buf);
	long r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, buf, 8);
	struct k_sigaction got;
	memcpy(&got, buf, sizeof got);
	int guard = 1, exact = 1;
	for (size_t i = 32; i < sizeof buf; i++)
		guard &= buf[i] == 0xaa;
	for (size_t i = sizeof got; i < 32; i++)
		exact &= buf[i] == 0xaa;
	int fields = got.handler == (uintptr_t)on_usr1 && (got.flags & SA_RESTART) && got.mask == bit(SIGUSR2);
	printf("raw old action: returned %ld, {handler, flags, mask} right %s, bytes after 32 untouched %s\n", r,
	       fields ? "yes" : "no", guard ? "yes" : "no");
	T_CHECK(r == 0 && fields && guard);
	if (linux_only) {
		printf("raw old action: bytes 24 to 31 untouched %s\n", exact ? "yes" : "no");
		T_CHECK(exact);
	}

	/* a new action: 24 bytes read; what follows them (x86's mask slot) means nothing */
	struct {
		struct k_sigaction act;
		uint64_t after;
	} raw = {{(uintptr_t)on_usr1, 0, bit(SIGUSR2)}, 0xdeadbeefull};
	r = syscall(SYS_rt_sigaction, SIGUSR1, &raw, NULL, 8);
	ran = 0;
	raise(SIGUSR1);
	memset(buf, 0, sizeof buf);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, buf, 8);
	memcpy(&got, buf, sizeof got);
	printf("raw new action: returned %ld, handler ran %d time(s), mask reads back %s\n", r, (int)ran,
	       got.mask == bit(SIGUSR2) ? "SIGUSR2" : "wrong");
	T_CHECK(r == 0 && ran == 1 && got.mask == bit(SIGUSR2));
	signal(SIGUSR1, SIG_DFL);
}

static void test_full_mask(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART;
	sigfillset(&sa.sa_mask);
	T_CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
	T_CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	chld_ran = 0;
	raise(SIGUSR2);
	int raised = chld_ran;

	/* a child exits while SIGCHLD is blocked; sigsuspend takes it with the handler */
	sigset_t chld, old, none;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	sigemptyset(&none);
	while (chld_ran < 2)
		sigsuspend(&none);
	sigprocmask(SIG_SETMASK, &old, NULL);
	int status = 0;
	pid_t w = waitpid(pid, &status, 0);
	printf("full-mask handler: raised signal ran it %d time(s); a child's exit ran it; child exited %d\n",
	       raised, w == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	T_CHECK(raised == 1 && w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void test_bsd_signal(void)
{
	/* glibc's signal() is sigaction with SA_RESTART and the signal itself in sa_mask */
	signal(SIGUSR1, on_usr1);
	ran = 0;
	raise(SIGUSR1);
	raise(SIGUSR1);
	struct sigaction old;
	sigaction(SIGUSR1, NULL, &old);
	printf("signal() then raise twice: ran %d time(s); its mask holds the signal itself %s\n", (int)ran,
	       sigismember(&old.sa_mask, SIGUSR1) == 1 ? "yes" : "no");
	T_CHECK(ran == 2 && sigismember(&old.sa_mask, SIGUSR1) == 1);
	signal(SIGUSR1, SIG_DFL);
}

int main(int argc, char **argv)
{
	t_begin();
	int linux_only = argc > 1 && strcmp(argv[1], "-L") == 0;
	test_mask_handler(linux_only);
	test_raw_layout(linux_only);
	test_full_mask();
	test_bsd_signal();
	return t_done("t-sigaction");
}
