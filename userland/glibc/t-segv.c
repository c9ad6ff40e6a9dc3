/*
 * t-segv: dies of SIGSEGV.
 *
 * Prints one line, then stores through a wild pointer (an unmapped address far from any
 * mapping, not null) with no handler installed. The kernel must kill it with signal 11: a
 * parent's wait sees WIFSIGNALED with WTERMSIG 11, and a shell reports status 139 (128 + 11).
 * Under qemu-riscv64, qemu itself dies of SIGSEGV (after printing its own message to stderr).
 * Never exits normally; if the store somehow succeeds it exits 1.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	printf("t-segv: storing through a wild pointer\n");
	fflush(stdout);
	volatile int *wild = (volatile int *)(uintptr_t)0x5a5a5a5a000ULL;
	*wild = 1;
	printf("t-segv: the store did not fault\n");
	return 1;
}
