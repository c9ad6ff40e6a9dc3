/*
 * sigdemo: a guided tour of POSIX signals, printing what happens in the order it happens.
 *
 *   sigdemo
 *
 * Handlers installed with sigaction (SA_SIGINFO, SA_RESTART), signals sent with raise and
 * kill, blocked and unblocked with sigprocmask, awaited with sigsuspend, a read restarted
 * after a handler, SIGCHLD with its siginfo, and a child killed by a default action. No timers
 * and no alarm: every wait is for a signal that another process or this one has certainly sent,
 * so the output is the same on every run. Handlers print with write(2) (async-signal-safe), so
 * their lines appear exactly where they ran. Exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Writes its string arguments (up to a NULL) and a newline in one write: safe in handlers. */
static void say(const char *first, ...)
{
	char line[256];
	size_t len = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *)) {
		size_t n = strlen(s);
		if (len + n + 1 > sizeof line)
			n = sizeof line - 1 - len;
		memcpy(line + len, s, n);
		len += n;
	}
	va_end(ap);
	line[len++] = '\n';
	(void)!write(1, line, len);
}

/* A small number as text (async-signal-safe; buf must hold 12 bytes). */
static const char *num(long v, char *buf)
{
	char *p = buf + 11;
	int neg = v < 0;
	unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
	*p = 0;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) && p > buf + 1);
	if (neg)
		*--p = '-';
	return p;
}

static const char *code_name(int code)
{
	switch (code) {
	case SI_USER: return "SI_USER (kill)";
	case SI_TKILL: return "SI_TKILL (raise/tgkill)";
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	default: return "other";
	}
}

static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	usr1_count++;
	say("   handler: SIGUSR1, si_code ", code_name(si->si_code),
	    si->si_code == SI_USER ? (si->si_pid == getpid() ? ", si_pid is our own pid" : ", si_pid is another process")
				   : "",
	    NULL);
}

static void on_usr1_nesting(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	say("   SIGUSR1 handler: start; blocking SIGUSR2, then raising SIGUSR2 and SIGURG", NULL);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	raise(SIGUSR2);
	raise(SIGURG);
	say("   SIGUSR1 handler: end (returning restores the mask, unblocking SIGUSR2)", NULL);
}

static void on_other(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	say("   handler: SIG", sigabbrev_np(sig), NULL);
}

static volatile sig_atomic_t child_exited;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	char b[12];
	say("   handler: SIGCHLD, si_code ", code_name(si->si_code), ", si_status ", num(si->si_status, b), NULL);
	child_exited = 1;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void set_of(sigset_t *set, int sig)
{
	sigemptyset(set);
	sigaddset(set, sig);
}

int main(void)
{
	char b[12];
	sigset_t usr1, chld, old;
	set_of(&usr1, SIGUSR1);
	set_of(&chld, SIGCHLD);

	say("1. sigaction(SIGUSR1, SA_SIGINFO), then raise(SIGUSR1)", NULL);
	install(SIGUSR1, on_usr1, 0);
	raise(SIGUSR1);
	say("   raise returned", NULL);

	say("2. kill(getpid(), SIGUSR1)", NULL);
	kill(getpid(), SIGUSR1);

	say("3. block SIGUSR1 with sigprocmask, raise it twice", NULL);
	usr1_count = 0;
	sigprocmask(SIG_BLOCK, &usr1, &old);
	raise(SIGUSR1);
	raise(SIGUSR1);
	say("   still blocked: the handler ran ", num(usr1_count, b), " times; unblocking", NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	say("   unblocked: the handler ran ", num(usr1_count, b), " time (standard signals do not queue)", NULL);

	say("4. nesting: SIGUSR1's handler blocks SIGUSR2, raises SIGUSR2 and SIGURG", NULL);
	install(SIGUSR1, on_usr1_nesting, 0);
	install(SIGUSR2, on_other, 0);
	install(SIGURG, on_other, 0);
	raise(SIGUSR1);
	install(SIGUSR1, on_usr1, 0);

	say("5. sigsuspend: SIGUSR1 blocked, a child sends it, sigsuspend waits with it unblocked", NULL);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	pid_t child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigset_t none;
	sigemptyset(&none);
	int r = sigsuspend(&none);
	say("   sigsuspend returned ", num(r, b), " with errno ", strerrorname_np(errno), NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	waitpid(child, NULL, 0);

	say("6. SA_RESTART: a read on an empty pipe; a child sends SIGUSR2, then writes", NULL);
	install(SIGUSR2, on_other, SA_RESTART);
	int p[2];
	if (pipe(p) != 0)
		return 1;
	child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR2);
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		_exit(write(p[1], "!", 1) == 1 ? 0 : 1);
	}
	char c = 0;
	ssize_t n = read(p[0], &c, 1);
	char text[2] = { c, 0 };
	say("   read returned ", num(n, b), " byte: '", text, "' (restarted, not EINTR)", NULL);
	waitpid(child, NULL, 0);

	say("7. SIGCHLD: a child exits with status 7; sigsuspend until its SIGCHLD arrives", NULL);
	install(SIGCHLD, on_chld, 0);
	sigprocmask(SIG_BLOCK, &chld, &old);
	child = fork();
	if (child == 0)
		_exit(7);
	while (!child_exited)
		sigsuspend(&none);
	sigprocmask(SIG_SETMASK, &old, NULL);
	int status;
	waitpid(child, &status, 0);
	say("   waitpid: exited with ", num(WEXITSTATUS(status), b), NULL);

	say("8. default action: a child raises SIGTERM", NULL);
	signal(SIGCHLD, SIG_DFL);
	child = fork();
	if (child == 0) {
		raise(SIGTERM);
		_exit(0);
	}
	waitpid(child, &status, 0);
	say("   waitpid: killed by signal ", num(WIFSIGNALED(status) ? WTERMSIG(status) : 0, b), " (SIG",
	    WIFSIGNALED(status) ? sigabbrev_np(WTERMSIG(status)) : "?", ")", NULL);
	say("sigdemo: done", NULL);
	close(p[0]);
	close(p[1]);
	return 0;
}
