// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - SECCOMP_FILTER_FLAG_TSYNC: one call confines every
 * thread of the process, or none
 */

#include <linux/filter.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

#define NR_THREADS 4

/* Siblings wait for an order, run it, and report the result. */
struct sibling {
	pthread_t thread;
	pid_t tid;
	int order[2], report[2];
};

enum order { ORDER_OPEN_READ = 'r', ORDER_NNP = 'n', ORDER_ENFORCE = 'e',
	     ORDER_EXIT = 'x' };

static int enforce_fd = -1;

static void *sibling_main(void *const arg)
{
	struct sibling *const s = arg;
	char order;
	int res;

	s->tid = syscall(SYS_gettid);
	for (;;) {
		/* Blocked in read(2): the task_work interrupts it. */
		if (read(s->order[0], &order, 1) != 1)
			return NULL;
		switch (order) {
		case ORDER_OPEN_READ:
			res = open_errno("/dev/null", O_RDONLY);
			break;
		case ORDER_NNP:
			res = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
			break;
		case ORDER_ENFORCE:
			res = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ?:
			      prepend_prog(enforce_fd) ? errno : 0;
			break;
		default:
			return NULL;
		}
		if (write(s->report[1], &res, sizeof(res)) != sizeof(res))
			return NULL;
	}
}

static int ask(struct sibling *const s, const char order)
{
	int res = -1;

	if (write(s->order[1], &order, 1) != 1 ||
	    read(s->report[0], &res, sizeof(res)) != sizeof(res))
		return -1;
	return res;
}

static void start_siblings(struct __test_metadata *const _metadata,
			   struct sibling *const s)
{
	int i;

	for (i = 0; i < NR_THREADS; i++) {
		ASSERT_EQ(0, pipe2(s[i].order, O_CLOEXEC));
		ASSERT_EQ(0, pipe2(s[i].report, O_CLOEXEC));
		ASSERT_EQ(0, pthread_create(&s[i].thread, NULL, sibling_main,
					    &s[i]));
	}
	/* Every sibling is up and blocked. */
	for (i = 0; i < NR_THREADS; i++)
		ASSERT_LE(0, ask(&s[i], ORDER_NNP));
}

static void stop_siblings(struct sibling *const s)
{
	int i;

	for (i = 0; i < NR_THREADS; i++) {
		write(s[i].order[1], (char[]){ ORDER_EXIT }, 1);
		pthread_join(s[i].thread, NULL);
	}
}

static long prepend_tsync(int prog_fd)
{
	return sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG,
			   SECCOMP_FILTER_FLAG_TSYNC, &prog_fd);
}

/*
 * Threads started before no_new_privs: the siblings have no chain and no
 * no_new_privs; one call gives them both.  Without TSYNC only the caller
 * is confined.
 */
static void confine_all(struct __test_metadata *const _metadata,
			const bool tsync)
{
	struct sibling s[NR_THREADS] = {};
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	int i;

	ASSERT_LE(0, prog);
	start_siblings(_metadata, s);
	for (i = 0; i < NR_THREADS; i++)
		EXPECT_EQ(0, ask(&s[i], ORDER_NNP));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, tsync ? prepend_tsync(prog) : prepend_prog(prog));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	for (i = 0; i < NR_THREADS; i++) {
		EXPECT_EQ(tsync ? EACCES : 0, ask(&s[i], ORDER_OPEN_READ));
		EXPECT_EQ(tsync ? 1 : 0, ask(&s[i], ORDER_NNP));
	}
	/* Threads created afterwards inherit from their creator. */
	stop_siblings(s);
	start_siblings(_metadata, s);
	for (i = 0; i < NR_THREADS; i++)
		EXPECT_EQ(EACCES, ask(&s[i], ORDER_OPEN_READ));
	stop_siblings(s);
	close(prog);
}

TEST(all_threads)
{
	confine_all(_metadata, true);
}

TEST(without_tsync_only_the_caller)
{
	confine_all(_metadata, false);
}

/*
 * A sibling that enforced its own program diverged: the call fails with
 * its thread id and confines nobody; ancestors (no chain, or the caller's
 * older chain) are fine.
 */
static void diverged(struct __test_metadata *const _metadata)
{
	struct sibling s[NR_THREADS] = {};
	const int deny_read = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE,
					     S_IFCHR);
	const int deny_write = load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE,
					      S_IFCHR);
	int i;

	ASSERT_LE(0, deny_read);
	ASSERT_LE(0, deny_write);
	start_siblings(_metadata, s);
	enforce_fd = deny_write;
	ASSERT_EQ(0, ask(&s[2], ORDER_ENFORCE));

	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(s[2].tid, prepend_tsync(deny_read));
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
	for (i = 0; i < NR_THREADS; i++)
		EXPECT_EQ(0, ask(&s[i], ORDER_OPEN_READ));

	stop_siblings(s);
	close(deny_read);
	close(deny_write);
}

TEST(divergent_thread)
{
	diverged(_metadata);
}

/*
 * Siblings without a chain qualify when the caller has one: they get the
 * caller's whole chain, older programs included.
 */
static void ancestors(struct __test_metadata *const _metadata)
{
	struct sibling s[NR_THREADS] = {};
	const int deny_read = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE,
					     S_IFCHR);
	const int deny_write = load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE,
					      S_IFCHR);
	int i;

	ASSERT_LE(0, deny_read);
	ASSERT_LE(0, deny_write);
	start_siblings(_metadata, s);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, prepend_prog(deny_write));
	for (i = 0; i < NR_THREADS; i++)
		EXPECT_EQ(0, ask(&s[i], ORDER_OPEN_READ));
	EXPECT_EQ(0, prepend_tsync(deny_read));
	for (i = 0; i < NR_THREADS; i++)
		EXPECT_EQ(EACCES, ask(&s[i], ORDER_OPEN_READ));
	/* And again: the siblings now share the caller's chain. */
	EXPECT_EQ(0, prepend_tsync(deny_read));
	stop_siblings(s);
	close(deny_read);
	close(deny_write);
}

TEST(ancestor_chains)
{
	ancestors(_metadata);
}

/* Several siblings enforcing on all threads at once: each call wins. */
static void *tsync_main(void *const arg)
{
	return (void *)prepend_tsync((int)(intptr_t)arg);
}

static void concurrent(struct __test_metadata *const _metadata)
{
	pthread_t threads[NR_THREADS];
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	void *res;
	int i;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < NR_THREADS; i++)
		ASSERT_EQ(0, pthread_create(&threads[i], NULL, tsync_main,
					    (void *)(intptr_t)prog));
	for (i = 0; i < NR_THREADS; i++) {
		ASSERT_EQ(0, pthread_join(threads[i], &res));
		EXPECT_EQ(0, (long)res);
	}
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	close(prog);
}

TEST(concurrent_calls)
{
	concurrent(_metadata);
}

/*
 * Siblings that take cred_guard_mutex killably, in seccomp's own TSYNC and
 * in /proc (lock_trace()), which the task_work does not interrupt: the
 * enforcement must neither hang them nor hang on them.  (A kernel whose
 * TSYNC held cred_guard_mutex deadlocked here.)
 */
static int stop_killable;

static void *seccomp_tsync_main(void *const arg)
{
	struct sock_filter allow = { .code = BPF_RET | BPF_K,
				     .k = SECCOMP_RET_ALLOW };
	struct sock_fprog fprog = { .len = 1, .filter = &allow };
	int i;

	for (i = 0; i < 200; i++) {
		if (__atomic_load_n(&stop_killable, __ATOMIC_RELAXED))
			break;
		sys_seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
			    &fprog);
	}
	return NULL;
}

static void *proc_main(void *const arg)
{
	char buf[256];
	int fd;

	while (!__atomic_load_n(&stop_killable, __ATOMIC_RELAXED)) {
		fd = open("/proc/self/syscall", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return (void *)1;
		if (read(fd, buf, sizeof(buf)) < 0)
			buf[0] = '\0';
		close(fd);
	}
	return NULL;
}

/*
 * A sibling in vfork() waits killably for its child, which TWA_SIGNAL does
 * not interrupt either: it delays the first call by a second, long enough
 * for the other siblings to reach cred_guard_mutex meanwhile.
 */
static void *vfork_main(void *const arg)
{
	const pid_t pid = vfork();

	if (pid == 0) {
		const struct timespec second = { .tv_sec = 1 };

		nanosleep(&second, NULL);
		_exit(0);
	}
	return pid > 0 ? NULL : (void *)1;
}

static void killable(struct __test_metadata *const _metadata)
{
	const struct timespec tenth = { .tv_nsec = 100 * 1000 * 1000 };
	const int prog = load_allow_all_prog();
	pthread_t threads[4];
	void *res;
	int i;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, pthread_create(&threads[3], NULL, vfork_main, NULL));
	nanosleep(&tenth, NULL);
	ASSERT_EQ(0, pthread_create(&threads[0], NULL, seccomp_tsync_main,
				    NULL));
	ASSERT_EQ(0, pthread_create(&threads[1], NULL, seccomp_tsync_main,
				    NULL));
	ASSERT_EQ(0, pthread_create(&threads[2], NULL, proc_main, NULL));
	for (i = 0; i < 24; i++)
		EXPECT_EQ(0, prepend_tsync(prog))
		{
			TH_LOG("round %d: %s", i, strerror(errno));
		}
	__atomic_store_n(&stop_killable, 1, __ATOMIC_RELAXED);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, pthread_join(threads[i], &res));
		EXPECT_EQ(NULL, res);
	}
	close(prog);
}

TEST(killable_siblings)
{
	killable(_metadata);
}

/*
 * execve(2) in a sibling while the caller enforces on all threads: either
 * the execve comes first (the caller is gone), or the new program runs
 * confined.  Never may the caller report success and the new program run
 * free.
 */
struct exec_arg {
	int go;
	bool uring;
};

/*
 * An io_uring read that never completes: execve() cancels it after its
 * point of no return, running the thread's task works there.
 */
static int uring_read_in_flight(const int fd)
{
	struct io_uring_params p = {};
	struct io_uring_sqe *sqes;
	static char buf[8];
	unsigned int *sq;
	int ring;

	ring = syscall(__NR_io_uring_setup, 4, &p);
	if (ring < 0)
		return -1;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(__u32),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
		  IORING_OFF_SQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes),
		    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
		    IORING_OFF_SQES);
	if (sq == MAP_FAILED || sqes == MAP_FAILED)
		return -1;
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_READ;
	sqes[0].fd = fd;
	sqes[0].addr = (uintptr_t)buf;
	sqes[0].len = sizeof(buf);
	((unsigned int *)((char *)sq + p.sq_off.array))[0] = 0;
	__atomic_store_n((unsigned int *)((char *)sq + p.sq_off.tail), 1,
			 __ATOMIC_RELEASE);
	return syscall(__NR_io_uring_enter, ring, 1, 0, 0, NULL, 0) == 1 ?
		       0 : -1;
}

static void *exec_main(void *const arg)
{
	const struct exec_arg *const a = arg;
	char *const argv[] = { "open_helper", "/dev/null", NULL };
	int pipe_fds[2];
	char c;

	if (a->uring && (pipe(pipe_fds) || uring_read_in_flight(pipe_fds[0])))
		_exit(104);
	if (read(a->go, &c, 1) != 1)
		return NULL;
	execve(bin_path("open_helper"), argv, NULL);
	_exit(103);
}

static void exec_rounds(struct __test_metadata *const _metadata,
			const bool uring)
{
	int round, confined = 0, first = 0;

	for (round = 0; round < 40; round++) {
		int report[2], go[2], status;
		const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE,
						S_IFCHR);
		pid_t pid;
		char c = 0;

		ASSERT_LE(0, prog);
		ASSERT_EQ(0, pipe2(report, O_CLOEXEC));
		ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			struct exec_arg arg = { .go = go[0], .uring = uring };
			pthread_t thread;

			close(report[0]);
			if (pthread_create(&thread, NULL, exec_main, &arg))
				_exit(100);
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
				_exit(101);
			/* Vary who goes first. */
			if (round & 1)
				write(go[1], "g", 1);
			if (prepend_tsync(prog) == 0)
				write(report[1], "c", 1);
			if (!(round & 1))
				write(go[1], "g", 1);
			pause();
			_exit(102);
		}
		close(report[1]);
		close(go[0]);
		close(go[1]);
		close(prog);
		if (read(report[0], &c, 1) != 1)
			c = 0;
		close(report[0]);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		if (c == 'c')
			EXPECT_EQ(EACCES, WEXITSTATUS(status));
		if (WEXITSTATUS(status) == EACCES)
			confined++;
		else if (WEXITSTATUS(status) == 0)
			first++;
		else
			EXPECT_EQ(0, WEXITSTATUS(status));
	}
	TH_LOG("%d rounds confined, %d exec first", confined, first);
	EXPECT_LT(0, confined);
}

TEST(execve_in_sibling)
{
	exec_rounds(_metadata, false);
}

/*
 * The same with an io_uring request in flight in the sibling: execve()
 * then runs task works in its middle, where the sibling's credentials are
 * no longer those the new program gets.
 */
TEST(execve_in_sibling_with_uring)
{
	exec_rounds(_metadata, true);
}

TEST_HARNESS_MAIN
