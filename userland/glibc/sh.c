/*
 * sh: a small POSIX-style shell with job control, the playground's command interpreter.
 *
 *   sh                     interactive when stdin and stderr are terminals (else reads stdin)
 *   sh -c 'COMMANDS' [ARG0 [ARG...]]
 *   sh SCRIPT [ARG...]
 *   options: -i (interactive anyway), -x (print each command to stderr before running it),
 *            -e (exit as soon as a command fails, except on the left of && and ||)
 *
 * Syntax (sh-parse.h): words with '...' "..." and \ quoting, # comments, pipelines a | b | c,
 * ! negation, && and ||, ; and newlines, & (background), redirections < > >> 2> 2>&1 <&N >&-,
 * NAME=value assignments (alone: shell variables; before a command: its environment).
 * Expansion (sh-expand.h): ~, $NAME ${NAME} $? $$ $! $# $0-$9 $@ $*, $(command), $((arithmetic)),
 * field splitting of unquoted results, globbing.
 * Builtins: cd [DIR|-], pwd, exit [N], export [NAME[=VALUE]...], unset NAME..., jobs [-l],
 * fg [%N], bg [%N], wait [%N|PID...], exec [COMMAND...], set [-ex] [--] [ARG...],
 * . FILE (source), true, false, :, help. Not supported: if/while/for/case, functions,
 * ( ) and { } groups, here-documents, ${NAME:-word} forms.
 * Other commands are found through $PATH (default /bin:/usr/bin) and run with fork + execve;
 * a file execve refuses (ENOEXEC) is run as a script by the forked shell.
 *
 * Job control (interactive): the shell puts itself in its own process group in the terminal's
 * foreground, ignores SIGINT (its handler only abandons the line being typed), SIGQUIT,
 * SIGTSTP, SIGTTIN, SIGTTOU and SIGTERM, and runs each pipeline in a new process group which
 * it makes the terminal's foreground group (tcsetpgrp) while it runs, so ^C and ^Z reach the
 * job and not the shell. Children get the default dispositions back. A stopped job can be
 * resumed with fg or bg; finished background jobs are reported ("[1]+  Done  ...") before the
 * next prompt. Every call that a kernel may not support (tcsetpgrp, setpgid) is allowed to fail.
 *
 * The prompt is $PS1 with \h (host name from uname), \w (working directory), \W (its last
 * part), \$ ('#' for root, else '$'), \n and \\; without PS1 it is "<host>:<cwd>$ ".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include "sh-expand.h"

extern char **environ;

/* --- shell state -------------------------------------------------------------------------- */

static int interactive; /* reading commands from a terminal */
static int job_control; /* interactive, with our own process group */
static int xtrace;      /* -x */
static int errexit;     /* -e: exit when a command fails (outside the left of && and ||) */
static int tty = -1;    /* the terminal, for tcsetpgrp */
static pid_t shell_pgid;
static struct termios shell_modes; /* restored after a job stops or dies by a signal */
static int have_modes;
static volatile sig_atomic_t interrupted; /* SIGINT arrived (interactive shell) */

/* --- jobs --------------------------------------------------------------------------------- */

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

/* --- running commands ----------------------------------------------------------------------- */

static int run_list(struct list *l);
static int run_string(const char *text);
static int run_file(const char *path);

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

/* Applies redirections; with saved != NULL, records how to undo them (saved[i] per redir). */
static int redirect(struct command *c, int *saved)
{
	for (int i = 0; i < c->nredirs; i++) {
		struct redir *r = &c->redirs[i];
		char *target = expand_one(r->word);
		int fd;
		if (saved)
			saved[i] = fcntl(r->fd, F_DUPFD_CLOEXEC, 10); /* -1 if r->fd was closed */
		if (r->op == T_DUPOUT || r->op == T_DUPIN) {
			if (strcmp(target, "-") == 0) {
				close(r->fd);
				continue;
			}
			char *end;
			fd = (int)strtol(target, &end, 10);
			if (*end || end == target || fcntl(fd, F_GETFD) < 0) {
				fprintf(stderr, "sh: %s: bad file descriptor\n", target);
				return -1;
			}
			if (fd != r->fd && dup2(fd, r->fd) < 0)
				return -1;
			continue;
		}
		int flags = r->op == T_LT ? O_RDONLY : O_WRONLY | O_CREAT | (r->op == T_APPEND ? O_APPEND : O_TRUNC);
		fd = open(target, flags | O_CLOEXEC, 0666);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		} else {
			fcntl(fd, F_SETFD, 0);
		}
	}
	return 0;
}

static void undo_redirect(struct command *c, int *saved)
{
	fflush(NULL);
	for (int i = c->nredirs - 1; i >= 0; i--) {
		if (saved[i] >= 0) {
			dup2(saved[i], c->redirs[i].fd);
			close(saved[i]);
		} else {
			close(c->redirs[i].fd);
		}
	}
}

/* A command after expansion. */
struct expanded {
	char **argv; /* NULL-terminated */
	int argc;
	char **assign; /* NAME=value, expanded */
	int nassign;
};

static void expand_command(struct command *c, struct expanded *e)
{
	struct vec args = { 0 }, assigns = { 0 };
	int i = 0;
	for (; i < c->nwords && assignment_name(c->words[i]); i++) {
		size_t len = assignment_name(c->words[i]);
		struct str s = { 0 };
		str_addn(&s, c->words[i], len + 1);
		str_add(&s, expand_one(c->words[i] + len + 1));
		vec_push(&assigns, (char *)str_get(&s));
	}
	for (; i < c->nwords; i++)
		expand_word(c->words[i], &args, 1);
	vec_push(&args, NULL);
	args.n--;
	e->argv = (char **)args.v;
	e->argc = args.n;
	e->assign = (char **)assigns.v;
	e->nassign = assigns.n;
	if (xtrace && (e->argc || e->nassign)) {
		fprintf(stderr, "+");
		for (int k = 0; k < e->nassign; k++)
			fprintf(stderr, " %s", e->assign[k]);
		for (int k = 0; k < e->argc; k++)
			fprintf(stderr, " %s", e->argv[k]);
		fprintf(stderr, "\n");
	}
}

static void apply_assignments(struct expanded *e, int export)
{
	for (int i = 0; i < e->nassign; i++) {
		char *eq = strchr(e->assign[i], '=');
		*eq = 0;
		var_set(e->assign[i], eq + 1, export);
		*eq = '=';
	}
}

/* Replaces this process with the program (after a PATH search); returns only on failure. */
static int exec_program(char **argv)
{
	char **env = environment();
	const char *name = argv[0];
	int err = ENOENT;
	if (strchr(name, '/')) {
		execve(name, argv, env);
		err = errno;
	} else {
		const char *path = var_get("PATH");
		if (!path)
			path = "/bin:/usr/bin";
		for (const char *p = path;; p++) {
			const char *end = strchr(p, ':');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			struct str full = { 0 };
			str_addn(&full, len ? p : ".", len ? len : 1);
			str_addc(&full, '/');
			str_add(&full, name);
			execve(str_get(&full), argv, env);
			if (errno == ENOEXEC) {
				name = str_get(&full);
				err = ENOEXEC;
				break;
			}
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno; /* remember EACCES, but keep looking */
			if (!end)
				break;
			p = end;
		}
	}
	if (err == ENOEXEC) {
		/* not a binary: run it as a script in this (forked) shell */
		become_subshell();
		arg0 = (char *)name;
		params = argv + 1;
		for (nparams = 0; params[nparams]; nparams++)
			;
		exit(run_file(name));
	}
	if (err == ENOENT)
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
	else
		fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
	return err == ENOENT ? 127 : 126;
}

/* --- builtins ---------------------------------------------------------------------------- */

static int b_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	int dash = dir && strcmp(dir, "-") == 0;
	if (dash)
		dir = var_get("OLDPWD");
	if (!dir || !*dir)
		dir = "/";
	char old[4096];
	if (!getcwd(old, sizeof old))
		old[0] = 0;
	if (chdir(dir) != 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	char now[4096];
	if (getcwd(now, sizeof now))
		var_set("PWD", now, 0);
	if (old[0])
		var_set("OLDPWD", old, 0);
	if (dash)
		printf("%s\n", now);
	return 0;
}

static int b_pwd(int argc, char **argv)
{
	(void)argc, (void)argv;
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd)) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int b_exit(int argc, char **argv)
{
	fflush(NULL);
	exit(argc > 1 ? atoi(argv[1]) & 255 : last_status);
}

static int b_export(int argc, char **argv)
{
	if (argc == 1) {
		for (int i = 0; i < nvars; i++)
			if (vars[i].exported)
				printf("export %s%s%s\n", vars[i].name, vars[i].value ? "=" : "",
				       vars[i].value ? vars[i].value : "");
		return 0;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!valid_name(argv[i], len)) {
			fprintf(stderr, "sh: export: %s: not a valid name\n", argv[i]);
			status = 1;
			continue;
		}
		char *name = sndup(argv[i], len);
		var_set(name, eq ? eq + 1 : NULL, 1);
	}
	return status;
}

static int b_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

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

/* set [-ex] [+ex] [--] [ARG...]: options, and new positional parameters; alone: the variables. */
static int b_set(int argc, char **argv)
{
	if (argc == 1) {
		for (int i = 0; i < nvars; i++)
			if (vars[i].value)
				printf("%s=%s\n", vars[i].name, vars[i].value);
		return 0;
	}
	int i = 1;
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			int on = argv[i][0] == '-';
			if (*o == 'e')
				errexit = on;
			else if (*o == 'x')
				xtrace = on;
			else {
				fprintf(stderr, "sh: set: -%c: unknown option (only -e and -x)\n", *o);
				return 2;
			}
		}
	}
	if (i < argc || (i > 1 && strcmp(argv[i - 1], "--") == 0)) {
		char **copy = calloc((size_t)(argc - i + 1), sizeof(char *));
		if (!copy)
			return 1;
		for (int k = i; k < argc; k++)
			copy[k - i] = xstrdup(argv[k]);
		params = copy; /* the previous array is kept: it may be the process's own argv */
		nparams = argc - i;
	}
	return 0;
}

static int b_true(int argc, char **argv) { (void)argc, (void)argv; return 0; }
static int b_false(int argc, char **argv) { (void)argc, (void)argv; return 1; }

static int b_source(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "sh: .: usage: . FILE\n");
		return 2;
	}
	return run_file(argv[1]);
}

static int b_exec(int argc, char **argv)
{
	if (argc < 2)
		return 0; /* only redirections: the caller keeps them */
	fflush(NULL);
	default_signals();
	return exec_program(argv + 1);
}

static int b_help(int argc, char **argv);

static const struct builtin {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} builtins[] = {
	{ "cd", b_cd, "cd [DIR | -]" },
	{ "pwd", b_pwd, "pwd" },
	{ "exit", b_exit, "exit [N]" },
	{ "export", b_export, "export [NAME[=VALUE]...]" },
	{ "unset", b_unset, "unset NAME..." },
	{ "jobs", b_jobs, "jobs [-l]" },
	{ "fg", b_fg, "fg [%N]" },
	{ "bg", b_bg, "bg [%N]" },
	{ "wait", b_wait, "wait [%N | PID...]" },
	{ "exec", b_exec, "exec [COMMAND [ARG...]]" },
	{ "set", b_set, "set [-ex] [+ex] [--] [ARG...]" },
	{ ".", b_source, ". FILE" },
	{ "source", b_source, "source FILE" },
	{ "true", b_true, "true" },
	{ "false", b_false, "false" },
	{ ":", b_true, ":" },
	{ "help", b_help, "help" },
};

static int b_help(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("sh builtins:\n");
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		printf("  %s\n", builtins[i].usage);
	printf("other commands are looked up in $PATH (%s)\n", var_get("PATH") ? var_get("PATH") : "/bin:/usr/bin");
	return 0;
}

static const struct builtin *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

/* Runs a builtin, or a command with no words, inside the shell itself. */
static int run_in_shell(struct command *c, struct expanded *e)
{
	int *saved = alloc(sizeof(int) * (size_t)(c->nredirs + 1));
	fflush(NULL);
	if (redirect(c, saved) != 0) {
		undo_redirect(c, saved);
		return 1;
	}
	int status = 0;
	if (e->argc == 0) {
		apply_assignments(e, 0);
		status = last_status; /* of a $(...) in the assignments, if any */
	} else {
		apply_assignments(e, 0);
		const struct builtin *b = find_builtin(e->argv[0]);
		status = b->run(e->argc, e->argv);
	}
	fflush(NULL);
	if (e->argc > 0 && strcmp(e->argv[0], "exec") == 0 && e->argc == 1) {
		for (int i = 0; i < c->nredirs; i++)
			if (saved[i] >= 0)
				close(saved[i]); /* exec with redirections only: they stay */
	} else {
		undo_redirect(c, saved);
	}
	return status;
}

/* In a forked child: runs one command of a pipeline and exits. */
static void run_in_child(struct command *c, struct expanded *pre)
{
	struct expanded e;
	if (pre)
		e = *pre;
	else
		expand_command(c, &e);
	if (redirect(c, NULL) != 0)
		exit(1);
	if (e.argc == 0)
		exit(0);
	apply_assignments(&e, 1);
	const struct builtin *b = find_builtin(e.argv[0]);
	if (b) {
		int status = b->run(e.argc, e.argv);
		fflush(NULL);
		exit(status);
	}
	exit(exec_program(e.argv));
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

static int run_pipeline(struct pipeline *pl, int background, const char *text)
{
	struct expanded first, *pre = NULL;
	fflush(NULL);
	if (pl->n == 1 && !background) {
		expand_command(&pl->cmds[0], &first);
		pre = &first;
		if (first.argc == 0 || find_builtin(first.argv[0])) {
			int status = run_in_shell(&pl->cmds[0], &first);
			return pl->negate ? !status : status;
		}
	}
	struct job *j = job_new(text, pl->n);
	if (!j)
		return 1;
	int in = -1;
	for (int i = 0; i < pl->n; i++) {
		int p[2] = { -1, -1 };
		if (i + 1 < pl->n && pipe2(p, O_CLOEXEC) != 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			close(p[0]);
			close(p[1]);
			break;
		}
		if (pid == 0) {
			int had_job_control = job_control; /* child_setup forgets it */
			child_setup(j->pgid, background);
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			} else if (background && !had_job_control) {
				int null = open("/dev/null", O_RDONLY);
				if (null > 0) {
					dup2(null, 0);
					close(null);
				}
			}
			if (p[1] >= 0) {
				dup2(p[1], 1);
				close(p[1]);
				close(p[0]);
			}
			run_in_child(&pl->cmds[i], i == 0 ? pre : NULL);
		}
		if (job_control) {
			if (!j->pgid)
				j->pgid = pid;
			setpgid(pid, j->pgid); /* also in the child: whichever runs first */
		}
		j->pids[j->n++] = pid;
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
	}
	if (in >= 0)
		close(in);
	if (j->n == 0) {
		job_free(j);
		return 1;
	}
	if (background) {
		last_background = j->pids[j->n - 1];
		if (interactive)
			fprintf(stderr, "[%d] %d\n", j->id, (int)last_background);
		return 0;
	}
	int status = foreground(j);
	return pl->negate ? !status : status;
}

static int run_and_or(struct and_or *a)
{
	int status = run_pipeline(&a->pipes[0], 0, a->text), last = 0;
	for (int i = 1; i < a->n; i++) {
		last_status = status;
		if ((a->ops[i - 1] == T_AND) == (status == 0)) {
			status = run_pipeline(&a->pipes[i], 0, a->text);
			last = i;
		}
	}
	if (errexit && status != 0 && last == a->n - 1 && !a->pipes[last].negate) {
		fflush(NULL);
		exit(status);
	}
	return status;
}

/* Runs `a &`: a lone pipeline directly as a job, anything longer in a forked shell. */
static int run_background(struct and_or *a)
{
	if (a->n == 1 && !a->pipes[0].negate)
		return run_pipeline(&a->pipes[0], 1, a->text);
	struct job *j = job_new(a->text, 1);
	if (!j)
		return 1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		child_setup(0, 1);
		exit(run_and_or(a));
	}
	if (pid < 0) {
		job_free(j);
		return 1;
	}
	if (job_control) {
		j->pgid = pid;
		setpgid(pid, pid);
	}
	j->pids[j->n++] = pid;
	last_background = pid;
	if (interactive)
		fprintf(stderr, "[%d] %d\n", j->id, (int)pid);
	return 0;
}

static int run_list(struct list *l)
{
	for (int i = 0; i < l->n; i++) {
		reap();
		struct and_or *a = &l->items[i];
		last_status = a->background ? run_background(a) : run_and_or(a);
		if (interactive && interrupted)
			break;
	}
	return last_status;
}

/* $(...): runs the command in a forked shell and returns its output without trailing newlines. */
static char *command_output(const char *command)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return sdup("");
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		become_subshell();
		default_signals();
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		exit(run_string(command));
	}
	close(p[1]);
	struct str out = { 0 };
	char buf[4096];
	ssize_t n;
	while ((n = read(p[0], buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		str_addn(&out, buf, (size_t)n);
	}
	close(p[0]);
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	last_status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	while (out.len && out.s[out.len - 1] == '\n')
		out.s[--out.len] = 0;
	return (char *)str_get(&out);
}

/* --- reading commands ----------------------------------------------------------------------- */

struct input {
	int fd;            /* -1: reading `text` */
	const char *text;  /* for -c */
	int bytewise;      /* read one byte at a time (a pipe shared with the commands we run) */
	char buf[4096];
	size_t len, pos;
};

/* Reads one line (without its newline) into *line; returns 0 at the end of input, -1 on ^C. */
static int read_line(struct input *in, struct str *line)
{
	*line = (struct str){ 0 };
	for (;;) {
		if (in->pos == in->len) {
			if (in->fd < 0)
				return line->len > 0;
			ssize_t n = read(in->fd, in->buf, in->bytewise ? 1 : sizeof in->buf);
			if (n < 0 && errno == EINTR) {
				if (interrupted)
					return -1;
				continue;
			}
			if (n <= 0)
				return line->len > 0;
			in->len = (size_t)n;
			in->pos = 0;
		}
		char c = in->buf[in->pos++];
		if (c == '\n')
			return 1;
		str_addc(line, c);
	}
}

static void prompt(const char *ps)
{
	struct str out = { 0 };
	for (const char *p = ps; *p; p++) {
		if (*p != '\\' || !p[1]) {
			str_addc(&out, *p);
			continue;
		}
		char cwd[4096];
		struct utsname u;
		switch (*++p) {
		case 'h':
		case 'H':
			if (uname(&u) == 0) {
				if (*p == 'h')
					u.nodename[strcspn(u.nodename, ".")] = 0;
				str_add(&out, u.nodename);
			}
			break;
		case 'w':
		case 'W':
			if (getcwd(cwd, sizeof cwd)) {
				char *last = strrchr(cwd, '/');
				str_add(&out, *p == 'W' && last && last[1] ? last + 1 : cwd);
			}
			break;
		case '$': str_addc(&out, geteuid() == 0 ? '#' : '$'); break;
		case 'n': str_addc(&out, '\n'); break;
		case '\\': str_addc(&out, '\\'); break;
		default: str_addc(&out, '\\'); str_addc(&out, *p); break;
		}
	}
	fputs(str_get(&out), stderr);
	fflush(stderr);
}

/* Reads, parses and runs commands until the input ends; returns the last status. */
static int run_input(struct input *in)
{
	for (;;) {
		struct chunk *mark = arena;
		if (interactive) {
			notify_jobs();
			interrupted = 0;
			const char *ps1 = var_get("PS1");
			prompt(ps1 ? ps1 : "\\h:\\w$ ");
		}
		struct str text = { 0 }, line;
		int r = read_line(in, &line);
		if (r == 0) {
			if (interactive)
				fprintf(stderr, "exit\n");
			break;
		}
		if (r < 0) {
			fprintf(stderr, "\n");
			arena_release(mark);
			continue;
		}
		str_add(&text, str_get(&line));
		struct list l;
		const char *error = NULL;
		int parsed;
		while ((parsed = parse(str_get(&text), &l, &error)) == PARSE_INCOMPLETE) {
			if (interactive) {
				const char *ps2 = var_get("PS2");
				prompt(ps2 ? ps2 : "> ");
			}
			if ((r = read_line(in, &line)) <= 0)
				break;
			str_addc(&text, '\n');
			str_add(&text, str_get(&line));
		}
		if (parsed == PARSE_INCOMPLETE && r < 0) {
			fprintf(stderr, "\n");
		} else if (parsed == PARSE_INCOMPLETE) {
			fprintf(stderr, "sh: syntax error: unexpected end of file\n");
			last_status = 2;
		} else if (parsed == PARSE_ERROR) {
			fprintf(stderr, "sh: syntax error near '%s'\n", error ? error : "?");
			last_status = 2;
		} else {
			run_list(&l);
		}
		arena_release(mark);
		if (parsed == PARSE_INCOMPLETE && r == 0)
			break;
	}
	return last_status;
}

static int run_string(const char *text)
{
	struct chunk *mark = arena;
	struct list l;
	const char *error = NULL;
	int parsed = parse(text, &l, &error);
	if (parsed == PARSE_INCOMPLETE) {
		fprintf(stderr, "sh: syntax error: unexpected end of file\n");
		last_status = 2;
	} else if (parsed == PARSE_ERROR) {
		fprintf(stderr, "sh: syntax error near '%s'\n", error ? error : "?");
		last_status = 2;
	} else {
		run_list(&l);
	}
	arena_release(mark);
	return last_status;
}

static int run_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return 127;
	}
	struct input *in = calloc(1, sizeof *in);
	in->fd = fd;
	int saved_interactive = interactive;
	interactive = 0;
	int status = run_input(in);
	interactive = saved_interactive;
	free(in);
	close(fd);
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

int main(int argc, char **argv)
{
	for (char **e = environ; *e; e++) {
		char *eq = strchr(*e, '=');
		if (eq && valid_name(*e, (size_t)(eq - *e))) {
			char *name = strndup(*e, (size_t)(eq - *e));
			var_set(name, eq + 1, 1);
			free(name);
		}
	}
	char cwd[4096];
	if (getcwd(cwd, sizeof cwd))
		var_set("PWD", cwd, 0);
	signal(SIGPIPE, SIG_DFL);

	const char *command = NULL;
	int force_interactive = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'c' && !command && i + 1 < argc)
				command = argv[++i];
			else if (*o == 'i')
				force_interactive = 1;
			else if (*o == 'x')
				xtrace = 1;
			else if (*o == 'e')
				errexit = 1;
			else {
				fprintf(stderr, "usage: sh [-eix] [-c COMMANDS [ARG0 [ARG...]] | SCRIPT [ARG...]]\n");
				return 2;
			}
		}
	}
	if (command) {
		if (i < argc)
			arg0 = argv[i++];
		params = argv + i;
		nparams = argc - i;
		return run_string(command);
	}
	if (i < argc) {
		arg0 = argv[i];
		params = argv + i + 1;
		nparams = argc - i - 1;
		return run_file(argv[i]);
	}
	struct input *in = calloc(1, sizeof *in);
	in->fd = 0;
	interactive = force_interactive || (isatty(0) && isatty(2));
	in->bytewise = !isatty(0); /* commands we run may read the rest of stdin */
	if (interactive)
		start_job_control();
	int status = run_input(in);
	fflush(NULL);
	return status;
}
