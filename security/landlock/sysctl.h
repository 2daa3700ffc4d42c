/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Who may load rules: /proc/sys/kernel/landlock/
 */

#ifndef _SECURITY_LANDLOCK_SYSCTL_H
#define _SECURITY_LANDLOCK_SYSCTL_H

#include <linux/init.h>

void __init landlock_unprivileged_boot_notify(void);

#ifdef CONFIG_SYSCTL
void __init landlock_add_sysctl(void);
#else
static inline void landlock_add_sysctl(void)
{
}
#endif

#endif /* _SECURITY_LANDLOCK_SYSCTL_H */
