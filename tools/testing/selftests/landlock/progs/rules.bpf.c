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

/*
 * Allowlist: a right is granted if an entry of the object or of one of its
 * ancestors grants it.  A link or rename across directories is allowed only
 * if the destination grants nothing the source does not (the safe REFER
 * recipe), so that moving a file cannot give it more rights.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LANDLOCK_INODE);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} grants SEC(".maps");

SEC("landlock")
int allowlist(struct landlock_context *ctx)
{
	long granted = bpf_landlock_fs_beneath(ctx, &grants);
	long peer;

	if (granted < 0 || !(granted & ctx->access))
		return LANDLOCK_RET_DENY;
	if (ctx->access != LANDLOCK_ACCESS_FS_REFER)
		return LANDLOCK_RET_ALLOW;

	peer = bpf_landlock_fs_beneath_peer(ctx, &grants);
	if (peer < 0)
		return LANDLOCK_RET_DENY;
	if (ctx->flags & LANDLOCK_CTX_REFER_SOURCE) {
		/* peer is the destination */
		if (peer & ~granted)
			return LANDLOCK_RET_DENY;
	} else if (granted & ~peer) {
		return LANDLOCK_RET_DENY;
	}
	return LANDLOCK_RET_ALLOW;
}

/* Only the object's own entry counts: files tagged as executable. */
SEC("landlock")
int exec_tagged(struct landlock_context *ctx)
{
	long tag;

	if (ctx->access != LANDLOCK_ACCESS_FS_EXECUTE)
		return LANDLOCK_RET_ALLOW;
	tag = bpf_landlock_fs_lookup(ctx, &grants);
	return tag > 0 ? LANDLOCK_RET_ALLOW : LANDLOCK_RET_DENY;
}

/* For cgroups: loaded with BPF_CGROUP_LANDLOCK, attached with libbpf. */
SEC("cgroup/landlock")
int cgroup_no_dev_reads(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_READ_FILE && S_ISCHR(ctx->mode))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}
