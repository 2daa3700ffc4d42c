// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - ptrace: a task with a chain may only reach a task
 * whose chain contains its own.
 */

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "common.h"

FIXTURE(ptrace) {};

FIXTURE_VARIANT(ptrace)
{
	/* Enforced by the parent before forking: shared by both. */
	bool before_fork;
	/* Enforced by the parent (the tracer) after forking. */
	bool parent_after;
	/* Enforced by the child (the tracee) after forking. */
	bool child_after;
};

/* clang-format off */
FIXTURE_VARIANT_ADD(ptrace, no_chain) {};

FIXTURE_VARIANT_ADD(ptrace, same_chain) {
	.before_fork = true,
};

FIXTURE_VARIANT_ADD(ptrace, nested_tracee) {
	.before_fork = true,
	.child_after = true,
};

FIXTURE_VARIANT_ADD(ptrace, nested_tracer) {
	.before_fork = true,
	.parent_after = true,
};

FIXTURE_VARIANT_ADD(ptrace, siblings) {
	.parent_after = true,
	.child_after = true,
};

FIXTURE_VARIANT_ADD(ptrace, tracer_only) {
	.parent_after = true,
};

FIXTURE_VARIANT_ADD(ptrace, tracee_only) {
	.child_after = true,
};

/* clang-format on */

FIXTURE_SETUP(ptrace)
{
}

FIXTURE_TEARDOWN(ptrace)
{
}

/* Enforcing the same program twice makes two distinct chain nodes. */
static void enforce_allow_all(struct __test_metadata *const _metadata)
{
	enforce(_metadata, load_allow_all_prog());
}

/*
 * The tracer (parent) may reach the tracee (child) iff it did not enforce
 * anything the child lacks: only a program enforced by the parent after the
 * fork is missing from the child's chain.
 */
#define expect_allowed(variant) (!(variant)->parent_after)

TEST_F(ptrace, attach)
{
	int to_child[2], to_parent[2], status;
	char buf[64];
	pid_t child;
	int fd;

	ASSERT_EQ(0, pipe2(to_child, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(to_parent, O_CLOEXEC));
	if (variant->before_fork)
		enforce_allow_all(_metadata);

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		char c;

		if (variant->child_after)
			enforce_allow_all(_metadata);
		ASSERT_EQ(1, write(to_parent[1], ".", 1));
		/* Wait for the parent to be done. */
		ASSERT_EQ(1, read(to_child[0], &c, 1));
		_exit(_metadata->exit_code);
	}

	if (variant->parent_after)
		enforce_allow_all(_metadata);
	ASSERT_EQ(1, read(to_parent[0], buf, 1));

	/* /proc/PID/mem asks for ptrace access too. */
	snprintf(buf, sizeof(buf), "/proc/%d/mem", child);
	fd = open(buf, O_RDONLY | O_CLOEXEC);
	if (expect_allowed(variant)) {
		EXPECT_LE(0, fd);
		if (fd >= 0)
			close(fd);
	} else {
		EXPECT_EQ(-1, fd);
		EXPECT_EQ(EACCES, errno);
	}

	if (expect_allowed(variant)) {
		EXPECT_EQ(0, ptrace(PTRACE_ATTACH, child, NULL, NULL));
		EXPECT_EQ(child, waitpid(child, &status, 0));
		EXPECT_TRUE(WIFSTOPPED(status));
		EXPECT_EQ(0, ptrace(PTRACE_DETACH, child, NULL, NULL));
	} else {
		EXPECT_EQ(-1, ptrace(PTRACE_ATTACH, child, NULL, NULL));
		EXPECT_EQ(EPERM, errno);
	}

	ASSERT_EQ(1, write(to_child[1], ".", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(ptrace, traceme)
{
	int to_child[2], to_parent[2], status;
	pid_t child;
	char c;

	ASSERT_EQ(0, pipe2(to_child, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(to_parent, O_CLOEXEC));
	if (variant->before_fork)
		enforce_allow_all(_metadata);

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		if (variant->child_after)
			enforce_allow_all(_metadata);
		ASSERT_EQ(1, write(to_parent[1], ".", 1));
		/* Wait for the parent's enforcement. */
		ASSERT_EQ(1, read(to_child[0], &c, 1));
		if (expect_allowed(variant)) {
			ASSERT_EQ(0, ptrace(PTRACE_TRACEME));
		} else {
			ASSERT_EQ(-1, ptrace(PTRACE_TRACEME));
			ASSERT_EQ(EPERM, errno);
		}
		_exit(_metadata->exit_code);
	}

	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	if (variant->parent_after)
		enforce_allow_all(_metadata);
	ASSERT_EQ(1, write(to_child[1], ".", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
