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
 *   creator's credentials of that time, and reads requests from memory
 *   shared with the task, without any system call of the task, so there is
 *   nothing to refuse at use.  Enforcing is refused instead (EBUSY) while
 *   the task can reach such a ring: through its file table, its io_uring
 *   context (rings it created, submitted to or registered with
 *   IORING_REGISTER_RING_FDS, which a pending request on the ring's own
 *   file keeps alive without any descriptor, its queues possibly in plain
 *   user memory with IORING_SETUP_NO_MMAP), or a mapping of the ring in
 *   its memory, which outlives the ring's descriptors.  With TSYNC, each
 *   thread checks its own file table and io_uring context, and the memory
 *   is checked with every thread parked (tsync.c).  A ring sent away
 *   before cannot come back: SCM_RIGHTS refuses io_uring files
 *   (net/core/scm.c), and pidfd_getfd() only reaches tasks of the sandbox
 *   (ptrace.c), which passed this check when they enforced.  A dying ring
 *   (its last file reference gone) never submits again, and is ignored.
 */

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/io_uring.h>
#include <linux/lsm_hooks.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
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

/* Whether a live SQPOLL ring's submission credentials lack @chain. */
static bool creds_lack_chain(const struct cred *const creds,
			     const void *const chain)
{
	return !landlock_chain_contains(landlock_cred(creds)->chain, chain);
}

static bool ring_lacks_chain(struct file *const file,
			     const struct landlock_chain *const chain)
{
	const struct cred *const creds =
		file ? io_uring_sqpoll_creds(file) : NULL;

	return creds && creds_lack_chain(creds, chain);
}

static int fd_ring_lacks_chain(const void *const chain,
			       struct file *const file, const unsigned int fd)
{
	/* Non-zero stops iterate_fd(). */
	return ring_lacks_chain(file, chain);
}

/**
 * landlock_uring_check_task - May a chain be enforced on the current thread?
 *
 * @chain: The chain about to be enforced.
 *
 * Return: 0, or -EBUSY if the current thread can reach a live io_uring
 * SQPOLL ring whose submission credentials lack @chain through its file
 * table or its io_uring context (rings it created, submitted to or
 * registered, with or without a descriptor).
 */
int landlock_uring_check_task(const struct landlock_chain *const chain)
{
	if (iterate_fd(current->files, 0, fd_ring_lacks_chain, chain) ||
	    io_uring_task_sqpoll_any(creds_lack_chain, chain))
		return -EBUSY;
	return 0;
}

/**
 * landlock_uring_check_rings - May a chain be enforced on the caller?
 *
 * @chain: The chain about to be enforced.
 *
 * Checks the current thread (landlock_uring_check_task()) and the memory
 * mappings of its process.  Sleeps.
 *
 * Return: 0, -EBUSY if a live io_uring SQPOLL ring whose submission
 * credentials lack @chain is in the caller's file table or io_uring
 * context, or mapped in its memory, or -EINTR if a fatal signal came while
 * waiting for the memory map's lock.
 */
int landlock_uring_check_rings(const struct landlock_chain *const chain)
{
	struct mm_struct *const mm = current->mm;
	struct vm_area_struct *vma;
	struct vma_iterator vmi;
	int err;

	might_sleep();
	err = landlock_uring_check_task(chain);
	if (err || !mm)
		return err;
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	vma_iter_init(&vmi, mm, 0);
	for_each_vma(vmi, vma) {
		if (ring_lacks_chain(vma->vm_file, chain)) {
			err = -EBUSY;
			break;
		}
	}
	mmap_read_unlock(mm);
	return err;
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
