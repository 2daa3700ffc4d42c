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
#include <linux/cgroup.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/user_namespace.h>
#include <net/sock.h>

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
 *         namespace, and for an IPC check %LANDLOCK_CTX_PEER_IN_DOMAIN if
 *         the peer is in the current task's cgroup or below it.
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
	if (check->ipc) {
		check->ctx.flags &= ~LANDLOCK_CTX_PEER_IN_DOMAIN;
		if (check->peer_in_cgroup)
			check->ctx.flags |= LANDLOCK_CTX_PEER_IN_DOMAIN;
	}
	return __cgroup_bpf_run_landlock(&check->ctx) ? -EACCES : 0;
}

/**
 * landlock_cgroup_holds_task - Whether a task is in the current task's
 * cgroup or below it
 *
 * @task: The peer of an IPC check.
 *
 * Return: True if @task's cgroup (on the default hierarchy) is the current
 * task's or a descendant of it.
 */
bool landlock_cgroup_holds_task(struct task_struct *const task)
{
	bool holds;

	rcu_read_lock();
	holds = cgroup_is_descendant(task_dfl_cgroup(task),
				     task_dfl_cgroup(current));
	rcu_read_unlock();
	return holds;
}

/**
 * landlock_cgroup_holds_sock - Whether a socket was created in the current
 * task's cgroup or below it
 *
 * @sk: The peer socket of an IPC check.
 *
 * Return: True if the cgroup @sk was created in (on the default hierarchy)
 * is the current task's or a descendant of it.
 */
bool landlock_cgroup_holds_sock(struct sock *const sk)
{
	bool holds;

	rcu_read_lock();
	holds = cgroup_is_descendant(sock_cgroup_ptr(&sk->sk_cgrp_data),
				     task_dfl_cgroup(current));
	rcu_read_unlock();
	return holds;
}
