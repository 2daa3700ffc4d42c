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
	if (write && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return proc_dointvec_minmax(table, write, buffer, lenp, ppos);
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

static bool unprivileged_allowed(void)
{
	return landlock_initialized && !READ_ONCE(unprivileged_disabled);
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
	return type == BPF_PROG_TYPE_LANDLOCK && unprivileged_allowed();
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
	       unprivileged_allowed();
}
