/*
 * t-malloc: glibc's allocator under load, on the kernel's brk, mmap, munmap, mprotect and
 * madvise.
 *
 * Phase 1 (one thread): 20000 random operations from a fixed-seed PRNG over 512 slots:
 * malloc (mostly small, sometimes 128 to 384 KiB, which glibc serves with mmap), calloc (must
 * be zeroed), realloc (must keep the old contents) and free. Every block is filled with a
 * pattern derived from its seed and verified before it is freed or resized; a checksum of all
 * verified bytes is printed. Phase 2: aligned allocation (posix_memalign, aligned_alloc) checks
 * alignment only, never prints an address. Phase 3: four threads run the same load at once
 * (glibc gives them their own arenas, reserved with mmap and grown with mprotect); each
 * thread's checksum is printed in thread order. Output is independent of where memory lands.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t-check.h"

#define SLOTS 512
#define THREADS 4

struct block {
	unsigned char *p;
	size_t size;
	uint64_t seed;
};

struct load {
	uint64_t rng;      /* xorshift64 state: the whole run follows from it */
	uint64_t checksum; /* sum over every byte verified */
	long bad;          /* blocks whose contents were wrong */
	long ops[4];       /* malloc, calloc, realloc, free */
	struct block slot[SLOTS];
};

static uint64_t next(struct load *l)
{
	l->rng ^= l->rng << 13;
	l->rng ^= l->rng >> 7;
	l->rng ^= l->rng << 17;
	return l->rng * 0x2545f4914f6cdd1dULL; /* xorshift64*: the high bits are well mixed */
}

static unsigned char pattern(uint64_t seed, size_t i)
{
	return (unsigned char)((seed >> (i % 7 * 8)) + i * 31);
}

static void fill(struct block *b, size_t from)
{
	for (size_t i = from; i < b->size; i++)
		b->p[i] = pattern(b->seed, i);
}

/* Verifies the first n bytes of b and adds them to the checksum. */
static void verify(struct load *l, struct block *b, size_t n)
{
	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		if (b->p[i] != pattern(b->seed, i))
			ok = 0;
		l->checksum += b->p[i] * (i + 1);
	}
	if (!ok)
		l->bad++;
}

static size_t random_size(struct load *l)
{
	uint64_t r = next(l) >> 16;
	if (r % 200 == 0)
		return 131072 + (r >> 8) % 262144; /* large: glibc serves it with mmap */
	if (r % 10 == 0)
		return 1 + (r >> 8) % 8192;
	return 1 + (r >> 8) % 256;
}

static void run_load(struct load *l, uint64_t seed, long steps)
{
	memset(l, 0, sizeof *l);
	l->rng = seed;
	for (long step = 0; step < steps; step++) {
		uint64_t r = next(l) >> 16;
		struct block *b = &l->slot[r % SLOTS];
		uint64_t op = r / SLOTS % 4;
		if (!b->p) {
			b->size = random_size(l);
			b->seed = next(l);
			if (op == 0) {
				b->p = calloc(1, b->size);
				int zero = b->p != NULL;
				for (size_t i = 0; zero && i < b->size; i++)
					zero = b->p[i] == 0;
				if (!zero)
					l->bad++;
				l->ops[1]++;
			} else {
				b->p = malloc(b->size);
				l->ops[0]++;
			}
			if (!b->p) {
				l->bad++;
				continue;
			}
			fill(b, 0);
		} else if (op == 0) {
			size_t size = random_size(l);
			size_t keep = size < b->size ? size : b->size;
			unsigned char *p = realloc(b->p, size);
			if (!p) {
				l->bad++;
				continue;
			}
			b->p = p;
			verify(l, b, keep);
			b->size = size;
			fill(b, keep);
			l->ops[2]++;
		} else {
			verify(l, b, b->size);
			free(b->p);
			b->p = NULL;
			l->ops[3]++;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (l->slot[i].p) {
			verify(l, &l->slot[i], l->slot[i].size);
			free(l->slot[i].p);
		}
	}
}

static void report(const char *who, const struct load *l)
{
	printf("%s: malloc %ld calloc %ld realloc %ld free %ld, checksum %016llx, bad blocks %ld\n",
	       who, l->ops[0], l->ops[1], l->ops[2], l->ops[3], (unsigned long long)l->checksum, l->bad);
}

static struct load single, threaded[THREADS];

static void *thread_main(void *arg)
{
	struct load *l = arg;
	run_load(l, 0x1234567 + (uint64_t)(l - threaded) * 77, 5000);
	return NULL;
}

static void aligned(void)
{
	int ok = 1;
	for (size_t align = 8; align <= 65536; align *= 2) {
		void *p = NULL;
		if (posix_memalign(&p, align, 100) != 0 || (uintptr_t)p % align != 0)
			ok = 0;
		memset(p, 0xab, 100);
		void *q = aligned_alloc(align, align * 2);
		if (!q || (uintptr_t)q % align != 0)
			ok = 0;
		free(p);
		free(q);
	}
	printf("aligned: posix_memalign and aligned_alloc from 8 to 65536 bytes: %s\n", ok ? "ok" : "misaligned");
	T_CHECK(ok);
}

int main(void)
{
	t_begin();
	run_load(&single, 0x9e3779b97f4a7c15ULL, 20000);
	report("single thread", &single);
	T_CHECK(single.bad == 0);
	aligned();

	pthread_t tid[THREADS];
	for (int i = 0; i < THREADS; i++)
		T_CHECK(pthread_create(&tid[i], NULL, thread_main, &threaded[i]) == 0);
	for (int i = 0; i < THREADS; i++)
		T_CHECK(pthread_join(tid[i], NULL) == 0);
	for (int i = 0; i < THREADS; i++) {
		char who[32];
		snprintf(who, sizeof who, "thread %d", i);
		report(who, &threaded[i]);
		T_CHECK(threaded[i].bad == 0);
	}
	return t_done("t-malloc");
}
