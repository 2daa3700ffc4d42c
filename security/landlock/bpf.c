// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - The BPF_PROG_TYPE_LANDLOCK program type
 *
 * Verifier rules: the context is read-only and may only be read with aligned
 * loads of one field or of a narrower part of it; programs return
 * LANDLOCK_RET_ALLOW or LANDLOCK_RET_DENY (kernel/bpf/verifier.c checks the
 * range); no helper is offered beyond those of this file.
 */

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/cleanup.h>
#include <linux/filter.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "bpf.h"
#include "inode_map.h"
#include "walk.h"

/* End offset of the field that contains the byte at @off. */
static u32 field_end(const int off)
{
	if (off < offsetofend(struct landlock_context, access))
		return offsetofend(struct landlock_context, access);
	if (off >= offsetof(struct landlock_context, addr) &&
	    off < offsetofend(struct landlock_context, addr))
		return offsetofend(struct landlock_context, addr);
	/* Every other field is a __u32. */
	return round_up(off + 1, sizeof(u32));
}

static bool landlock_is_valid_access(int off, int size,
				     enum bpf_access_type type,
				     const struct bpf_prog *prog,
				     struct bpf_insn_access_aux *info)
{
	if (type != BPF_READ)
		return false;
	if (off < 0 || size <= 0 || off % size)
		return false;
	/* Not the padding after the last field either. */
	if (off + size > offsetofend(struct landlock_context, signal))
		return false;
	/* Within one field: no read spans two of them. */
	return off + size <= field_end(off);
}

/* OR of the values of @walk's objects in @map. */
static long walk_value(const struct bpf_map *const map,
		       const struct landlock_walk *const walk)
{
	long acc = 0;
	unsigned int i;

	if (!walk)
		return 0;
	for (i = 0; i < walk->count; i++) {
		const long value = landlock_inode_map_value(map,
							    walk->objects[i]);

		if (value > 0)
			acc |= value;
	}
	return acc;
}

/*
 * What a beneath helper answers for @map: searched once per walk, then read
 * from the answers the caller keeps for that walk.  A program has at most MAX_USED_MAPS
 * maps.
 */
static long beneath_value(const struct landlock_check *const check,
			  const struct bpf_map *const map, const bool peer)
{
	const struct landlock_walk *const walk =
		peer ? check->peer_walk : check->walk;
	long *const answers = peer ? check->peer_answers : check->answers;
	long *answer = NULL;
	u32 i;

	for (i = 0; answers && i < check->num_maps; i++) {
		if (check->maps[i].map == map) {
			answer = &answers[check->maps[i].slot];
			break;
		}
	}
	if (!answer)
		return walk_value(map, walk);
	if (*answer < 0)
		*answer = walk_value(map, walk);
	return *answer;
}

BPF_CALL_2(bpf_landlock_fs_beneath, struct landlock_context *, ctx,
	   struct bpf_map *, map)
{
	return beneath_value(container_of(ctx, struct landlock_check, ctx),
			     map, false);
}

BPF_CALL_2(bpf_landlock_fs_beneath_peer, struct landlock_context *, ctx,
	   struct bpf_map *, map)
{
	if (!(ctx->flags & (LANDLOCK_CTX_REFER_SOURCE | LANDLOCK_CTX_REFER_DEST)))
		return -EINVAL;
	return beneath_value(container_of(ctx, struct landlock_check, ctx),
			     map, true);
}

BPF_CALL_2(bpf_landlock_fs_lookup, struct landlock_context *, ctx,
	   struct bpf_map *, map)
{
	const struct landlock_walk *const walk =
		container_of(ctx, struct landlock_check, ctx)->walk;

	if (!walk || !walk->self)
		return -ENOENT;
	return landlock_inode_map_value(map, walk->self);
}

static const struct bpf_func_proto fs_beneath_proto = {
	.func = bpf_landlock_fs_beneath,
	.ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_CTX,
	.arg2_type = ARG_CONST_MAP_PTR,
};

static const struct bpf_func_proto fs_beneath_peer_proto = {
	.func = bpf_landlock_fs_beneath_peer,
	.ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_CTX,
	.arg2_type = ARG_CONST_MAP_PTR,
};

static const struct bpf_func_proto fs_lookup_proto = {
	.func = bpf_landlock_fs_lookup,
	.ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_CTX,
	.arg2_type = ARG_CONST_MAP_PTR,
};

/*
 * The same helpers for every loader: nothing that writes a map, reads time
 * or randomness, or talks back to user space.  The verifier only lets them
 * take BPF_MAP_TYPE_LANDLOCK_INODE maps (check_map_func_compatibility()).
 */
static const struct bpf_func_proto *
landlock_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_landlock_fs_beneath:
		return &fs_beneath_proto;
	case BPF_FUNC_landlock_fs_beneath_peer:
		return &fs_beneath_peer_proto;
	case BPF_FUNC_landlock_fs_lookup:
		return &fs_lookup_proto;
	default:
		return NULL;
	}
}

/**
 * landlock_prog_inode_maps - The inode maps a program's instructions use
 *
 * @prog: A Landlock program.
 * @maps: Where to copy them (MAX_USED_MAPS at most; their slots are left
 *        alone), or NULL to count them.
 *
 * Return: The number of such maps.
 */
u32 landlock_prog_inode_maps(struct bpf_prog *const prog,
			     struct landlock_map_slot *const maps)
{
	u32 i, count = 0;

	guard(mutex)(&prog->aux->used_maps_mutex);
	for (i = 0; i < prog->aux->verified_map_cnt; i++) {
		struct bpf_map *const map = prog->aux->used_maps[i];

		if (map->map_type != BPF_MAP_TYPE_LANDLOCK_INODE)
			continue;
		if (maps)
			maps[count].map = map;
		count++;
	}
	return count;
}

/*
 * Whether enforcing may freeze @map: already frozen, or the program's
 * loader could have frozen it with BPF_MAP_FREEZE (it gave a writable
 * descriptor, and the map type allows freezing).
 */
static int may_freeze(const struct bpf_map *const map, const bool writable)
{
	if (READ_ONCE(map->frozen))
		return 0;
	if (!writable || map->map_type == BPF_MAP_TYPE_STRUCT_OPS ||
	    !IS_ERR_OR_NULL(map->record))
		return -EPERM;
	return bpf_map_write_active(map) ? -EBUSY : 0;
}

/**
 * landlock_freeze_maps - Freeze the maps a program's instructions read
 *
 * @prog: A Landlock program about to be enforced.
 * @dry_run: Only tell whether every map can be frozen.
 *
 * Only the maps the verifier found in the instructions are concerned, not
 * those bound later with BPF_PROG_BIND_MAP, which the program cannot read.
 * Once frozen, no process can change them from user space, so a confined
 * task cannot widen its own rules through a map it kept.  Enforcement calls
 * this once with @dry_run, before anything can fail, and once for real at
 * the point where it can no longer fail otherwise.
 *
 * Return: 0 (also for maps already frozen), -EPERM if a map not frozen yet
 * was given to the loader through a descriptor without write permission or
 * is of a kind BPF_MAP_FREEZE refuses, or -EBUSY if a map has a writable
 * memory mapping (when not a dry run, only if one appeared since the dry
 * run: the maps before it in the program's list stay frozen).
 */
int landlock_freeze_maps(struct bpf_prog *const prog, const bool dry_run)
{
	const struct bpf_prog_aux *const aux = prog->aux;
	int err = 0;
	u32 i;

	BUILD_BUG_ON(BITS_PER_TYPE(aux->writable_maps) < MAX_USED_MAPS);
	guard(mutex)(&prog->aux->used_maps_mutex);
	for (i = 0; i < aux->verified_map_cnt && !err; i++) {
		struct bpf_map *const map = aux->used_maps[i];

		if (dry_run)
			err = may_freeze(map, aux->writable_maps & BIT_ULL(i));
		else
			err = bpf_map_freeze(map);
	}
	return err;
}

/*
 * BPF_PROG_TEST_RUN: run a program on a context given by the caller, as if
 * the object had no inode map entry, and return its verdict in retval.
 */
static int landlock_test_run(struct bpf_prog *prog,
			     const union bpf_attr *kattr,
			     union bpf_attr __user *uattr)
{
	void __user *const ctx_in = u64_to_user_ptr(kattr->test.ctx_in);
	const u32 size = kattr->test.ctx_size_in;
	struct landlock_check check = {};
	struct landlock_walk none = {};
	u32 retval;
	int err;

	if (kattr->test.flags || kattr->test.cpu || kattr->test.batch_size ||
	    kattr->test.data_in || kattr->test.data_size_in ||
	    kattr->test.data_out || kattr->test.data_size_out ||
	    kattr->test.ctx_out || kattr->test.ctx_size_out ||
	    kattr->test.repeat > 1)
		return -EINVAL;
	if (!ctx_in != !size)
		return -EINVAL;
	if (size) {
		err = bpf_check_uarg_tail_zero(USER_BPFPTR(ctx_in),
					       sizeof(check.ctx), size);
		if (err)
			return err;
		if (copy_from_user(&check.ctx, ctx_in,
				   min_t(u32, size, sizeof(check.ctx))))
			return -EFAULT;
	}
	/* Helpers answer as for an object without map entries. */
	check.walk = &none;
	check.peer_walk = &none;
	check.uid = make_kuid(current_user_ns(), check.ctx.uid);
	check.gid = make_kgid(current_user_ns(), check.ctx.gid);

	rcu_read_lock();
	migrate_disable();
	retval = bpf_prog_run(prog, &check.ctx);
	migrate_enable();
	rcu_read_unlock();

	if (copy_to_user(&uattr->test.retval, &retval, sizeof(retval)))
		return -EFAULT;
	return 0;
}

const struct bpf_verifier_ops landlock_verifier_ops = {
	.get_func_proto = landlock_func_proto,
	.is_valid_access = landlock_is_valid_access,
};

const struct bpf_prog_ops landlock_prog_ops = {
	.test_run = landlock_test_run,
};

#ifdef CONFIG_SECURITY_LANDLOCK_KUNIT_TEST

#include <kunit/test.h>

static bool may_read(const int off, const int size)
{
	struct bpf_insn_access_aux info = {};

	return landlock_is_valid_access(off, size, BPF_READ, NULL, &info);
}

static void test_context_reads(struct kunit *const test)
{
	/* A whole field, or an aligned part of it. */
	KUNIT_EXPECT_TRUE(test, may_read(0, 8));
	KUNIT_EXPECT_TRUE(test, may_read(0, 4));
	KUNIT_EXPECT_TRUE(test, may_read(4, 4));
	KUNIT_EXPECT_TRUE(test, may_read(7, 1));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, mode),
					 4));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, flags),
					 4));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, uid) + 2,
					 2));
	/* ABI 2: addr is one field of 16 bytes. */
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, port),
					 4));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, addr),
					 8));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, addr) + 8,
					 8));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, addr) + 12,
					 4));
	KUNIT_EXPECT_TRUE(test, may_read(offsetof(struct landlock_context, signal),
					 4));
}

static void test_context_refusals(struct kunit *const test)
{
	struct bpf_insn_access_aux info = {};

	/* Never written. */
	KUNIT_EXPECT_FALSE(test, landlock_is_valid_access(0, 8, BPF_WRITE, NULL,
							  &info));
	/* Misaligned, out of bounds, or across two fields. */
	KUNIT_EXPECT_FALSE(test, may_read(2, 4));
	KUNIT_EXPECT_FALSE(test, may_read(-4, 4));
	KUNIT_EXPECT_FALSE(test, may_read(sizeof(struct landlock_context), 4));
	KUNIT_EXPECT_FALSE(test, may_read(sizeof(struct landlock_context) - 4,
					  8));
	KUNIT_EXPECT_FALSE(test, may_read(offsetof(struct landlock_context, mode),
					  8));
	KUNIT_EXPECT_FALSE(test, may_read(0, 0));
	/* Across port and addr, across addr and signal, the padding. */
	KUNIT_EXPECT_FALSE(test, may_read(offsetof(struct landlock_context, port),
					  8));
	KUNIT_EXPECT_FALSE(test, may_read(offsetof(struct landlock_context, signal),
					  8));
	KUNIT_EXPECT_FALSE(test, may_read(offsetofend(struct landlock_context,
						      signal), 4));
	KUNIT_EXPECT_FALSE(test, may_read(offsetof(struct landlock_context, addr) + 4,
					  8));
}

static struct kunit_case test_cases[] = {
	KUNIT_CASE(test_context_reads),
	KUNIT_CASE(test_context_refusals),
	{}
};

static struct kunit_suite test_suite = {
	.name = "landlock_bpf",
	.test_cases = test_cases,
};

kunit_test_suite(test_suite);

#endif /* CONFIG_SECURITY_LANDLOCK_KUNIT_TEST */
