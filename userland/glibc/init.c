/*
 * init: process 1 of the playground. Freestanding (nolibc.h, no C library): the page downloads
 * it before any kernel's first prompt, so it is a few KB, not a static glibc program's 400.
 *
 *   init [PROGRAM [ARG...]]      (default: /bin/sh -i)
 *
 * Makes sure descriptors 0, 1 and 2 are open on the terminal (opening /dev/tty, then
 * /dev/console, if they are not), goes to /, and starts the shell in a child with a clean
 * environment (PATH=/bin, HOME=/, TERM=xterm-256color, SHELL=/bin/sh, PS1='\h:\w$ ', PWD=/,
 * and HISTFILE=/dev/null: the shell, BusyBox's ash, would otherwise keep its history in
 * /.ash_history, a write to the shared filesystem per command line, which a kernel other than
 * the filesystem's home would send home; /dev is each kernel's own). The child becomes a session leader (setsid)
 * and takes the terminal as its controlling terminal (ioctl TIOCSCTTY: allowed to fail, a kernel
 * may not have it), unless the terminal already is init's controlling terminal (TIOCGPGRP
 * succeeds: init was started from a shell, not as process 1), in which case it only gets its
 * own process group. Either way it becomes the terminal's foreground process group (TIOCSPGRP,
 * also allowed to fail) and gets default signal dispositions and an empty signal mask. Then
 * init reaps every child, its own and the orphans it inherits, forever. When the shell exits,
 * init prints a line saying so and starts a new one (waiting a second first if the last one
 * lived less than a second, so a broken shell cannot spin). init ignores the terminal's
 * job-control and interrupt signals itself.
 */
#include "nolibc.h"

static const int ignored[] = { 2 /* SIGINT */,	 3 /* SIGQUIT */, 20 /* SIGTSTP */, 21 /* SIGTTIN */,
			       22 /* SIGTTOU */, 1 /* SIGHUP */,  15 /* SIGTERM */, 13 /* SIGPIPE */ };
#define N_IGNORED (sizeof ignored / sizeof ignored[0])

/* Opens the terminal on 0, 1 and 2 for any of them that is closed. */
static void open_console(void)
{
	int missing = 0;
	for (int fd = 0; fd < 3; fd++)
		missing |= sys_fcntl(fd, F_GETFD) < 0;
	if (!missing)
		return;
	int fd = (int)sys_open("/dev/tty", O_RDWR);
	if (fd < 0)
		fd = (int)sys_open("/dev/console", O_RDWR);
	if (fd < 0)
		return; /* nothing to do: the shell will run without a terminal */
	for (int i = 0; i < 3; i++)
		if (sys_fcntl(i, F_GETFD) < 0 && i != fd)
			sys_dup2(fd, i);
	if (fd > 2)
		sys_close(fd);
}

static long start(char **argv)
{
	static char *env[] = { "PATH=/bin", "HOME=/", "TERM=xterm-256color", "SHELL=/bin/sh", "PS1=\\h:\\w$ ",
			       "PWD=/",	    "HISTFILE=/dev/null", 0 };
	long pid = sys_fork();
	if (pid != 0)
		return pid;
	int pgrp;
	if (sys_ioctl(0, TIOCGPGRP, &pgrp) >= 0) {
		/* the terminal is already our session's (init was not started as process 1, say
		   under qemu-riscv64 in a terminal): stay in the session, in a new process group */
		sys_setpgid(0, 0);
	} else {
		sys_setsid();
		sys_ioctl(0, TIOCSCTTY, 0); /* may be unsupported: then the terminal is simply shared */
	}
	pgrp = (int)sys_getpid();
	sys_ioctl(0, TIOCSPGRP, &pgrp); /* SIGTTOU is still ignored here */
	for (unsigned i = 0; i < N_IGNORED; i++)
		sys_signal(ignored[i], SIG_DFL);
	sys_unblock_all();
	long err = sys_execve(argv[0], argv, env);
	put_str(2, "init: cannot run ");
	put_str(2, argv[0]);
	put_str(2, ": error ");
	put_dec(2, -err);
	put_str(2, "\n");
	sys_exit(127);
}

int main(int argc, char **argv, char **envp)
{
	static char *default_argv[] = { "/bin/sh", "-i", 0 }; /* -i: prompt even if isatty fails */
	char **child_argv = argc > 1 ? argv + 1 : default_argv;
	(void)envp;
	for (unsigned i = 0; i < N_IGNORED; i++)
		sys_signal(ignored[i], SIG_IGN);
	open_console();
	if (sys_chdir("/") != 0)
		put_str(2, "init: cannot chdir to /\n");
	for (;;) {
		long started = monotonic_us();
		long shell = start(child_argv);
		if (shell < 0) {
			put_str(2, "init: fork: error ");
			put_dec(2, -shell);
			put_str(2, "\n");
			sleep_s(1);
			continue;
		}
		for (;;) {
			int st = 0;
			long pid = sys_wait4(-1, &st, 0, 0);
			if (pid == -EINTR)
				continue;
			if (pid < 0) /* no children at all: should not happen, the shell is one */
				break;
			if (pid != shell)
				continue; /* an orphan, now reaped */
			put_str(2, "\ninit: ");
			put_str(2, child_argv[0]);
			if ((st & 0x7f) != 0 && (st & 0x7f) != 0x7f) {
				put_str(2, " killed by signal ");
				put_dec(2, st & 0x7f);
			} else {
				put_str(2, " exited with status ");
				put_dec(2, (st >> 8) & 0xff);
			}
			put_str(2, "; starting a new one\n");
			break;
		}
		if (monotonic_us() - started < 1000000)
			sleep_s(1);
	}
}
