/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Registration with the LSM framework
 */

#ifndef _SECURITY_LANDLOCK_SETUP_H
#define _SECURITY_LANDLOCK_SETUP_H

#include <linux/cache.h>
#include <linux/lsm_hooks.h>

extern bool landlock_initialized;

extern struct lsm_blob_sizes landlock_blob_sizes;
extern const struct lsm_id landlock_lsmid;

#endif /* _SECURITY_LANDLOCK_SETUP_H */
