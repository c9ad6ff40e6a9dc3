// Every tunable of a kernel instance, in one place, with why it has its value (xv6's param.h).

/** Guest instructions a hart runs before the scheduler may switch threads (one time slice). */
export const QUANTUM_INSTRUCTIONS = 100_000;
/** Virtual nanoseconds per guest instruction: the machine runs at a notional 1 GHz, IPC 1. */
export const NS_PER_INSTRUCTION = 1;
/** Virtual cost of entering and leaving the kernel for a system call, in nanoseconds. */
export const SYSCALL_COST_NS = 100;
/** Virtual cost of taking and resolving a page fault in the kernel. */
export const PAGE_FAULT_COST_NS = 500;
/** Virtual cost of a context switch. */
export const CONTEXT_SWITCH_COST_NS = 300;

/** Per-kernel limits that keep one runaway program from taking the kernel down. */
export const MAX_PROCESSES = 256;
export const MAX_THREADS_PER_PROCESS = 64;
export const MAX_OPEN_FILES = 256;
/** A process may not hold more than this share of the kernel's frames. */
export const MAX_PROCESS_MEMORY_SHARE = 0.75;

/** Default stack size of a new process (grows on demand up to the limit). */
export const STACK_LIMIT = 8 << 20;
/** Where the stack ends: just under 2^38, the top of Sv39's lower half, page aligned. */
export const STACK_TOP = 0x3f_ffff_f000;
/** Base for mmap allocations, growing down below the stack gap. */
export const MMAP_BASE = 0x3f_0000_0000;
/** Load bias for static-PIE executables (ET_DYN), as Linux's ELF_ET_DYN_BASE for riscv64. */
export const PIE_LOAD_BASE = 0x2a_aaaa_a000;

/** Largest argv + envp a program may be given, as Linux's ARG_MAX. */
export const ARG_MAX = 128 * 1024;
/** Bytes a pipe buffers before writers wait. */
export const PIPE_BUFFER = 64 * 1024;
/** Longest path the VFS resolves. */
export const PATH_MAX = 4096;
/** Symlinks followed before ELOOP. */
export const SYMLINK_DEPTH = 40;
