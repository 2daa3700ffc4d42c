// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Programs attached to cgroups
 *
 * Administrators attach programs with BPF_CGROUP_LANDLOCK through the
 * kernel's cgroup-BPF machinery, which keeps, for every cgroup, the array of
 * programs in effect there (its own and those inherited, as the attach
 * flags say).  Every access check of a task in such a cgroup runs them, in
 * addition to the task's own chain; all must allow.  Kernel threads are not
 * checked.
 */

#include <linux/bpf.h>
#include <linux/bpf-cgroup.h>
#include <linux/cgroup.h>
#include <linux/filter.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/user_namespace.h>

#include "bpf.h"
#include "cgroup.h"

/*
 * cgroup-BPF's runners treat 1 as "allow"; Landlock programs return
 * LANDLOCK_RET_ALLOW (0): adapt here, not in the ABI.
 */
static u32 run_allows(const struct bpf_prog *const prog, const void *const ctx)
{
	return bpf_prog_run(prog, ctx) == LANDLOCK_RET_ALLOW;
}

/**
 * landlock_cgroup_applies - Whether the current task's cgroup has programs
 *
 * Return: True if landlock_run_cgroup() may run programs for this task.
 */
bool landlock_cgroup_applies(void)
{
	struct bpf_prog_array *array;
	bool applies;

	if (current->flags & PF_KTHREAD)
		return false;
	rcu_read_lock();
	array = rcu_dereference(task_dfl_cgroup(current)->bpf.effective[CGROUP_LANDLOCK]);
	applies = array && !bpf_prog_array_is_empty(array);
	rcu_read_unlock();
	return applies;
}

/**
 * landlock_run_cgroup - Run the programs in effect in the current cgroup
 *
 * @check: The access check; programs see owners from the initial user
 *         namespace.
 *
 * Return: 0 if every program allows the access (or there is none), else
 * -EACCES.
 */
int landlock_run_cgroup(struct landlock_check *const check)
{
	const struct bpf_prog_array *array;
	u32 allowed;

	if (current->flags & PF_KTHREAD)
		return 0;

	check->ctx.uid = from_kuid_munged(&init_user_ns, check->uid);
	check->ctx.gid = from_kgid_munged(&init_user_ns, check->gid);
	rcu_read_lock();
	array = rcu_dereference(task_dfl_cgroup(current)->bpf.effective[CGROUP_LANDLOCK]);
	allowed = bpf_prog_run_array(array, &check->ctx, run_allows);
	rcu_read_unlock();
	return allowed ? 0 : -EACCES;
}
