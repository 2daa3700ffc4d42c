// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Bounded stress run.  For LANDLOCK_STRESS_SECONDS
 * (default 8), worker processes spread over the CPUs loop on the whole
 * life of a rule at once: create an inode map, load a program that reads
 * it, fork a child that enforces the program (and maybe a second one)
 * while the parent already closes its descriptors, so that the last
 * references to the program and the map go away with the confined
 * processes; the child forks a grandchild that execve()s a helper, checks
 * what its rules allow and exits.  Half of these workers run as an
 * unprivileged user.  Another worker enforces programs on every thread of
 * a process with SECCOMP_FILTER_FLAG_TSYNC while its threads keep creating
 * short-lived threads, which must all be confined from the call's return
 * on; a last one only creates, runs and releases programs and maps.  Every
 * worker must exit cleanly, after at least one iteration.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <time.h>

#include "common.h"

#define DEFAULT_SECONDS 8
#define MAX_SECONDS 3300
#define TIMEOUT 3600

#define NR_FORKERS 4
#define NR_SPAWNERS 3

#define LD_MAP(dst, type, fd) \
	BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, dst, type, 0, fd)
#define LD_MAP_NEXT(off) BPF_RAW_INSN(0, 0, 0, 0, off)
#define AND_REG(dst, src) BPF_ALU64_REG(BPF_AND, dst, src)

/* Read, list and execute everywhere; write and change entries in /tmp. */
#define ROOT_RIGHTS                                                  \
	(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR | \
	 LANDLOCK_ACCESS_FS_EXECUTE)
#define TMP_RIGHTS                                                        \
	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |     \
	 LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_DIR |       \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR)

enum worker_kind { WORKER_FORK, WORKER_TSYNC, WORKER_CHURN };

struct report {
	unsigned long iterations, threads;
	int failed;
	char msg[256];
};

/* Shared by every process of the test. */
struct storm {
	struct timespec deadline;
	char true_path[PATH_MAX];
	struct report reports[NR_FORKERS + 2];
};

static struct storm *storm;

static void failf(struct report *const r, const char *const fmt, ...)
{
	va_list args;

	if (!r->failed) {
		va_start(args, fmt);
		vsnprintf(r->msg, sizeof(r->msg), fmt, args);
		va_end(args);
	}
	r->failed = 1;
}

static bool time_left(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec < storm->deadline.tv_sec ||
	       (now.tv_sec == storm->deadline.tv_sec &&
		now.tv_nsec < storm->deadline.tv_nsec);
}

/* Set the value of @path in @map_fd: 0 or the errno. */
static int set_path(const int map_fd, const char *const path, const __u64 value)
{
	const int fd = open(path, O_PATH | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (map_update(map_fd, fd, value, BPF_ANY))
		err = errno;
	close(fd);
	return err;
}

/* Allow an access if the entries of the object and its ancestors grant it. */
static int load_beneath_prog(const int map_fd)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		LD_MAP(BPF_REG_2, BPF_PSEUDO_MAP_FD, map_fd),
		LD_MAP_NEXT(0),
		BPF_EMIT_CALL(BPF_FUNC_landlock_fs_beneath),
		BPF_LDX_MEM(BPF_DW, BPF_REG_7, BPF_REG_6, CTX_OFF(access)),
		AND_REG(BPF_REG_0, BPF_REG_7),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns));
}

/* r0 = the first u64 of the value of the array @map_fd, & 1 */
static int load_array_prog(const int map_fd)
{
	const struct bpf_insn insns[] = {
		LD_MAP(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, map_fd),
		LD_MAP_NEXT(0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns));
}

static void expect_errno(struct report *const r, bool *const ok,
			 const char *const what, const int err,
			 const int expected)
{
	if (err == expected)
		return;
	failf(r, "%s: %s instead of %s", what, strerror(err),
	      strerror(expected));
	*ok = false;
}

static int ret_errno(const int ret)
{
	return ret < 0 ? errno : 0;
}

/*
 * The confined child: enforce, drop its references, start a grandchild
 * that execve()s true, and check the rules meanwhile.
 */
static int confined_child(struct report *const r, const int prog,
			  const int map, const int second, const bool deny_read)
{
	char *const argv[] = { "true", NULL };
	char *const envp[] = { NULL };
	char path[64], dir[64], root_dir[64];
	bool ok = true;
	int fd, status;
	pid_t pid;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		failf(r, "no_new_privs: %s", strerror(errno));
		return 1;
	}
	if (prepend_prog(prog)) {
		failf(r, "enforcing: %s", strerror(errno));
		return 1;
	}
	/* The chain is left alone to hold the program, which holds the map. */
	close(prog);
	close(map);
	if (second >= 0) {
		if (prepend_prog(second)) {
			failf(r, "enforcing the second program: %s",
			      strerror(errno));
			return 1;
		}
		close(second);
	}

	pid = fork();
	if (pid < 0) {
		failf(r, "fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execve(storm->true_path, argv, envp);
		_exit(100 + (errno < 100 ? errno : 99));
	}

	expect_errno(r, &ok, "reading true",
		     open_errno(storm->true_path, O_RDONLY), 0);
	expect_errno(r, &ok, "reading /dev/null",
		     open_errno("/dev/null", O_RDONLY), deny_read ? EACCES : 0);
	expect_errno(r, &ok, "writing /dev/null",
		     open_errno("/dev/null", O_WRONLY), EACCES);
	expect_errno(r, &ok, "listing /", open_errno("/", O_RDONLY | O_DIRECTORY),
		     0);

	snprintf(path, sizeof(path), "/tmp/ll_storm.%d", getpid());
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
	expect_errno(r, &ok, "creating a file in /tmp", ret_errno(fd), 0);
	if (fd >= 0) {
		close(fd);
		expect_errno(r, &ok, "removing it", ret_errno(unlink(path)), 0);
	}
	snprintf(dir, sizeof(dir), "/tmp/ll_storm_d.%d", getpid());
	expect_errno(r, &ok, "creating a directory in /tmp",
		     ret_errno(mkdir(dir, 0700)), 0);
	expect_errno(r, &ok, "removing it", ret_errno(rmdir(dir)), 0);
	/* Denied for uid 1000 by the mode of /, for root by the rules. */
	snprintf(root_dir, sizeof(root_dir), "/ll_storm.%d", getpid());
	if (mkdir(root_dir, 0700)) {
		expect_errno(r, &ok, "creating a directory in /", errno,
			     EACCES);
	} else {
		rmdir(root_dir);
		expect_errno(r, &ok, "creating a directory in /", 0, EACCES);
	}

	if (waitpid(pid, &status, 0) != pid) {
		failf(r, "waitpid: %s", strerror(errno));
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		failf(r, "the execve()d true ended with status %#x", status);
		ok = false;
	}
	return ok ? 0 : 1;
}

/* What a confined child may have left behind after a failure. */
static void clean_files(const pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/tmp/ll_storm.%d", pid);
	unlink(path);
	snprintf(path, sizeof(path), "/tmp/ll_storm_d.%d", pid);
	rmdir(path);
}

static void fork_iteration(struct report *const r, const unsigned long iter)
{
	int map, prog, second = -1, status, err;
	pid_t pid;

	map = create_inode_map(4, 8, 4, 0);
	if (map < 0) {
		failf(r, "creating an inode map: %s", strerror(errno));
		return;
	}
	err = set_path(map, "/", ROOT_RIGHTS) ?:
		      set_path(map, "/tmp", TMP_RIGHTS);
	if (err) {
		failf(r, "filling the inode map: %s", strerror(err));
		close(map);
		return;
	}
	prog = load_beneath_prog(map);
	if (prog < 0) {
		failf(r, "loading: %s", strerror(errno));
		close(map);
		return;
	}
	/* A second program: another one, or the same again. */
	if (iter % 3 == 1)
		second = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	else if (iter % 3 == 2)
		second = fcntl(prog, F_DUPFD_CLOEXEC, 0);
	if (iter % 3 && second < 0) {
		failf(r, "second program: %s", strerror(errno));
		close(prog);
		close(map);
		return;
	}

	pid = fork();
	if (pid == 0)
		_exit(confined_child(r, prog, map, second, iter % 3 == 1));
	/* Release at once: the child's enforcement races with it. */
	close(prog);
	close(map);
	if (second >= 0)
		close(second);
	if (pid < 0) {
		failf(r, "fork: %s", strerror(errno));
		return;
	}
	if (waitpid(pid, &status, 0) != pid) {
		failf(r, "waitpid: %s", strerror(errno));
		return;
	}
	clean_files(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		failf(r, "the confined child ended with status %#x", status);
	else
		r->iterations++;
}

/* TSYNC while threads come and go. */
struct tsync_state {
	struct report *r;
	pthread_mutex_t lock;
	int stage, stop;
	unsigned long threads;
	bool violated;
};

static void violation(struct tsync_state *const t, const char *const fmt,
		      ...)
{
	va_list args;

	pthread_mutex_lock(&t->lock);
	if (!t->violated) {
		va_start(args, fmt);
		vsnprintf(t->r->msg, sizeof(t->r->msg), fmt, args);
		va_end(args);
		t->r->failed = 1;
	}
	t->violated = true;
	pthread_mutex_unlock(&t->lock);
}

/*
 * Once an enforcement returned (stage 1: no writing to character devices,
 * stage 2: no reading either), every thread is confined, also those
 * created meanwhile, and has no_new_privs.
 */
static void check_confined(struct tsync_state *const t)
{
	const int stage = __atomic_load_n(&t->stage, __ATOMIC_ACQUIRE);
	const int w = open_errno("/dev/null", O_WRONLY);
	const int r = open_errno("/dev/null", O_RDONLY);
	const int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);

	if ((w && w != EACCES) || (r && r != EACCES) ||
	    (stage >= 1 && (w != EACCES || nnp != 1)) ||
	    (stage >= 2 && r != EACCES))
		violation(t, "thread at stage %d: write %s, read %s, nnp %d",
			  stage, strerror(w), strerror(r), nnp);
}

static void *short_main(void *const arg)
{
	check_confined(arg);
	return NULL;
}

static void *spawner_main(void *const arg)
{
	struct tsync_state *const t = arg;
	pthread_t thread;
	int err;

	while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE)) {
		err = pthread_create(&thread, NULL, short_main, t);
		if (!err) {
			pthread_join(thread, NULL);
			__atomic_fetch_add(&t->threads, 1, __ATOMIC_RELAXED);
		} else if (err != EAGAIN) {
			violation(t, "pthread_create: %s", strerror(err));
			break;
		}
		check_confined(t);
	}
	return NULL;
}

static long prepend_tsync(int prog_fd)
{
	return sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG,
			   SECCOMP_FILTER_FLAG_TSYNC, &prog_fd);
}

static int tsync_child(struct report *const r, const int deny_write,
		       const int deny_read, const unsigned long iter)
{
	struct tsync_state t = {
		.r = r,
		.lock = PTHREAD_MUTEX_INITIALIZER,
	};
	pthread_t spawners[NR_SPAWNERS];
	int i, err, started = 0;
	long ret;

	for (i = 0; i < NR_SPAWNERS; i++) {
		err = pthread_create(&spawners[i], NULL, spawner_main, &t);
		if (err) {
			violation(&t, "pthread_create: %s", strerror(err));
			break;
		}
		started++;
	}
	if (started == NR_SPAWNERS) {
		/* Vary when the enforcement comes. */
		usleep(500 * (iter % 5));
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			violation(&t, "no_new_privs: %s", strerror(errno));
		ret = prepend_tsync(deny_write);
		if (ret)
			violation(&t, "first TSYNC: %ld (%s)", ret,
				  strerror(errno));
		else
			__atomic_store_n(&t.stage, 1, __ATOMIC_RELEASE);
		check_confined(&t);
		usleep(1000);
		ret = prepend_tsync(deny_read);
		if (ret)
			violation(&t, "second TSYNC: %ld (%s)", ret,
				  strerror(errno));
		else if (__atomic_load_n(&t.stage, __ATOMIC_ACQUIRE) == 1)
			__atomic_store_n(&t.stage, 2, __ATOMIC_RELEASE);
		check_confined(&t);
		usleep(1000);
	}
	__atomic_store_n(&t.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < started; i++)
		pthread_join(spawners[i], NULL);
	close(deny_write);
	close(deny_read);
	__atomic_fetch_add(&r->threads, t.threads, __ATOMIC_RELAXED);
	return t.violated ? 1 : 0;
}

static void tsync_iteration(struct report *const r, const unsigned long iter)
{
	const int deny_write = load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE,
					      S_IFCHR);
	const int deny_read = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE,
					     S_IFCHR);
	int status;
	pid_t pid = -1;

	if (deny_write < 0 || deny_read < 0) {
		failf(r, "loading: %s", strerror(errno));
	} else {
		pid = fork();
		if (pid == 0)
			_exit(tsync_child(r, deny_write, deny_read, iter));
		if (pid < 0)
			failf(r, "fork: %s", strerror(errno));
	}
	if (deny_write >= 0)
		close(deny_write);
	if (deny_read >= 0)
		close(deny_read);
	if (pid <= 0)
		return;
	if (waitpid(pid, &status, 0) != pid) {
		failf(r, "waitpid: %s", strerror(errno));
		return;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		failf(r, "the TSYNC child ended with status %#x", status);
	else
		r->iterations++;
}

/* Programs and maps created, run and released, in varying orders. */
static void churn_iteration(struct report *const r, const unsigned long iter)
{
	const __u32 zero = 0;
	const __u64 value = iter & 1;
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4,
		.value_size = 8,
		.max_entries = 1,
		.map_flags = BPF_F_RDONLY_PROG,
	};
	struct landlock_context ctx = {
		.access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int maps[3] = { -1, -1, -1 }, progs[3] = { -1, -1, -1 }, array, i, err;
	/* Without a path, the helpers find no entry: the rule denies. */
	const __u32 expected[3] = { LANDLOCK_RET_DENY, LANDLOCK_RET_DENY,
				    value };

	array = sys_bpf(BPF_MAP_CREATE, &attr);
	if (array < 0) {
		failf(r, "creating an array: %s", strerror(errno));
		return;
	}
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = array;
	attr.key = (uintptr_t)&zero;
	attr.value = (uintptr_t)&value;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr))
		failf(r, "updating the array: %s", strerror(errno));
	for (i = 0; i < 3; i++) {
		maps[i] = create_inode_map(4, 8, 2 + i, 0);
		if (maps[i] < 0) {
			failf(r, "inode map %d: %s", i, strerror(errno));
			continue;
		}
		err = set_path(maps[i], "/tmp", TMP_RIGHTS) ?:
			      set_path(maps[i], "/", ROOT_RIGHTS);
		if (err)
			failf(r, "filling inode map %d: %s", i, strerror(err));
	}
	progs[0] = load_beneath_prog(maps[iter % 3]);
	progs[1] = load_beneath_prog(maps[(iter + 1) % 3]);
	progs[2] = load_array_prog(array);

	for (i = 0; i < 3; i++) {
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = progs[i];
		attr.test.ctx_in = (uintptr_t)&ctx;
		attr.test.ctx_size_in = sizeof(ctx);
		if (progs[i] < 0)
			failf(r, "loading program %d: %s", i, strerror(errno));
		else if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
			failf(r, "running program %d: %s", i, strerror(errno));
		else if (attr.test.retval != expected[i])
			failf(r, "program %d: verdict %u", i,
			      attr.test.retval);
	}

	/* Maps first, or programs first. */
	if (iter & 2) {
		for (i = 0; i < 3; i++)
			close(maps[i]);
		close(array);
	}
	for (i = 0; i < 3; i++)
		close(progs[i]);
	if (!(iter & 2)) {
		close(array);
		for (i = 0; i < 3; i++)
			close(maps[i]);
	}
	if (!r->failed)
		r->iterations++;
}

static const char *worker_name(const int w)
{
	static const char *const names[] = {
		"fork 0 (root)",     "fork 1 (uid 1000)", "fork 2 (root)",
		"fork 3 (uid 1000)", "tsync (uid 1000)",  "churn (root)",
	};

	return names[w];
}

static void run_worker(struct __test_metadata *const _metadata, const int w)
{
	struct report *const r = &storm->reports[w];
	const enum worker_kind kind = w < NR_FORKERS	 ? WORKER_FORK :
				      w == NR_FORKERS ? WORKER_TSYNC :
							 WORKER_CHURN;
	const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long iter;
	cpu_set_t set;

	/* Two fork workers per CPU (best effort: there may be one CPU). */
	if (kind == WORKER_FORK && cpus > 1) {
		CPU_ZERO(&set);
		CPU_SET(w % 2, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	if ((kind == WORKER_FORK && w & 1) || kind == WORKER_TSYNC)
		drop_privileges(_metadata);

	for (iter = 0; time_left() && !r->failed; iter++) {
		switch (kind) {
		case WORKER_FORK:
			fork_iteration(r, iter);
			break;
		case WORKER_TSYNC:
			tsync_iteration(r, iter);
			break;
		default:
			churn_iteration(r, iter);
			break;
		}
	}
}

FIXTURE(stress)
{
	struct unpriv_sysctls saved;
};

/* Unprivileged workers load programs and create maps. */
FIXTURE_SETUP(stress)
{
	unpriv_sysctls_set(_metadata, &self->saved);
}

/* In the parent: the workers may fail and exit early. */
FIXTURE_TEARDOWN_PARENT(stress)
{
	unpriv_sysctls_restore(_metadata, &self->saved);
}

TEST_F_TIMEOUT(stress, storm, TIMEOUT)
{
	const char *const env = getenv("LANDLOCK_STRESS_SECONDS");
	pid_t pids[NR_FORKERS + 2];
	long seconds = env ? atol(env) : DEFAULT_SECONDS;
	int w, status;

	if (seconds < 1 || seconds > MAX_SECONDS) {
		TH_LOG("LANDLOCK_STRESS_SECONDS=%s: using %d", env,
		       seconds < 1 ? DEFAULT_SECONDS : MAX_SECONDS);
		seconds = seconds < 1 ? DEFAULT_SECONDS : MAX_SECONDS;
	}
	storm = mmap(NULL, sizeof(*storm), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, storm);
	memset(storm, 0, sizeof(*storm));
	snprintf(storm->true_path, sizeof(storm->true_path), "%s",
		 bin_path("true"));
	ASSERT_EQ(0, access(storm->true_path, X_OK))
	{
		TH_LOG("%s: %s", storm->true_path, strerror(errno));
	}
	ASSERT_EQ(0, clock_gettime(CLOCK_MONOTONIC, &storm->deadline));
	storm->deadline.tv_sec += seconds;
	TH_LOG("%ld seconds (LANDLOCK_STRESS_SECONDS), %ld CPUs", seconds,
	       sysconf(_SC_NPROCESSORS_ONLN));

	for (w = 0; w < ARRAY_SIZE(pids); w++) {
		pids[w] = fork();
		ASSERT_LE(0, pids[w]);
		if (pids[w] == 0) {
			run_worker(_metadata, w);
			_exit(storm->reports[w].failed ? 1 : 0);
		}
	}

	for (w = 0; w < ARRAY_SIZE(pids); w++) {
		const struct report *const r = &storm->reports[w];

		ASSERT_EQ(pids[w], waitpid(pids[w], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		{
			TH_LOG("%s: status %#x: %s", worker_name(w), status,
			       r->msg);
		}
		if (w == NR_FORKERS)
			TH_LOG("%s: %lu iterations, %lu short-lived threads",
			       worker_name(w), r->iterations, r->threads);
		else
			TH_LOG("%s: %lu iterations", worker_name(w),
			       r->iterations);
		EXPECT_LE(1, r->iterations);
	}
	EXPECT_EQ(0, munmap(storm, sizeof(*storm)));
}

/*
 * Unmount racing the death of objects: two threads add and remove one
 * inode in two maps, so that its object dies and is replaced again and
 * again, while the filesystem (a tmpfs of an unprivileged user's
 * namespace) is unmounted and shut down.  A release finishing after the
 * superblock is gone would be a use-after-free (KASAN) or a busy inode.
 */
#define UMOUNT_ROUNDS 20
#define UMOUNT_OPS 400

struct churn_arg {
	int maps[2], key;
};

static void *object_churn(void *const arg)
{
	const struct churn_arg *const c = arg;
	int i;

	for (i = 0; i < UMOUNT_OPS; i++) {
		const int map = c->maps[i & 1];

		if (map_update(map, c->key, i, BPF_ANY) && errno != ENOMEM)
			return (void *)1;
		map_delete(map, c->key);
	}
	return NULL;
}

static void umount_round(struct __test_metadata *const _metadata,
			 const char *const dir, const int round)
{
	struct churn_arg c;
	pthread_t threads[2];
	void *ret;
	int i;

	drop_privileges(_metadata);
	c.maps[0] = create_inode_map(4, 8, 4, 0);
	c.maps[1] = create_inode_map(4, 8, 4, 0);
	ASSERT_LE(0, c.maps[0]);
	ASSERT_LE(0, c.maps[1]);
	/* The uid change made the process non-dumpable: /proc/self is root's. */
	ASSERT_EQ(0, prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	ASSERT_EQ(0, unshare(CLONE_NEWUSER | CLONE_NEWNS));
	ASSERT_EQ(0, write_file("/proc/self/setgroups", "deny"));
	ASSERT_EQ(0, write_file("/proc/self/uid_map", "0 1000 1"));
	ASSERT_EQ(0, write_file("/proc/self/gid_map", "0 1000 1"));
	ASSERT_EQ(0, mount("tmp", dir, "tmpfs", 0, NULL));
	ASSERT_EQ(0, chdir(dir));
	ASSERT_EQ(0, mknod("f", S_IFREG | 0600, 0));
	c.key = open("f", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, c.key);
	ASSERT_EQ(0, chdir("/"));

	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&threads[i], NULL, object_churn,
					    &c));
	/* Detach now, shut down when the last reference (the key) goes. */
	ASSERT_EQ(0, umount2(dir, MNT_DETACH));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pthread_join(threads[i], &ret));
		EXPECT_EQ(NULL, ret);
	}
	/* Last entries, then the superblock goes while objects die. */
	map_update(c.maps[0], c.key, 1, BPF_ANY);
	map_update(c.maps[1], c.key, 1, BPF_ANY);
	map_delete(c.maps[round & 1], c.key);
	ASSERT_EQ(0, close(c.key));
	close(c.maps[0]);
	close(c.maps[1]);
}

TEST_F_TIMEOUT(stress, umount_while_objects_die, 120)
{
	int round;

	for (round = 0; round < UMOUNT_ROUNDS; round++) {
		const char *const dir = "/tmp/ll_umount";

		rmdir(dir);
		ASSERT_EQ(0, mkdir(dir, 0700));
		ASSERT_EQ(0, chown(dir, UNPRIV_UID, UNPRIV_GID));
		IN_CHILD(umount_round(_metadata, dir, round));
		EXPECT_EQ(0, rmdir(dir));
	}
}

/*
 * The worst case of one check: a path deeper than the walk collects, every
 * directory in a large inode map, and a chain of programs that call
 * fs_beneath on every other instruction.  Each map is searched once per
 * check, the walk collects at most LANDLOCK_WALK_MAX objects: the checks
 * end quickly, with no RCU stall or soft lockup (which fail the run).
 */
#define DEEP_DEPTH 4096
#define DEEP_PROGS 7
#define DEEP_CALLS ((BPF_MAXINSNS - 3) / 4)

static int load_heavy_prog(const int map)
{
	static struct bpf_insn insns[BPF_MAXINSNS];
	unsigned int i, n = 0;

	insns[n++] = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);
	for (i = 0; i < DEEP_CALLS; i++) {
		insns[n++] = LD_MAP(BPF_REG_2, BPF_PSEUDO_MAP_FD, map);
		insns[n++] = LD_MAP_NEXT(0);
		insns[n++] = BPF_MOV64_REG(BPF_REG_1, BPF_REG_6);
		insns[n++] = BPF_EMIT_CALL(BPF_FUNC_landlock_fs_beneath);
	}
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW);
	insns[n++] = BPF_EXIT_INSN();
	return load_prog(insns, n);
}

static void deep(struct __test_metadata *const _metadata)
{
	const int map = create_inode_map(4, 8, 2 * DEEP_DEPTH, 0);
	const int top = create_inode_map(4, 8, 2, 0);
	int progs[DEEP_PROGS], dir, next, i, top_prog;

	ASSERT_LE(0, map);
	ASSERT_LE(0, top);
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir("/tmp/ll_deep", 0700);
	ASSERT_EQ(0, mount("tmp", "/tmp/ll_deep", "tmpfs", 0, NULL));
	dir = open("/tmp/ll_deep", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, dir);
	for (i = 0; i < DEEP_DEPTH; i++) {
		ASSERT_EQ(0, mkdirat(dir, "d", 0700));
		next = openat(dir, "d", O_PATH | O_CLOEXEC);
		ASSERT_LE(0, next);
		ASSERT_EQ(0, map_update(map, next, 1, BPF_ANY));
		/* The farthest ancestor grants READ_FILE in the other map. */
		if (!i)
			ASSERT_EQ(0, map_update(top, next, 1, BPF_ANY));
		close(dir);
		dir = next;
	}
	ASSERT_EQ(0, mknodat(dir, "f", S_IFREG | 0600, 0));
	for (i = 0; i < DEEP_PROGS; i++) {
		progs[i] = load_heavy_prog(map);
		ASSERT_LE(0, progs[i]);
	}
	top_prog = load_grant_prog(top, LANDLOCK_ACCESS_FS_READ_FILE, 1);
	ASSERT_LE(0, top_prog);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < DEEP_PROGS; i++)
		ASSERT_EQ(0, prepend_prog(progs[i]));
	for (i = 0; i < 4; i++) {
		const int fd = openat(dir, "f", O_WRONLY | O_CLOEXEC);

		ASSERT_LE(0, fd);
		close(fd);
	}
	/*
	 * The walk collects the nearest LANDLOCK_WALK_MAX (1024) objects:
	 * the grant 4096 levels up is past them, and does not count.
	 */
	ASSERT_EQ(0, prepend_prog(top_prog));
	EXPECT_EQ(-1, openat(dir, "f", O_RDONLY | O_CLOEXEC));
	EXPECT_EQ(EACCES, errno);
	close(dir);
	close(map);
	close(top);
}

TEST_F_TIMEOUT(stress, deep_tree_heavy_chain, 120)
{
	deep(_metadata);
}

TEST_HARNESS_MAIN
