// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Registration with the LSM framework
 *
 * Landlock is only active when it is listed in CONFIG_LSM or in the "lsm="
 * boot parameter; landlock_initialized tells the rest of the module whether
 * that happened, so that its user-space entry points can answer EOPNOTSUPP
 * otherwise.
 */

#include <linux/build_bug.h>
#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <linux/stddef.h>
#include <uapi/linux/landlock.h>
#include <uapi/linux/lsm.h>

#include "common.h"
#include "cred.h"
#include "fs.h"
#include "ipc.h"
#include "net.h"
#include "object.h"
#include "ptrace.h"
#include "setup.h"
#include "sysctl.h"
#include "tsync.h"
#include "uring.h"

bool landlock_initialized __ro_after_init;

const struct lsm_id landlock_lsmid = {
	.name = LANDLOCK_NAME,
	.id = LSM_ID_LANDLOCK,
};

struct lsm_blob_sizes landlock_blob_sizes __ro_after_init = {
	.lbs_cred = sizeof(struct landlock_cred_security),
	.lbs_file = sizeof(struct landlock_file_security),
	.lbs_inode = sizeof(struct landlock_inode_security),
	.lbs_superblock = sizeof(struct landlock_superblock_security),
	.lbs_task = sizeof(struct landlock_task_security),
};

/* The context is ABI: it may only grow at its end. */
static void __init check_context_layout(void)
{
	BUILD_BUG_ON(offsetof(struct landlock_context, access) != 0);
	BUILD_BUG_ON(offsetof(struct landlock_context, mode) != 8);
	BUILD_BUG_ON(offsetof(struct landlock_context, uid) != 12);
	BUILD_BUG_ON(offsetof(struct landlock_context, gid) != 16);
	BUILD_BUG_ON(offsetof(struct landlock_context, open_flags) != 20);
	BUILD_BUG_ON(offsetof(struct landlock_context, ioctl_cmd) != 24);
	BUILD_BUG_ON(offsetof(struct landlock_context, flags) != 28);
	/* ABI 2 */
	BUILD_BUG_ON(offsetof(struct landlock_context, family) != 32);
	BUILD_BUG_ON(offsetof(struct landlock_context, sock_type) != 36);
	BUILD_BUG_ON(offsetof(struct landlock_context, protocol) != 40);
	BUILD_BUG_ON(offsetof(struct landlock_context, port) != 44);
	BUILD_BUG_ON(offsetof(struct landlock_context, addr) != 48);
	BUILD_BUG_ON(offsetof(struct landlock_context, signal) != 64);
	BUILD_BUG_ON(sizeof(struct landlock_context) != 72);
}

static int __init landlock_init(void)
{
	int err;

	check_context_layout();
	err = landlock_init_objects();
	if (err)
		return err;
	landlock_add_cred_hooks();
	landlock_add_fs_hooks();
	landlock_add_ptrace_hooks();
	landlock_add_net_hooks();
	landlock_add_ipc_hooks();
	landlock_add_uring_hooks();
	landlock_add_tsync_hooks();
	landlock_add_sysctl();
	landlock_initialized = true;
	landlock_unprivileged_boot_notify();
	pr_info("Up and running (eBPF rules, ABI %d).\n", LANDLOCK_ABI_VERSION);
	return 0;
}

DEFINE_LSM(LANDLOCK_NAME) = {
	.name = LANDLOCK_NAME,
	.init = landlock_init,
	.blobs = &landlock_blob_sizes,
};
