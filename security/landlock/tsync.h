/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Enforcing a program on every thread of a process (TSYNC)
 */

#ifndef _SECURITY_LANDLOCK_TSYNC_H
#define _SECURITY_LANDLOCK_TSYNC_H

#include <linux/types.h>

struct landlock_chain;

int landlock_tsync_enforce(struct landlock_chain *old,
			   struct landlock_chain *new, bool set_nnp);

#endif /* _SECURITY_LANDLOCK_TSYNC_H */
