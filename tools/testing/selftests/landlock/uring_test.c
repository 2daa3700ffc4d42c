// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - io_uring: requests are checked like system calls, a
 * personality registered before enforcement is refused, and enforcing is
 * refused while an SQPOLL ring created before can be reached (file table,
 * io_uring context, registered ring index, memory mapping, another
 * thread's file table).
 */

#include <linux/io_uring.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
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
	void *sq, *cq;
	size_t sq_size, cq_size, sqes_size;
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
	r->sq_size = p.sq_off.array + p.sq_entries * sizeof(__u32);
	r->cq_size = p.cq_off.cqes + p.cq_entries * sizeof(*r->cqes);
	r->sqes_size = p.sq_entries * sizeof(*r->sqes);
	sq = mmap(NULL, r->sq_size, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, r->cq_size, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, r->sqes_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return errno;
	r->sq = sq;
	r->cq = cq;
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

/* Unmap the ring (its descriptor stays open). */
static void ring_unmap(const struct ring *const r)
{
	munmap(r->sq, r->sq_size);
	munmap(r->cq, r->cq_size);
	munmap(r->sqes, r->sqes_size);
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
	checked(_metadata);
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
	personality(_metadata);
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
	/* Its mappings keep it alive, and its thread reads them. */
	EXPECT_EQ(-1, prepend_prog(prog));
	EXPECT_EQ(EBUSY, errno);
	ring_unmap(&r);
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
	sqpoll(_metadata);
}

/*
 * A request pending on the ring's own file keeps the ring alive with no
 * descriptor, no mapping and no registered index (with
 * IORING_SETUP_NO_MMAP its queues would be plain user memory): the task's
 * io_uring context still knows it.
 */
static void pending(struct __test_metadata *const _metadata)
{
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	struct ring sqpoll, other;
	struct io_uring_sqe *sqe;
	unsigned int tail;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, ring_setup(&sqpoll, IORING_SETUP_SQPOLL));
	ASSERT_EQ(0, ring_setup(&other, 0));
	/* A poll for an event the ring never signals. */
	tail = *other.sq_tail;
	sqe = &other.sqes[tail & *other.sq_mask];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_POLL_ADD;
	sqe->fd = sqpoll.fd;
	sqe->poll32_events = POLLPRI;
	other.sq_array[tail & *other.sq_mask] = tail & *other.sq_mask;
	__atomic_store_n(other.sq_tail, tail + 1, __ATOMIC_RELEASE);
	ASSERT_EQ(1, syscall(__NR_io_uring_enter, other.fd, 1, 0, 0, NULL, 0));
	ASSERT_EQ(0, close(sqpoll.fd));
	ring_unmap(&sqpoll);

	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(-1, prepend_prog(prog));
	EXPECT_EQ(EBUSY, errno);
	close(prog);
}

TEST(sqpoll_kept_by_pending_request)
{
	pending(_metadata);
}

/* A registered ring index reaches the ring without any descriptor. */
static void registered(struct __test_metadata *const _metadata)
{
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	struct io_uring_rsrc_update reg = { .offset = -1U };
	struct ring r;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, ring_setup(&r, IORING_SETUP_SQPOLL));
	reg.data = r.fd;
	ASSERT_EQ(1, syscall(__NR_io_uring_register, r.fd,
			     IORING_REGISTER_RING_FDS, &reg, 1));
	ASSERT_EQ(0, close(r.fd));
	ring_unmap(&r);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(-1, prepend_prog(prog));
	EXPECT_EQ(EBUSY, errno);
	close(prog);
}

TEST(sqpoll_registered_index)
{
	registered(_metadata);
}

struct sibling {
	int pipe_ready[2], pipe_done[2];
};

/* A thread with a file table of its own, holding an SQPOLL ring. */
static void *ring_thread(void *const arg)
{
	struct sibling *const s = arg;
	struct io_uring_params p = { .flags = IORING_SETUP_SQPOLL };
	char c = 0;
	int fd;

	if (unshare(CLONE_FILES))
		return (void *)1;
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (write(s->pipe_ready[1], &c, 1) != 1 || fd < 0)
		return (void *)2;
	while (read(s->pipe_done[0], &c, 1) < 0 && errno == EINTR)
		;
	close(fd);
	return NULL;
}

/* TSYNC: every thread confined is checked, with its own file table. */
static void sibling_ring(struct __test_metadata *const _metadata)
{
	int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	struct sibling s;
	pthread_t thread;
	void *ret;
	char c;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, pipe(s.pipe_ready));
	ASSERT_EQ(0, pipe(s.pipe_done));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, pthread_create(&thread, NULL, ring_thread, &s));
	ASSERT_EQ(1, read(s.pipe_ready[0], &c, 1));
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG,
				  SECCOMP_FILTER_FLAG_TSYNC, &prog));
	EXPECT_EQ(EBUSY, errno);
	/* Nobody was confined. */
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
	ASSERT_EQ(1, write(s.pipe_done[1], &c, 1));
	ASSERT_EQ(0, pthread_join(thread, &ret));
	EXPECT_EQ(NULL, ret);
	/* The ring is gone with the thread's file table. */
	EXPECT_EQ(0, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG,
				 SECCOMP_FILTER_FLAG_TSYNC, &prog));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	close(prog);
}

TEST(sqpoll_in_sibling_file_table)
{
	sibling_ring(_metadata);
}

/*
 * No route through SCM_RIGHTS: the kernel refuses to pass io_uring files
 * (net/core/scm.c), so a ring sent away before enforcing cannot come back
 * that way, and pidfd_getfd() is ptrace-checked.
 */
TEST(sqpoll_not_passed_by_scm_rights)
{
	char buf[CMSG_SPACE(sizeof(int))] = {}, c = 0;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = buf,
		.msg_controllen = sizeof(buf),
	};
	struct cmsghdr *const cmsg = CMSG_FIRSTHDR(&msg);
	struct ring r;
	int sk[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sk));
	ASSERT_EQ(0, ring_setup(&r, IORING_SETUP_SQPOLL));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &r.fd, sizeof(int));
	EXPECT_EQ(-1, sendmsg(sk[0], &msg, 0));
	EXPECT_EQ(EINVAL, errno);
	ring_unmap(&r);
	close(r.fd);
	close(sk[0]);
	close(sk[1]);
}

TEST_HARNESS_MAIN
