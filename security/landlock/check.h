/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Access requests: what a hook asks, checked in one pass
 */

#ifndef _SECURITY_LANDLOCK_CHECK_H
#define _SECURITY_LANDLOCK_CHECK_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/types.h>

#include "bpf.h"
#include "cgroup.h"
#include "chain.h"
#include "cred.h"

struct dentry;
struct path;

/**
 * struct landlock_request - What one hook asks of the task's programs
 *
 * The hook describes its operation once; landlock_check_request() walks
 * each path at most once and runs the programs on every right, one right per
 * run (&landlock_context.access holds a single right).
 */
struct landlock_request {
	/** @path: The object: a file, or the directory whose entries change. */
	const struct path *path;
	/** @access: Rights needed on @path. */
	u64 access;
	/**
	 * @optional: Rights on @path checked after @access is granted, whose
	 * denial does not fail the request but is reported in @denied.
	 */
	u64 optional;
	/** @open_flags: For checks of @path: the open(2) flags, or 0. */
	u32 open_flags;
	/** @ioctl_cmd: For checks of @path: the ioctl(2) request, or 0. */
	u32 ioctl_cmd;
	/**
	 * @sock_type: For checks of @path: the type of the socket that
	 * resolves a unix socket address (%LANDLOCK_ACCESS_FS_RESOLVE_UNIX),
	 * or 0.
	 */
	u32 sock_type;
	/**
	 * @peer: The other directory of a link or a rename, or NULL; for
	 * a link or an O_TMPFILE open, see @peer_child instead.
	 */
	const struct path *peer;
	/**
	 * @peer_child: If not NULL, @peer is this dentry's parent on @path's
	 * mount (a hard link's source directory, an O_TMPFILE's directory),
	 * found only if a check runs.
	 */
	struct dentry *peer_child;
	/** @peer_access: Rights needed on the peer. */
	u64 peer_access;
	/**
	 * @refer: REFER checks between the peer and @path, run last (if the
	 * two directories differ), so that their denial means -EXDEV and any
	 * other -EACCES: %LANDLOCK_REFER_TO_PATH for an entry moving from the
	 * peer to @path, %LANDLOCK_REFER_TO_PEER for one moving back.
	 */
	unsigned int refer;
	/**
	 * @denied: Output: the rights of @optional that were denied; 0 in
	 * the request's initializer.
	 */
	u64 denied;
};

#define LANDLOCK_REFER_TO_PATH BIT(0)
#define LANDLOCK_REFER_TO_PEER BIT(1)

int __landlock_check_request(struct landlock_request *req);

/**
 * landlock_check_request - Check a request against the current task's rules
 *
 * @req: The request; @req->denied gets the denied optional rights.  A peer
 *       that is @req->path itself (a rename within one directory) is folded
 *       into it: its rights join @req->access.
 *
 * A task without a chain, while no cgroup has Landlock programs, returns at
 * once (one test, inlined into the hooks; @req->denied stays 0).
 *
 * Return: 0 if every right of @req->access, @req->peer_access and @req->refer
 * is allowed, -EXDEV if only a REFER check denied, -EACCES otherwise, or
 * -ENOMEM (denied).
 */
static inline int landlock_check_request(struct landlock_request *const req)
{
	if (likely(!landlock_current_chain()) && !landlock_cgroup_active())
		return 0;
	return __landlock_check_request(req);
}

/**
 * landlock_may_check - Whether some program of the current task may be run
 * for a right
 *
 * @access: The rights a hook is about to check.
 *
 * One test for a task without a chain while no cgroup has Landlock
 * programs, one more for a chain whose nodes handle none of @access
 * (cgroup programs see every check).
 *
 * Return: False if no program would be run for any right of @access.
 */
static inline bool landlock_may_check(const u64 access)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return false;
	return landlock_cgroup_active() || (chain->any_handled & access);
}

int landlock_check_access(struct landlock_check *check);
int landlock_check_chain(const struct landlock_chain *chain,
			 struct landlock_check *check);

#endif /* _SECURITY_LANDLOCK_CHECK_H */
