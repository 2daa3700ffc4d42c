// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - A rule written, loaded and enforced by an
 * unprivileged user: a global constant set by the loader before loading
 * (a frozen read-only array for the kernel) and an inode map.
 */

#include <linux/bpf.h>
#include <linux/landlock.h>
#include <bpf/bpf_helpers.h>

/*
 * Only files of this owner may be written: the loader sets it.  Weak, so
 * that clang cannot fold the default value into the program.
 */
const __u32 writer_uid __weak = (__u32)-1;

struct {
	__uint(type, BPF_MAP_TYPE_LANDLOCK_INODE);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} grants SEC(".maps");

SEC("landlock")
int owner_writes_beneath(struct landlock_context *ctx)
{
	long granted;

	if (ctx->access == LANDLOCK_ACCESS_FS_WRITE_FILE &&
	    ctx->uid != writer_uid)
		return LANDLOCK_RET_DENY;
	granted = bpf_landlock_fs_beneath(ctx, &grants);
	if (granted < 0 || !(granted & ctx->access))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "GPL";
