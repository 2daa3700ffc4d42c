// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Loading and enforcing programs:
 * seccomp(SECCOMP_PREPEND_LANDLOCK_PROG), chain limits and semantics
 */

#include <stdlib.h>
#include <sys/socket.h>

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

TEST_HARNESS_MAIN
