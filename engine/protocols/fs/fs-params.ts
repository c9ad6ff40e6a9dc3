// Tunables of the shared filesystem (protocols/fs/), each with why.

import { PAGE_SIZE } from '../../hw/memory-map';

/**
 * Most bytes one FS_REQUEST or FS_REPLY carries for a read or a write: a page, as the page
 * protocol moves file data, so a message fits the smallest ring a scenario may have. A longer
 * read or write on a remote file moves a page and returns the count it moved (a short count,
 * which stdio and every program that loops on write take).
 */
export const FS_IO_MAX = PAGE_SIZE;

/**
 * Most bytes a socket call through a descriptor held at the home (an AF_UNIX socket of another
 * kernel) moves at once: Linux's default socket buffer (net.core.wmem_default), so a datagram
 * goes whole as it would on one Linux. What one message cannot carry goes ahead in FS_STAGE
 * pieces (a send's bytes) or FS_WRITTEN pieces (what a receive wrote), a page each.
 */
export const SOCKET_IO_MAX = 212992;

/** The kernel whose tree is the machine's (its partition's memory holds the files). */
export const FS_HOME = 0;

/**
 * The top-level directories every kernel keeps for itself, as Linux has one per instance and
 * Popcorn one per kernel: /proc describes the kernel it is read on (its processes, its memory,
 * its harts; the machine-wide views are /proc/popcorn/...), and /dev holds that kernel's
 * devices (its console and TTY, null, zero, urandom). /bin and /sbin are the boot image, the
 * same bytes installed on every kernel at boot as each Popcorn kernel boots the same image:
 * exec and the shell's command lookup read the local copy and need no message (a program
 * written there later stays on the kernel that wrote it).
 */
export const PER_KERNEL_TREES: ReadonlySet<string> = new Set(['proc', 'dev', 'bin', 'sbin']);

/**
 * Directories inside those trees that are the machine's nonetheless, as components: /dev/shm,
 * where glibc's shm_open and sem_open make their files. POSIX shared memory names one object
 * for every process of the machine (Linux has one /dev/shm per instance, and a process on any
 * kernel of a Popcorn machine is one of its processes), so shm_open("/x") on two kernels must
 * open one file; its MAP_SHARED mappings then share the home's page cache (fs-home.ts). Every
 * kernel's devfs still makes its own /dev/shm (mode 1777), but only the home's is ever used.
 */
export const SHARED_SUBTREES: ReadonlyArray<readonly string[]> = [['dev', 'shm']];

/**
 * How many pieces of a program an execve on another kernel has asked the home for at once
 * (exec-fetch.ts). Each is a round trip of two epochs; two under way halve the time a program of
 * a megabyte takes to come (256 pieces), and hold half of the smallest receive ring (16 KiB) at
 * most, leaving room for the messages of everything else.
 */
export const EXEC_FETCH_WINDOW = 2;
