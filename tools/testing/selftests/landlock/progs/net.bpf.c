// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Rules of ABI 2 written in C: sockets, unix sockets,
 * signals.  The loader sets their constants (cfg) before loading.
 *
 * Programs cannot write maps, so a test observes the context a check gets
 * through expect_ctx: it denies unless the context is the configured one,
 * and the check then succeeds iff the kernel filled the context as
 * expected.
 */

#include <linux/bpf.h>
#include <linux/landlock.h>
#include <linux/stat.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "../net_rule.h"

#define AF_INET 2
#define AF_INET6 10
#define AF_PACKET 17
#define SOCK_RAW 3

/*
 * Set by the loader before loading.  Weak, so that clang cannot fold the
 * default values into the programs.
 */
const struct net_rule_config cfg __weak = {};

/* Files beneath an entry with bit 0 may be connected or sent to. */
struct {
	__uint(type, BPF_MAP_TYPE_LANDLOCK_INODE);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} unix_grants SEC(".maps");

static __always_inline int is_ip_check(const struct landlock_context *ctx)
{
	return ctx->access == LANDLOCK_ACCESS_SOCK_BIND ||
	       ctx->access == LANDLOCK_ACCESS_SOCK_CONNECT ||
	       ctx->access == LANDLOCK_ACCESS_SOCK_SENDTO;
}

/* 127.0.0.1 (v4-mapped) or ::1. */
static __always_inline int is_localhost(const struct landlock_context *ctx)
{
	if (ctx->addr[0] || ctx->addr[1])
		return 0;
	if (ctx->addr[2] == 0)
		return ctx->addr[3] == bpf_htonl(1);
	return ctx->addr[2] == bpf_htonl(0xffff) &&
	       ctx->addr[3] == bpf_htonl(0x7f000001);
}

/* Bind, connect and send only to cfg.allowed_port on 127.0.0.1 or ::1. */
SEC("landlock")
int connect_only_port(struct landlock_context *ctx)
{
	if (!is_ip_check(ctx))
		return LANDLOCK_RET_ALLOW;
	if (ctx->port != cfg.allowed_port || !is_localhost(ctx))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* No raw sockets, no packet sockets. */
SEC("landlock")
int no_raw_sockets(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_SOCK_CREATE &&
	    (ctx->sock_type == SOCK_RAW || ctx->family == AF_PACKET))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Upstream's LANDLOCK_SCOPE_SIGNAL. */
SEC("landlock")
int scope_signals(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_IPC_SIGNAL &&
	    !(ctx->flags & LANDLOCK_CTX_PEER_IN_DOMAIN))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Upstream's LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET. */
SEC("landlock")
int scope_abstract_unix(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX &&
	    !(ctx->flags & LANDLOCK_CTX_PEER_IN_DOMAIN))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Pathname unix sockets only beneath a granted directory. */
SEC("landlock")
int unix_beneath(struct landlock_context *ctx)
{
	long granted;

	if (ctx->access != LANDLOCK_ACCESS_FS_RESOLVE_UNIX)
		return LANDLOCK_RET_ALLOW;
	granted = bpf_landlock_fs_beneath(ctx, &unix_grants);
	if (granted < 0 || !(granted & 1))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/* Deny a check of cfg.access unless its context is the configured one. */
SEC("landlock")
int expect_ctx(struct landlock_context *ctx)
{
	const __u32 f = cfg.fields;

	if (ctx->access != cfg.access)
		return LANDLOCK_RET_ALLOW;
	if ((f & EXPECT_MODE) && ctx->mode != cfg.mode)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_UID) && ctx->uid != cfg.uid)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_GID) && ctx->gid != cfg.gid)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_FLAGS) && ctx->flags != cfg.flags)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_FAMILY) && ctx->family != cfg.family)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_SOCK_TYPE) && ctx->sock_type != cfg.sock_type)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_PROTOCOL) && ctx->protocol != cfg.protocol)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_PORT) && ctx->port != cfg.port)
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_ADDR) &&
	    (ctx->addr[0] != cfg.addr[0] || ctx->addr[1] != cfg.addr[1] ||
	     ctx->addr[2] != cfg.addr[2] || ctx->addr[3] != cfg.addr[3]))
		return LANDLOCK_RET_DENY;
	if ((f & EXPECT_SIGNAL) && ctx->signal != cfg.signal)
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "GPL";
