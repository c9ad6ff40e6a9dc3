/*
 * t-pthread: POSIX threads on the kernel's clone, futex, set_robust_list and TLS support.
 *
 * Checks, printing one deterministic line per part:
 *   - mutex: 4 threads each add 1 to a shared counter 20000 times under a mutex;
 *   - condition variables: a bounded queue, 2 producers and 2 consumers, every item seen once;
 *   - join: each thread's return value comes back through pthread_join;
 *   - thread-local storage: initialised (.tdata) and zeroed (.tbss) __thread variables are
 *     private to each thread and start from their initial values;
 *   - pthread_once, thread-specific keys with destructors, barriers, read-write locks,
 *     recursive and error-checking mutexes, trylock, semaphores, detached threads;
 *   - a condition wait with a timeout that must expire (futex with an absolute time);
 *   - thread ids: every thread has its own gettid, and getpid is the same in all of them.
 * Exits 0 when every check passes.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "t-check.h"

#define N 4

/* --- mutex ------------------------------------------------------------------------------ */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
	long times = (long)(intptr_t)arg;
	for (long i = 0; i < times; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void test_mutex(void)
{
	pthread_t t[N];
	for (int i = 0; i < N; i++)
		T_CHECK(pthread_create(&t[i], NULL, add_many, (void *)(intptr_t)20000) == 0);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	printf("mutex: %d threads x 20000 increments = %ld\n", N, counter);
	T_CHECK(counter == N * 20000);
}

/* --- condition variables: a bounded queue --------------------------------------------------- */

#define QSIZE 8
#define ITEMS 5000 /* per producer */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int item[QSIZE];
	int head, count, producers_left;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, { 0 }, 0, 0, 2 };

static unsigned char seen[2 * ITEMS];

static void *producer(void *arg)
{
	int base = (int)(intptr_t)arg * ITEMS;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&q.lock);
		while (q.count == QSIZE)
			pthread_cond_wait(&q.not_full, &q.lock);
		q.item[(q.head + q.count++) % QSIZE] = base + i;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.lock);
	}
	pthread_mutex_lock(&q.lock);
	q.producers_left--;
	pthread_cond_broadcast(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	long taken = 0;
	for (;;) {
		pthread_mutex_lock(&q.lock);
		while (q.count == 0 && q.producers_left > 0)
			pthread_cond_wait(&q.not_empty, &q.lock);
		if (q.count == 0) {
			pthread_mutex_unlock(&q.lock);
			return (void *)taken;
		}
		int v = q.item[q.head];
		q.head = (q.head + 1) % QSIZE;
		q.count--;
		seen[v]++;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.lock);
		taken++;
	}
}

static void test_condvar(void)
{
	pthread_t p[2], c[2];
	for (int i = 0; i < 2; i++) {
		pthread_create(&c[i], NULL, consumer, NULL);
		pthread_create(&p[i], NULL, producer, (void *)(intptr_t)i);
	}
	long total = 0;
	for (int i = 0; i < 2; i++) {
		void *taken;
		pthread_join(p[i], NULL);
		pthread_join(c[i], &taken);
		total += (long)taken;
	}
	int once = 1;
	for (int i = 0; i < 2 * ITEMS; i++)
		once &= seen[i] == 1;
	printf("condvar: 2 producers, 2 consumers, %ld items taken, each exactly once: %s\n", total,
	       once ? "yes" : "no");
	T_CHECK(total == 2 * ITEMS && once);
}

/* --- join values, thread-local storage, thread ids ------------------------------------------ */

static __thread int tls_init = 1000; /* .tdata */
static __thread long tls_zero;        /* .tbss */
static __thread char tls_buf[64];

/* Starts from the initial TLS values, writes its own, yields, and checks nobody else wrote them. */
static void *tls_worker(void *arg)
{
	int k = (int)(intptr_t)arg;
	char expect[64];
	int ok = tls_init == 1000 && tls_zero == 0 && tls_buf[0] == 0;
	tls_init += k;
	tls_zero = k * 10;
	snprintf(tls_buf, sizeof tls_buf, "thread %d", k);
	snprintf(expect, sizeof expect, "thread %d", k);
	sched_yield();
	ok = ok && tls_init == 1000 + k && tls_zero == k * 10 && strcmp(tls_buf, expect) == 0;
	return (void *)(intptr_t)(ok ? 100 + k : -1);
}

static pid_t worker_pid[N], worker_tid[N];

static void *id_worker(void *arg)
{
	int k = (int)(intptr_t)arg;
	worker_pid[k] = getpid();
	worker_tid[k] = gettid();
	return NULL;
}

static void test_join_tls_ids(void)
{
	pthread_t t[N];
	tls_init = 7;
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, tls_worker, (void *)(intptr_t)i);
	int values_ok = 1;
	for (int i = 0; i < N; i++) {
		void *v;
		pthread_join(t[i], &v);
		values_ok &= (intptr_t)v == 100 + i;
	}
	printf("join and TLS: each thread saw fresh TLS and returned 100+i: %s; main's TLS kept: %s\n",
	       values_ok ? "yes" : "no", tls_init == 7 && tls_zero == 0 ? "yes" : "no");
	T_CHECK(values_ok && tls_init == 7 && tls_zero == 0);

	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, id_worker, (void *)(intptr_t)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	int same_pid = 1, distinct = 1;
	for (int i = 0; i < N; i++) {
		same_pid &= worker_pid[i] == getpid();
		distinct &= worker_tid[i] != gettid() && worker_tid[i] != getpid();
		for (int j = 0; j < i; j++)
			distinct &= worker_tid[i] != worker_tid[j];
	}
	printf("ids: getpid same in all threads: %s; gettid distinct: %s; main gettid == getpid: %s\n",
	       same_pid ? "yes" : "no", distinct ? "yes" : "no", gettid() == getpid() ? "yes" : "no");
	T_CHECK(same_pid && distinct && gettid() == getpid());
}

/* --- once, keys, barrier, rwlock ------------------------------------------------------------- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_key_t key;
static int destructor_runs;
static pthread_barrier_t barrier;
static int serial_threads;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_value;

static void init_once(void) { once_runs++; }
static void destructor(void *v) { __atomic_add_fetch(&destructor_runs, (int)(intptr_t)v, __ATOMIC_SEQ_CST); }

static void *misc_worker(void *arg)
{
	pthread_once(&once, init_once);
	pthread_setspecific(key, arg);
	if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
		__atomic_add_fetch(&serial_threads, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 1000; i++) {
		pthread_rwlock_wrlock(&rw);
		rw_value++;
		pthread_rwlock_unlock(&rw);
		pthread_rwlock_rdlock(&rw);
		long v = rw_value;
		pthread_rwlock_unlock(&rw);
		(void)v;
	}
	return NULL;
}

static void test_misc(void)
{
	pthread_t t[N];
	pthread_key_create(&key, destructor);
	pthread_barrier_init(&barrier, NULL, N);
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, misc_worker, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	printf("once ran %d time; key destructors summed %d; barrier serial threads %d; rwlock total %ld\n",
	       once_runs, destructor_runs, serial_threads, rw_value);
	T_CHECK(once_runs == 1 && destructor_runs == 1 + 2 + 3 + 4 && serial_threads == 1 && rw_value == N * 1000);
	pthread_barrier_destroy(&barrier);
}

/* --- mutex kinds, semaphores, detached threads, timed wait ------------------------------------ */

static sem_t done_sem;

static void *detached(void *arg)
{
	(void)arg;
	sem_post(&done_sem);
	return NULL;
}

static void test_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t rec, chk;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&chk, &a);
	int r1 = pthread_mutex_lock(&rec), r2 = pthread_mutex_lock(&rec);
	int r3 = pthread_mutex_unlock(&rec), r4 = pthread_mutex_unlock(&rec);
	printf("recursive mutex: lock, lock, unlock, unlock -> %d %d %d %d\n", r1, r2, r3, r4);
	T_CHECK(r1 == 0 && r2 == 0 && r3 == 0 && r4 == 0);
	pthread_mutex_lock(&chk);
	int relock = pthread_mutex_lock(&chk), busy = pthread_mutex_trylock(&chk);
	pthread_mutex_unlock(&chk);
	int unowned = pthread_mutex_unlock(&chk);
	printf("error-checking mutex: relock %s, trylock %s, unlock unowned %s\n", strerrorname_np(relock),
	       strerrorname_np(busy), strerrorname_np(unowned));
	T_CHECK(relock == EDEADLK && busy == EBUSY && unowned == EPERM);

	sem_init(&done_sem, 0, 0);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (int i = 0; i < N; i++) {
		pthread_t t;
		T_CHECK(pthread_create(&t, &attr, detached, NULL) == 0);
	}
	for (int i = 0; i < N; i++)
		sem_wait(&done_sem);
	int value = -1;
	sem_getvalue(&done_sem, &value);
	printf("detached threads with 256 KiB stacks: %d posted, semaphore now %d\n", N, value);
	T_CHECK(value == 0);

	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec start, deadline, end;
	clock_gettime(CLOCK_REALTIME, &start);
	deadline = start;
	deadline.tv_nsec += 20 * 1000 * 1000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&m);
	int r;
	do
		r = pthread_cond_timedwait(&c, &m, &deadline);
	while (r == 0);
	pthread_mutex_unlock(&m);
	clock_gettime(CLOCK_REALTIME, &end);
	int waited = end.tv_sec > deadline.tv_sec || (end.tv_sec == deadline.tv_sec && end.tv_nsec >= deadline.tv_nsec);
	printf("timed condition wait of 20 ms: %s, returned after the deadline: %s\n", strerrorname_np(r),
	       waited ? "yes" : "no");
	T_CHECK(r == ETIMEDOUT && waited);
}

int main(void)
{
	t_begin();
	test_mutex();
	test_condvar();
	test_join_tls_ids();
	test_misc();
	test_kinds();
	return t_done("t-pthread");
}
