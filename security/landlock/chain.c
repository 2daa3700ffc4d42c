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
#include <linux/filter.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "bpf.h"
#include "chain.h"
#include "common.h"

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
 * @handled: The rights @prog is run for (not 0).
 *
 * Return: The new chain, ERR_PTR(-E2BIG) if it would hold more than
 * %LANDLOCK_CHAIN_MAX_PROGS programs or %LANDLOCK_CHAIN_MAX_INSN_BYTES bytes of
 * instructions, or ERR_PTR(-ENOMEM).
 */
struct landlock_chain *landlock_chain_prepend(struct landlock_chain *const prev,
					      struct bpf_prog *const prog,
					      struct user_namespace *const user_ns,
					      const u64 handled)
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

	node->prev = landlock_get_chain(prev);
	node->prog = prog;
	node->user_ns = get_user_ns(user_ns);
	refcount_set(&node->usage, 1);
	node->num_progs = prev_progs + 1;
	node->insn_bytes = prev_bytes + bytes;
	node->needs_walk = (prev && prev->needs_walk) || num_maps;
	node->handled = handled;
	node->any_handled = handled | (prev ? prev->any_handled : 0);
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
 * landlock_put_chain - Drop a reference to a chain
 *
 * @chain: The chain, or NULL.
 *
 * Frees every node whose last reference goes away, walking towards the
 * oldest one without recursion.  May be called from an RCU callback (credentials
 * are freed there): nothing here sleeps.
 */
void landlock_put_chain(struct landlock_chain *chain)
{
	while (chain && refcount_dec_and_test(&chain->usage)) {
		struct landlock_chain *const prev = chain->prev;

		bpf_prog_put(chain->prog);
		put_user_ns(chain->user_ns);
		kfree(chain);
		chain = prev;
	}
}

/*
 * The newest node that @chain and @peer share, or NULL: chains are trees
 * of nodes whose depth is their number of programs, so the first node
 * where the two meet once at the same depth is their last common one.
 */
static const struct landlock_chain *
shared_node(const struct landlock_chain *chain,
	    const struct landlock_chain *peer)
{
	u32 depth = chain ? chain->num_progs : 0;
	u32 peer_depth = peer ? peer->num_progs : 0;

	for (; depth > peer_depth; depth--)
		chain = chain->prev;
	for (; peer_depth > depth; peer_depth--)
		peer = peer->prev;
	while (chain != peer) {
		chain = chain->prev;
		peer = peer->prev;
	}
	return chain;
}

/**
 * landlock_run_chain - Run every program of a chain on one access check
 *
 * @chain: The programs, newest first (not NULL).
 * @check: The access check; its context's uid and gid are set here for each
 *         program, from the user namespace the program was enforced from,
 *         and for an IPC check (@check->ipc) %LANDLOCK_CTX_PEER_IN_DOMAIN,
 *         for each program whose node the peer's chain contains.  Its
 *         answers, if any, have one entry per slot of @chain.
 *
 * The newest program runs first and the first denial stops the walk; a
 * program whose enforcement does not handle the right of the check is not
 * run.  Must be called under RCU with migration disabled (once for all the
 * rights of a request), so nothing the programs call may sleep.
 *
 * Return: 0 if every program allows the access, -EACCES otherwise.
 */
int landlock_run_chain(const struct landlock_chain *chain,
		       struct landlock_check *const check)
{
	const struct user_namespace *user_ns = NULL;
	const struct landlock_chain *shared = NULL;
	u32 ret = LANDLOCK_RET_ALLOW;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "Landlock programs run under RCU");
	cant_migrate();
	if (check->ipc) {
		/* The peer's chain contains this node and every older one. */
		shared = shared_node(chain, check->peer_chain);
		check->ctx.flags &= ~LANDLOCK_CTX_PEER_IN_DOMAIN;
	}
	for (; chain; chain = chain->prev) {
		if (chain == shared)
			check->ctx.flags |= LANDLOCK_CTX_PEER_IN_DOMAIN;
		if (!(chain->handled & check->ctx.access))
			continue;
		check->maps = chain->maps;
		check->num_maps = chain->num_maps;
		/* Programs cannot write their context: map once per namespace. */
		if (chain->user_ns != user_ns) {
			user_ns = chain->user_ns;
			check->ctx.uid = from_kuid_munged(chain->user_ns,
							  check->uid);
			check->ctx.gid = from_kgid_munged(chain->user_ns,
							  check->gid);
		}
		ret = bpf_prog_run(chain->prog, &check->ctx);
		if (ret != LANDLOCK_RET_ALLOW)
			break;
	}

	check->maps = NULL;
	check->num_maps = 0;
	return ret == LANDLOCK_RET_ALLOW ? 0 : -EACCES;
}

#ifdef CONFIG_SECURITY_LANDLOCK_KUNIT_TEST

#include <kunit/test.h>

/*
 * A program with no map and @insns instructions as loaded, and an older
 * chain with @progs programs and @bytes bytes of instructions: enough for
 * the limits, which landlock_chain_prepend() checks first.
 */
static struct bpf_prog *fake_prog(struct kunit *const test, const u32 insns)
{
	struct bpf_prog *const prog = kunit_kzalloc(test, sizeof(*prog),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->aux = kunit_kzalloc(test, sizeof(*prog->aux), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog->aux);
	mutex_init(&prog->aux->used_maps_mutex);
	prog->aux->loaded_insn_cnt = insns;
	/* What the verifier's rewrites made of it: not counted. */
	prog->len = BPF_MAXINSNS * 4;
	return prog;
}

static void fake_chain(struct landlock_chain *const chain, const u32 progs,
		       const u32 bytes)
{
	refcount_set(&chain->usage, 1);
	chain->num_progs = progs;
	chain->insn_bytes = bytes;
}

static struct landlock_chain *fake_prepend(struct landlock_chain *const prev,
					   struct bpf_prog *const prog)
{
	return landlock_chain_prepend(prev, prog, &init_user_ns,
				      LANDLOCK_ACCESS_ABI1);
}

/* Undo a successful prepend on fakes: the node does not own @prog. */
static void drop_node(struct landlock_chain *const node)
{
	refcount_dec(&node->prev->usage);
	put_user_ns(node->user_ns);
	kfree(node);
}

static void test_chain_max_progs(struct kunit *const test)
{
	struct bpf_prog *const prog = fake_prog(test, 1);
	struct landlock_chain prev = {};
	struct landlock_chain *node;

	fake_chain(&prev, LANDLOCK_CHAIN_MAX_PROGS, 8);
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-E2BIG),
			    fake_prepend(&prev, prog));

	fake_chain(&prev, LANDLOCK_CHAIN_MAX_PROGS - 1, 8);
	node = fake_prepend(&prev, prog);
	KUNIT_ASSERT_FALSE(test, IS_ERR(node));
	KUNIT_EXPECT_EQ(test, LANDLOCK_CHAIN_MAX_PROGS, node->num_progs);
	KUNIT_EXPECT_EQ(test, 16, node->insn_bytes);
	KUNIT_EXPECT_FALSE(test, node->needs_walk);
	drop_node(node);
}

static void test_chain_max_bytes(struct kunit *const test)
{
	struct bpf_prog *const prog = fake_prog(test, 10);
	const u32 bytes = 10 * sizeof(struct bpf_insn);
	struct landlock_chain prev = {};
	struct landlock_chain *node;

	fake_chain(&prev, 1, LANDLOCK_CHAIN_MAX_INSN_BYTES - bytes + 8);
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-E2BIG),
			    fake_prepend(&prev, prog));

	/* Exactly full, counting instructions as loaded. */
	fake_chain(&prev, 1, LANDLOCK_CHAIN_MAX_INSN_BYTES - bytes);
	node = fake_prepend(&prev, prog);
	KUNIT_ASSERT_FALSE(test, IS_ERR(node));
	KUNIT_EXPECT_EQ(test, LANDLOCK_CHAIN_MAX_INSN_BYTES, node->insn_bytes);
	drop_node(node);
}

/* A tree of nodes: a <- b <- c, b <- d, and e alone. */
static void test_shared_node(struct kunit *const test)
{
	struct landlock_chain a = { .num_progs = 1 };
	struct landlock_chain b = { .prev = &a, .num_progs = 2 };
	struct landlock_chain c = { .prev = &b, .num_progs = 3 };
	struct landlock_chain d = { .prev = &b, .num_progs = 3 };
	struct landlock_chain e = { .num_progs = 1 };

	KUNIT_EXPECT_PTR_EQ(test, &b, shared_node(&c, &d));
	KUNIT_EXPECT_PTR_EQ(test, &b, shared_node(&d, &c));
	KUNIT_EXPECT_PTR_EQ(test, &b, shared_node(&c, &b));
	KUNIT_EXPECT_PTR_EQ(test, &a, shared_node(&a, &d));
	KUNIT_EXPECT_PTR_EQ(test, &c, shared_node(&c, &c));
	KUNIT_EXPECT_PTR_EQ(test, NULL, shared_node(&c, &e));
	KUNIT_EXPECT_PTR_EQ(test, NULL, shared_node(&c, NULL));
	KUNIT_EXPECT_PTR_EQ(test, NULL, shared_node(NULL, &c));
}

static void test_chain_handled(struct kunit *const test)
{
	struct bpf_prog *const prog = fake_prog(test, 1);
	struct landlock_chain prev = {};
	struct landlock_chain *node;

	fake_chain(&prev, 1, 8);
	prev.handled = LANDLOCK_ACCESS_SOCK_CONNECT;
	prev.any_handled = prev.handled | LANDLOCK_ACCESS_IPC_SIGNAL;
	node = fake_prepend(&prev, prog);
	KUNIT_ASSERT_FALSE(test, IS_ERR(node));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_ABI1, node->handled);
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_ABI1 | LANDLOCK_ACCESS_SOCK_CONNECT |
			      LANDLOCK_ACCESS_IPC_SIGNAL,
			node->any_handled);
	drop_node(node);
}

static struct kunit_case test_cases[] = {
	KUNIT_CASE(test_chain_max_progs),
	KUNIT_CASE(test_chain_max_bytes),
	KUNIT_CASE(test_shared_node),
	KUNIT_CASE(test_chain_handled),
	{}
};

static struct kunit_suite test_suite = {
	.name = "landlock_chain",
	.test_cases = test_cases,
};

kunit_test_suite(test_suite);

#endif /* CONFIG_SECURITY_LANDLOCK_KUNIT_TEST */
