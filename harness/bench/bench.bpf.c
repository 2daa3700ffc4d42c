// SPDX-License-Identifier: GPL-2.0
/*
 * The rules of the benchmark (harness/bench.sh).
 *
 * allowlist: what upstream's ruleset with two path-beneath rules says, as a
 * program: the hierarchies are in an inode map whose values are the rights
 * granted beneath; a link or rename across directories must not give the
 * file rights it did not have (the REFER recipe of the guide).
 *
 * type_only: a rule that reads nothing but the request (no map, no walk):
 * no injection of input into a terminal.
 *
 * tcp_port: what upstream's ruleset with one TCP port rule says: connect
 * only to port 5432 (enforced for SOCK_CONNECT only).
 */

#include <asm/ioctls.h>
#include <linux/bpf.h>
#include <linux/landlock.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LANDLOCK_INODE);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} hierarchies SEC(".maps");

SEC("landlock")
int allowlist(struct landlock_context *ctx)
{
	long granted, peer;

	/* Attached to a cgroup, it sees every right: allow the others. */
	if (ctx->access > LANDLOCK_ACCESS_FS_IOCTL_DEV)
		return LANDLOCK_RET_ALLOW;
	granted = bpf_landlock_fs_beneath(ctx, &hierarchies);
	if (granted < 0 || !(granted & ctx->access))
		return LANDLOCK_RET_DENY;
	if (ctx->access != LANDLOCK_ACCESS_FS_REFER)
		return LANDLOCK_RET_ALLOW;
	peer = bpf_landlock_fs_beneath_peer(ctx, &hierarchies);
	if (peer < 0)
		return LANDLOCK_RET_DENY;
	/* The destination grants nothing that the source does not. */
	if (ctx->flags & LANDLOCK_CTX_REFER_SOURCE)
		return (peer & ~granted) ? LANDLOCK_RET_DENY : LANDLOCK_RET_ALLOW;
	return (granted & ~peer) ? LANDLOCK_RET_DENY : LANDLOCK_RET_ALLOW;
}

SEC("landlock")
int type_only(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_FS_IOCTL_DEV &&
	    ctx->ioctl_cmd == TIOCSTI)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

SEC("landlock")
int tcp_port(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_SOCK_CONNECT && ctx->port != 5432)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "GPL";
