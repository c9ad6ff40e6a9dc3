/*
 * memtouch: touches pages of fresh anonymous memory.
 *
 *   memtouch [PAGES]
 *
 * Maps PAGES pages (default 1024, 4 MiB) with mmap, writes a value derived from its index into
 * several words of every page (first touch: a page fault per page), reads every page back and
 * checks it, prints the number of pages and the sum of what it read, and unmaps. Exits 0 when
 * every page read back what was written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t value(uint64_t page, uint64_t word)
{
	return (page + 1) * 0x9e3779b97f4a7c15ULL ^ word;
}

int main(int argc, char **argv)
{
	long pages = 1024;
	if (argc > 1) {
		char *end;
		errno = 0;
		pages = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || pages < 1 || pages > (1L << 24)) {
			fprintf(stderr, "memtouch: bad page count '%s'\nusage: memtouch [PAGES]\n", argv[1]);
			return 2;
		}
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE), words = page / sizeof(uint64_t);
	uint64_t *mem = mmap(NULL, (size_t)pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("memtouch: mmap");
		return 1;
	}
	static const size_t where[] = { 0, 1, 100, 511 }; /* words touched in each page */
	for (long p = 0; p < pages; p++)
		for (size_t i = 0; i < sizeof where / sizeof where[0]; i++)
			mem[(size_t)p * words + where[i] % words] = value((uint64_t)p, where[i]);
	uint64_t sum = 0;
	long bad = 0;
	for (long p = 0; p < pages; p++)
		for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
			uint64_t v = mem[(size_t)p * words + where[i] % words];
			bad += v != value((uint64_t)p, where[i]);
			sum += v;
		}
	munmap(mem, (size_t)pages * page);
	printf("memtouch: %ld pages of %zu bytes, sum %016llx, %ld bad\n", pages, page, (unsigned long long)sum, bad);
	return bad ? 1 : 0;
}
