// SPDX-License-Identifier: BSD-3-Clause
/*
 * Short Landlock rules to learn from, each one a program of its own.
 *
 * A rule is run once per access check: ctx->access holds exactly one
 * LANDLOCK_ACCESS_* bit, the right asked for, and the other fields
 * describe the object (see <linux/landlock.h>): a file, or from ABI 2 a
 * socket or a peer.  Returning LANDLOCK_RET_DENY fails the system call
 * with EACCES (EPERM for the LANDLOCK_ACCESS_IPC_* rights).  A rule that
 * does not care about a right must allow it: rules enforced together
 * must all allow, and a rule attached to a cgroup sees every check, even
 * of rights added after it was written.
 *
 * rules_test.c runs each of them on made-up contexts, without enforcing
 * anything, through BPF_PROG_TEST_RUN.
 */

#include <asm/ioctls.h>
#include <linux/bpf.h>
#include <linux/fcntl.h>
#include <linux/in.h>
#include <linux/landlock.h>
#include <linux/stat.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* From <sys/socket.h>, which is not for BPF programs. */
#define AF_INET 2
#define AF_INET6 10
#define AF_PACKET 17
#define SOCK_RAW 3

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

/*
 * Connect only to 127.0.0.1:5432 (a local PostgreSQL): connect(2), and
 * sends with an address (UDP, TCP Fast Open), of IPv4 and IPv6 sockets.
 * An IPv4 address shows v4-mapped, ::ffff:127.0.0.1, in either family;
 * ctx->addr is in network byte order, ctx->port in host byte order.  For
 * a rule that gives a port on any address, leave ctx->addr alone.
 */
SEC("landlock")
int connect_only_pg(struct landlock_context *ctx)
{
	if (ctx->access != LANDLOCK_ACCESS_SOCK_CONNECT &&
	    ctx->access != LANDLOCK_ACCESS_SOCK_SENDTO)
		return LANDLOCK_RET_ALLOW;
	if (ctx->family != AF_INET && ctx->family != AF_INET6)
		return LANDLOCK_RET_ALLOW;
	if (ctx->port == 5432 && ctx->addr[0] == 0 && ctx->addr[1] == 0 &&
	    ctx->addr[2] == bpf_htonl(0xffff) &&
	    ctx->addr[3] == bpf_htonl(INADDR_LOOPBACK))
		return LANDLOCK_RET_ALLOW;
	return LANDLOCK_RET_DENY;
}

/*
 * No raw IP socket and no packet socket (AF_PACKET, also SOCK_DGRAM): the
 * sandbox can neither craft packets nor sniff.  SOCK_CREATE is checked at
 * socket(2) and socketpair(2), with the type without SOCK_NONBLOCK and
 * SOCK_CLOEXEC.  Netlink sockets opened as SOCK_RAW talk to the kernel,
 * not to the network: allowed.
 */
SEC("landlock")
int no_raw_sockets(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_SOCK_CREATE &&
	    ((ctx->sock_type == SOCK_RAW &&
	      (ctx->family == AF_INET || ctx->family == AF_INET6)) ||
	     ctx->family == AF_PACKET))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/*
 * Signals only within the sandbox: LANDLOCK_CTX_PEER_IN_DOMAIN says that
 * the target is confined by this rule's enforcement (or by one made after
 * it), as upstream's LANDLOCK_SCOPE_SIGNAL.  Signals within a process, and
 * those the kernel sends (SIGCHLD...), are not checked.
 */
SEC("landlock")
int signals_in_sandbox(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_IPC_SIGNAL &&
	    !(ctx->flags & LANDLOCK_CTX_PEER_IN_DOMAIN))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

/*
 * Abstract unix sockets only within the sandbox, as upstream's
 * LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET: the peer is the socket connected or
 * sent to, which must have been created in the sandbox.  Pathname unix
 * sockets are files: LANDLOCK_ACCESS_FS_RESOLVE_UNIX, with the beneath
 * helpers, is for them.
 */
SEC("landlock")
int abstract_unix_in_sandbox(struct landlock_context *ctx)
{
	if (ctx->access == LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX &&
	    !(ctx->flags & LANDLOCK_CTX_PEER_IN_DOMAIN))
		return LANDLOCK_RET_DENY;
	return LANDLOCK_RET_ALLOW;
}

char _license[] SEC("license") = "Dual BSD/GPL";
