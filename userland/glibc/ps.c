/*
 * ps: lists every process, from /proc.
 *
 *   ps [-e | -A | -ef | aux ...]   (the options are accepted and ignored: ps always lists all)
 *
 * One line per process, ascending by pid:
 *   PID PPID [KERN] STAT TIME CMD
 * KERN is the playground kernel running the process, from the line "Kernel:\t<n>" in
 * /proc/<pid>/status; the column is shown when any process has that line ("-" for those
 * without). STAT is the state letter from /proc/<pid>/stat, followed as in procps by "s" for a
 * session leader, "l" for a multi-threaded process and "+" for a member of its terminal's
 * foreground process group. TIME is user + system CPU time. CMD is the command line, or
 * [name] when the process has none; on a terminal, lines are cut at its width. Exits 1 if
 * /proc cannot be read.
 */
#include <sys/ioctl.h>
#include "proc.h"

int main(void)
{
	int count;
	int *pids = proc_pids(&count);
	if (!pids) {
		perror("ps: /proc");
		return 1;
	}
	struct proc *procs = calloc((size_t)(count ? count : 1), sizeof *procs);
	int n = 0, any_kernel = 0;
	for (int i = 0; procs && i < count; i++)
		if (proc_read(pids[i], &procs[n]) == 0)
			any_kernel |= procs[n++].kernel >= 0;
	long hz = sysconf(_SC_CLK_TCK);
	struct winsize ws;
	int width = isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 0;
	printf("  PID  PPID %sSTAT     TIME CMD\n", any_kernel ? "KERN " : "");
	for (int i = 0; i < n; i++) {
		struct proc *p = &procs[i];
		char stat[8], *s = stat, time[32], kern[16] = "";
		*s++ = p->state;
		if (p->session == p->pid)
			*s++ = 's';
		if (p->threads > 1)
			*s++ = 'l';
		if (p->tty != 0 && p->tpgid == p->pgrp)
			*s++ = '+';
		*s = 0;
		if (any_kernel) {
			if (p->kernel >= 0)
				snprintf(kern, sizeof kern, "%4d ", p->kernel);
			else
				snprintf(kern, sizeof kern, "   - ");
		}
		char line[640];
		snprintf(line, sizeof line, "%5d %5d %s%-4s %8s %s", p->pid, p->ppid, kern, stat,
			 proc_time(p->utime + p->stime, hz, time, sizeof time), p->cmd);
		if (width > 0 && width < (int)sizeof line)
			line[width] = 0;
		printf("%s\n", line);
	}
	free(procs);
	free(pids);
	return 0;
}
