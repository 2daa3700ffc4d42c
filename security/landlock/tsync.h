/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Enforcing a program on every thread of a process (TSYNC)
 */

#ifndef _SECURITY_LANDLOCK_TSYNC_H
#define _SECURITY_LANDLOCK_TSYNC_H

#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "setup.h"

struct landlock_chain;

/**
 * struct landlock_task_security - Landlock's part of a task
 */
struct landlock_task_security {
	/**
	 * @tsync_lock: In a thread group leader's blob: serializes the
	 * process's TSYNC enforcements (see tsync.c).
	 */
	struct mutex tsync_lock;
};

static inline struct landlock_task_security *
landlock_task(const struct task_struct *const task)
{
	return task->security + landlock_blob_sizes.lbs_task;
}

int landlock_tsync_enforce(struct landlock_chain *old,
			   struct landlock_chain *new, bool set_nnp,
			   int (*at_commit)(const struct landlock_chain *new));

void __init landlock_add_tsync_hooks(void);

#endif /* _SECURITY_LANDLOCK_TSYNC_H */
