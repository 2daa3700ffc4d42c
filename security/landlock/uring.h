/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - io_uring: personalities and SQPOLL rings
 */

#ifndef _SECURITY_LANDLOCK_URING_H
#define _SECURITY_LANDLOCK_URING_H

#include <linux/init.h>

struct landlock_chain;

#ifdef CONFIG_IO_URING
void __init landlock_add_uring_hooks(void);
int landlock_uring_check_task(const struct landlock_chain *chain);
int landlock_uring_check_rings(const struct landlock_chain *chain);
#else
static inline void landlock_add_uring_hooks(void)
{
}

static inline int landlock_uring_check_task(const struct landlock_chain *chain)
{
	return 0;
}

static inline int landlock_uring_check_rings(const struct landlock_chain *chain)
{
	return 0;
}
#endif

#endif /* _SECURITY_LANDLOCK_URING_H */
