// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - io_uring: requests are checked like system calls, a
 * personality registered before enforcement is refused, and enforcing is
 * refused while an SQPOLL ring created before is open.
 */

#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

struct ring {
	int fd;
	unsigned int *sq_tail, *sq_mask, *sq_array;
	unsigned int *cq_head, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	bool sqpoll;
};

/* 0, or the errno of io_uring_setup(2) or mmap(2). */
static int ring_setup(struct ring *const r, const unsigned int flags)
{
	struct io_uring_params p = { .flags = flags, .sq_thread_idle = 1000 };
	void *sq, *cq;

	r->fd = syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		return errno;
	r->sqpoll = flags & IORING_SETUP_SQPOLL;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(__u32),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(*r->cqes),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		  IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * sizeof(*r->sqes),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return errno;
	r->sq_tail = sq + p.sq_off.tail;
	r->sq_mask = sq + p.sq_off.ring_mask;
	r->sq_array = sq + p.sq_off.array;
	r->cq_head = cq + p.cq_off.head;
	r->cq_mask = cq + p.cq_off.ring_mask;
	r->cqes = cq + p.cq_off.cqes;
	return 0;
}

/* Submit an openat of @path and return its result (a closed fd or -errno). */
static int ring_openat(const struct ring *const r, const char *const path,
		       const int flags, const __u16 personality)
{
	const unsigned int tail = *r->sq_tail;
	const unsigned int idx = tail & *r->sq_mask;
	struct io_uring_sqe *const sqe = &r->sqes[idx];
	unsigned int head;
	int res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (uintptr_t)path;
	sqe->open_flags = flags | O_CLOEXEC;
	sqe->personality = personality;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1,
		    IORING_ENTER_GETEVENTS |
			    (r->sqpoll ? IORING_ENTER_SQ_WAKEUP : 0),
		    NULL, 0) < 0)
		return -1000 - errno;
	head = __atomic_load_n(r->cq_head, __ATOMIC_ACQUIRE);
	res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	if (res >= 0) {
		close(res);
		return 0;
	}
	return res;
}

static int register_personality(const struct ring *const r)
{
	return syscall(__NR_io_uring_register, r->fd,
		       IORING_REGISTER_PERSONALITY, NULL, 0);
}

/* A ring's own requests: the submitter's chain applies. */
static void checked(struct __test_metadata *const _metadata)
{
	struct ring r;

	ASSERT_EQ(0, ring_setup(&r, 0));
	EXPECT_EQ(0, ring_openat(&r, "/dev/null", O_RDONLY, 0));
	enforce(_metadata,
		load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR));
	EXPECT_EQ(-EACCES, ring_openat(&r, "/dev/null", O_RDONLY, 0));
	EXPECT_EQ(0, ring_openat(&r, "/dev/null", O_WRONLY, 0));
	EXPECT_EQ(0, ring_openat(&r, "/tmp", O_RDONLY | O_DIRECTORY, 0));
}

TEST(requests_checked)
{
	IN_CHILD(checked(_metadata));
}

/* Personalities registered before lack the chain: refused. */
static void personality(struct __test_metadata *const _metadata)
{
	struct ring r;
	int before, after;

	ASSERT_EQ(0, ring_setup(&r, 0));
	before = register_personality(&r);
	ASSERT_LT(0, before);
	EXPECT_EQ(0, ring_openat(&r, "/tmp", O_RDONLY, before));
	enforce(_metadata,
		load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR));
	EXPECT_EQ(-EPERM, ring_openat(&r, "/tmp", O_RDONLY, before));
	/* Registered after, it carries the chain. */
	after = register_personality(&r);
	ASSERT_LT(0, after);
	EXPECT_EQ(0, ring_openat(&r, "/tmp", O_RDONLY, after));
	EXPECT_EQ(-EACCES, ring_openat(&r, "/dev/null", O_RDONLY, after));
}

TEST(personality_before_enforcement)
{
	IN_CHILD(personality(_metadata));
}

/*
 * An SQPOLL ring created before would submit with chain-less credentials
 * without any system call of the task: no enforcement while it is open.
 */
static void sqpoll(struct __test_metadata *const _metadata)
{
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	struct ring r, after;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, ring_setup(&r, IORING_SETUP_SQPOLL));
	EXPECT_EQ(0, ring_openat(&r, "/dev/null", O_RDONLY, 0));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(-1, prepend_prog(prog));
	EXPECT_EQ(EBUSY, errno);
	/* Not confined: the refusal changed nothing. */
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));

	ASSERT_EQ(0, close(r.fd));
	ASSERT_EQ(0, prepend_prog(prog));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	/* A ring created now submits with the chain. */
	ASSERT_EQ(0, ring_setup(&after, IORING_SETUP_SQPOLL));
	EXPECT_EQ(-EACCES, ring_openat(&after, "/dev/null", O_RDONLY, 0));
	EXPECT_EQ(0, ring_openat(&after, "/dev/null", O_WRONLY, 0));
	close(prog);
}

TEST(sqpoll_before_enforcement)
{
	IN_CHILD(sqpoll(_metadata));
}

TEST_HARNESS_MAIN
