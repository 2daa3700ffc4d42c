/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Running rule programs
 */

#ifndef _SECURITY_LANDLOCK_BPF_H
#define _SECURITY_LANDLOCK_BPF_H

#include <linux/path.h>
#include <linux/uidgid.h>
#include <uapi/linux/landlock.h>

struct landlock_chain;

/**
 * struct landlock_check - One access check, as the hooks describe it
 *
 * Programs get a pointer to @ctx; helpers get back to the rest with
 * container_of(), so they read what the hook found without walking or
 * locking anything themselves.
 */
struct landlock_check {
	/** @ctx: What the programs read (uid and gid set per program). */
	struct landlock_context ctx;
	/** @path: The object, or NULL in BPF_PROG_TEST_RUN. */
	const struct path *path;
	/** @peer: For a REFER check, the other directory of the move. */
	const struct path *peer;
	/** @uid: Owner of the object through its mount's idmapping. */
	kuid_t uid;
	/** @gid: Group of the object, likewise. */
	kgid_t gid;
};

int landlock_run_chain(const struct landlock_chain *chain,
		       struct landlock_check *check);

#endif /* _SECURITY_LANDLOCK_BPF_H */
