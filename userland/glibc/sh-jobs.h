/*
 * sh-jobs.h: the shell's job control (included by sh.c only): the jobs table, collecting the
 * status changes of children, the reports ("[1]+  Done  ..."), running a job in the
 * foreground with the terminal handed to its process group, the builtins jobs, fg, bg and
 * wait, the signals an interactive shell keeps away from itself, and its startup.
 *
 * Every pipeline the shell forks is a job (so is `a && b &`, run by a forked shell): the
 * pids of its processes, the state of each (RUNNING, STOPPED, DONE) and its wait status. With
 * job control (an interactive shell) each job is its own process group, made the terminal's
 * foreground group while it runs in the foreground, and waits also see stopped (and
 * continued) children. Without it (scripts, -c) the processes stay in the shell's group. The
 * table is kept by age: the newest job is the current one (%+), the one before it %-. A
 * finished job leaves the table: a foreground one at once, a background one when reported (at
 * the next prompt, or by jobs or wait) or, in a script that never waits, when the table fills.
 * The kernel may lack job control: tcsetpgrp and setpgid are allowed to fail.
 */
#ifndef SH_JOBS_H
#define SH_JOBS_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "sh-expand.h"

/* --- state ---------------------------------------------------------------------------------- */

static int interactive; /* reading commands from a terminal */
static int job_control; /* interactive, with our own process group */
static int tty = -1;    /* the terminal, for tcsetpgrp */
static pid_t shell_pgid;
static struct termios shell_modes; /* restored after a job stops or dies by a signal */
static int have_modes;
static volatile sig_atomic_t interrupted; /* SIGINT arrived (interactive shell) */

/* --- jobs ----------------------------------------------------------------------------------- */

enum { RUNNING, STOPPED, DONE };

struct job {
	int id;
	pid_t pgid;  /* 0 without job control: the processes stay in the shell's group */
	pid_t *pids;
	int *status; /* wait status of each process, once DONE */
	int *state;
	int n;
	char *text;   /* malloc'd */
	int notified; /* a stop was reported */
};

#define MAX_JOBS 64
static struct job *jobs[MAX_JOBS]; /* by age: jobs[0] oldest */
static int njobs;

static void job_free(struct job *j);
static int job_state(const struct job *j);
static void reap(void);

static struct job *job_new(const char *text, int nprocs)
{
	if (njobs == MAX_JOBS) {
		/* a script that never waits: forget its finished jobs */
		reap();
		for (int i = 0; i < njobs;)
			if (job_state(jobs[i]) == DONE)
				job_free(jobs[i]);
			else
				i++;
	}
	if (njobs == MAX_JOBS) {
		fprintf(stderr, "sh: too many jobs\n");
		return NULL;
	}
	struct job *j = calloc(1, sizeof *j);
	j->pids = calloc((size_t)nprocs, sizeof(pid_t));
	j->status = calloc((size_t)nprocs, sizeof(int));
	j->state = calloc((size_t)nprocs, sizeof(int));
	j->text = xstrdup(text);
	if (!j->pids || !j->status || !j->state)
		exit(2);
	j->id = 1;
	for (int i = 0; i < njobs; i++)
		if (jobs[i]->id >= j->id)
			j->id = jobs[i]->id + 1;
	jobs[njobs++] = j;
	return j;
}

static void job_free(struct job *j)
{
	for (int i = 0; i < njobs; i++)
		if (jobs[i] == j) {
			memmove(&jobs[i], &jobs[i + 1], sizeof jobs[0] * (size_t)(njobs - i - 1));
			njobs--;
			break;
		}
	free(j->pids);
	free(j->status);
	free(j->state);
	free(j->text);
	free(j);
}

static int job_state(const struct job *j)
{
	int any_stopped = 0;
	for (int i = 0; i < j->n; i++) {
		if (j->state[i] == RUNNING)
			return RUNNING;
		any_stopped |= j->state[i] == STOPPED;
	}
	return any_stopped ? STOPPED : DONE;
}

/* The job's exit status: its last process's, 128 + signal when killed or stopped. */
static int job_status(const struct job *j)
{
	int st = j->status[j->n - 1];
	if (j->state[j->n - 1] == STOPPED || WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* Records a wait status reported for pid. */
static void note_status(pid_t pid, int st)
{
	for (int i = 0; i < njobs; i++)
		for (int k = 0; k < jobs[i]->n; k++)
			if (jobs[i]->pids[k] == pid) {
				jobs[i]->status[k] = st;
				jobs[i]->state[k] = WIFSTOPPED(st) ? STOPPED : WIFCONTINUED(st) ? RUNNING : DONE;
				if (WIFSTOPPED(st))
					jobs[i]->notified = 0;
				return;
			}
}

/* Collects every status change that is ready, without blocking. */
static void reap(void)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG | (job_control ? WUNTRACED | WCONTINUED : 0))) > 0)
		note_status(pid, st);
}

static char job_mark(const struct job *j)
{
	if (njobs && jobs[njobs - 1] == j)
		return '+';
	return njobs > 1 && jobs[njobs - 2] == j ? '-' : ' ';
}

/* "Done", "Exit 3", "Stopped", "Terminated" ... */
static const char *job_word(const struct job *j, char *buf, size_t size)
{
	int state = job_state(j);
	if (state == RUNNING)
		return "Running";
	if (state == STOPPED)
		return "Stopped";
	int st = j->status[j->n - 1];
	if (WIFSIGNALED(st))
		return strsignal(WTERMSIG(st));
	if (WEXITSTATUS(st) == 0)
		return "Done";
	snprintf(buf, size, "Exit %d", WEXITSTATUS(st));
	return buf;
}

static void print_job(const struct job *j, int with_pid)
{
	char buf[32];
	printf("[%d]%c  ", j->id, job_mark(j));
	if (with_pid)
		printf("%d ", (int)j->pids[0]);
	printf("%-24s%s%s\n", job_word(j, buf, sizeof buf), j->text, job_state(j) == RUNNING ? " &" : "");
}

/* Reports finished background jobs (interactive) and forgets them. */
static void notify_jobs(void)
{
	reap();
	for (int i = 0; i < njobs;) {
		struct job *j = jobs[i];
		int state = job_state(j);
		if (state == DONE) {
			if (interactive)
				print_job(j, 0);
			job_free(j);
			continue;
		}
		if (state == STOPPED && !j->notified && interactive) {
			print_job(j, 0);
			j->notified = 1;
		}
		i++;
	}
	fflush(stdout);
}

/* Waits until the job is no longer running (interrupted: the shell got SIGINT while waiting). */
static void wait_job(struct job *j, int stop_on_interrupt)
{
	while (job_state(j) == RUNNING) {
		int st;
		pid_t pid = waitpid(-1, &st, job_control ? WUNTRACED : 0);
		if (pid > 0) {
			note_status(pid, st);
		} else if (errno == ECHILD) {
			for (int i = 0; i < j->n; i++)
				if (j->state[i] != DONE)
					j->state[i] = DONE;
		} else if (errno == EINTR && stop_on_interrupt && interrupted) {
			return;
		}
	}
}

/* Gives the terminal to pgid (errors are fine: the kernel may not have job control). */
static void give_terminal(pid_t pgid)
{
	if (job_control && tty >= 0 && pgid > 0)
		tcsetpgrp(tty, pgid);
}

/* Runs a job in the foreground until it finishes or stops; returns its status. */
static int foreground(struct job *j)
{
	give_terminal(j->pgid);
	wait_job(j, 0);
	give_terminal(shell_pgid);
	int status = job_status(j);
	int st = j->status[j->n - 1];
	int stopped = job_state(j) == STOPPED;
	if (job_control && have_modes && (stopped || WIFSIGNALED(st)))
		tcsetattr(tty, TCSADRAIN, &shell_modes);
	if (stopped) {
		printf("\n");
		print_job(j, 0);
		fflush(stdout);
		j->notified = 1;
		return status;
	}
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		if (sig == SIGINT)
			fprintf(stderr, "\n");
		else if (sig != SIGPIPE)
			fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(st) ? " (core dumped)" : "");
	}
	job_free(j);
	return status;
}

/* Finds a job from "%N", "%+", "%-", "N" or the current job when spec is NULL. */
static struct job *find_job(const char *spec, const char *who)
{
	if (!spec || strcmp(spec, "%+") == 0 || strcmp(spec, "%%") == 0 || strcmp(spec, "%") == 0) {
		if (njobs)
			return jobs[njobs - 1];
	} else if (strcmp(spec, "%-") == 0) {
		if (njobs > 1)
			return jobs[njobs - 2];
	} else {
		int id = atoi(spec[0] == '%' ? spec + 1 : spec);
		for (int i = 0; i < njobs; i++)
			if (jobs[i]->id == id)
				return jobs[i];
	}
	fprintf(stderr, "sh: %s: %s: no such job\n", who, spec ? spec : "current");
	return NULL;
}

static void continue_job(struct job *j)
{
	for (int i = 0; i < j->n; i++)
		if (j->state[i] == STOPPED)
			j->state[i] = RUNNING;
	if (j->pgid > 0)
		kill(-j->pgid, SIGCONT);
	else
		for (int i = 0; i < j->n; i++)
			kill(j->pids[i], SIGCONT);
}

/* --- signals and subshells ------------------------------------------------------------------ */

/* The signals an interactive shell keeps away from itself; its children get them back. */
static const int job_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGTERM };

static void default_signals(void)
{
	for (size_t i = 0; i < sizeof job_signals / sizeof job_signals[0]; i++)
		signal(job_signals[i], SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
}

/* What a forked copy of the shell forgets: it runs one thing and exits. */
static void become_subshell(void)
{
	while (njobs)
		job_free(jobs[0]);
	interactive = job_control = 0;
}

/* Sets up a freshly forked child of a pipeline: process group, terminal, signals. */
static void child_setup(pid_t pgid, int background)
{
	if (job_control) {
		setpgid(0, pgid);
		if (!background)
			give_terminal(pgid ? pgid : getpid()); /* SIGTTOU is still ignored here */
	}
	default_signals();
	if (background && !job_control) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
	become_subshell();
}

/* --- builtins ------------------------------------------------------------------------------- */

static int b_jobs(int argc, char **argv)
{
	int with_pid = argc > 1 && strcmp(argv[1], "-l") == 0;
	reap();
	for (int i = 0; i < njobs; i++) {
		print_job(jobs[i], with_pid);
		if (job_state(jobs[i]) == STOPPED)
			jobs[i]->notified = 1;
	}
	/* finished jobs were just reported: forget them */
	for (int i = 0; i < njobs;)
		if (job_state(jobs[i]) == DONE)
			job_free(jobs[i]);
		else
			i++;
	return 0;
}

static int b_fg(int argc, char **argv)
{
	reap();
	struct job *j = find_job(argc > 1 ? argv[1] : NULL, "fg");
	if (!j)
		return 1;
	printf("%s\n", j->text);
	fflush(stdout);
	/* the job becomes the current one */
	for (int i = 0; i < njobs; i++)
		if (jobs[i] == j) {
			memmove(&jobs[i], &jobs[i + 1], sizeof jobs[0] * (size_t)(njobs - i - 1));
			jobs[njobs - 1] = j;
		}
	give_terminal(j->pgid);
	continue_job(j);
	return foreground(j);
}

static int b_bg(int argc, char **argv)
{
	reap();
	struct job *j = find_job(argc > 1 ? argv[1] : NULL, "bg");
	if (!j)
		return 1;
	continue_job(j);
	printf("[%d]%c %s &\n", j->id, job_mark(j), j->text);
	return 0;
}

static int b_wait(int argc, char **argv)
{
	int status = 0;
	if (argc == 1) {
		while (njobs && !interrupted) {
			reap();
			struct job *j = NULL;
			for (int i = 0; i < njobs && !j; i++)
				if (job_state(jobs[i]) == RUNNING)
					j = jobs[i];
			if (!j)
				break;
			wait_job(j, 1);
		}
		notify_jobs();
		return interrupted ? 130 : 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j = NULL;
		if (argv[i][0] == '%') {
			j = find_job(argv[i], "wait");
		} else {
			pid_t pid = atoi(argv[i]);
			for (int k = 0; k < njobs && !j; k++)
				for (int p = 0; p < jobs[k]->n; p++)
					if (jobs[k]->pids[p] == pid)
						j = jobs[k];
			if (!j)
				fprintf(stderr, "sh: wait: pid %s is not a child of this shell\n", argv[i]);
		}
		if (!j) {
			status = 127;
			continue;
		}
		wait_job(j, 1);
		status = job_status(j);
		if (job_state(j) == DONE)
			job_free(j);
	}
	return status;
}

/* --- startup -------------------------------------------------------------------------------- */

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Interactive: own process group, in the terminal's foreground, job signals kept away. */
static void start_job_control(void)
{
	tty = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint; /* no SA_RESTART: a read at the prompt returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	for (size_t i = 1; i < sizeof job_signals / sizeof job_signals[0]; i++)
		signal(job_signals[i], SIG_IGN);
	/* if started in the background, wait to be brought to the foreground (a few tries) */
	for (int tries = 0; tries < 20; tries++) {
		pid_t fg = tcgetpgrp(tty);
		if (fg <= 0 || fg == getpgrp())
			break;
		kill(-getpgrp(), SIGTTIN);
	}
	setpgid(0, 0); /* fails harmlessly for a session leader, already its own group */
	shell_pgid = getpgrp();
	job_control = 1;
	give_terminal(shell_pgid);
	have_modes = tcgetattr(tty, &shell_modes) == 0;
}

#endif
