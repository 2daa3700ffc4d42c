/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Ptrace hooks
 */

#ifndef _SECURITY_LANDLOCK_PTRACE_H
#define _SECURITY_LANDLOCK_PTRACE_H

#include <linux/init.h>

void __init landlock_add_ptrace_hooks(void);

#endif /* _SECURITY_LANDLOCK_PTRACE_H */
