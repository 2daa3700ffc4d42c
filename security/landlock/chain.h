/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Program chains enforced on tasks
 */

#ifndef _SECURITY_LANDLOCK_CHAIN_H
#define _SECURITY_LANDLOCK_CHAIN_H

#include <linux/refcount.h>
#include <linux/types.h>

#include "bpf.h"

struct bpf_prog;
struct user_namespace;

/* At most this many programs in a chain... */
#define LANDLOCK_CHAIN_MAX_PROGS 32
/* ...and this many bytes of instructions (8 per instruction), summed. */
#define LANDLOCK_CHAIN_MAX_INSN_BYTES (256 * 1024)
/* Inode maps of a chain whose answers a request keeps without allocating. */
#define LANDLOCK_ANSWERS_INLINE 8

/**
 * struct landlock_chain - One enforced program and the ones before it
 *
 * A chain is a singly linked list of immutable nodes, newest first: enforcing
 * a program prepends a node whose @prev is the task's current chain, so tasks
 * that enforced programs after a fork share the prefix they inherited (as
 * seccomp filters do).  A chain is hung on the credentials (see cred.h);
 * every credential and every newer node holds a reference to it.
 */
struct landlock_chain {
	/** @prev: The chain this node was prepended to, or NULL. */
	struct landlock_chain *prev;
	/** @prog: The program, of type BPF_PROG_TYPE_LANDLOCK (owned). */
	struct bpf_prog *prog;
	/**
	 * @user_ns: User namespace the program was enforced from; the
	 * context's uid and gid are translated into it (owned).
	 */
	struct user_namespace *user_ns;
	/** @usage: References from credentials and from newer nodes. */
	refcount_t usage;
	/**
	 * @handled: The rights @prog is run for (its enforcement's
	 * handled_access); for other checks it counts as allowing.
	 */
	u64 handled;
	/**
	 * @any_handled: Union of @handled over this node and the older ones:
	 * a hook whose rights are not in it has nothing to run.
	 */
	u64 any_handled;
	/** @num_progs: Programs in the chain, this one included. */
	u32 num_progs;
	/** @insn_bytes: 8 bytes per instruction, summed over the chain. */
	u32 insn_bytes;
	/**
	 * @needs_walk: A program of the chain uses an inode map, so checks
	 * must collect the objects of the path's ancestors first.
	 */
	bool needs_walk;
	/**
	 * @num_slots: Distinct inode maps of the chain, this node and the
	 * older ones: a request keeps what the helpers answered for each (see
	 * check.c).
	 */
	u32 num_slots;
	/** @num_maps: Number of @maps. */
	u32 num_maps;
	/**
	 * @maps: The inode maps @prog's instructions use (@prog holds them;
	 * a copy, since BPF_PROG_BIND_MAP may reallocate the program's list),
	 * each with its slot: the same map has the same slot in every node.
	 */
	struct landlock_map_slot maps[] __counted_by(num_maps);
};

struct landlock_chain *landlock_chain_prepend(struct landlock_chain *prev,
					      struct bpf_prog *prog,
					      struct user_namespace *user_ns,
					      u64 handled);

bool landlock_chain_contains(const struct landlock_chain *chain,
			     const struct landlock_chain *node);

void landlock_put_chain(struct landlock_chain *chain);

int landlock_run_chain(const struct landlock_chain *chain,
		       struct landlock_check *check);

static inline struct landlock_chain *
landlock_get_chain(struct landlock_chain *const chain)
{
	if (chain)
		refcount_inc(&chain->usage);
	return chain;
}

#endif /* _SECURITY_LANDLOCK_CHAIN_H */
