/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Socket hooks
 */

#ifndef _SECURITY_LANDLOCK_NET_H
#define _SECURITY_LANDLOCK_NET_H

#include <linux/init.h>

#ifdef CONFIG_NET
void __init landlock_add_net_hooks(void);
#else
static inline void landlock_add_net_hooks(void)
{
}
#endif

#endif /* _SECURITY_LANDLOCK_NET_H */
