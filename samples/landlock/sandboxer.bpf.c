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
 *
 * From ABI 2, the kernel also runs it for the socket and IPC checks that
 * the sandboxer handles, which it does only for the options given: with
 * no --bind-tcp, say, this program never sees a bind.
 */

#include <asm/ioctls.h>
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/fcntl.h>
#include <linux/in.h>
#include <linux/landlock.h>
#include <linux/stat.h>
#include <bpf/bpf_helpers.h>

#include "sandboxer.h"

/* From <sys/socket.h>, which is not for BPF programs. */
#define AF_INET 2
#define AF_INET6 10
#define AF_PACKET 17
#define SOCK_STREAM 1
#define SOCK_RAW 3

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

/* --bind-tcp and LL_TCP_BIND: the first num_bind_ports are used. */
const __u32 bind_ports[SANDBOXER_MAX_PORTS] __weak;
const __u32 num_bind_ports __weak;
/* --connect-tcp and LL_TCP_CONNECT. */
const __u32 connect_ports[SANDBOXER_MAX_PORTS] __weak;
const __u32 num_connect_ports __weak;
/* --connect HOST:PORT. */
const struct sandboxer_addr connect_addrs[SANDBOXER_MAX_ADDRS] __weak;
const __u32 num_connect_addrs __weak;

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

/*
 * Whether @port is one of the first @num of @ports.  An unprivileged
 * loader's program may not loop: clang unrolls this into comparisons one
 * after the other.
 */
static __always_inline bool port_listed(const __u32 *ports, __u32 num,
					__u32 port)
{
#pragma clang loop unroll(full)
	for (__u32 i = 0; i < SANDBOXER_MAX_PORTS; i++)
		if (i < num && ports[i] == port)
			return true;
	return false;
}

/* Whether the address and port of @ctx are those of a --connect. */
static __always_inline bool addr_listed(const struct landlock_context *ctx)
{
#pragma clang loop unroll(full)
	for (__u32 i = 0; i < SANDBOXER_MAX_ADDRS; i++) {
		const struct sandboxer_addr *a = &connect_addrs[i];

		if (i < num_connect_addrs && a->port == ctx->port &&
		    a->addr[0] == ctx->addr[0] && a->addr[1] == ctx->addr[1] &&
		    a->addr[2] == ctx->addr[2] && a->addr[3] == ctx->addr[3])
			return true;
	}
	return false;
}

/*
 * The TCP options restrict TCP and MPTCP stream sockets only, as the
 * ruleset interface's LANDLOCK_ACCESS_NET_*_TCP do: UDP, SCTP and raw
 * sockets go on as before.
 */
static __always_inline bool is_tcp(const struct landlock_context *ctx)
{
	return ctx->sock_type == SOCK_STREAM &&
	       (ctx->protocol == IPPROTO_TCP || ctx->protocol == IPPROTO_MPTCP);
}

/* The socket and IPC checks: only those of the options given are run. */
static __always_inline int sock_ipc(const struct landlock_context *ctx,
				    __u64 access)
{
	switch (access) {
	case LANDLOCK_ACCESS_SOCK_CREATE:
		/*
		 * --no-raw-sockets: no crafted packets, no sniffing (raw
		 * netlink sockets talk to the kernel, not to the network).
		 */
		if ((ctx->sock_type == SOCK_RAW &&
		     (ctx->family == AF_INET || ctx->family == AF_INET6)) ||
		    ctx->family == AF_PACKET)
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_SOCK_BIND:
		if (is_tcp(ctx) &&
		    !port_listed(bind_ports, num_bind_ports, ctx->port))
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_SOCK_CONNECT:
	case LANDLOCK_ACCESS_SOCK_SENDTO:
		/* A send with an address on TCP is TCP Fast Open: a connect. */
		if (is_tcp(ctx) &&
		    !port_listed(connect_ports, num_connect_ports, ctx->port) &&
		    !addr_listed(ctx))
			return LANDLOCK_RET_DENY;
		break;
	case LANDLOCK_ACCESS_IPC_SIGNAL:
	case LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX:
		/* Scoped: only to processes and sockets of this sandbox. */
		if (!(ctx->flags & LANDLOCK_CTX_PEER_IN_DOMAIN))
			return LANDLOCK_RET_DENY;
		break;
	}
	return LANDLOCK_RET_ALLOW;
}

SEC("landlock")
int sandboxer(struct landlock_context *ctx)
{
	__u64 access = ctx->access;
	long granted;

	/* Neither a file nor a directory: no hierarchy to look up. */
	if (access > LANDLOCK_ACCESS_FS_RESOLVE_UNIX)
		return sock_ipc(ctx, access);

	/* What no hierarchy grants is denied. */
	granted = bpf_landlock_fs_beneath(ctx, &hierarchies);
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
