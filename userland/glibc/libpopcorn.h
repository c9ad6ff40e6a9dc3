/*
 * libpopcorn.h: the userland side of Popcorn-style thread migration, header-only.
 *
 * The playground's kernels together form one machine in the manner of Popcorn Linux: a thread
 * can move from the kernel it runs on to another and keep running there with the same address
 * space (pages follow it on demand). These are the system calls for that, wrapped like libc
 * wrappers (0 or a value on success, -1 with errno on failure), plus libmigrate-style helpers.
 * Everything is static inline because each program is one source file.
 *
 * The kernel ABI (riscv64; Popcorn's own numbers are taken by other calls here, hence 500-503):
 *   500 popcorn_migrate(int nid, void *uregs)  uregs is always NULL. Moves the calling thread to
 *       kernel nid and returns 0 once running there. Migrating to the process's origin kernel
 *       is a back-migration. EINVAL no such kernel, EAGAIN kernel offline or stopped, EBUSY the
 *       thread already runs on nid.
 *   501 popcorn_propose_migration(pid_t tid, int nid)  asks thread tid (of any process, on any
 *       kernel) to move to nid at its next chance. ESRCH no such thread; EINVAL, EAGAIN, EBUSY
 *       as above.
 *   502 popcorn_get_thread_status(struct popcorn_thread_status *st)  where the caller runs, the
 *       migration proposed to it (-1: none), and its origin kernel and pid while it runs away
 *       from the origin (as the kernel fills them in).
 *   503 popcorn_get_node_info(int *my_nid, struct popcorn_node_info *info)  fills
 *       MAX_POPCORN_NODES entries (status 1 online, 0 absent or offline; arch; distance) and
 *       *my_nid, the kernel the caller runs on.
 * Elsewhere (qemu-riscv64, a kernel without migration) they fail with ENOSYS; a lone kernel may
 * report itself as node 0, the only one online. Programs must treat both as "nowhere to go"
 * and keep working unmigrated.
 */
#ifndef LIBPOPCORN_H
#define LIBPOPCORN_H

#include <errno.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef __NR_popcorn_migrate
#define __NR_popcorn_migrate 500
#define __NR_popcorn_propose_migration 501
#define __NR_popcorn_get_thread_status 502
#define __NR_popcorn_get_node_info 503
#endif

#define MAX_POPCORN_NODES 32
#define POPCORN_NODE_OFFLINE 0
#define POPCORN_NODE_ONLINE 1
#define POPCORN_ARCH_RISCV64 3

struct popcorn_thread_status {
	int current_nid;  /* the kernel the thread runs on */
	int proposed_nid; /* a pending proposal, or -1 */
	int peer_nid;     /* away from the origin: the origin kernel (else as the kernel fills it) */
	int peer_pid;     /* away from the origin: the thread's id there */
};

struct popcorn_node_info {
	unsigned int status; /* POPCORN_NODE_ONLINE or POPCORN_NODE_OFFLINE */
	int arch;            /* POPCORN_ARCH_RISCV64 here */
	int distance;
};

static inline int popcorn_migrate(int nid)
{
	return (int)syscall(__NR_popcorn_migrate, nid, NULL);
}

static inline int popcorn_propose_migration(pid_t tid, int nid)
{
	return (int)syscall(__NR_popcorn_propose_migration, tid, nid);
}

static inline int popcorn_get_thread_status(struct popcorn_thread_status *st)
{
	return (int)syscall(__NR_popcorn_get_thread_status, st);
}

/* info must have room for MAX_POPCORN_NODES entries. */
static inline int popcorn_get_node_info(int *my_nid, struct popcorn_node_info *info)
{
	return (int)syscall(__NR_popcorn_get_node_info, my_nid, info);
}

/* The kernel the calling thread runs on, or -1 with errno (ENOSYS without migration support).
   The thread status is asked first; a kernel that only reports node info still answers. */
static inline int popcorn_current_nid(void)
{
	struct popcorn_thread_status st;
	if (popcorn_get_thread_status(&st) == 0)
		return st.current_nid;
	int nid;
	struct popcorn_node_info info[MAX_POPCORN_NODES];
	if (popcorn_get_node_info(&nid, info) == 0)
		return nid;
	return -1;
}

/* Fills nids (room for max) with the online kernels in ascending order; returns how many there
   are (possibly more than max), or -1 with errno when the kernel has no migration support. */
static inline int popcorn_online_nodes(int *nids, int max)
{
	int my_nid, n = 0;
	struct popcorn_node_info info[MAX_POPCORN_NODES];
	if (popcorn_get_node_info(&my_nid, info) != 0)
		return -1;
	for (int i = 0; i < MAX_POPCORN_NODES; i++)
		if (info[i].status == POPCORN_NODE_ONLINE) {
			if (n < max)
				nids[n] = i;
			n++;
		}
	return n;
}

/* libmigrate's migrate(): moves the calling thread to kernel nid. Being there already counts as
   success, so "thread i goes to kernel i % n" needs no special case for the kernel it starts
   on. Returns 0, or -1 with errno (EINVAL, EAGAIN, ENOSYS, ...). */
static inline int migrate(int nid)
{
	if (popcorn_migrate(nid) == 0)
		return 0;
	int e = errno;
	if (e == EBUSY && popcorn_current_nid() == nid)
		return 0;
	errno = e;
	return -1;
}

#endif
