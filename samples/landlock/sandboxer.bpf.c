// SPDX-License-Identifier: BSD-3-Clause
/*
 * The rule of the sandboxer: an allowlist of file hierarchies, and what a
 * declarative ruleset cannot say.
 *
 * The kernel runs this program once per access check of a sandboxed
 * process, with the right asked for (one bit in ctx->access) and the object
 * it is asked on.  The sandboxer puts its hierarchies in an inode map: an
 * entry's value is the rights it grants to the object and everything
 * beneath it, plus SANDBOXER_APPEND_ONLY, which restricts.  The options are
 * constants set before the program is loaded.
 */

#include <asm/ioctls.h>
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/fcntl.h>
#include <linux/landlock.h>
#include <linux/stat.h>
#include <bpf/bpf_helpers.h>

#include "sandboxer.h"

/*
 * Set by the sandboxer through the skeleton's rodata, before loading.  libbpf
 * puts const globals in a read-only array; __weak keeps clang from folding
 * their initial value into the code (what the usual spelling, const
 * volatile, does too).
 */
const bool no_tiocsti __weak;
const bool owner_only_writes __weak;
const bool exec_only_from_ro __weak;
const __u32 owner_uid __weak;

struct {
	__uint(type, BPF_MAP_TYPE_LANDLOCK_INODE);
	__uint(max_entries, 1);	/* sized by the sandboxer */
	__type(key, __u32);	/* a file descriptor, from user space */
	__type(value, __u64);	/* SANDBOXER_* bits */
} hierarchies SEC(".maps");

/*
 * A link or a rename across directories must not give the file more: the
 * destination grants nothing that the source does not, and restricts at
 * least as much.  @granted is what this check's directory has, @peer what
 * the other directory of the move has.
 */
static __always_inline int refer(struct landlock_context *ctx, __u64 granted)
{
	long peer = bpf_landlock_fs_beneath_peer(ctx, &hierarchies);
	__u64 src, dst;

	if (peer < 0)
		return LANDLOCK_RET_DENY;
	if (ctx->flags & LANDLOCK_CTX_REFER_SOURCE) {
		src = granted;
		dst = peer;
	} else {
		src = peer;
		dst = granted;
	}
	if ((dst & SANDBOXER_RIGHTS) & ~src)
		return LANDLOCK_RET_DENY;
	if ((src & SANDBOXER_APPEND_ONLY) && !(dst & SANDBOXER_APPEND_ONLY))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* --owner-only-writes, for regular files (devices such as /dev/null are root's). */
static __always_inline bool not_owners(const struct landlock_context *ctx)
{
	return owner_only_writes && S_ISREG(ctx->mode) && ctx->uid != owner_uid;
}

SEC("landlock")
int sandboxer(struct landlock_context *ctx)
{
	long granted = bpf_landlock_fs_beneath(ctx, &hierarchies);
	__u64 access = ctx->access;

	/* What no hierarchy grants is denied. */
	if (granted < 0 || !(granted & access))
		return LANDLOCK_RET_DENY;

	switch (access) {
	case LANDLOCK_ACCESS_FS_EXECUTE:
		/* Nothing that the sandbox could have written runs. */
		if (exec_only_from_ro && (granted & LANDLOCK_ACCESS_FS_WRITE_FILE))
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_FS_WRITE_FILE:
		/*
		 * Also run when fcntl(F_SETFL) clears O_APPEND.  Write-only:
		 * a shared writable mmap() needs a descriptor that reads too.
		 */
		if ((granted & SANDBOXER_APPEND_ONLY) &&
		    (!(ctx->open_flags & O_APPEND) ||
		     (ctx->open_flags & O_ACCMODE) != O_WRONLY))
			return LANDLOCK_RET_DENY;
		if (not_owners(ctx))
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_FS_TRUNCATE:
		if ((granted & SANDBOXER_APPEND_ONLY) || not_owners(ctx))
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_FS_REMOVE_FILE:
	case LANDLOCK_ACCESS_FS_REMOVE_DIR:
		/*
		 * The object is the directory: nothing in an append-only one is
		 * removed or replaced by a rename, whatever its parent grants.
		 */
		if (granted & SANDBOXER_APPEND_ONLY)
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_FS_IOCTL_DEV:
		/* Injecting input into a terminal, or pasting its selection. */
		if (no_tiocsti &&
		    (ctx->ioctl_cmd == TIOCSTI || ctx->ioctl_cmd == TIOCLINUX))
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_FS_REFER:
		return refer(ctx, granted);
	}
	return LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "Dual BSD/GPL";
