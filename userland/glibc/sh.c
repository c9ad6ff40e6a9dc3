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
 * `time [-p] PIPELINE` (sh-time.h: its real, user and sys time on stderr, in bash's format),
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
 * Job control (interactive; sh-jobs.h): the shell puts itself in its own process group in the
 * terminal's foreground, ignores SIGINT (its handler only abandons the line being typed),
 * SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU and SIGTERM, and runs each pipeline in a new process group
 * which it makes the terminal's foreground group (tcsetpgrp) while it runs, so ^C and ^Z reach
 * the job and not the shell. Children get the default dispositions back. A stopped job can be
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
#include "sh-expand.h"
#include "sh-jobs.h"
#include "sh-time.h"

extern char **environ;

/* --- shell state -------------------------------------------------------------------------- */

/* (interactive, interrupted and the job-control state are in sh-jobs.h) */
static int xtrace;  /* -x */
static int errexit; /* -e: exit when a command fails (outside the left of && and ||) */

/* --- running commands ----------------------------------------------------------------------- */

static int run_list(struct list *l);
static int run_string(const char *text);
static int run_file(const char *path);

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

/* --- builtins: sh-builtins.h ------------------------------------------------------------ */

#include "sh-builtins.h"

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

static int run_untimed(struct pipeline *pl, int background, const char *text);

/* Runs a pipeline; `time PIPELINE` also reports how long it took (sh-time.h). */
static int run_pipeline(struct pipeline *pl, int background, const char *text)
{
	if (!pl->timed)
		return run_untimed(pl, background, text);
	struct time_mark start;
	time_start(&start);
	int status = pl->n > 0 ? run_untimed(pl, background, text) : 0;
	time_report(&start, pl->timed == TIME_POSIX);
	return status;
}

static int run_untimed(struct pipeline *pl, int background, const char *text)
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

/* Runs `a &`: a lone pipeline directly as a job; anything longer, or a timed pipeline (the forked
 * shell times it in its foreground), in a forked shell. */
static int run_background(struct and_or *a)
{
	if (a->n == 1 && !a->pipes[0].negate && !a->pipes[0].timed)
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

/* --- reading commands: sh-input.h --------------------------------------------------------- */

#include "sh-input.h"

/* --- startup -------------------------------------------------------------------------------- */

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
