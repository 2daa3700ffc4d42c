// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - The ABI query: seccomp(SECCOMP_GET_LANDLOCK_ABI)
 *
 * abi_disabled_at_boot is meant for a kernel booted with an "lsm=" list
 * that omits landlock; the harness runs it alone in such a boot, and every
 * other test in a normal one.
 */

#include "common.h"

TEST(abi_version)
{
	ASSERT_TRUE(lsm_is_listed(_metadata, "landlock"));
	ASSERT_EQ(2, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 0, NULL));
}

TEST(abi_ignores_pointer)
{
	/* Neither read nor written: no EFAULT, whatever the pointer. */
	ASSERT_EQ(2, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 0, (void *)1));
	ASSERT_EQ(2, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 0, (void *)-1L));
}

TEST(abi_rejects_flags)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		errno = 0;
		EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 1U << bit,
					  NULL));
		EXPECT_EQ(EINVAL, errno)
		{
			TH_LOG("flag bit %u", bit);
		}
	}
}

TEST(abi_unprivileged)
{
	drop_privileges(_metadata);
	/* Neither privileges nor no_new_privs are needed to ask. */
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	ASSERT_EQ(2, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 0, NULL));
}

TEST(ruleset_syscalls_enosys)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int missing;

	/* What the kernel answers for a system call it does not define. */
	errno = 0;
	ASSERT_EQ(-1, syscall(-1));
	missing = errno;
	ASSERT_NE(0, missing);
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_landlock_create_ruleset, NULL, 0,
			      LANDLOCK_CREATE_RULESET_VERSION));
	EXPECT_EQ(missing, errno);
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_landlock_create_ruleset, &attr,
			      sizeof(attr), 0));
	EXPECT_EQ(missing, errno);
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_landlock_add_rule, -1,
			      LANDLOCK_RULE_PATH_BENEATH, NULL, 0));
	EXPECT_EQ(missing, errno);
	errno = 0;
	EXPECT_EQ(-1, syscall(__NR_landlock_restrict_self, -1, 0));
	EXPECT_EQ(missing, errno);
}

TEST(abi_disabled_at_boot)
{
	ASSERT_FALSE(lsm_is_listed(_metadata, "landlock"))
	{
		TH_LOG("this test needs a boot with an lsm= list without landlock");
	}
	/* Flags are checked first, then whether Landlock is on. */
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 1, NULL));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 0, NULL));
	EXPECT_EQ(EOPNOTSUPP, errno);
	/* Nor can programs be enforced, nor inode maps be created. */
	EXPECT_EQ(-1, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG, 0, NULL));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, create_inode_map(4, 8, 1, 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
}

TEST_HARNESS_MAIN
