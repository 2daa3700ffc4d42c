/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Signal and abstract unix socket hooks
 */

#ifndef _SECURITY_LANDLOCK_IPC_H
#define _SECURITY_LANDLOCK_IPC_H

#include <linux/init.h>

void __init landlock_add_ipc_hooks(void);

#endif /* _SECURITY_LANDLOCK_IPC_H */
