// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Who may load rules: /proc/sys/kernel/landlock/
 *
 * Loading a Landlock program and creating the maps it reads are open to
 * every user, also where kernel.unprivileged_bpf_disabled closes every
 * other use of bpf(2): a rule only restricts the process that enforces it.
 * kernel.landlock.unprivileged_disabled = 1 takes that back (CAP_BPF is
 * then needed, as for other program types); only CAP_SYS_ADMIN may change
 * it, both ways, at any time.  Programs already loaded keep working.
 */

#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/init.h>
#include <linux/landlock.h>
#include <linux/sysctl.h>

#include "common.h"
#include "setup.h"
#include "sysctl.h"

static int unprivileged_disabled __read_mostly =
	IS_ENABLED(CONFIG_SECURITY_LANDLOCK_UNPRIVILEGED_DISABLED);

#ifdef CONFIG_SYSCTL
static int unprivileged_disabled_handler(const struct ctl_table *table,
					 int write, void *buffer,
					 size_t *lenp, loff_t *ppos)
{
	int err;

	if (write && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = proc_dointvec_minmax(table, write, buffer, lenp, ppos);
	/* As kernel.unprivileged_bpf_disabled does: Spectre v2 warnings. */
	if (write && !err)
		unpriv_ebpf_notify(!unprivileged_ebpf_enabled());
	return err;
}

static struct ctl_table landlock_sysctl_table[] = {
	{
		.procname = "unprivileged_disabled",
		.data = &unprivileged_disabled,
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = unprivileged_disabled_handler,
		.extra1 = SYSCTL_ZERO,
		.extra2 = SYSCTL_ONE,
	},
};

/**
 * landlock_add_sysctl - Register /proc/sys/kernel/landlock/
 */
void __init landlock_add_sysctl(void)
{
	if (!register_sysctl("kernel/landlock", landlock_sysctl_table))
		pr_warn("cannot register the sysctl table\n");
}
#endif /* CONFIG_SYSCTL */

/**
 * landlock_unprivileged_enabled - Whether any user may load Landlock rules
 *
 * Part of unprivileged_ebpf_enabled(), which the Spectre v2 (BHB)
 * mitigation reports and warnings of the architecture code ask: where
 * unprivileged eBPF is what that mitigation relies on (eIBRS), this
 * exception counts as unprivileged eBPF.
 *
 * Return: true when Landlock runs and kernel.landlock.unprivileged_disabled
 * is 0.
 */
bool landlock_unprivileged_enabled(void)
{
	return landlock_initialized && !READ_ONCE(unprivileged_disabled);
}

/**
 * landlock_unprivileged_boot_notify - Warn as unprivileged eBPF does
 *
 * The architecture code chose and reported its Spectre mitigations before
 * the LSMs were initialized: if only Landlock's exception makes
 * unprivileged eBPF possible, give its warnings now.
 */
void __init landlock_unprivileged_boot_notify(void)
{
	if (sysctl_unprivileged_bpf_disabled && landlock_unprivileged_enabled())
		unpriv_ebpf_notify(0);
}

/**
 * landlock_unprivileged_prog - May a task without CAP_BPF load this type?
 * @type: Program type of a BPF_PROG_LOAD.
 *
 * Called by bpf_prog_load() for loaders without CAP_BPF, whatever
 * kernel.unprivileged_bpf_disabled says.  Such a program is verified as an
 * unprivileged one.
 *
 * Return: true for BPF_PROG_TYPE_LANDLOCK when Landlock runs and
 * kernel.landlock.unprivileged_disabled is 0.
 */
bool landlock_unprivileged_prog(enum bpf_prog_type type)
{
	return type == BPF_PROG_TYPE_LANDLOCK && landlock_unprivileged_enabled();
}

/**
 * landlock_unprivileged_map - May a task without CAP_BPF create this map?
 * @type: Map type of a BPF_MAP_CREATE.
 * @flags: Its map_flags.
 *
 * Called by map_create() for creators without CAP_BPF.  Where
 * kernel.unprivileged_bpf_disabled forbids unprivileged maps, the maps
 * created because of this answer are marked for Landlock programs only.
 *
 * Return: true for the inode map and for an array map that programs can
 * only read (BPF_F_RDONLY_PROG: rules read their constants from a frozen
 * array) when Landlock runs and kernel.landlock.unprivileged_disabled is 0.
 */
bool landlock_unprivileged_map(enum bpf_map_type type, u32 flags)
{
	return (type == BPF_MAP_TYPE_LANDLOCK_INODE ||
		(type == BPF_MAP_TYPE_ARRAY && (flags & BPF_F_RDONLY_PROG))) &&
	       landlock_unprivileged_enabled();
}

#ifdef CONFIG_SECURITY_LANDLOCK_KUNIT_TEST

#include <kunit/test.h>

/* The exception counts as unprivileged eBPF for the Spectre reports. */
static void test_exception_is_unprivileged_ebpf(struct kunit *const test)
{
	const int bpf_saved = sysctl_unprivileged_bpf_disabled;
	const int saved = unprivileged_disabled;

	if (!landlock_initialized)
		kunit_skip(test, "Landlock is not enabled at boot");
	/* 1 could not be undone; the test kernel boots with 2. */
	if (bpf_saved == 1)
		kunit_skip(test, "kernel.unprivileged_bpf_disabled is 1");

	sysctl_unprivileged_bpf_disabled = 2;
	WRITE_ONCE(unprivileged_disabled, 0);
	KUNIT_EXPECT_TRUE(test, landlock_unprivileged_enabled());
	KUNIT_EXPECT_TRUE(test, unprivileged_ebpf_enabled());
	WRITE_ONCE(unprivileged_disabled, 1);
	KUNIT_EXPECT_FALSE(test, landlock_unprivileged_enabled());
	KUNIT_EXPECT_FALSE(test, unprivileged_ebpf_enabled());
	sysctl_unprivileged_bpf_disabled = 0;
	KUNIT_EXPECT_TRUE(test, unprivileged_ebpf_enabled());

	sysctl_unprivileged_bpf_disabled = bpf_saved;
	WRITE_ONCE(unprivileged_disabled, saved);
}

static struct kunit_case test_cases[] = {
	KUNIT_CASE(test_exception_is_unprivileged_ebpf),
	{}
};

static struct kunit_suite test_suite = {
	.name = "landlock_sysctl",
	.test_cases = test_cases,
};

kunit_test_suite(test_suite);

#endif /* CONFIG_SECURITY_LANDLOCK_KUNIT_TEST */
