// SPDX-License-Identifier: GPL-2.0
/*
 * Rules written in C, as an application would: what a list of paths and
 * rights cannot say.
 */

#include <asm/ioctls.h>
#include <linux/bpf.h>
#include <linux/fcntl.h>
#include <linux/landlock.h>
#include <linux/stat.h>
#include <bpf/bpf_helpers.h>

/* The design's motivating case: no writes to files, except to FIFOs. */
SEC("landlock")
int fifo_only_writes(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE &&
	    !S_ISFIFO(ctx->mode))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Regular files may only be written in append mode. */
SEC("landlock")
int append_only_writes(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE &&
	    S_ISREG(ctx->mode) && !(ctx->open_flags & O_APPEND))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Only files owned by uid 1000 may be written. */
SEC("landlock")
int owner_only_writes(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE && ctx->uid != 1000)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Terminals cannot be used to inject input (TIOCSTI); other ioctls work. */
SEC("landlock")
int no_tiocsti(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_IOCTL_DEV &&
	    ctx->ioctl_cmd == TIOCSTI)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "GPL";
