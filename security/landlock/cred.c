// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Credential hooks: chains follow credentials
 *
 * fork, clone and execve copy credentials with prepare_creds(), so children
 * and new programs keep the chain; so do setuid() and friends.  A chain
 * cannot be removed: the only writer is landlock_seccomp_prepend_prog().
 */

#include <linux/cred.h>
#include <linux/lsm_hooks.h>

#include "chain.h"
#include "cred.h"
#include "setup.h"

static void hook_cred_transfer(struct cred *const new,
			       const struct cred *const old)
{
	landlock_cred(new)->chain =
		landlock_get_chain(landlock_cred(old)->chain);
}

static int hook_cred_prepare(struct cred *const new,
			     const struct cred *const old, const gfp_t gfp)
{
	hook_cred_transfer(new, old);
	return 0;
}

static void hook_cred_free(struct cred *const cred)
{
	landlock_put_chain(landlock_cred(cred)->chain);
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(cred_prepare, hook_cred_prepare),
	LSM_HOOK_INIT(cred_transfer, hook_cred_transfer),
	LSM_HOOK_INIT(cred_free, hook_cred_free),
};

/**
 * landlock_add_cred_hooks - Register the credential hooks
 */
__init void landlock_add_cred_hooks(void)
{
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}
