/*
 * pstat: where each process's threads and pages are, machine-wide, from /proc/popcorn/ps.
 *
 *   pstat          every process, ascending by pid:
 *                    PID ORIGIN THREADS KERNELS PAGES      COMM
 *                      5      0       4 0,1     k0:12 k1:3 mt
 *                  ORIGIN is the kernel the process started on; KERNELS the kernels its threads
 *                  run on now; PAGES how many of its pages each kernel holds ("-": none known)
 *   pstat PID      one process in detail: its threads (id, kernel, state) by thread id, then
 *                  per kernel the pages it holds and how many of those it may write:
 *                    process 5 (mt): origin kernel 0, 4 threads on kernels 0,1
 *                  ("on kernel 0" when all run on one; nothing when no thread is listed)
 *                        TID KERNEL STATE
 *                          5      0 S
 *                          9      1 R
 *                     KERNEL   HELD WRITABLE
 *                          0     12       10
 *                          1      3        2
 *
 * Unlike ps, which sees the processes through one kernel's /proc, this reads the machine's own
 * record of every process, so a thread that migrated shows up on the kernel it went to. Exits 1
 * when the file cannot be read (the machine has no migration) or the pid is not in it, 2 on bad
 * usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "popcorn-ps.h"

#define USAGE "usage: pstat [PID]\n"

static int by_pid(const void *a, const void *b)
{
	int x = ((const struct pps_process *)a)->pid, y = ((const struct pps_process *)b)->pid;
	return (x > y) - (x < y);
}

static int by_tid(const void *a, const void *b)
{
	int x = ((const struct pps_thread *)a)->tid, y = ((const struct pps_thread *)b)->tid;
	return (x > y) - (x < y);
}

static int by_kernel(const void *a, const void *b)
{
	int x = ((const struct pps_pages *)a)->kernel, y = ((const struct pps_pages *)b)->kernel;
	return (x > y) - (x < y);
}

static int compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Writes "0,1,3" (the distinct kernels pid's threads run on) into buf, "-" for none; returns the
   number of threads found. */
static int kernels_of(const struct popcorn_ps *ps, int pid, char *buf, size_t size)
{
	int *k = malloc(sizeof(int) * (size_t)(ps->nthreads ? ps->nthreads : 1)), n = 0;
	for (int i = 0; k && i < ps->nthreads; i++)
		if (ps->threads[i].pid == pid)
			k[n++] = ps->threads[i].kernel;
	if (k)
		qsort(k, (size_t)n, sizeof(int), compare_int);
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; i < n && len < size; i++)
		if (i == 0 || k[i] != k[i - 1])
			len += (size_t)snprintf(buf + len, size - len, "%s%d", len ? "," : "", k[i]);
	if (!buf[0])
		snprintf(buf, size, "-");
	free(k);
	return n;
}

/* Writes "k0:12 k1:3" (pages held per kernel, ascending; the pages records are sorted) into buf. */
static void pages_of(const struct popcorn_ps *ps, int pid, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; i < ps->npages && len < size; i++) {
		const struct pps_pages *g = &ps->pages[i];
		if (g->pid == pid && g->held > 0)
			len += (size_t)snprintf(buf + len, size - len, "%sk%d:%ld", len ? " " : "", g->kernel, g->held);
	}
	if (!buf[0])
		snprintf(buf, size, "-");
}

static void number_or_dash(char *buf, size_t size, long v)
{
	if (v >= 0)
		snprintf(buf, size, "%ld", v);
	else
		snprintf(buf, size, "-");
}

static int list_all(const struct popcorn_ps *ps)
{
	/* the KERNELS and PAGES columns are as wide as their widest entry */
	char (*kernels)[160] = calloc((size_t)(ps->nprocs ? ps->nprocs : 1), sizeof *kernels);
	char (*pages)[512] = calloc((size_t)(ps->nprocs ? ps->nprocs : 1), sizeof *pages);
	long *threads = calloc((size_t)(ps->nprocs ? ps->nprocs : 1), sizeof *threads);
	if (!kernels || !pages || !threads) {
		fprintf(stderr, "pstat: out of memory\n");
		return 1;
	}
	int kw = (int)strlen("KERNELS"), pw = (int)strlen("PAGES");
	for (int i = 0; i < ps->nprocs; i++) {
		const struct pps_process *p = &ps->procs[i];
		int found = kernels_of(ps, p->pid, kernels[i], sizeof kernels[i]);
		threads[i] = p->threads >= 0 ? p->threads : found;
		pages_of(ps, p->pid, pages[i], sizeof pages[i]);
		if ((int)strlen(kernels[i]) > kw)
			kw = (int)strlen(kernels[i]);
		if ((int)strlen(pages[i]) > pw)
			pw = (int)strlen(pages[i]);
	}
	printf("  PID ORIGIN THREADS %-*s %-*s COMM\n", kw, "KERNELS", pw, "PAGES");
	for (int i = 0; i < ps->nprocs; i++) {
		const struct pps_process *p = &ps->procs[i];
		char origin[24];
		number_or_dash(origin, sizeof origin, p->origin);
		printf("%5d %6s %7ld %-*s %-*s %s\n", p->pid, origin, threads[i], kw, kernels[i], pw, pages[i],
		       p->comm);
	}
	free(kernels);
	free(pages);
	free(threads);
	return 0;
}

static int detail(const struct popcorn_ps *ps, int pid)
{
	const struct pps_process *p = NULL;
	for (int i = 0; i < ps->nprocs && !p; i++)
		if (ps->procs[i].pid == pid)
			p = &ps->procs[i];
	if (!p) {
		fprintf(stderr, "pstat: no such process %d\n", pid);
		return 1;
	}
	char kernels[160], origin[24];
	int found = kernels_of(ps, pid, kernels, sizeof kernels);
	long threads = p->threads >= 0 ? p->threads : found;
	number_or_dash(origin, sizeof origin, p->origin);
	printf("process %d (%s): origin kernel %s, %ld thread%s", pid, p->comm, origin, threads,
	       threads == 1 ? "" : "s");
	if (found > 0)
		printf(" on kernel%s %s", strchr(kernels, ',') ? "s" : "", kernels);
	printf("\n");
	printf("    TID KERNEL STATE\n");
	for (int i = 0; i < ps->nthreads; i++) {
		const struct pps_thread *t = &ps->threads[i];
		if (t->pid == pid)
			printf("%7d %6d %s\n", t->tid, t->kernel, t->state);
	}
	printf(" KERNEL   HELD WRITABLE\n");
	for (int i = 0; i < ps->npages; i++) {
		const struct pps_pages *g = &ps->pages[i];
		char held[24], writable[24];
		number_or_dash(held, sizeof held, g->held);
		number_or_dash(writable, sizeof writable, g->writable);
		if (g->pid == pid)
			printf("%7d %6s %8s\n", g->kernel, held, writable);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long pid = -1;
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-h") == 0)) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (argc == 2) {
		char *end;
		errno = 0;
		pid = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || pid <= 0 || pid > 0x7fffffff) {
			fprintf(stderr, "pstat: bad pid '%s'\n" USAGE, argv[1]);
			return 2;
		}
	}
	struct popcorn_ps ps;
	if (popcorn_ps_read(&ps) != 0) {
		int e = errno;
		fprintf(stderr, "pstat: cannot read %s: %s%s\n", POPCORN_PS_PATH, strerror(e),
			e == ENOENT ? " (no migration on this machine?)" : "");
		return 1;
	}
	/* (an empty list is a NULL pointer, which qsort must not be given) */
	if (ps.nprocs > 1)
		qsort(ps.procs, (size_t)ps.nprocs, sizeof *ps.procs, by_pid);
	if (ps.nthreads > 1)
		qsort(ps.threads, (size_t)ps.nthreads, sizeof *ps.threads, by_tid);
	if (ps.npages > 1)
		qsort(ps.pages, (size_t)ps.npages, sizeof *ps.pages, by_kernel);
	int status = pid > 0 ? detail(&ps, (int)pid) : list_all(&ps);
	popcorn_ps_free(&ps);
	return status;
}
