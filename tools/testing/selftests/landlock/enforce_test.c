// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Loading and enforcing programs:
 * seccomp(SECCOMP_PREPEND_LANDLOCK_PROG), seccomp(SECCOMP_LANDLOCK_ENFORCE),
 * chain limits and semantics
 */

#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "common.h"

/* A program of @cnt instructions that allows everything. */
static int load_long_prog(const size_t cnt)
{
	struct bpf_insn *const insns = calloc(cnt, sizeof(*insns));
	size_t i;
	int fd;

	for (i = 0; i < cnt - 1; i++)
		insns[i] = BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW);
	insns[cnt - 1] = BPF_EXIT_INSN();
	fd = load_prog(insns, cnt);
	free(insns);
	return fd;
}

TEST(prepend_rejects_flags)
{
	const int fd = load_allow_all_prog();
	unsigned int bit;

	ASSERT_LE(0, fd);
	/* Only SECCOMP_FILTER_FLAG_TSYNC (see tsync_test). */
	for (bit = 1; bit < 32; bit++) {
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG,
					  1U << bit, (void *)&fd));
		EXPECT_EQ(EINVAL, errno);
	}
	/* Flags are checked before the pointer. */
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG, 2, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(fd));
}

TEST(prepend_bad_pointer)
{
	/* NULL is how user space probes for the operation. */
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG, 0, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG, 0, (void *)1));
	EXPECT_EQ(EFAULT, errno);
}

TEST(prepend_bad_fd)
{
	const int fd = load_allow_all_prog();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(fd));
	EXPECT_EQ(-1, prepend_prog(fd));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, prepend_prog(-1));
	EXPECT_EQ(EBADF, errno);
}

TEST(prepend_not_a_landlock_program)
{
	const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	const int filter_fd = load_socket_filter();

	ASSERT_LE(0, null_fd);
	ASSERT_LE(0, filter_fd);
	EXPECT_EQ(-1, prepend_prog(null_fd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, prepend_prog(filter_fd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(null_fd));
	EXPECT_EQ(0, close(filter_fd));
}

/* Privileged: CAP_SYS_ADMIN stands in for no_new_privs. */
TEST(prepend_root_without_nnp)
{
	const int fd = load_allow_all_prog();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	EXPECT_EQ(0, prepend_prog(fd));
	EXPECT_EQ(0, close(fd));
}

/* Unprivileged: no_new_privs is required, and enough. */
TEST(prepend_unprivileged)
{
	const int fd = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0);
	const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	drop_privileges(_metadata);

	/* The earlier checks come first, EPERM after them. */
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG, 0, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, prepend_prog(-1));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, prepend_prog(null_fd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, prepend_prog(fd));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));

	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(0, prepend_prog(fd));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	EXPECT_EQ(0, open_errno("/dev/null", O_WRONLY));
	EXPECT_EQ(0, close(fd));
}

/* At most 32 programs per chain, duplicates counted. */
TEST(max_programs)
{
	const int fd = load_allow_all_prog();
	int i;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < 32; i++)
		ASSERT_EQ(0, prepend_prog(fd));
	EXPECT_EQ(-1, prepend_prog(fd));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(0, close(fd));
}

/* At most 256 KiB of instructions per chain (8 bytes each). */
TEST(max_insn_bytes)
{
	const int fd = load_long_prog(4096);
	int i;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, prepend_prog(fd));
	EXPECT_EQ(-1, prepend_prog(fd));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(0, close(fd));
}

/* 4096 instructions at most, even for a privileged loader. */
TEST(load_insn_limit)
{
	const int fd = load_long_prog(4096);

	EXPECT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-1, load_long_prog(4097));
	EXPECT_EQ(E2BIG, errno);
}

TEST(load_expected_attach_type)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};
	int fd;

	fd = load_prog_attach(insns, 2, 0, NULL, 0);
	EXPECT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	fd = load_prog_attach(insns, 2, BPF_CGROUP_LANDLOCK, NULL, 0);
	EXPECT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-1, load_prog_attach(insns, 2, BPF_CGROUP_INET_EGRESS, NULL,
				       0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, load_prog_attach(insns, 2, BPF_LSM_MAC, NULL, 0));
	EXPECT_EQ(EINVAL, errno);
}

/* Every program must allow. */
TEST(stacking)
{
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	EXPECT_EQ(0, open_errno("/dev/null", O_WRONLY));
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE, 0));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_WRONLY));
	EXPECT_EQ(0, open_errno("/", O_RDONLY | O_DIRECTORY));
}

/* A program that allows everything cannot lift an earlier denial. */
TEST(no_way_back)
{
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_DIR, 0));
	enforce(_metadata, load_allow_all_prog());
	EXPECT_EQ(EACCES, open_errno("/", O_RDONLY | O_DIRECTORY));
	/* Dropping privileges does not either. */
	drop_privileges(_metadata);
	EXPECT_EQ(EACCES, open_errno("/", O_RDONLY | O_DIRECTORY));
}

/* Rule authors can test a rule on a context of their own. */
TEST(test_run)
{
	const int fd = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFREG);
	struct landlock_context ctx = {
		.access = LANDLOCK_ACCESS_FS_READ_FILE,
		.mode = S_IFREG | 0644,
	};
	char big[sizeof(ctx) + 8] = {};
	union bpf_attr attr = {};

	ASSERT_LE(0, fd);
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (uintptr_t)&ctx;
	attr.test.ctx_size_in = sizeof(ctx);
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(LANDLOCK_RET_DENY, attr.test.retval);

	ctx.mode = S_IFDIR | 0755;
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(LANDLOCK_RET_ALLOW, attr.test.retval);

	/* A larger context is fine if its tail is zero. */
	memcpy(big, &ctx, sizeof(ctx));
	attr.test.ctx_in = (uintptr_t)big;
	attr.test.ctx_size_in = sizeof(big);
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	big[sizeof(ctx)] = 1;
	EXPECT_EQ(-1, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(E2BIG, errno);

	/* There is no packet data. */
	attr.test.ctx_in = (uintptr_t)&ctx;
	attr.test.ctx_size_in = sizeof(ctx);
	attr.test.data_in = (uintptr_t)big;
	attr.test.data_size_in = sizeof(big);
	EXPECT_EQ(-1, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(fd));
}

static long enforce_raw(const void *const attr)
{
	return sys_seccomp(SECCOMP_LANDLOCK_ENFORCE, 0, (void *)attr);
}

#define EXPECT_ERRNO(err, call)                       \
	do {                                          \
		errno = 0;                            \
		EXPECT_EQ(-1, call);                  \
		EXPECT_EQ(err, errno)                 \
		{                                     \
			TH_LOG("%s", #call);          \
		}                                     \
	} while (0)

/*
 * Every error of SECCOMP_LANDLOCK_ENFORCE, each shown to come before the
 * next ones: flags, copying the attr, its size, its fields, then the fd.
 * (EOPNOTSUPP needs a boot without Landlock; EPERM and E2BIG below.)
 */
TEST(enforce_attr_errors)
{
	const int prog = load_allow_all_prog();
	const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	const int filter = load_socket_filter();
	const long page = sysconf(_SC_PAGESIZE);
	const struct landlock_enforce_attr good = {
		.size = LANDLOCK_ENFORCE_ATTR_SIZE_VER0,
		.prog_fd = prog,
		.handled_access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	struct landlock_enforce_attr attr;
	static union {
		struct landlock_enforce_attr attr;
		char bytes[4097 + 8];
	} big_buf;
	char *const big = big_buf.bytes;
	unsigned int bit;
	char *map;
	int closed;

	ASSERT_LE(0, prog);
	ASSERT_LE(0, null_fd);
	ASSERT_LE(0, filter);
	ASSERT_EQ(24, sizeof(attr));
	closed = dup(prog);
	ASSERT_LE(0, closed);
	ASSERT_EQ(0, close(closed));

	/* Flags: only SECCOMP_FILTER_FLAG_TSYNC, checked before the pointer. */
	for (bit = 1; bit < 32; bit++) {
		EXPECT_ERRNO(EINVAL, sys_seccomp(SECCOMP_LANDLOCK_ENFORCE,
						 1U << bit, (void *)&good));
		EXPECT_ERRNO(EINVAL, sys_seccomp(SECCOMP_LANDLOCK_ENFORCE,
						 1U << bit, NULL));
	}

	/* Copying the attr. */
	EXPECT_ERRNO(EFAULT, enforce_raw(NULL));
	EXPECT_ERRNO(EFAULT, enforce_raw((void *)1));
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	/* The size is readable, the rest of the struct is not. */
	*(__u32 *)(map + page - 4) = sizeof(attr);
	EXPECT_ERRNO(EFAULT, enforce_raw(map + page - 4));
	ASSERT_EQ(0, munmap(map, 2 * page));

	/* The size, before the fields and the fd. */
	attr = good;
	attr.prog_fd = -1;
	attr.size = 0;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.size = 16;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.size = 23;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	memcpy(big, &attr, sizeof(attr));
	((struct landlock_enforce_attr *)big)->handled_access = 0;
	((struct landlock_enforce_attr *)big)->size = 4097;
	EXPECT_ERRNO(E2BIG, enforce_raw(big));
	((struct landlock_enforce_attr *)big)->size = (__u32)-1;
	EXPECT_ERRNO(E2BIG, enforce_raw(big));
	/* Non-zero bytes beyond the known struct: E2BIG. */
	((struct landlock_enforce_attr *)big)->size = 32;
	big[24] = 1;
	EXPECT_ERRNO(E2BIG, enforce_raw(big));
	big[24] = 0;
	big[31] = 0x80;
	EXPECT_ERRNO(E2BIG, enforce_raw(big));
	big[31] = 0;
	((struct landlock_enforce_attr *)big)->size = 4096;
	big[4095] = 1;
	EXPECT_ERRNO(E2BIG, enforce_raw(big));
	big[4095] = 0;
	/* A zero tail is fine: the fields are checked next. */
	EXPECT_ERRNO(EINVAL, enforce_raw(big));

	/* The fields, before the fd. */
	attr = good;
	attr.prog_fd = -1;
	attr.handled_access = 0;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.handled_access = LANDLOCK_ACCESS_FS_READ_FILE | (1ULL << 17);
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.handled_access = 1ULL << 63;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.handled_access = LANDLOCK_ACCESS_FS_READ_FILE;
	attr.log_flags = 1;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.log_flags = 1ULL << 63;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.log_flags = 0;

	/* The fd, as for the plain call. */
	EXPECT_ERRNO(EBADF, enforce_raw(&attr));
	attr.prog_fd = closed;
	EXPECT_ERRNO(EBADF, enforce_raw(&attr));
	attr.prog_fd = null_fd;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));
	attr.prog_fd = filter;
	EXPECT_ERRNO(EINVAL, enforce_raw(&attr));

	/* And what works: the first version, larger ones with a zero tail, TSYNC. */
	EXPECT_EQ(0, enforce_raw(&good));
	memset(big, 0, sizeof(big));
	memcpy(big, &good, sizeof(good));
	((struct landlock_enforce_attr *)big)->size = 32;
	EXPECT_EQ(0, enforce_raw(big));
	((struct landlock_enforce_attr *)big)->size = 4096;
	EXPECT_EQ(0, enforce_raw(big));
	EXPECT_EQ(0, sys_seccomp(SECCOMP_LANDLOCK_ENFORCE,
				 SECCOMP_FILTER_FLAG_TSYNC, (void *)&good));
	/* It allows everything: no effect. */
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
	EXPECT_EQ(0, close(prog));
	EXPECT_EQ(0, close(null_fd));
	EXPECT_EQ(0, close(filter));
}

/* handled_access: each right this kernel knows, and nothing else. */
TEST(enforce_handled_bits)
{
	const int prog = load_allow_all_prog();
	unsigned int bit;

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	/* 23 known rights: fewer enforcements than the chain's limit. */
	for (bit = 0; bit < 64; bit++) {
		const __u64 right = 1ULL << bit;

		errno = 0;
		if (right & ACCESS_ALL) {
			EXPECT_EQ(0, enforce_attr(prog, right, 0))
			{
				TH_LOG("bit %u: %s", bit, strerror(errno));
			}
		} else {
			EXPECT_EQ(-1, enforce_attr(prog, right, 0));
			EXPECT_EQ(EINVAL, errno)
			{
				TH_LOG("bit %u", bit);
			}
		}
	}
	EXPECT_EQ(0, enforce_attr(prog, ACCESS_ALL, 0));
	EXPECT_ERRNO(EINVAL, enforce_attr(prog, ~0ULL, 0));
	EXPECT_EQ(0, close(prog));
}

/*
 * no_new_privs or CAP_SYS_ADMIN after the attr and the fd, before the
 * chain's limits; both calls count towards the same limits.
 */
TEST(enforce_attr_privileges_and_limits)
{
	const int prog = load_allow_all_prog();
	const int filter = load_socket_filter();
	int i;

	ASSERT_LE(0, prog);
	ASSERT_LE(0, filter);
	/* Root without no_new_privs: 16 programs with each call. */
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	for (i = 0; i < 16; i++) {
		ASSERT_EQ(0, prepend_prog(prog));
		if (i < 15)
			ASSERT_EQ(0, enforce_attr(prog, ACCESS_ALL, 0));
	}
	drop_privileges(_metadata);
	EXPECT_ERRNO(EINVAL, enforce_attr(-1, 0, 0));
	EXPECT_ERRNO(EBADF, enforce_attr(-1, ACCESS_ALL, 0));
	EXPECT_ERRNO(EINVAL, enforce_attr(filter, ACCESS_ALL, 0));
	/* EPERM, not E2BIG: the chain still has one free place. */
	EXPECT_ERRNO(EPERM, enforce_attr(prog, ACCESS_ALL, 0));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(0, enforce_attr(prog, LANDLOCK_ACCESS_SOCK_CONNECT, 0));
	/* 32 programs: full, whatever the call. */
	EXPECT_ERRNO(E2BIG, enforce_attr(prog, ACCESS_ALL, 0));
	EXPECT_ERRNO(E2BIG, prepend_prog(prog));
	EXPECT_EQ(0, close(prog));
	EXPECT_EQ(0, close(filter));
}

/* The 256 KiB of instructions are counted for the new call too. */
TEST(enforce_attr_insn_bytes)
{
	const int fd = load_long_prog(4096);
	int i;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, prepend_prog(fd));
		ASSERT_EQ(0, enforce_attr(fd, LANDLOCK_ACCESS_IPC_SIGNAL, 0));
	}
	EXPECT_ERRNO(E2BIG, enforce_attr(fd, LANDLOCK_ACCESS_IPC_SIGNAL, 0));
	EXPECT_EQ(0, close(fd));
}

/*
 * A program enforced with the new call runs only for its handled rights,
 * filesystem ones included; each program of a chain for its own.
 */
TEST(enforce_attr_fs_rights)
{
	enforce_handled(_metadata, load_deny_all_prog(),
			LANDLOCK_ACCESS_FS_WRITE_FILE);
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_WRONLY));
	EXPECT_EQ(0, open_errno("/", O_RDONLY | O_DIRECTORY));

	enforce_handled(_metadata, load_deny_all_prog(),
			LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_SOCK_CREATE);
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_WRONLY));
	EXPECT_EQ(EACCES, open_errno("/", O_RDONLY | O_DIRECTORY));
	EXPECT_ERRNO(EACCES, socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
}

/*
 * A program enforced with the plain call handles ABI 1's rights only: a
 * deny-everything program lets sockets and signals through.
 */
TEST(plain_call_is_abi1)
{
	int sv[2], fd;

	enforce(_metadata, load_deny_all_prog());
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	EXPECT_LE(0, fd);
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	EXPECT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	close(sv[0]);
	close(sv[1]);
	EXPECT_EQ(0, kill(getppid(), 0));
}

FIXTURE(cycles) {};

FIXTURE_SETUP(cycles)
{
}

FIXTURE_TEARDOWN(cycles)
{
}

/*
 * Thousands of enforcements across forks leave nothing behind (the harness
 * scans for leaks with kmemleak after the tests).
 */
TEST_F_TIMEOUT(cycles, fork_enforce_exit, 300)
{
	const int fd = load_allow_all_prog();
	int i, status;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < 2000; i++) {
		const pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			if (prepend_prog(fd) || prepend_prog(fd))
				_exit(1);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, status);
		if (i % 100 == 0)
			ASSERT_EQ(0, prepend_prog(fd));
	}
	EXPECT_EQ(0, close(fd));
}

/* What a child of fork_enforce_handled_exit does; 0 if all went well. */
static int cycle_child(const int prog, const __u64 handled)
{
	struct sockaddr_un addr = {};
	socklen_t len = sizeof(addr);
	int sv[2], p[2], d, fd;

	signal(SIGIO, SIG_IGN);
	if (enforce_attr(prog, handled, 0) || enforce_attr(prog, ACCESS_IPC, 0))
		return 1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 2;
	/* An abstract socket created and bound in the domain, sent to. */
	d = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	addr.sun_family = AF_UNIX;
	if (d < 0 || fd < 0 ||
	    bind(d, (struct sockaddr *)&addr, sizeof(sa_family_t)) ||
	    getsockname(d, (struct sockaddr *)&addr, &len) ||
	    sendto(fd, "x", 1, 0, (struct sockaddr *)&addr, len) != 1)
		return 3;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 4;
	/* An owner set in the domain, and a SIGIO sent. */
	if (pipe2(p, O_CLOEXEC) || fcntl(p[0], F_SETOWN, getpid()) ||
	    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK) ||
	    write(p[1], "x", 1) != 1)
		return 5;
	if (kill(getppid(), 0))
		return 6;
	/* Exit with all of them open. */
	return 0;
}

/*
 * The same with the extensible call, several handled sets, and the
 * objects that keep a reference to a domain: sockets (their creator's
 * credentials) and F_SETOWN owners.
 */
TEST_F_TIMEOUT(cycles, fork_enforce_handled_exit, 300)
{
	static const __u64 sets[] = {
		LANDLOCK_ACCESS_SOCK_CREATE | LANDLOCK_ACCESS_SOCK_CONNECT,
		ACCESS_IPC,
		LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_RESOLVE_UNIX |
			LANDLOCK_ACCESS_SOCK_SENDTO,
		ACCESS_ALL,
	};
	const int fd = load_allow_all_prog();
	int i, status;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	/* Enough rounds for kmemleak to see a leak per round; quick. */
	for (i = 0; i < 200; i++) {
		const __u64 handled = sets[i % ARRAY_SIZE(sets)];
		const pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0)
			_exit(cycle_child(fd, handled));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, status)
		{
			TH_LOG("round %d: status 0x%x", i, status);
		}
		if (i % 20 == 0)
			ASSERT_EQ(0, enforce_attr(fd, handled, 0));
	}
	EXPECT_EQ(0, close(fd));
}

TEST_HARNESS_MAIN
