/*
 * t-sigchld: wait4 and signal handlers that run while it waits.
 *
 * Linux's wait4 looks at the children again when a signal wakes it, and returns a child that
 * can be reaped rather than EINTR: the SIGCHLD a child's exit sends never makes the wait for
 * that child fail, with or without SA_RESTART. Each part prints one deterministic line:
 *   - a SIGCHLD handler without SA_RESTART, a child that exits while the parent waits for it:
 *     waitpid returns the child, the handler has run;
 *   - the same with a handler that reaps (waitpid(-1, WNOHANG) in a loop, as shells do),
 *     without and with SA_RESTART: the parent's waitpid still gets the child first, and the
 *     handler, which runs after it, finds nothing left (ECHILD);
 *   - another signal without SA_RESTART while no child can be reaped: waitpid fails with
 *     EINTR, and the next waitpid gets the child;
 *   - the same signal with SA_RESTART: waitpid goes on and returns the child;
 *   - WNOHANG in a SIGCHLD handler reaps each of three children once.
 * The children wait 100 ms (and the signalling one 100 ms before it signals), so the parent
 * is asleep in waitpid when things happen. With -m the parent first moves to another kernel
 * (popcorn_migrate; nothing happens where there is none, as under qemu-riscv64), so its wait4
 * is forwarded to the kernel it came from and its handlers run where it went.
 * Exits 0 when every check passes.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libpopcorn.h"
#include "t-check.h"

static int hop; /* -m: move to another kernel before each wait */

/* With -m: moves to the other kernel of the first two, if there is one (else stays). */
static void maybe_hop(void)
{
	struct popcorn_thread_status st;
	if (hop && popcorn_get_thread_status(&st) == 0)
		(void)popcorn_migrate(st.current_nid == 0 ? 1 : 0);
}

static volatile sig_atomic_t chld_ran, usr1_ran, reaped_in_handler, handler_errno;

static void on_chld(int sig)
{
	(void)sig;
	chld_ran++;
}

static void on_chld_reap(int sig)
{
	(void)sig;
	int saved = errno;
	chld_ran++;
	pid_t p;
	while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
		reaped_in_handler++;
	handler_errno = p < 0 ? errno : 0;
	errno = saved;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_ran++;
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A child that sleeps `ms`, optionally signals its parent and sleeps again, then exits `code`. */
static pid_t child(int ms, int signal_parent, int code)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		pause_ms(ms);
		if (signal_parent) {
			kill(getppid(), signal_parent);
			pause_ms(ms);
		}
		_exit(code);
	}
	maybe_hop();
	return pid;
}

static const char *err_name(int e)
{
	return e == 0 ? "none" : e == EINTR ? "EINTR" : e == ECHILD ? "ECHILD" : "other";
}

static void test_sigchld_no_restart(void)
{
	install(SIGCHLD, on_chld, 0);
	chld_ran = 0;
	pid_t pid = child(100, 0, 3);
	int status = -1;
	errno = 0;
	pid_t w = waitpid(pid, &status, 0);
	int e = w < 0 ? errno : 0;
	printf("SIGCHLD handler without SA_RESTART: waitpid returned %s (error %s), exit status %d, handler ran %d\n",
	       w == pid ? "the child" : "-1", err_name(e), w == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	       (int)chld_ran);
	T_CHECK(w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 3 && chld_ran == 1);
	if (w < 0)
		waitpid(pid, NULL, 0);
}

static void test_reaping_handler(int flags)
{
	install(SIGCHLD, on_chld_reap, flags);
	chld_ran = 0;
	reaped_in_handler = 0;
	handler_errno = 0;
	pid_t pid = child(100, 0, 4);
	int status = -1;
	pid_t w = waitpid(pid, &status, 0);
	int e = w < 0 ? errno : 0;
	printf("reaping SIGCHLD handler %s SA_RESTART: waitpid returned %s (error %s), status %d; the handler reaped %d (%s)\n",
	       flags ? "with" : "without", w == pid ? "the child" : "-1", err_name(e), w == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	       (int)reaped_in_handler, err_name(handler_errno));
	T_CHECK(w == pid && WEXITSTATUS(status) == 4 && reaped_in_handler == 0 && handler_errno == ECHILD);
}

static void test_other_signal(int flags)
{
	install(SIGCHLD, SIG_DFL, 0);
	install(SIGUSR1, on_usr1, flags);
	usr1_ran = 0;
	pid_t pid = child(100, SIGUSR1, 5);
	int status = -1;
	pid_t w = waitpid(pid, &status, 0);
	int e = w < 0 ? errno : 0;
	pid_t again = w < 0 ? waitpid(pid, &status, 0) : w;
	printf("SIGUSR1 %s SA_RESTART while waiting: waitpid returned %s (error %s), handler ran %d; child %s, status %d\n",
	       flags ? "with" : "without", w == pid ? "the child" : "-1", err_name(e), (int)usr1_ran,
	       again == pid ? "reaped" : "lost", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (flags)
		T_CHECK(w == pid && usr1_ran == 1);
	else
		T_CHECK(w == -1 && e == EINTR && usr1_ran == 1);
	T_CHECK(again == pid && WIFEXITED(status) && WEXITSTATUS(status) == 5);
	install(SIGUSR1, SIG_DFL, 0);
}

static void test_reap_three(void)
{
	install(SIGCHLD, on_chld_reap, SA_RESTART);
	reaped_in_handler = 0;
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	for (int i = 0; i < 3; i++)
		child(20 * (i + 1), 0, 0); /* fork takes a migrated parent home first: it hops back */
	while (reaped_in_handler < 3)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = 0;
	pid_t w = wait(NULL);
	printf("three children reaped by the handler: %d; wait then: %s\n", (int)reaped_in_handler,
	       w < 0 ? err_name(errno) : "a child");
	T_CHECK(reaped_in_handler == 3 && w < 0 && errno == ECHILD);
	install(SIGCHLD, SIG_DFL, 0);
}

int main(int argc, char **argv)
{
	t_begin();
	hop = argc > 1 && strcmp(argv[1], "-m") == 0;
	test_sigchld_no_restart();
	test_reaping_handler(0);
	test_reaping_handler(SA_RESTART);
	test_other_signal(0);
	test_other_signal(SA_RESTART);
	test_reap_three();
	return t_done("t-sigchld");
}
