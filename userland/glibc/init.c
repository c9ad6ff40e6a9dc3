/*
 * init: process 1 of the playground.
 *
 *   init [PROGRAM [ARG...]]      (default: /bin/sh -i)
 *
 * Makes sure descriptors 0, 1 and 2 are open on the terminal (opening /dev/tty, then
 * /dev/console, if they are not), goes to /, and starts the shell in a child with a clean
 * environment (PATH=/bin, HOME=/, TERM=xterm-256color, SHELL=/bin/sh, PS1='\h:\w\$ ',
 * PWD=/). The child becomes a session leader (setsid) and takes the terminal as its
 * controlling terminal (ioctl TIOCSCTTY: allowed to fail, a kernel may not have it), unless
 * the terminal already is init's controlling terminal (TIOCGPGRP succeeds: init was started
 * from a shell, not as process 1), in which case it only gets its own process group. Either
 * way it becomes the terminal's foreground process group (TIOCSPGRP, also allowed to fail)
 * and gets default signal dispositions. Then init reaps every child, its own and the orphans it inherits, forever.
 * When the shell exits, init prints a line saying so and starts a new one (waiting a second
 * first if the last one lived less than a second, so a broken shell cannot spin).
 * init ignores the terminal's job-control and interrupt signals itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const int ignored[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGTERM, SIGPIPE };

static void say(const char *msg)
{
	(void)!write(2, msg, strlen(msg));
}

/* Opens the terminal on 0, 1 and 2 for any of them that is closed. */
static void open_console(void)
{
	int missing = 0;
	for (int fd = 0; fd < 3; fd++)
		missing |= fcntl(fd, F_GETFD) < 0;
	if (!missing)
		return;
	int fd = open("/dev/tty", O_RDWR);
	if (fd < 0)
		fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return; /* nothing to do: the shell will run without a terminal */
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0 && i != fd)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t start(char **argv)
{
	static char *env[] = { "PATH=/bin", "HOME=/", "TERM=xterm-256color", "SHELL=/bin/sh", "PS1=\\h:\\w$ ",
			       "PWD=/", NULL };
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	if (tcgetpgrp(0) >= 0) {
		/* the terminal is already our session's (init was not started as process 1, say
		   under qemu-riscv64 in a terminal): stay in the session, in a new process group */
		setpgid(0, 0);
	} else {
		setsid();
		ioctl(0, TIOCSCTTY, 0); /* may be unsupported: then the terminal is simply shared */
	}
	tcsetpgrp(0, getpid()); /* ioctl TIOCSPGRP; SIGTTOU is still ignored here */
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, env);
	fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int main(int argc, char **argv)
{
	static char *default_argv[] = { "/bin/sh", "-i", NULL }; /* -i: prompt even if isatty fails */
	char **child_argv = argc > 1 ? argv + 1 : default_argv;
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
	open_console();
	if (chdir("/") != 0)
		say("init: cannot chdir to /\n");
	for (;;) {
		double started = now();
		pid_t shell = start(child_argv);
		if (shell < 0) {
			fprintf(stderr, "init: fork: %s\n", strerror(errno));
			sleep(1);
			continue;
		}
		for (;;) {
			int st;
			pid_t pid = wait(&st);
			if (pid < 0 && errno == EINTR)
				continue;
			if (pid < 0) /* no children at all: should not happen, the shell is one */
				break;
			if (pid != shell)
				continue; /* an orphan, now reaped */
			if (WIFSIGNALED(st))
				fprintf(stderr, "\ninit: %s killed by signal %d (%s); starting a new one\n", child_argv[0],
					WTERMSIG(st), strsignal(WTERMSIG(st)));
			else
				fprintf(stderr, "\ninit: %s exited with status %d; starting a new one\n", child_argv[0],
					WEXITSTATUS(st));
			break;
		}
		if (now() - started < 1.0)
			sleep(1);
	}
}
