// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Program chains enforced on tasks
 *
 * Chains are immutable once built, so they need no lock: readers follow
 * pointers from credentials they hold (or read under RCU), and a node lives
 * as long as a credential or a newer node references it.
 */

#include <linux/bpf.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "bpf.h"
#include "chain.h"

/* Find the slot that @map has in @chain: true if it has one. */
static bool find_slot(const struct landlock_chain *chain,
		      const struct bpf_map *const map, u32 *const slot)
{
	u32 i;

	for (; chain; chain = chain->prev) {
		for (i = 0; i < chain->num_maps; i++) {
			if (chain->maps[i].map == map) {
				*slot = chain->maps[i].slot;
				return true;
			}
		}
	}
	return false;
}

/*
 * Give each inode map of @node the slot the same map has in an older node,
 * or a new one: a check then searches each distinct map once, however many
 * programs of the chain read it.
 */
static void assign_slots(struct landlock_chain *const node,
			 const struct landlock_chain *const prev)
{
	u32 i, slots = prev ? prev->num_slots : 0;

	for (i = 0; i < node->num_maps; i++) {
		if (!find_slot(prev, node->maps[i].map, &node->maps[i].slot))
			node->maps[i].slot = slots++;
	}
	node->num_slots = slots;
}

/**
 * landlock_chain_prepend - Make a chain with a program in front of another
 *
 * @prev: The chain of the enforcing task, or NULL; the new node takes a
 *        reference to it.
 * @prog: A BPF_PROG_TYPE_LANDLOCK program; on success the new node owns the
 *        caller's reference.
 * @user_ns: The user namespace of the enforcing task; the new node takes a
 *           reference to it.
 *
 * Return: The new chain, ERR_PTR(-E2BIG) if it would hold more than
 * %LANDLOCK_CHAIN_MAX_PROGS programs or %LANDLOCK_CHAIN_MAX_INSN_BYTES bytes of
 * instructions, or ERR_PTR(-ENOMEM).
 */
struct landlock_chain *landlock_chain_prepend(struct landlock_chain *const prev,
					      struct bpf_prog *const prog,
					      struct user_namespace *const user_ns)
{
	struct landlock_chain *node;
	/*
	 * Instructions as loaded (at most BPF_MAXINSNS for this program
	 * type), not as the verifier rewrote them: constant blinding and
	 * Spectre sanitation must not count against the user.
	 */
	const u32 bytes = prog->aux->loaded_insn_cnt * sizeof(struct bpf_insn);
	const u32 prev_progs = prev ? prev->num_progs : 0;
	const u32 prev_bytes = prev ? prev->insn_bytes : 0;
	u32 num_maps;

	if (prev_progs >= LANDLOCK_CHAIN_MAX_PROGS ||
	    bytes > LANDLOCK_CHAIN_MAX_INSN_BYTES - prev_bytes)
		return ERR_PTR(-E2BIG);

	num_maps = landlock_prog_inode_maps(prog, NULL);
	node = kzalloc(struct_size(node, maps, num_maps), GFP_KERNEL_ACCOUNT);
	if (!node)
		return ERR_PTR(-ENOMEM);
	node->num_maps = num_maps;
	landlock_prog_inode_maps(prog, node->maps);
	assign_slots(node, prev);

	node->prev = landlock_chain_get(prev);
	node->prog = prog;
	node->user_ns = get_user_ns(user_ns);
	refcount_set(&node->usage, 1);
	node->num_progs = prev_progs + 1;
	node->insn_bytes = prev_bytes + bytes;
	node->needs_walk = (prev && prev->needs_walk) || num_maps;
	return node;
}

/**
 * landlock_chain_contains - Whether a chain includes a given node
 *
 * @chain: The chain to walk, or NULL.
 * @node: The node to look for (by identity, not by program).
 *
 * Return: True if @node is @chain or one of its older nodes.
 */
bool landlock_chain_contains(const struct landlock_chain *chain,
			     const struct landlock_chain *const node)
{
	for (; chain; chain = chain->prev) {
		if (chain == node)
			return true;
	}
	return false;
}

/**
 * landlock_chain_put - Drop a reference to a chain
 *
 * @chain: The chain, or NULL.
 *
 * Frees every node whose last reference goes away, walking towards the
 * oldest one without recursion.  May be called from an RCU callback (credentials
 * are freed there): nothing here sleeps.
 */
void landlock_chain_put(struct landlock_chain *chain)
{
	while (chain && refcount_dec_and_test(&chain->usage)) {
		struct landlock_chain *const prev = chain->prev;

		bpf_prog_put(chain->prog);
		put_user_ns(chain->user_ns);
		kfree(chain);
		chain = prev;
	}
}
