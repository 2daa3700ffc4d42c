// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - io_uring: personalities and SQPOLL rings
 *
 * Requests a task submits to io_uring itself run with its credentials and
 * go through the filesystem hooks like system calls.  Two ways would run
 * them with other credentials, which may lack the task's chain:
 *
 * - a personality (IORING_REGISTER_PERSONALITY) registered before the task
 *   enforced its chain: using it is refused, as io_uring asks the LSMs
 *   (security_uring_override_creds());
 * - an SQPOLL ring created before: its kernel thread submits with the
 *   creator's credentials of that time, without any system call of the
 *   task, so there is nothing to refuse at use.  Enforcing is refused
 *   instead while the caller's file table holds such a ring (EBUSY).
 */

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/io_uring.h>
#include <linux/io_uring_types.h>
#include <linux/lsm_hooks.h>
#include <linux/sched.h>

#include "chain.h"
#include "cred.h"
#include "setup.h"
#include "uring.h"

/* A personality must carry the submitter's chain (or a longer one). */
static int hook_uring_override_creds(const struct cred *const new)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain))
		return 0;
	return landlock_chain_contains(landlock_cred(new)->chain, chain) ?
		       0 : -EPERM;
}

static int sqpoll_ring(const void *const chain, struct file *const file,
		       const unsigned int fd)
{
	const struct io_ring_ctx *ctx;

	if (!io_is_uring_fops(file))
		return 0;
	ctx = file->private_data;
	if (!(ctx->flags & IORING_SETUP_SQPOLL) || !ctx->sq_creds)
		return 0;
	/* Non-zero stops iterate_fd(). */
	return landlock_chain_contains(landlock_cred(ctx->sq_creds)->chain,
				       chain) ? 0 : fd + 1;
}

/**
 * landlock_uring_check_rings - May a chain be enforced on the caller?
 *
 * @chain: The chain about to be enforced.
 *
 * Return: 0, or -EBUSY if the caller's file table holds an io_uring
 * SQPOLL ring whose submission thread's credentials lack @chain.
 */
int landlock_uring_check_rings(const struct landlock_chain *const chain)
{
	return iterate_fd(current->files, 0, sqpoll_ring, chain) ? -EBUSY : 0;
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(uring_override_creds, hook_uring_override_creds),
};

/**
 * landlock_add_uring_hooks - Register the io_uring hooks
 */
__init void landlock_add_uring_hooks(void)
{
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}
