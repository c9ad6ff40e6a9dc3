/*
 * popcorn-ps.h: reading /proc/popcorn/ps, the machine-wide list of processes, threads and pages,
 * shared by pstat and migrate.
 *
 * The file has one record per line, space-separated key=value fields after the record's kind:
 *   process pid=5 origin=0 comm=mt threads=4
 *   thread pid=5 tid=9 kernel=1 state=R
 *   pages pid=5 kernel=1 held=3 writable=2
 * Unknown kinds and keys are skipped, so the kernel may add fields; a missing number reads as
 * -1. A word without '=' continues the field before it (a comm with a space in it). Records are
 * kept in file order.
 */
#ifndef POPCORN_PS_H
#define POPCORN_PS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POPCORN_PS_PATH "/proc/popcorn/ps"

struct pps_process {
	int pid, origin;
	long threads;
	char comm[64];
};

struct pps_thread {
	int pid, tid, kernel;
	char state[8];
};

struct pps_pages {
	int pid, kernel;
	long held, writable;
};

struct popcorn_ps {
	struct pps_process *procs;
	struct pps_thread *threads;
	struct pps_pages *pages;
	int nprocs, nthreads, npages;
};

/* array (count elements of size bytes) grown by one zeroed element at its end; NULL when out of
   memory (array is then unchanged). */
static inline void *pps_grow(void *array, int count, size_t size)
{
	char *more = realloc(array, size * (size_t)(count + 1));
	if (more)
		memset(more + size * (size_t)count, 0, size);
	return more;
}

static inline void pps_copy(char *dst, size_t size, const char *src, int append)
{
	size_t len = append ? strlen(dst) : 0;
	if (append && len + 1 < size)
		dst[len++] = ' ';
	snprintf(dst + len, size - len, "%s", src);
}

static inline long pps_number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end ? v : -1;
}

/* Parses one line into ps; returns -1 when out of memory. */
static inline int pps_line(struct popcorn_ps *ps, char *line)
{
	char *save, *word = strtok_r(line, " \t\n", &save);
	if (!word)
		return 0;
	struct pps_process *p = NULL;
	struct pps_thread *t = NULL;
	struct pps_pages *g = NULL;
	if (strcmp(word, "process") == 0) {
		struct pps_process *a = pps_grow(ps->procs, ps->nprocs, sizeof *a);
		if (!a)
			return -1;
		ps->procs = a;
		p = &a[ps->nprocs++];
		p->pid = p->origin = -1;
		p->threads = -1;
	} else if (strcmp(word, "thread") == 0) {
		struct pps_thread *a = pps_grow(ps->threads, ps->nthreads, sizeof *a);
		if (!a)
			return -1;
		ps->threads = a;
		t = &a[ps->nthreads++];
		t->pid = t->tid = t->kernel = -1;
		strcpy(t->state, "?");
	} else if (strcmp(word, "pages") == 0) {
		struct pps_pages *a = pps_grow(ps->pages, ps->npages, sizeof *a);
		if (!a)
			return -1;
		ps->pages = a;
		g = &a[ps->npages++];
		g->pid = g->kernel = -1;
		g->held = g->writable = -1;
	} else {
		return 0;
	}
	const char *key = "";
	while ((word = strtok_r(NULL, " \t\n", &save))) {
		char *eq = strchr(word, '=');
		const char *value = word;
		int more = !eq; /* a continuation of the field before */
		if (eq) {
			*eq = 0;
			key = word;
			value = eq + 1;
		}
		if (strcmp(key, "pid") == 0 && !more) {
			int pid = (int)pps_number(value);
			if (p)
				p->pid = pid;
			else if (t)
				t->pid = pid;
			else
				g->pid = pid;
		} else if (strcmp(key, "kernel") == 0 && !more) {
			if (t)
				t->kernel = (int)pps_number(value);
			else if (g)
				g->kernel = (int)pps_number(value);
		} else if (p && strcmp(key, "origin") == 0 && !more) {
			p->origin = (int)pps_number(value);
		} else if (p && strcmp(key, "threads") == 0 && !more) {
			p->threads = pps_number(value);
		} else if (p && strcmp(key, "comm") == 0) {
			pps_copy(p->comm, sizeof p->comm, value, more);
		} else if (t && strcmp(key, "tid") == 0 && !more) {
			t->tid = (int)pps_number(value);
		} else if (t && strcmp(key, "state") == 0 && !more) {
			pps_copy(t->state, sizeof t->state, value, 0);
		} else if (g && strcmp(key, "held") == 0 && !more) {
			g->held = pps_number(value);
		} else if (g && strcmp(key, "writable") == 0 && !more) {
			g->writable = pps_number(value);
		}
	}
	return 0;
}

static inline void popcorn_ps_free(struct popcorn_ps *ps)
{
	free(ps->procs);
	free(ps->threads);
	free(ps->pages);
	memset(ps, 0, sizeof *ps);
}

/* Reads POPCORN_PS_PATH into ps; returns 0, or -1 with errno (ENOENT: not a Popcorn machine). */
static inline int popcorn_ps_read(struct popcorn_ps *ps)
{
	memset(ps, 0, sizeof *ps);
	FILE *f = fopen(POPCORN_PS_PATH, "re");
	if (!f)
		return -1;
	char *line = NULL;
	size_t size = 0;
	int status = 0;
	while (getline(&line, &size, f) > 0)
		if (pps_line(ps, line) != 0) {
			errno = ENOMEM;
			status = -1;
			break;
		}
	if (status == 0 && ferror(f))
		status = -1; /* errno is the read's */
	int e = errno;
	free(line);
	fclose(f);
	if (status != 0) {
		popcorn_ps_free(ps);
		errno = e;
	}
	return status;
}

/* The process record of pid, or NULL. */
static inline struct pps_process *popcorn_ps_process(struct popcorn_ps *ps, int pid)
{
	for (int i = 0; i < ps->nprocs; i++)
		if (ps->procs[i].pid == pid)
			return &ps->procs[i];
	return NULL;
}

#endif
