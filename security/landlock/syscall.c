// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - The seccomp(2) operations of Landlock
 *
 * Landlock has no system call of its own: a task enforces rule programs on
 * itself through seccomp(2), whose operations are dispatched here by
 * kernel/seccomp.c.  The ruleset system calls of upstream's Landlock are not
 * defined, so they answer ENOSYS (see kernel/sys_ni.c).
 */

#include <linux/bpf.h>
#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/compiler_types.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/landlock.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <uapi/linux/seccomp.h>

#include "bpf.h"
#include "chain.h"
#include "common.h"
#include "cred.h"
#include "setup.h"
#include "tsync.h"
#include "uring.h"

/**
 * landlock_seccomp_get_abi - Handle seccomp(SECCOMP_GET_LANDLOCK_ABI)
 *
 * @flags: Must be 0.
 * @uargs: Ignored: user space may pass anything, usually NULL.
 *
 * Return: The Landlock ABI version implemented by this kernel (at least 1),
 * -EINVAL if @flags is not 0, or -EOPNOTSUPP if Landlock was not enabled at
 * boot (see the "lsm=" boot parameter and CONFIG_LSM).
 */
long landlock_seccomp_get_abi(const unsigned int flags,
			      void __user *const uargs)
{
	if (flags)
		return -EINVAL;
	if (!landlock_initialized)
		return -EOPNOTSUPP;
	return LANDLOCK_ABI_VERSION;
}

/*
 * The last checks, made where nothing else can fail any more (with TSYNC,
 * with every other thread parked): no SQPOLL ring without @chain can be
 * reached (the caller's own, and its process's mappings), then the maps of
 * the new program are frozen.
 */
static int at_commit(const struct landlock_chain *const chain)
{
	int err;

	err = landlock_uring_check_rings(chain);
	if (!err)
		err = landlock_freeze_maps(chain->prog, false);
	return err;
}

/*
 * Enforce the program @fd on the current thread (and with TSYNC on every
 * thread of its process), run for the rights of @handled: the steps and
 * errors both seccomp operations share, from the descriptor on.
 */
static long enforce(const unsigned int flags, const int fd, const u64 handled)
{
	struct landlock_chain *chain;
	struct bpf_prog *prog;
	struct cred *cred;
	int err;

	prog = bpf_prog_get_type(fd, BPF_PROG_TYPE_LANDLOCK);
	if (IS_ERR(prog))
		return PTR_ERR(prog);

	/* As for seccomp filters: no gain of privileges under rules. */
	err = -EPERM;
	if (!task_no_new_privs(current) &&
	    !ns_capable_noaudit(current_user_ns(), CAP_SYS_ADMIN))
		goto out_put_prog;

	err = -ENOMEM;
	cred = prepare_creds();
	if (!cred)
		goto out_put_prog;
	chain = landlock_chain_prepend(landlock_cred(cred)->chain, prog,
				       current_user_ns(), handled);
	if (IS_ERR(chain)) {
		err = PTR_ERR(chain);
		goto out_abort_creds;
	}
	/* From here on, the new node owns the program reference. */
	prog = NULL;

	/* What can be told before waiting for other threads. */
	err = landlock_freeze_maps(chain->prog, true);
	if (err)
		goto out_put_chain;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		err = landlock_tsync_enforce(landlock_cred(current_cred())->chain,
					     chain, task_no_new_privs(current),
					     at_commit);
	else
		err = at_commit(chain);
	if (err)
		goto out_put_chain;

	/* The new node holds its own reference to the previous chain. */
	landlock_put_chain(landlock_cred(cred)->chain);
	landlock_cred(cred)->chain = chain;
	return commit_creds(cred);

out_put_chain:
	landlock_put_chain(chain);
out_abort_creds:
	abort_creds(cred);
out_put_prog:
	if (prog)
		bpf_prog_put(prog);
	return err;
}

/**
 * landlock_seccomp_prepend_prog - Handle seccomp(SECCOMP_PREPEND_LANDLOCK_PROG)
 *
 * @flags: 0, or SECCOMP_FILTER_FLAG_TSYNC to enforce on every thread of the
 *         calling process.
 * @uargs: User pointer to the file descriptor (an int) of a
 *         BPF_PROG_TYPE_LANDLOCK program.
 *
 * Enforces the program on the calling thread, for the filesystem rights of
 * ABI 1 (%LANDLOCK_ACCESS_ABI1) only, so that it never runs for a check
 * added later: it is prepended to the chain of the thread's credentials,
 * which children inherit and execve keeps.  With SECCOMP_FILTER_FLAG_TSYNC
 * every other thread gets the same new chain (and no_new_privs if the
 * caller has it), or none does: each thread's chain must be an ancestor of
 * the caller's (see tsync.c).
 *
 * Return: 0 on success, or in this order: -EINVAL for unknown @flags,
 * -EOPNOTSUPP if Landlock was not enabled at boot, -EFAULT if @uargs cannot
 * be read, -EBADF if it is not an open file descriptor, -EINVAL if that is
 * not a Landlock program, -EPERM without no_new_privs or CAP_SYS_ADMIN in
 * the caller's user namespace, -E2BIG if the chain would exceed its limits,
 * -EPERM if a map the program reads is not frozen and was given to its
 * loader without write permission (or cannot be frozen at all), -EBUSY if
 * a thread concerned can reach an io_uring SQPOLL ring created without
 * this chain (file table, registered ring index, memory mapping) or if a
 * map of the program cannot be frozen (writable mmap), -EINTR on a fatal
 * signal, -ENOMEM.  Maps are frozen only once nothing else can fail.
 * With SECCOMP_FILTER_FLAG_TSYNC, a positive thread id if that thread's
 * chain is not an ancestor of the caller's, and -ERESTARTNOINTR (never seen
 * by user space) if a signal came while waiting for the other threads.
 */
long landlock_seccomp_prepend_prog(const unsigned int flags,
				   void __user *const uargs)
{
	int fd;

	if (flags & ~SECCOMP_FILTER_FLAG_TSYNC)
		return -EINVAL;
	if (!landlock_initialized)
		return -EOPNOTSUPP;
	if (copy_from_user(&fd, uargs, sizeof(fd)))
		return -EFAULT;
	return enforce(flags, fd, LANDLOCK_ACCESS_ABI1);
}

/**
 * landlock_seccomp_enforce - Handle seccomp(SECCOMP_LANDLOCK_ENFORCE)
 *
 * @flags: 0, or SECCOMP_FILTER_FLAG_TSYNC.
 * @uargs: User pointer to a struct landlock_enforce_attr, of the size its
 *         first field says.
 *
 * As landlock_seccomp_prepend_prog(), for the rights of the attribute's
 * handled_access: the program is only run for checks of these rights.
 *
 * Return: As landlock_seccomp_prepend_prog(), with, after -EFAULT if the
 * attribute cannot be read: -EINVAL if its size is smaller than
 * %LANDLOCK_ENFORCE_ATTR_SIZE_VER0, -E2BIG if it is larger than a page or
 * has a non-zero byte beyond the structure this kernel knows, -EINVAL if
 * handled_access is 0 or has a bit this kernel does not know, or if
 * log_flags is not 0; then the errors of the descriptor on.
 */
long landlock_seccomp_enforce(const unsigned int flags,
			      void __user *const uargs)
{
	struct landlock_enforce_attr attr;
	u32 size;
	int err;

	BUILD_BUG_ON(sizeof(attr) != LANDLOCK_ENFORCE_ATTR_SIZE_VER0);
	if (flags & ~SECCOMP_FILTER_FLAG_TSYNC)
		return -EINVAL;
	if (!landlock_initialized)
		return -EOPNOTSUPP;
	if (get_user(size, (u32 __user *)uargs))
		return -EFAULT;
	if (size < LANDLOCK_ENFORCE_ATTR_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(&attr, sizeof(attr), uargs, size);
	if (err)
		return err;
	if (!attr.handled_access ||
	    (attr.handled_access & ~LANDLOCK_ACCESS_ALL) || attr.log_flags)
		return -EINVAL;
	return enforce(flags, attr.prog_fd, attr.handled_access);
}

#ifdef CONFIG_SECURITY_LANDLOCK_KUNIT_TEST

#include <kunit/test.h>

static void test_get_abi_rejects_flags(struct kunit *const test)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++)
		KUNIT_EXPECT_EQ(test, -EINVAL,
				landlock_seccomp_get_abi(1U << bit, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, landlock_seccomp_get_abi(~0U, NULL));
}

static void test_get_abi_ignores_pointer(struct kunit *const test)
{
	if (!landlock_initialized)
		kunit_skip(test, "Landlock is not enabled at boot");

	KUNIT_EXPECT_EQ(test, LANDLOCK_ABI_VERSION,
			landlock_seccomp_get_abi(0, NULL));
	/* Never dereferenced: a kernel address must not fault or leak. */
	KUNIT_EXPECT_EQ(test, LANDLOCK_ABI_VERSION,
			landlock_seccomp_get_abi(0, (void __user *)test));
}

static struct kunit_case test_cases[] = {
	KUNIT_CASE(test_get_abi_rejects_flags),
	KUNIT_CASE(test_get_abi_ignores_pointer),
	{}
};

static struct kunit_suite test_suite = {
	.name = "landlock_syscall",
	.test_cases = test_cases,
};

kunit_test_suite(test_suite);

#endif /* CONFIG_SECURITY_LANDLOCK_KUNIT_TEST */
