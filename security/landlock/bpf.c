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
#include <linux/filter.h>
#include <linux/rcupdate.h>
#include <linux/stddef.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "bpf.h"
#include "chain.h"

/* End offset of the field that contains the byte at @off. */
static u32 field_end(const int off)
{
	if (off < offsetofend(struct landlock_context, access))
		return offsetofend(struct landlock_context, access);
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
	if (off + size > sizeof(struct landlock_context))
		return false;
	/* Within one field: no read spans two of them. */
	return off + size <= field_end(off);
}

static const struct bpf_func_proto *
landlock_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return NULL;
}

/**
 * landlock_run_chain - Run every program of a chain on one access check
 *
 * @chain: The programs, newest first (not NULL).
 * @check: The access check; its context's uid and gid are set here for each
 *         program, from the user namespace the program was enforced from.
 *
 * The newest program runs first and the first denial stops the walk.
 * Programs run under RCU with migration disabled, so nothing they call may
 * sleep.
 *
 * Return: 0 if every program allows the access, -EACCES otherwise.
 */
int landlock_run_chain(const struct landlock_chain *chain,
		       struct landlock_check *const check)
{
	u32 ret = LANDLOCK_RET_ALLOW;

	rcu_read_lock();
	migrate_disable();
	for (; chain; chain = chain->prev) {
		check->ctx.uid = from_kuid_munged(chain->user_ns, check->uid);
		check->ctx.gid = from_kgid_munged(chain->user_ns, check->gid);
		ret = bpf_prog_run(chain->prog, &check->ctx);
		if (ret != LANDLOCK_RET_ALLOW)
			break;
	}
	migrate_enable();
	rcu_read_unlock();
	return ret == LANDLOCK_RET_ALLOW ? 0 : -EACCES;
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
