/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Running rule programs
 */

#ifndef _SECURITY_LANDLOCK_BPF_H
#define _SECURITY_LANDLOCK_BPF_H

#include <linux/path.h>
#include <linux/uidgid.h>
#include <uapi/linux/landlock.h>

struct bpf_map;
struct bpf_prog;
struct landlock_chain;
struct landlock_chain_map;
struct landlock_object;

/* Objects found without allocating; deeper walks allocate. */
#define LANDLOCK_WALK_INLINE 16
/* At most this many objects per walk: the nearest ones (see walk.c). */
#define LANDLOCK_WALK_MAX 1024
/* Inode maps of a chain whose answers a check keeps without allocating. */
#define LANDLOCK_ANSWERS_INLINE 8

/**
 * struct landlock_walk - Objects of a path and of its ancestors
 *
 * What the inode-map helpers read: filled by landlock_walk_path() in the
 * hook, where references can be taken, before the programs run.
 */
struct landlock_walk {
	/** @self: The object of the path's own inode, or NULL. */
	struct landlock_object *self;
	/** @objects: Objects of the path and its ancestors (referenced). */
	struct landlock_object **objects;
	/** @count: Number of @objects. */
	unsigned int count;
	/** @size: Capacity of @objects. */
	unsigned int size;
	/** @inline_objects: Storage for shallow walks. */
	struct landlock_object *inline_objects[LANDLOCK_WALK_INLINE];
};

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
	/** @walk: Objects on @path, or NULL if no program needs them. */
	const struct landlock_walk *walk;
	/** @peer_walk: Objects on @peer, for REFER checks. */
	const struct landlock_walk *peer_walk;
	/**
	 * @node: The chain node whose program runs, or NULL (cgroup programs,
	 * BPF_PROG_TEST_RUN): which of @answers its inode maps use.
	 */
	const struct landlock_chain *node;
	/**
	 * @answers: For each distinct inode map of the chain (by slot), what
	 * fs_beneath and fs_beneath_peer found (two values, -1 until asked),
	 * so that a map is searched at most once per walk and check; or NULL.
	 */
	long *answers;
};

u32 landlock_prog_inode_maps(struct bpf_prog *prog,
			     struct landlock_chain_map *maps);
int landlock_freeze_maps(struct bpf_prog *prog, bool dry_run);

int landlock_walk_path(const struct path *path, struct landlock_walk *walk);
void landlock_walk_done(struct landlock_walk *walk);

int landlock_run_chain(const struct landlock_chain *chain,
		       struct landlock_check *check);

#endif /* _SECURITY_LANDLOCK_BPF_H */
