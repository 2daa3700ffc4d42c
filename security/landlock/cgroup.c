// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Programs attached to cgroups
 *
 * Administrators attach programs with BPF_CGROUP_LANDLOCK through the
 * kernel's cgroup-BPF machinery, which keeps, for every cgroup, the array of
 * programs in effect there (its own and those inherited, as the attach
 * flags say) and runs them (kernel/bpf/cgroup.c).  Every access check of a
 * task in such a cgroup runs them, in addition to the task's own chain; all
 * must allow.  Kernel threads are not checked.
 */

#include <linux/bpf-cgroup.h>
#include <linux/sched.h>
#include <linux/user_namespace.h>

#include "bpf.h"
#include "cgroup.h"

/**
 * landlock_cgroup_applies - Whether the current task's cgroup has programs
 *
 * Return: True if landlock_run_cgroup() may run programs for this task.
 */
bool landlock_cgroup_applies(void)
{
	if (current->flags & PF_KTHREAD)
		return false;
	return __cgroup_bpf_landlock_attached();
}

/**
 * landlock_run_cgroup - Run the programs in effect in the current cgroup
 *
 * @check: The access check; programs see owners from the initial user
 *         namespace.
 *
 * Only for a task landlock_cgroup_applies() accepted (never a kernel
 * thread).
 *
 * Return: 0 if every program allows the access (or there is none), else
 * -EACCES.
 */
int landlock_run_cgroup(struct landlock_check *const check)
{
	check->ctx.uid = from_kuid_munged(&init_user_ns, check->uid);
	check->ctx.gid = from_kgid_munged(&init_user_ns, check->gid);
	return __cgroup_bpf_run_landlock(&check->ctx) ? -EACCES : 0;
}
