/*
 * proc.h: reading processes from /proc, shared by ps and top.
 *
 * proc_pids() lists the numeric entries of /proc in ascending order; proc_read() fills a
 * struct proc from /proc/<pid>/stat (state, parent, group, session, terminal, CPU ticks, start
 * time, threads, sizes), /proc/<pid>/status (the optional "Kernel:" line: the playground kernel
 * running the process) and /proc/<pid>/cmdline (arguments joined with spaces; a process without
 * one, such as a kernel thread or a zombie, shows as [comm]). Everything is read with plain
 * open/read, so any /proc that produces Linux's text formats works.
 */
#ifndef PROC_H
#define PROC_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct proc {
	int pid, ppid, pgrp, session, tty, tpgid;
	char state;                                    /* R S D T Z ... */
	char comm[64];                                 /* the name in parentheses in stat */
	unsigned long long utime, stime, start;        /* clock ticks */
	long threads;
	unsigned long long vsize;                      /* bytes */
	long long rss;                                 /* pages */
	int kernel;                                    /* from "Kernel:" in status, or -1 */
	char cmd[512];                                 /* command line, or [comm] */
};

/* Reads a whole (small) file into buf, NUL-terminated; returns its length or -1. */
static inline ssize_t proc_slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = 0;
	return (ssize_t)len;
}

static inline int proc_compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The pids in /proc, ascending, in a malloc'd array (*count of them); NULL if /proc is unreadable. */
static inline int *proc_pids(int *count)
{
	DIR *d = opendir("/proc");
	*count = 0;
	if (!d)
		return NULL;
	int cap = 64, *pids = malloc(sizeof(int) * (size_t)cap);
	struct dirent *e;
	while (pids && (e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name || pid <= 0)
			continue;
		if (*count == cap) {
			int *more = realloc(pids, sizeof(int) * (size_t)(cap *= 2));
			if (!more)
				break;
			pids = more;
		}
		pids[(*count)++] = (int)pid;
	}
	closedir(d);
	if (pids)
		qsort(pids, (size_t)*count, sizeof(int), proc_compare_int);
	return pids;
}

/* Fills p for pid; returns 0, or -1 when the process is gone or its stat is unreadable. */
static inline int proc_read(int pid, struct proc *p)
{
	char path[64], buf[4096];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->kernel = -1;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (proc_slurp(path, buf, sizeof buf) <= 0)
		return -1;
	/* "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split at the last ')' */
	char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return -1;
	size_t len = (size_t)(close_paren - open_paren - 1);
	if (len >= sizeof p->comm)
		len = sizeof p->comm - 1;
	memcpy(p->comm, open_paren + 1, len);
	p->comm[len] = 0;
	/* fields 3.. : state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
	   utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss */
	long long f[22] = { 0 };
	char state = '?';
	int got = sscanf(close_paren + 1,
			 " %c %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld",
			 &state, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11],
			 &f[12], &f[13], &f[14], &f[15], &f[16], &f[17], &f[18], &f[19], &f[20]);
	if (got < 4)
		return -1;
	p->state = state;
	p->ppid = (int)f[0];
	p->pgrp = (int)f[1];
	p->session = (int)f[2];
	p->tty = (int)f[3];
	p->tpgid = (int)f[4];
	p->utime = (unsigned long long)f[10];
	p->stime = (unsigned long long)f[11];
	p->threads = f[16] > 0 ? (long)f[16] : 1;
	p->start = (unsigned long long)f[18];
	p->vsize = (unsigned long long)f[19];
	p->rss = f[20];

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if (proc_slurp(path, buf, sizeof buf) > 0) {
		for (char *line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
			if (strncmp(line, "Kernel:", 7) == 0)
				p->kernel = atoi(line + 7);
	}

	snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
	ssize_t n = proc_slurp(path, p->cmd, sizeof p->cmd);
	while (n > 0 && p->cmd[n - 1] == 0)
		n--;
	if (n <= 0) {
		snprintf(p->cmd, sizeof p->cmd, "[%s]", p->comm);
	} else {
		for (ssize_t i = 0; i < n; i++)
			if (p->cmd[i] == 0 || p->cmd[i] == '\n' || p->cmd[i] == '\t')
				p->cmd[i] = ' ';
		p->cmd[n] = 0;
	}
	return 0;
}

/* Formats clock ticks as [[d-]hh:]mm:ss cumulative CPU time, like ps's TIME column. */
static inline const char *proc_time(unsigned long long ticks, long hz, char *buf, size_t size)
{
	unsigned long long s = ticks / (unsigned long long)(hz > 0 ? hz : 100);
	if (s >= 86400)
		snprintf(buf, size, "%llu-%02llu:%02llu:%02llu", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%02llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
	return buf;
}

#endif
