/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Constants shared by every file of the module
 */

#ifndef _SECURITY_LANDLOCK_COMMON_H
#define _SECURITY_LANDLOCK_COMMON_H

#define LANDLOCK_NAME "landlock"

/*
 * Version of the user-space ABI (include/uapi/linux/landlock.h) that this
 * kernel implements, as returned by seccomp(SECCOMP_GET_LANDLOCK_ABI).
 */
#define LANDLOCK_ABI_VERSION 1

#ifdef pr_fmt
#undef pr_fmt
#endif

#define pr_fmt(fmt) LANDLOCK_NAME ": " fmt

#endif /* _SECURITY_LANDLOCK_COMMON_H */
