/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Constants shared by every file of the module
 */

#ifndef _SECURITY_LANDLOCK_COMMON_H
#define _SECURITY_LANDLOCK_COMMON_H

#include <linux/bits.h>
#include <uapi/linux/landlock.h>

#define LANDLOCK_NAME "landlock"

/*
 * Version of the user-space ABI (include/uapi/linux/landlock.h) that this
 * kernel implements, as returned by seccomp(SECCOMP_GET_LANDLOCK_ABI).
 */
#define LANDLOCK_ABI_VERSION 2

/*
 * The rights of ABI 1: what SECCOMP_PREPEND_LANDLOCK_PROG enforces a
 * program for, so that no program written for it runs for a later check.
 */
#define LANDLOCK_ACCESS_ABI1 GENMASK_ULL(15, 0)

/* Every right this kernel checks: what handled_access may name. */
#define LANDLOCK_ACCESS_FS_ALL \
	(LANDLOCK_ACCESS_ABI1 | LANDLOCK_ACCESS_FS_RESOLVE_UNIX)
#define LANDLOCK_ACCESS_SOCK_ALL \
	(LANDLOCK_ACCESS_SOCK_CREATE | LANDLOCK_ACCESS_SOCK_BIND | \
	 LANDLOCK_ACCESS_SOCK_CONNECT | LANDLOCK_ACCESS_SOCK_SENDTO)
#define LANDLOCK_ACCESS_IPC_ALL \
	(LANDLOCK_ACCESS_IPC_SIGNAL | LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX)
#define LANDLOCK_ACCESS_ALL \
	(LANDLOCK_ACCESS_FS_ALL | LANDLOCK_ACCESS_SOCK_ALL | \
	 LANDLOCK_ACCESS_IPC_ALL)

#ifdef pr_fmt
#undef pr_fmt
#endif

#define pr_fmt(fmt) LANDLOCK_NAME ": " fmt

#endif /* _SECURITY_LANDLOCK_COMMON_H */
