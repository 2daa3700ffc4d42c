/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - The BPF_PROG_TYPE_LANDLOCK program type
 */

#ifndef _SECURITY_LANDLOCK_BPF_H
#define _SECURITY_LANDLOCK_BPF_H

#include <linux/types.h>
#include <linux/uidgid.h>
#include <uapi/linux/landlock.h>

struct bpf_map;
struct bpf_prog;
struct landlock_chain;
struct landlock_walk;

/**
 * struct landlock_map_slot - An inode map of a program, and where the
 * answers about it are kept during a check
 */
struct landlock_map_slot {
	/** @map: The map. */
	struct bpf_map *map;
	/** @slot: Index of its answer in &landlock_check.answers. */
	u32 slot;
};

/**
 * struct landlock_check - One access check, as the programs and the helpers
 * see it
 *
 * Programs get a pointer to @ctx; helpers get back to the rest with
 * container_of(), so they read what the caller found without walking or
 * locking anything themselves.
 */
struct landlock_check {
	/** @ctx: What the programs read (uid and gid set per program). */
	struct landlock_context ctx;
	/** @uid: Owner of the object through its mount's idmapping. */
	kuid_t uid;
	/** @gid: Group of the object, likewise. */
	kgid_t gid;
	/** @walk: Objects of the object's path, or NULL if none is needed. */
	const struct landlock_walk *walk;
	/** @peer_walk: Objects of the other directory, for REFER checks. */
	const struct landlock_walk *peer_walk;
	/**
	 * @maps: The inode maps of the running program with their slots, or
	 * NULL (cgroup programs, BPF_PROG_TEST_RUN).
	 */
	const struct landlock_map_slot *maps;
	/** @num_maps: Number of @maps. */
	u32 num_maps;
	/**
	 * @answers: For each slot, what fs_beneath found on @walk (-1 until
	 * asked), so that a map is searched at most once per walk; or NULL.
	 */
	long *answers;
	/** @peer_answers: Likewise for fs_beneath_peer on @peer_walk. */
	long *peer_answers;
	/**
	 * @peer_chain: For an IPC check, the chain of the peer (the target
	 * task, the credentials that created the peer socket), or NULL.
	 */
	const struct landlock_chain *peer_chain;
	/**
	 * @ipc: An IPC check: %LANDLOCK_CTX_PEER_IN_DOMAIN is set for each
	 * program whose node @peer_chain contains, and for cgroup programs
	 * as @peer_in_cgroup says.
	 */
	bool ipc;
	/**
	 * @peer_in_cgroup: For an IPC check, the peer is in the current
	 * task's cgroup or below it.
	 */
	bool peer_in_cgroup;
};

u32 landlock_prog_inode_maps(struct bpf_prog *prog,
			     struct landlock_map_slot *maps);
int landlock_freeze_maps(struct bpf_prog *prog, bool dry_run);

#endif /* _SECURITY_LANDLOCK_BPF_H */
