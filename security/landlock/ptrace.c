// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Ptrace hooks
 *
 * A confined task could escape its rules by driving a less confined one
 * (ptrace, /proc/PID/mem, process_vm_writev, pidfd_getfd, ...), all of which
 * ask ptrace_may_access().  So a task with a chain may only reach a task
 * whose chain contains its own chain, by identity of the nodes: the target
 * is then at least as confined.  Tasks without a chain are not restricted.
 */

#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "chain.h"
#include "cred.h"
#include "ptrace.h"
#include "setup.h"

/* Whether a task whose chain is @tracer may reach the task @tracee. */
static bool may_reach(const struct landlock_chain *const tracer,
		      const struct task_struct *const tracee)
{
	bool ok;

	if (!tracer)
		return true;
	/* Chains are immutable: comparing their nodes under RCU is enough. */
	rcu_read_lock();
	ok = landlock_chain_contains(landlock_cred(__task_cred(tracee))->chain,
				     tracer);
	rcu_read_unlock();
	return ok;
}

static int hook_ptrace_access_check(struct task_struct *const child,
				    const unsigned int mode)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain))
		return 0;
	return may_reach(chain, child) ? 0 : -EPERM;
}

/* PTRACE_TRACEME: the parent becomes the tracer of the current task. */
static int hook_ptrace_traceme(struct task_struct *const parent)
{
	const struct landlock_chain *parent_chain;
	bool ok;

	rcu_read_lock();
	parent_chain = landlock_cred(__task_cred(parent))->chain;
	ok = !parent_chain || landlock_chain_contains(landlock_current_chain(),
						      parent_chain);
	rcu_read_unlock();
	return ok ? 0 : -EPERM;
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(ptrace_access_check, hook_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, hook_ptrace_traceme),
};

/**
 * landlock_add_ptrace_hooks - Register the ptrace hooks
 */
__init void landlock_add_ptrace_hooks(void)
{
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}
