/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Credential security blob
 */

#ifndef _SECURITY_LANDLOCK_CRED_H
#define _SECURITY_LANDLOCK_CRED_H

#include <linux/cred.h>
#include <linux/lsm_hooks.h>

#include "setup.h"

struct landlock_chain;

/**
 * struct landlock_cred_security - Landlock's part of a credential
 */
struct landlock_cred_security {
	/**
	 * @chain: Programs enforced on the tasks using this credential,
	 * newest first, or NULL (one reference held).
	 */
	struct landlock_chain *chain;
};

static inline struct landlock_cred_security *
landlock_cred(const struct cred *const cred)
{
	return cred->security + landlock_blob_sizes.lbs_cred;
}

/* The chain of the current task: valid while the task runs. */
static inline const struct landlock_chain *landlock_current_chain(void)
{
	return landlock_cred(current_cred())->chain;
}

void __init landlock_add_cred_hooks(void);

#endif /* _SECURITY_LANDLOCK_CRED_H */
