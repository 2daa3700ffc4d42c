// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Socket hooks: creation, and the addresses of AF_INET and
 * AF_INET6 sockets
 *
 * SOCK_CREATE is checked once the socket exists, so that programs see the
 * protocol the kernel resolved (IPPROTO_TCP for a SOCK_STREAM socket asked
 * with protocol 0).  SOCK_BIND, SOCK_CONNECT and SOCK_SENDTO read the
 * address as the protocols will: the socket layer's hooks see every
 * address user space gives to bind(2), connect(2) and sendmsg(2) (also
 * through io_uring), whatever the protocol, and SCTP's own hook the
 * addresses of its bindx, connectx and implicit associations.  Pathname
 * unix sockets are files (see fs.c), abstract ones IPC (see ipc.c).
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/sctp.h>

#include "check.h"
#include "net.h"
#include "setup.h"

/* A check that does not apply to an address (a disconnect). */
#define NO_CHECK 1

/* The socket's part of the context, for a socket user space made. */
static bool socket_context(const struct sock *const sk,
			   struct landlock_context *const ctx)
{
	if (!sk || sk->sk_kern_sock)
		return false;
	ctx->family = sk->sk_family;
	ctx->sock_type = sk->sk_type;
	ctx->protocol = sk->sk_protocol;
	return true;
}

static void set_inet_addr(struct landlock_context *const ctx,
			  const struct sockaddr_in *const sin)
{
	ctx->port = ntohs(sin->sin_port);
	/* v4-mapped, ::ffff:a.b.c.d, so that one rule covers both. */
	ctx->addr[0] = 0;
	ctx->addr[1] = 0;
	ctx->addr[2] = htonl(0xffff);
	ctx->addr[3] = sin->sin_addr.s_addr;
}

static void set_inet6_addr(struct landlock_context *const ctx,
			   const struct sockaddr_in6 *const sin6)
{
	ctx->port = ntohs(sin6->sin6_port);
	memcpy(ctx->addr, &sin6->sin6_addr, sizeof(ctx->addr));
}

/*
 * Read @addr, given to @access on an AF_INET or AF_INET6 socket of family
 * @sock_family, into @ctx, as the protocols read it: 0, %NO_CHECK, or an
 * error the caller returns without running any program.
 *
 * Too short for its family: -EINVAL.  AF_UNSPEC is a disconnect for
 * connect(2) (inet_stream_connect(), inet_dgram_connect(), SCTP), INADDR_ANY
 * for bind(2) on an AF_INET socket (inet_bind_sk()), and for sendmsg(2) an
 * IPv4 destination on an AF_INET socket (UDP, raw and ping sockets read it
 * so) or an IPv6 one on an AF_INET6 socket when it is long enough (raw IPv6
 * sockets read it so; UDP ignores it, and checking it anyway only denies
 * more).  No AF_INET or AF_INET6 protocol takes another family:
 * -EAFNOSUPPORT, as they answer.
 */
static int parse_addr(const u16 sock_family, const struct sockaddr *const addr,
		      const int len, const u64 access,
		      struct landlock_context *const ctx)
{
	sa_family_t family;

	if (len < (int)offsetofend(struct sockaddr, sa_family))
		return -EINVAL;
	family = addr->sa_family;
	if (family == AF_UNSPEC) {
		if (access == LANDLOCK_ACCESS_SOCK_CONNECT)
			return NO_CHECK;
		if (sock_family == AF_INET)
			family = AF_INET;
		else if (access == LANDLOCK_ACCESS_SOCK_SENDTO &&
			 len >= SIN6_LEN_RFC2133)
			family = AF_INET6;
		else
			return NO_CHECK;
	}

	switch (family) {
	case AF_INET:
		if (len < (int)sizeof(struct sockaddr_in))
			return -EINVAL;
		set_inet_addr(ctx, (const struct sockaddr_in *)addr);
		return 0;
	case AF_INET6:
		if (len < SIN6_LEN_RFC2133)
			return -EINVAL;
		set_inet6_addr(ctx, (const struct sockaddr_in6 *)addr);
		return 0;
	default:
		return -EAFNOSUPPORT;
	}
}

/* Run @access on the address @addr of length @len given to @sk. */
static int check_addr(const struct sock *const sk,
		      const struct sockaddr *const addr, const int len,
		      const u64 access)
{
	struct landlock_check check = {
		.ctx.access = access,
	};
	int err;

	if (!landlock_may_check(access))
		return 0;
	if (!socket_context(sk, &check.ctx))
		return 0;
	if (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)
		return 0;
	err = parse_addr(sk->sk_family, addr, len, access, &check.ctx);
	if (err)
		return err == NO_CHECK ? 0 : err;
	return landlock_check_access(&check);
}

static int hook_socket_post_create(struct socket *const sock, const int family,
				   const int type, const int protocol,
				   const int kern)
{
	struct landlock_check check = {
		.ctx.access = LANDLOCK_ACCESS_SOCK_CREATE,
	};

	if (kern || !landlock_may_check(LANDLOCK_ACCESS_SOCK_CREATE))
		return 0;
	if (!socket_context(sock->sk, &check.ctx))
		return 0;
	return landlock_check_access(&check);
}

static int hook_socket_bind(struct socket *const sock,
			    struct sockaddr *const address, const int addrlen)
{
	return check_addr(sock->sk, address, addrlen, LANDLOCK_ACCESS_SOCK_BIND);
}

static int hook_socket_connect(struct socket *const sock,
			       struct sockaddr *const address,
			       const int addrlen)
{
	return check_addr(sock->sk, address, addrlen,
			  LANDLOCK_ACCESS_SOCK_CONNECT);
}

static int hook_socket_sendmsg(struct socket *const sock,
			       struct msghdr *const msg, const int size)
{
	if (!msg->msg_name || !msg->msg_namelen)
		return 0;
	return check_addr(sock->sk, msg->msg_name, msg->msg_namelen,
			  LANDLOCK_ACCESS_SOCK_SENDTO);
}

/* The length of one address of an SCTP list, or 0 if it is not one. */
static int sctp_addr_len(const struct sockaddr *const addr, const int left)
{
	int len;

	if (left < (int)offsetofend(struct sockaddr, sa_family))
		return 0;
	switch (addr->sa_family) {
	case AF_INET:
		len = sizeof(struct sockaddr_in);
		break;
	case AF_INET6:
		len = sizeof(struct sockaddr_in6);
		break;
	default:
		return 0;
	}
	return len <= left ? len : 0;
}

/*
 * SCTP binds and connects to lists of addresses through setsockopt(2)
 * (bindx, connectx) and sets up an association when a message goes to a
 * new peer: each address is checked.  The two ASCONF cases come from the
 * peer, in softirq context, with no task of ours asking: not checked.
 * SCTP has validated the list before calling this hook.
 */
static int hook_sctp_bind_connect(struct sock *const sk, const int optname,
				  struct sockaddr *const address,
				  const int addrlen)
{
	const u8 *const buf = (const u8 *)address;
	u64 access;
	int offset, len, err;

	switch (optname) {
	case SCTP_SOCKOPT_BINDX_ADD:
	case SCTP_PRIMARY_ADDR:
	case SCTP_SET_PEER_PRIMARY_ADDR:
		/* Local addresses. */
		access = LANDLOCK_ACCESS_SOCK_BIND;
		break;
	case SCTP_SOCKOPT_CONNECTX:
	case SCTP_SENDMSG_CONNECT:
		access = LANDLOCK_ACCESS_SOCK_CONNECT;
		break;
	default:
		return 0;
	}
	if (!landlock_may_check(access))
		return 0;
	for (offset = 0; offset < addrlen; offset += len) {
		const struct sockaddr *const addr =
			(const struct sockaddr *)(buf + offset);

		len = sctp_addr_len(addr, addrlen - offset);
		if (!len)
			return -EINVAL;
		err = check_addr(sk, addr, len, access);
		if (err)
			return err;
	}
	return 0;
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(socket_post_create, hook_socket_post_create),
	LSM_HOOK_INIT(socket_bind, hook_socket_bind),
	LSM_HOOK_INIT(socket_connect, hook_socket_connect),
	LSM_HOOK_INIT(socket_sendmsg, hook_socket_sendmsg),
	LSM_HOOK_INIT(sctp_bind_connect, hook_sctp_bind_connect),
};

/**
 * landlock_add_net_hooks - Register the socket hooks
 */
__init void landlock_add_net_hooks(void)
{
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}

#ifdef CONFIG_SECURITY_LANDLOCK_KUNIT_TEST

#include <kunit/test.h>

static int parse(const u16 sock_family, const void *const addr, const int len,
		 const u64 access, struct landlock_context *const ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	return parse_addr(sock_family, addr, len, access, ctx);
}

static void test_parse_inet(struct kunit *const test)
{
	const struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(5432),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct landlock_context ctx;

	KUNIT_EXPECT_EQ(test, 0, parse(AF_INET, &sin, sizeof(sin),
				       LANDLOCK_ACCESS_SOCK_CONNECT, &ctx));
	KUNIT_EXPECT_EQ(test, 5432, ctx.port);
	KUNIT_EXPECT_EQ(test, 0, ctx.addr[0] | ctx.addr[1]);
	KUNIT_EXPECT_EQ(test, htonl(0xffff), ctx.addr[2]);
	KUNIT_EXPECT_EQ(test, htonl(INADDR_LOOPBACK), ctx.addr[3]);
	/* An IPv4 address on an IPv6 socket (UDP, SCTP take it). */
	KUNIT_EXPECT_EQ(test, 0, parse(AF_INET6, &sin, sizeof(sin),
				       LANDLOCK_ACCESS_SOCK_SENDTO, &ctx));
	KUNIT_EXPECT_EQ(test, htonl(INADDR_LOOPBACK), ctx.addr[3]);
	/* Short. */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(AF_INET, &sin, sizeof(sin) - 1,
					     LANDLOCK_ACCESS_SOCK_BIND, &ctx));
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(AF_INET, &sin, 1,
					     LANDLOCK_ACCESS_SOCK_BIND, &ctx));
}

static void test_parse_inet6(struct kunit *const test)
{
	const struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(80),
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct landlock_context ctx;

	KUNIT_EXPECT_EQ(test, 0, parse(AF_INET6, &sin6, SIN6_LEN_RFC2133,
				       LANDLOCK_ACCESS_SOCK_BIND, &ctx));
	KUNIT_EXPECT_EQ(test, 80, ctx.port);
	KUNIT_EXPECT_EQ(test, htonl(1), ctx.addr[3]);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(AF_INET6, &sin6,
					     SIN6_LEN_RFC2133 - 1,
					     LANDLOCK_ACCESS_SOCK_BIND, &ctx));
}

static void test_parse_unspec(struct kunit *const test)
{
	struct sockaddr_in6 unspec = {
		.sin6_family = AF_UNSPEC,
		.sin6_port = htons(7),
	};
	struct landlock_context ctx;

	/* A disconnect, whatever the socket. */
	KUNIT_EXPECT_EQ(test, NO_CHECK, parse(AF_INET, &unspec, 2,
					      LANDLOCK_ACCESS_SOCK_CONNECT,
					      &ctx));
	/* INADDR_ANY for bind(2) on AF_INET (mind the length)... */
	KUNIT_EXPECT_EQ(test, 0, parse(AF_INET, &unspec, sizeof(unspec),
				       LANDLOCK_ACCESS_SOCK_BIND, &ctx));
	KUNIT_EXPECT_EQ(test, 7, ctx.port);
	KUNIT_EXPECT_EQ(test, htonl(0xffff), ctx.addr[2]);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(AF_INET, &unspec, 8,
					     LANDLOCK_ACCESS_SOCK_BIND, &ctx));
	/* ...which AF_INET6 refuses. */
	KUNIT_EXPECT_EQ(test, NO_CHECK, parse(AF_INET6, &unspec, sizeof(unspec),
					      LANDLOCK_ACCESS_SOCK_BIND,
					      &ctx));
	/* A send: as the socket's family where the protocols read it. */
	KUNIT_EXPECT_EQ(test, 0, parse(AF_INET6, &unspec, sizeof(unspec),
				       LANDLOCK_ACCESS_SOCK_SENDTO, &ctx));
	KUNIT_EXPECT_EQ(test, 0, ctx.addr[2]);
	KUNIT_EXPECT_EQ(test, NO_CHECK, parse(AF_INET6, &unspec, 8,
					      LANDLOCK_ACCESS_SOCK_SENDTO,
					      &ctx));
	unspec.sin6_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, -EAFNOSUPPORT,
			parse(AF_INET, &unspec, sizeof(unspec),
			      LANDLOCK_ACCESS_SOCK_CONNECT, &ctx));
}

static void test_sctp_addr_len(struct kunit *const test)
{
	struct sockaddr_in6 list[2] = {};

	list[0].sin6_family = AF_INET6;
	KUNIT_EXPECT_EQ(test, sizeof(list[0]),
			sctp_addr_len((struct sockaddr *)list, sizeof(list)));
	KUNIT_EXPECT_EQ(test, 0, sctp_addr_len((struct sockaddr *)list,
					       sizeof(list[0]) - 1));
	list[0].sin6_family = AF_INET;
	KUNIT_EXPECT_EQ(test, sizeof(struct sockaddr_in),
			sctp_addr_len((struct sockaddr *)list, sizeof(list)));
	list[0].sin6_family = AF_UNIX;
	KUNIT_EXPECT_EQ(test, 0, sctp_addr_len((struct sockaddr *)list,
					       sizeof(list)));
	KUNIT_EXPECT_EQ(test, 0, sctp_addr_len((struct sockaddr *)list, 1));
}

static struct kunit_case test_cases[] = {
	KUNIT_CASE(test_parse_inet),
	KUNIT_CASE(test_parse_inet6),
	KUNIT_CASE(test_parse_unspec),
	KUNIT_CASE(test_sctp_addr_len),
	{}
};

static struct kunit_suite test_suite = {
	.name = "landlock_net",
	.test_cases = test_cases,
};

kunit_test_suite(test_suite);

#endif /* CONFIG_SECURITY_LANDLOCK_KUNIT_TEST */
