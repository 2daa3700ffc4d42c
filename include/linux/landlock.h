/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Entry points called from outside security/landlock/
 */

#ifndef _LINUX_LANDLOCK_H
#define _LINUX_LANDLOCK_H

#include <linux/compiler_types.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <uapi/linux/bpf.h>
#include <uapi/linux/landlock.h>

#ifdef CONFIG_SECURITY_LANDLOCK

long landlock_seccomp_get_abi(unsigned int flags, void __user *uargs);
long landlock_seccomp_prepend_prog(unsigned int flags, void __user *uargs);
long landlock_seccomp_enforce(unsigned int flags, void __user *uargs);
bool landlock_unprivileged_prog(enum bpf_prog_type type);
bool landlock_unprivileged_map(enum bpf_map_type type, u32 flags);
bool landlock_unprivileged_enabled(void);

#else /* CONFIG_SECURITY_LANDLOCK */

/* Without Landlock, its seccomp operations are unknown ones. */
static inline long landlock_seccomp_get_abi(unsigned int flags,
					    void __user *uargs)
{
	return -EINVAL;
}

static inline long landlock_seccomp_prepend_prog(unsigned int flags,
						 void __user *uargs)
{
	return -EINVAL;
}

static inline long landlock_seccomp_enforce(unsigned int flags,
					    void __user *uargs)
{
	return -EINVAL;
}

static inline bool landlock_unprivileged_prog(enum bpf_prog_type type)
{
	return false;
}

static inline bool landlock_unprivileged_map(enum bpf_map_type type,
					     u32 flags)
{
	return false;
}

static inline bool landlock_unprivileged_enabled(void)
{
	return false;
}

#endif /* CONFIG_SECURITY_LANDLOCK */

#endif /* _LINUX_LANDLOCK_H */
