/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Programs attached to cgroups
 */

#ifndef _SECURITY_LANDLOCK_CGROUP_H
#define _SECURITY_LANDLOCK_CGROUP_H

#include <linux/bpf-cgroup.h>
#include <linux/types.h>

struct landlock_check;
struct sock;
struct task_struct;

#ifdef CONFIG_CGROUP_BPF

/*
 * Whether any Landlock program is attached to any cgroup: a static branch,
 * so that without cgroup programs the hooks keep their single test.
 */
static inline bool landlock_cgroup_active(void)
{
	return cgroup_bpf_enabled(CGROUP_LANDLOCK);
}

bool landlock_cgroup_applies(void);
int landlock_run_cgroup(struct landlock_check *check);
bool landlock_cgroup_holds_task(struct task_struct *task);
bool landlock_cgroup_holds_sock(struct sock *sk);

#else /* CONFIG_CGROUP_BPF */

static inline bool landlock_cgroup_active(void)
{
	return false;
}

static inline bool landlock_cgroup_applies(void)
{
	return false;
}

static inline int landlock_run_cgroup(struct landlock_check *check)
{
	return 0;
}

static inline bool landlock_cgroup_holds_task(struct task_struct *task)
{
	return false;
}

static inline bool landlock_cgroup_holds_sock(struct sock *sk)
{
	return false;
}

#endif /* CONFIG_CGROUP_BPF */

#endif /* _SECURITY_LANDLOCK_CGROUP_H */
