// SPDX-License-Identifier: BSD-3-Clause
/*
 * Short Landlock rules to learn from, each one a program of its own.
 *
 * A rule is run once per access check: ctx->access holds exactly one
 * LANDLOCK_ACCESS_FS_* bit, the right asked for, and the other fields
 * describe the object (see <linux/landlock.h>).  Returning
 * LANDLOCK_RET_DENY fails the system call with EACCES.  A rule that
 * does not care about a right must allow it: rules enforced together
 * must all allow.
 *
 * rules_test.c runs each of them on made-up contexts, without enforcing
 * anything, through BPF_PROG_TEST_RUN.
 */

#include <asm/ioctls.h>
#include <linux/bpf.h>
#include <linux/fcntl.h>
#include <linux/landlock.h>
#include <linux/stat.h>
#include <bpf/bpf_helpers.h>

/*
 * Whose files may be written: set through the skeleton before loading.  A
 * const global (__weak, so that clang does not fold its initial value).
 */
const __u32 owner_uid __weak;

/*
 * Files may be written only if they are FIFOs: data flows, nothing stays.
 * Truncating is writing too.
 */
SEC("landlock")
int fifo_only_writes(struct landlock_context *ctx)
{
	if ((ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE ||
	     ctx->access == LANDLOCK_ACCESS_FS_TRUNCATE) &&
	    !S_ISFIFO(ctx->mode))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/*
 * Logs are only appended to.  WRITE_FILE is checked at open(2) and again
 * when fcntl(F_SETFL) clears O_APPEND; TRUNCATE at every open for writing
 * (a denial fails only O_TRUNC, and ftruncate(2) later) and at
 * truncate(2).  Write-only: a descriptor that also reads could be mapped
 * shared and written anywhere.
 */
SEC("landlock")
int append_only_logs(struct landlock_context *ctx)
{
	if (!S_ISREG(ctx->mode))
		return LANDLOCK_RET_ALLOW;
	if (ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE &&
	    (!(ctx->open_flags & O_APPEND) ||
	     (ctx->open_flags & O_ACCMODE) != O_WRONLY))
		return LANDLOCK_RET_DENY;
	if (ctx->access == LANDLOCK_ACCESS_FS_TRUNCATE)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/*
 * No typing into a terminal (TIOCSTI), nor pasting its selection
 * (TIOCLINUX), even on one opened before the rule was enforced: device
 * ioctls are checked on every call.
 */
SEC("landlock")
int no_tiocsti(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_IOCTL_DEV &&
	    (ctx->ioctl_cmd == TIOCSTI || ctx->ioctl_cmd == TIOCLINUX))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/*
 * Only the owner's files may be written.  ctx->uid is the file's owner as
 * seen from the user namespace the rule was enforced in.
 */
SEC("landlock")
int owner_only_writes(struct landlock_context *ctx)
{
	if ((ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE ||
	     ctx->access == LANDLOCK_ACCESS_FS_TRUNCATE) &&
	    ctx->uid != owner_uid)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Values are the rights granted beneath an inode, as a user space sets. */
struct {
	__uint(type, BPF_MAP_TYPE_LANDLOCK_INODE);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} grants SEC(".maps");

/*
 * The safe REFER recipe.  A link or a rename across directories runs a
 * REFER check on the source directory (LANDLOCK_CTX_REFER_SOURCE) and one
 * on the destination (LANDLOCK_CTX_REFER_DEST); in both,
 * bpf_landlock_fs_beneath_peer() answers for the other directory.  Moving
 * a file must not give it rights it did not have: the destination may
 * grant nothing that the source does not.  A denied REFER fails with
 * EXDEV, so mv(1) copies instead.
 */
SEC("landlock")
int safe_refer(struct landlock_context *ctx)
{
	long here, peer, src, dst;

	if (ctx->access != LANDLOCK_ACCESS_FS_REFER)
		return LANDLOCK_RET_ALLOW;
	here = bpf_landlock_fs_beneath(ctx, &grants);
	peer = bpf_landlock_fs_beneath_peer(ctx, &grants);
	if (here < 0 || peer < 0)
		return LANDLOCK_RET_DENY;
	src = ctx->flags & LANDLOCK_CTX_REFER_SOURCE ? here : peer;
	dst = ctx->flags & LANDLOCK_CTX_REFER_SOURCE ? peer : here;
	return dst & ~src ? LANDLOCK_RET_DENY : LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "Dual BSD/GPL";
