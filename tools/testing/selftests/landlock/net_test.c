// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Socket checks (ABI 2): LANDLOCK_ACCESS_SOCK_CREATE,
 * _BIND, _CONNECT and _SENDTO, the context they get, and which programs
 * run for them
 *
 * Each test runs in a network namespace of its own with "lo" up.  An
 * operation is tried unconfined first, then in a child confined by a rule
 * (run_confined()), so that a denial cannot be mistaken for a failure of
 * the operation itself.  Contexts are checked with expect_ctx
 * (progs/net.bpf.c): a check succeeds iff its context is the expected one.
 */

#include <arpa/inet.h>
#include <bpf/libbpf.h>
#include <linux/if_ether.h>
#include <linux/sctp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "common.h"

#ifndef SOL_SCTP
#define SOL_SCTP 132
#endif

/* The port connect_only_port allows, and one it does not. */
#define PORT 14000
#define OTHER_PORT 14001

#define UNIX_PATH "/tmp/landlock_net_unix"
#define CG_NET "/sys/fs/cgroup/landlock_net"

/* The arguments of socket(2), or the socket fields of a context. */
struct sock_kind {
	int family, type, protocol;
};

#define SOCK(family, type, protocol) \
	((struct sock_kind){ family, type, protocol })
#define TCP4 SOCK(AF_INET, SOCK_STREAM, 0)
#define UDP4 SOCK(AF_INET, SOCK_DGRAM, 0)
#define TCP6 SOCK(AF_INET6, SOCK_STREAM, 0)
#define UDP6 SOCK(AF_INET6, SOCK_DGRAM, 0)
#define MPTCP4 SOCK(AF_INET, SOCK_STREAM, IPPROTO_MPTCP)
#define SCTP4 SOCK(AF_INET, SOCK_STREAM, IPPROTO_SCTP)
#define SCTP4_SEQ SOCK(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP)
#define RAW4 SOCK(AF_INET, SOCK_RAW, IPPROTO_ICMP)
/* As contexts show them: with the protocol the kernel resolved. */
#define TCP4_CTX SOCK(AF_INET, SOCK_STREAM, IPPROTO_TCP)
#define UDP6_CTX SOCK(AF_INET6, SOCK_DGRAM, IPPROTO_UDP)

#define SOCK_IP_RIGHTS                                              \
	(LANDLOCK_ACCESS_SOCK_BIND | LANDLOCK_ACCESS_SOCK_CONNECT | \
	 LANDLOCK_ACCESS_SOCK_SENDTO)

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_un un;
	struct sockaddr_storage ss;
};

/* @ip:@port, a sockaddr_in or a sockaddr_in6 by the form of @ip: its size. */
static socklen_t make_addr(union addr *const a, const char *const ip,
			   const int port)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, ip, &a->in.sin_addr) == 1) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons(port);
		return sizeof(a->in);
	}
	if (inet_pton(AF_INET6, ip, &a->in6.sin6_addr) == 1) {
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_port = htons(port);
		return sizeof(a->in6);
	}
	return 0;
}

static int errno_of(const long ret)
{
	return ret < 0 ? errno : 0;
}

enum op_kind { OP_CREATE, OP_BIND, OP_CONNECT, OP_SENDTO, OP_SENDMSG };

/* One operation on a new socket. */
struct net_op {
	enum op_kind kind;
	struct sock_kind sock;
	const char *ip;
	int port;
	/* If not 0: the address' length, its sa_family. */
	socklen_t len;
	sa_family_t sa_family;
};

/* Run @arg, a struct net_op: 0 or an errno. */
static int net_op(const void *const arg)
{
	const struct net_op *const op = arg;
	const struct timeval timeout = { .tv_sec = 5 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	union addr a;
	socklen_t len = make_addr(&a, op->ip ?: "0.0.0.0", op->port);
	int fd, err = 0;

	if (op->len)
		len = op->len;
	if (op->sa_family)
		a.sa.sa_family = op->sa_family;
	fd = socket(op->sock.family, op->sock.type | SOCK_CLOEXEC,
		    op->sock.protocol);
	if (fd < 0)
		return errno;
	/* A connection never hangs a test. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	switch (op->kind) {
	case OP_CREATE:
		break;
	case OP_BIND:
		err = errno_of(bind(fd, &a.sa, len));
		break;
	case OP_CONNECT:
		err = errno_of(connect(fd, &a.sa, len));
		break;
	case OP_SENDTO:
		err = errno_of(sendto(fd, "x", 1, 0, &a.sa, len));
		break;
	case OP_SENDMSG:
		msg.msg_name = &a;
		msg.msg_namelen = len;
		err = errno_of(sendmsg(fd, &msg, 0));
		break;
	}
	close(fd);
	return err;
}

static int op_errno(const enum op_kind kind, const struct sock_kind sock,
		    const char *const ip, const int port)
{
	const struct net_op op = { kind, sock, ip, port };

	return net_op(&op);
}

/* The operation in a child confined by @prog for @handled. */
static int try_op(struct __test_metadata *const _metadata, const int prog,
		  const __u64 handled, const enum op_kind kind,
		  const struct sock_kind sock, const char *const ip,
		  const int port)
{
	const struct net_op op = { kind, sock, ip, port };

	return run_confined(_metadata, prog, handled, net_op, &op);
}

/* The operation works unconfined, and gives @err confined. */
#define EXPECT_OP(err, prog, handled, ...)                                \
	do {                                                              \
		EXPECT_EQ(0, op_errno(__VA_ARGS__))                       \
		{                                                         \
			TH_LOG("unconfined: %s", #__VA_ARGS__);           \
		}                                                         \
		EXPECT_EQ(err, try_op(_metadata, prog, handled, __VA_ARGS__)) \
		{                                                         \
			TH_LOG("confined: %s", #__VA_ARGS__);             \
		}                                                         \
	} while (0)

/* The operation, confined by expect_ctx(@cfg). */
static int expect_op(struct __test_metadata *const _metadata,
		     const struct net_rule_config *const cfg,
		     const enum op_kind kind, const struct sock_kind sock,
		     const char *const ip, const int port)
{
	const struct net_op op = { kind, sock, ip, port };

	return run_expecting(_metadata, cfg, net_op, &op);
}

/* expect_ctx for an @access check of such a socket on [@ip6]:@port. */
static struct net_rule_config expect_ip(const __u64 access,
					const struct sock_kind sock,
					const char *const ip6, const int port)
{
	struct net_rule_config cfg = {
		.access = access,
		.fields = EXPECT_IP,
		.family = sock.family,
		.sock_type = sock.type,
		.protocol = sock.protocol,
		.port = port,
	};

	inet_pton(AF_INET6, ip6, cfg.addr);
	return cfg;
}

/* A socket bound to @ip:@port, listening unless it is a datagram one. */
static int listener(struct __test_metadata *const _metadata,
		    const struct sock_kind sock, const char *const ip,
		    const int port)
{
	const int one = 1, zero = 0;
	union addr a;
	const socklen_t len = make_addr(&a, ip, port);
	const int fd = socket(sock.family, sock.type | SOCK_CLOEXEC,
			      sock.protocol);

	ASSERT_LE(0, fd)
	{
		TH_LOG("socket(%d, %d, %d): %s", sock.family, sock.type,
		       sock.protocol, strerror(errno));
	}
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
				sizeof(one)));
	if (sock.family == AF_INET6)
		ASSERT_EQ(0, setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
					sizeof(zero)));
	ASSERT_EQ(0, bind(fd, &a.sa, len))
	{
		TH_LOG("bind %s:%d: %s", ip, port, strerror(errno));
	}
	if (sock.type != SOCK_DGRAM)
		ASSERT_EQ(0, listen(fd, 128));
	return fd;
}

static int port_rule(struct __test_metadata *const _metadata)
{
	const struct net_rule_config cfg = { .allowed_port = PORT };

	return load_net_rule(_metadata, "connect_only_port", &cfg, NULL);
}

FIXTURE(net) {};

/* A network namespace of its own, with the loopback interface up. */
FIXTURE_SETUP(net)
{
	struct ifreq ifr = {};
	int fd;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ASSERT_EQ(0, ioctl(fd, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags |= IFF_UP;
	ASSERT_EQ(0, ioctl(fd, SIOCSIFFLAGS, &ifr));
	ASSERT_EQ(0, close(fd));
}

FIXTURE_TEARDOWN(net)
{
}

/* socket(2): family, type without flags, and the protocol resolved. */
TEST_F(net, create_context_resolved)
{
	static const struct {
		int family, type, protocol;
		/* What the context shows. */
		int sock_type, resolved;
	} cases[] = {
		{ AF_INET, SOCK_STREAM, 0, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET, SOCK_DGRAM, 0, SOCK_DGRAM, IPPROTO_UDP },
		{ AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0, SOCK_STREAM,
		  IPPROTO_TCP },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_UDP, SOCK_DGRAM, IPPROTO_UDP },
		{ AF_INET, SOCK_RAW, IPPROTO_ICMP, SOCK_RAW, IPPROTO_ICMP },
		{ AF_UNIX, SOCK_SEQPACKET, 0, SOCK_SEQPACKET, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* port and addr do not apply: 0. */
		struct net_rule_config cfg = {
			.access = LANDLOCK_ACCESS_SOCK_CREATE,
			.fields = EXPECT_IP,
			.family = cases[i].family,
			.sock_type = cases[i].sock_type,
			.protocol = cases[i].resolved,
		};

		EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CREATE,
				       SOCK(cases[i].family, cases[i].type,
					    cases[i].protocol),
				       NULL, 0))
		{
			TH_LOG("case %zu", i);
		}
		cfg.protocol++;
		EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CREATE,
					    SOCK(cases[i].family, cases[i].type,
						 cases[i].protocol),
					    NULL, 0))
		{
			TH_LOG("case %zu", i);
		}
	}
}

TEST_F(net, raw_socket_create_denied)
{
	const int prog = load_net_rule(_metadata, "no_raw_sockets", NULL, NULL);
	const __u64 h = LANDLOCK_ACCESS_SOCK_CREATE;

	EXPECT_OP(EACCES, prog, h, OP_CREATE, RAW4, NULL, 0);
	EXPECT_OP(EACCES, prog, h, OP_CREATE,
		  SOCK(AF_INET, SOCK_RAW, IPPROTO_UDP), NULL, 0);
	EXPECT_OP(EACCES, prog, h, OP_CREATE,
		  SOCK(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), NULL, 0);
	EXPECT_OP(EACCES, prog, h, OP_CREATE,
		  SOCK(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), NULL, 0);
	EXPECT_OP(EACCES, prog, h, OP_CREATE,
		  SOCK(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP)), NULL, 0);
	EXPECT_OP(0, prog, h, OP_CREATE, TCP4, NULL, 0);
	EXPECT_OP(0, prog, h, OP_CREATE, UDP4, NULL, 0);
	EXPECT_OP(0, prog, h, OP_CREATE, TCP6, NULL, 0);
	EXPECT_OP(0, prog, h, OP_CREATE, UDP6, NULL, 0);
	EXPECT_OP(0, prog, h, OP_CREATE, SOCK(AF_UNIX, SOCK_DGRAM, 0), NULL,
		  0);
	/* Not handled: the rule does not run. */
	EXPECT_OP(0, prog, SOCK_IP_RIGHTS, OP_CREATE, RAW4, NULL, 0);
	EXPECT_EQ(0, close(prog));
}

/* A socketpair(2) of @arg (an int *: the type): 0 or an errno. */
static int socketpair_op(const void *const arg)
{
	const int type = *(const int *)arg;
	int sv[2], err, before, after;

	/* The lowest free descriptor, to see that none is left behind. */
	before = open("/", O_PATH | O_CLOEXEC);
	close(before);
	if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) == 0) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	err = errno;
	after = open("/", O_PATH | O_CLOEXEC);
	close(after);
	return after == before ? err : EBADFD;
}

TEST_F(net, socketpair_each_checked)
{
	struct net_rule_config cfg = {
		.access = LANDLOCK_ACCESS_SOCK_CREATE,
		.fields = EXPECT_SOCKET,
		.family = AF_UNIX,
		.sock_type = SOCK_STREAM,
		.protocol = 0,
	};
	int type = SOCK_STREAM, deny;

	EXPECT_EQ(0, run_expecting(_metadata, &cfg, socketpair_op, &type));
	type = SOCK_DGRAM;
	EXPECT_EQ(EACCES, run_expecting(_metadata, &cfg, socketpair_op, &type));
	cfg.sock_type = SOCK_DGRAM;
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, socketpair_op, &type));

	/* Denied: both fail, no descriptor is left. */
	deny = load_deny_all_prog();
	ASSERT_LE(0, deny);
	EXPECT_EQ(0, socketpair_op(&type));
	EXPECT_EQ(EACCES, run_confined(_metadata, deny,
				       LANDLOCK_ACCESS_SOCK_CREATE,
				       socketpair_op, &type));
	EXPECT_EQ(0, close(deny));
}

static const struct sockaddr_un path_addr = {
	.sun_family = AF_UNIX,
	.sun_path = UNIX_PATH,
};

static const struct sockaddr_un abstract_addr = {
	.sun_family = AF_UNIX,
	.sun_path = "\0landlock_net_abstract",
};

/* Sockets created before enforcement, for the checks of ABI 2 after it. */
struct abi2_fds {
	int bind, connect, sendto, unix_path, unix_abstract;
};

static void abi2_fds_open(struct __test_metadata *const _metadata,
			  struct abi2_fds *const fds)
{
	fds->bind = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	fds->connect = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	fds->sendto = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	fds->unix_path = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	fds->unix_abstract = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fds->bind);
	ASSERT_LE(0, fds->connect);
	ASSERT_LE(0, fds->sendto);
	ASSERT_LE(0, fds->unix_path);
	ASSERT_LE(0, fds->unix_abstract);
}

/* One check of each right of ABI 2, and what it gives. */
static void abi2_checks(struct __test_metadata *const _metadata,
			const struct abi2_fds *const fds, const pid_t target,
			const int sock_err, const int unix_err,
			const int ipc_err)
{
	union addr a;
	socklen_t len;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	EXPECT_EQ(sock_err, errno_of(fd));
	if (fd >= 0)
		close(fd);
	len = make_addr(&a, "127.0.0.1", OTHER_PORT);
	EXPECT_EQ(sock_err, errno_of(bind(fds->bind, &a.sa, len)));
	len = make_addr(&a, "127.0.0.1", PORT);
	EXPECT_EQ(sock_err, errno_of(connect(fds->connect, &a.sa, len)));
	EXPECT_EQ(sock_err,
		  errno_of(sendto(fds->sendto, "x", 1, 0, &a.sa, len)));
	EXPECT_EQ(unix_err, errno_of(connect(fds->unix_path,
					     (struct sockaddr *)&path_addr,
					     sizeof(path_addr))));
	EXPECT_EQ(ipc_err, errno_of(connect(fds->unix_abstract,
					    (struct sockaddr *)&abstract_addr,
					    sizeof(abstract_addr))));
	EXPECT_EQ(ipc_err, errno_of(kill(target, 0)));
}

static void plain_call_child(struct __test_metadata *const _metadata,
			     const pid_t target)
{
	struct abi2_fds fds;

	abi2_fds_open(_metadata, &fds);
	enforce(_metadata, load_deny_all_prog());
	/* It runs, for the filesystem... */
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
	/* ...and for nothing else. */
	abi2_checks(_metadata, &fds, target, 0, 0, 0);
}

static void new_call_child(struct __test_metadata *const _metadata,
			   const pid_t target)
{
	struct abi2_fds fds;

	abi2_fds_open(_metadata, &fds);
	enforce_handled(_metadata, load_deny_all_prog(),
			ACCESS_ALL & ~ACCESS_ABI1);
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
	abi2_checks(_metadata, &fds, target, EACCES, EACCES, EPERM);
}

/*
 * A program enforced with SECCOMP_PREPEND_LANDLOCK_PROG, written for
 * ABI 1, never sees a check of ABI 2; the same program enforced with the
 * new call for those rights denies them all.
 */
TEST_F(net, plain_call_never_runs_for_new_rights)
{
	int tcp, udp, path, abstract, status;
	pid_t target;

	tcp = listener(_metadata, TCP4, "127.0.0.1", PORT);
	udp = listener(_metadata, UDP4, "127.0.0.1", PORT);
	unlink(UNIX_PATH);
	path = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, path);
	ASSERT_EQ(0, bind(path, (struct sockaddr *)&path_addr,
			  sizeof(path_addr)));
	ASSERT_EQ(0, listen(path, 8));
	abstract = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, abstract);
	ASSERT_EQ(0, bind(abstract, (struct sockaddr *)&abstract_addr,
			  sizeof(abstract_addr)));
	ASSERT_EQ(0, listen(abstract, 8));
	/* A process outside any domain, to signal. */
	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		pause();
		_exit(0);
	}

	IN_CHILD(plain_call_child(_metadata, target));
	IN_CHILD(new_call_child(_metadata, target));

	EXPECT_EQ(0, kill(target, SIGKILL));
	EXPECT_EQ(target, waitpid(target, &status, 0));
	EXPECT_EQ(0, unlink(UNIX_PATH));
	close(tcp);
	close(udp);
	close(path);
	close(abstract);
}

struct skip_case {
	__u64 handled;
	int create, bind, connect, sendto;
};

static void handled_child(struct __test_metadata *const _metadata,
			  const struct skip_case *const c)
{
	const int tcp_b = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	const int tcp_c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	const int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	const int udp_c = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int sv[2] = { -1, -1 };
	union addr a;
	socklen_t len;

	ASSERT_LE(0, tcp_b);
	ASSERT_LE(0, tcp_c);
	ASSERT_LE(0, udp);
	ASSERT_LE(0, udp_c);
	len = make_addr(&a, "127.0.0.1", PORT);
	ASSERT_EQ(0, connect(udp_c, &a.sa, len));

	enforce_handled(_metadata, load_deny_all_prog(), c->handled);
	EXPECT_EQ(0, open_errno("/dev/null", O_RDWR));
	EXPECT_EQ(c->create,
		  errno_of(socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)));
	EXPECT_EQ(c->create,
		  errno_of(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)));
	EXPECT_EQ(c->connect, errno_of(connect(tcp_c, &a.sa, len)));
	EXPECT_EQ(c->sendto, errno_of(sendto(udp, "x", 1, 0, &a.sa, len)));
	/* Without an address: never checked. */
	EXPECT_EQ(1, send(udp_c, "x", 1, 0));
	len = make_addr(&a, "127.0.0.1", OTHER_PORT);
	EXPECT_EQ(c->bind, errno_of(bind(tcp_b, &a.sa, len)));
}

/*
 * A deny-everything program enforced for one right denies that right
 * only: e.g. for SOCK_CONNECT, open(2), socket(2), bind(2) and sendto(2)
 * work.
 */
TEST_F(net, handled_access_skips)
{
	static const struct skip_case cases[] = {
		{ LANDLOCK_ACCESS_SOCK_CREATE, EACCES, 0, 0, 0 },
		{ LANDLOCK_ACCESS_SOCK_BIND, 0, EACCES, 0, 0 },
		{ LANDLOCK_ACCESS_SOCK_CONNECT, 0, 0, EACCES, 0 },
		{ LANDLOCK_ACCESS_SOCK_SENDTO, 0, 0, 0, EACCES },
		{ ACCESS_IPC | LANDLOCK_ACCESS_FS_RESOLVE_UNIX |
			  LANDLOCK_ACCESS_FS_READ_DIR,
		  0, 0, 0, 0 },
	};
	const int tcp = listener(_metadata, TCP4, "127.0.0.1", PORT);
	const int udp = listener(_metadata, UDP4, "127.0.0.1", PORT);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		IN_CHILD(handled_child(_metadata, &cases[i]));
	close(tcp);
	close(udp);
}

TEST_F(net, tcp_connect_port_v4)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_CONNECT;
	const int l1 = listener(_metadata, TCP4, "0.0.0.0", PORT);
	const int l2 = listener(_metadata, TCP4, "0.0.0.0", OTHER_PORT);

	EXPECT_OP(0, prog, h, OP_CONNECT, TCP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, TCP4, "127.0.0.1", OTHER_PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, TCP4, "127.0.0.2", PORT);
	/* Only connect(2) is handled. */
	EXPECT_OP(0, prog, h, OP_BIND, TCP4, "127.0.0.2", OTHER_PORT + 1);
	EXPECT_OP(0, prog, h, OP_SENDTO, UDP4, "127.0.0.2", OTHER_PORT);
	close(l1);
	close(l2);
	close(prog);
}

/* IPv6, and IPv4 through v4-mapped addresses: one rule for both. */
TEST_F(net, tcp_connect_port_v6)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_CONNECT;
	const int l1 = listener(_metadata, TCP6, "::", PORT);
	const int l2 = listener(_metadata, TCP6, "::", OTHER_PORT);

	EXPECT_OP(0, prog, h, OP_CONNECT, TCP6, "::1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, TCP6, "::1", OTHER_PORT);
	EXPECT_OP(0, prog, h, OP_CONNECT, TCP6, "::ffff:127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, TCP6, "::ffff:127.0.0.2", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, TCP6, "::ffff:127.0.0.1",
		  OTHER_PORT);
	EXPECT_OP(0, prog, h, OP_CONNECT, TCP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, TCP4, "127.0.0.1", OTHER_PORT);
	close(l1);
	close(l2);
	close(prog);
}

TEST_F(net, udp_connect_port)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_CONNECT;

	EXPECT_OP(0, prog, h, OP_CONNECT, UDP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, UDP4, "127.0.0.1", OTHER_PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, UDP4, "127.0.0.2", PORT);
	EXPECT_OP(0, prog, h, OP_CONNECT, UDP6, "::1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, UDP6, "::1", OTHER_PORT);
	EXPECT_OP(0, prog, h, OP_CONNECT, UDP6, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_CONNECT, UDP6, "127.0.0.2", PORT);
	close(prog);
}

/* bind(2), of any protocol: port and address. */
TEST_F(net, tcp_udp_bind_port)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_BIND;

	EXPECT_OP(0, prog, h, OP_BIND, TCP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_BIND, TCP4, "127.0.0.1", OTHER_PORT);
	EXPECT_OP(EACCES, prog, h, OP_BIND, TCP4, "0.0.0.0", PORT);
	EXPECT_OP(EACCES, prog, h, OP_BIND, TCP4, "127.0.0.2", PORT);
	/* An ephemeral port is port 0. */
	EXPECT_OP(EACCES, prog, h, OP_BIND, TCP4, "127.0.0.1", 0);
	EXPECT_OP(0, prog, h, OP_BIND, TCP6, "::1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_BIND, TCP6, "::", PORT);
	EXPECT_OP(0, prog, h, OP_BIND, TCP6, "::ffff:127.0.0.1", PORT);
	EXPECT_OP(0, prog, h, OP_BIND, UDP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_BIND, UDP4, "127.0.0.1", OTHER_PORT);
	EXPECT_OP(EACCES, prog, h, OP_BIND, UDP6, "::1", OTHER_PORT);
	/* Only bind(2) is handled. */
	EXPECT_OP(0, prog, h, OP_SENDTO, UDP4, "127.0.0.2", OTHER_PORT);
	close(prog);
}

static void sendto_child(struct __test_metadata *const _metadata,
			 const int prog)
{
	const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	const int connected = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct mmsghdr m[2] = {};
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	union addr good, bad;
	const socklen_t len = make_addr(&good, "127.0.0.1", PORT);

	ASSERT_LE(0, fd);
	ASSERT_LE(0, connected);
	/* Received by the wildcard receiver, but not allowed. */
	ASSERT_EQ(len, make_addr(&bad, "127.0.0.2", PORT));
	ASSERT_EQ(0, connect(connected, &bad.sa, len));
	enforce_handled(_metadata, dup(prog), LANDLOCK_ACCESS_SOCK_SENDTO);

	/* sendmmsg(2): each message is checked. */
	m[0].msg_hdr = msg;
	m[1].msg_hdr = msg;
	m[0].msg_hdr.msg_name = &good;
	m[0].msg_hdr.msg_namelen = len;
	m[1].msg_hdr.msg_name = &bad;
	m[1].msg_hdr.msg_namelen = len;
	EXPECT_EQ(1, sendmmsg(fd, m, 2, 0));
	m[0].msg_hdr.msg_name = &bad;
	m[1].msg_hdr.msg_name = &good;
	EXPECT_EQ(-1, sendmmsg(fd, m, 2, 0));
	EXPECT_EQ(EACCES, errno);
	m[0].msg_hdr.msg_name = &good;
	EXPECT_EQ(2, sendmmsg(fd, m, 2, 0));

	/* A connected socket: sends without an address are not checked. */
	EXPECT_EQ(1, send(connected, "x", 1, 0));
	EXPECT_EQ(1, write(connected, "x", 1));
	msg.msg_name = &bad;
	msg.msg_namelen = 0;
	EXPECT_EQ(1, sendmsg(connected, &msg, 0));
	/* With one, they are. */
	msg.msg_namelen = len;
	EXPECT_EQ(-1, sendmsg(connected, &msg, 0));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, sendto(connected, "x", 1, 0, &bad.sa, len));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(1, sendto(connected, "x", 1, 0, &good.sa, len));
}

/* Read the datagrams that arrive on @fd within 200 ms of each other. */
static int drain(const int fd)
{
	const struct timeval timeout = { .tv_usec = 200000 };
	char buf[16];
	int n = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	while (recv(fd, buf, sizeof(buf), 0) >= 0)
		n++;
	return n;
}

TEST_F(net, udp_sendto_port)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_SENDTO;
	const int rx = listener(_metadata, UDP6, "::", PORT);

	EXPECT_OP(0, prog, h, OP_SENDTO, UDP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_SENDTO, UDP4, "127.0.0.1", OTHER_PORT);
	EXPECT_OP(EACCES, prog, h, OP_SENDTO, UDP4, "127.0.0.2", PORT);
	EXPECT_OP(0, prog, h, OP_SENDMSG, UDP4, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_SENDMSG, UDP4, "127.0.0.2", PORT);
	EXPECT_OP(0, prog, h, OP_SENDTO, UDP6, "::1", PORT);
	EXPECT_OP(EACCES, prog, h, OP_SENDMSG, UDP6, "::1", OTHER_PORT);
	EXPECT_OP(EACCES, prog, h, OP_SENDTO, UDP6, "::ffff:127.0.0.2", PORT);
	/* Only sends are handled. */
	EXPECT_OP(0, prog, h, OP_CONNECT, UDP4, "127.0.0.2", OTHER_PORT);

	/* What is allowed arrives, what is denied does not. */
	drain(rx);
	EXPECT_EQ(0, try_op(_metadata, prog, h, OP_SENDTO, UDP4, "127.0.0.1",
			    PORT));
	EXPECT_EQ(EACCES, try_op(_metadata, prog, h, OP_SENDTO, UDP4,
				 "127.0.0.2", PORT));
	EXPECT_EQ(1, drain(rx));

	IN_CHILD(sendto_child(_metadata, prog));
	/* sendmmsg(): 1 + 2, the connected socket: 3 + 1. */
	EXPECT_EQ(7, drain(rx));
	close(rx);
	close(prog);
}

/* UDP: one rule sees the same address from an IPv4 and an IPv6 socket. */
TEST_F(net, udp_sendto_v4_mapped)
{
	struct net_rule_config cfg =
		expect_ip(LANDLOCK_ACCESS_SOCK_SENDTO, UDP6_CTX,
			  "::ffff:127.0.0.1", PORT);

	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_SENDTO, UDP6,
			       "::ffff:127.0.0.1", PORT));
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_SENDMSG, UDP6,
			       "::ffff:127.0.0.1", PORT));
	/* An IPv6 socket sending to a sockaddr_in: the same. */
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_SENDTO, UDP6, "127.0.0.1",
			       PORT));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_SENDTO, UDP4,
				    "127.0.0.1", PORT));
	cfg.family = AF_INET;
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_SENDTO, UDP4, "127.0.0.1",
			       PORT));
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_SENDMSG, UDP4, "127.0.0.1",
			       PORT));
	/* Each part of the address and the port count. */
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_SENDTO, UDP4,
				    "127.0.0.2", PORT));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_SENDTO, UDP4,
				    "127.0.0.1", PORT + 1));
	cfg.addr[2] = 0;
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_SENDTO, UDP4,
				    "127.0.0.1", PORT));
	/* ::1 as it is. */
	cfg = expect_ip(LANDLOCK_ACCESS_SOCK_SENDTO, UDP6_CTX, "::1", PORT);
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_SENDTO, UDP6, "::1", PORT));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_SENDTO, UDP6,
				    "::ffff:0.0.0.1", PORT));
}

/* An IPv6 UDP socket may connect to a sockaddr_in: seen v4-mapped. */
TEST_F(net, udp6_connect_sockaddr_in)
{
	struct net_rule_config cfg =
		expect_ip(LANDLOCK_ACCESS_SOCK_CONNECT, UDP6_CTX,
			  "::ffff:127.0.0.1", PORT);

	EXPECT_EQ(0, op_errno(OP_CONNECT, UDP6, "127.0.0.1", PORT));
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CONNECT, UDP6, "127.0.0.1",
			       PORT));
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CONNECT, UDP6,
			       "::ffff:127.0.0.1", PORT));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CONNECT, UDP6,
				    "127.0.0.2", PORT));
	cfg.port = OTHER_PORT;
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CONNECT, UDP6,
				    "127.0.0.1", PORT));
}

/* bind(2) of an AF_INET socket to an AF_UNSPEC INADDR_ANY address. */
static int bind_unspec_op(const void *const arg)
{
	const struct sockaddr_in a = {
		.sin_family = AF_UNSPEC,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = *(const __u32 *)arg,
	};
	const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return errno;
	err = errno_of(bind(fd, (const struct sockaddr *)&a, sizeof(a)));
	close(fd);
	return err;
}

TEST_F(net, bind_unspec_is_inaddr_any)
{
	struct net_rule_config cfg =
		expect_ip(LANDLOCK_ACCESS_SOCK_BIND, TCP4_CTX,
			  "::ffff:0.0.0.0", PORT);
	const __u32 any = htonl(INADDR_ANY);
	const int prog = port_rule(_metadata);

	/* The kernel binds it as INADDR_ANY. */
	EXPECT_EQ(0, bind_unspec_op(&any));
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, bind_unspec_op, &any));
	cfg.addr[3] = htonl(INADDR_LOOPBACK);
	EXPECT_EQ(EACCES,
		  run_expecting(_metadata, &cfg, bind_unspec_op, &any));
	cfg.addr[3] = 0;
	cfg.port = OTHER_PORT;
	EXPECT_EQ(EACCES,
		  run_expecting(_metadata, &cfg, bind_unspec_op, &any));
	/* Not a way around an address rule. */
	EXPECT_EQ(EACCES, run_confined(_metadata, prog,
				       LANDLOCK_ACCESS_SOCK_BIND,
				       bind_unspec_op, &any));
	close(prog);
}

static void connect_unspec_child(struct __test_metadata *const _metadata)
{
	const struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	const int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	const int udp6 = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	const int tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	union addr a, a6;
	const socklen_t len = make_addr(&a, "127.0.0.1", PORT);
	const socklen_t len6 = make_addr(&a6, "::1", PORT);

	ASSERT_LE(0, udp);
	ASSERT_LE(0, udp6);
	ASSERT_LE(0, tcp);
	ASSERT_EQ(0, connect(udp, &a.sa, len));
	ASSERT_EQ(0, connect(udp6, &a6.sa, len6));
	enforce_handled(_metadata, load_deny_all_prog(),
			LANDLOCK_ACCESS_SOCK_CONNECT);

	EXPECT_EQ(0, connect(udp, &unspec, sizeof(unspec)));
	/* Disconnected indeed. */
	EXPECT_EQ(-1, send(udp, "x", 1, 0));
	EXPECT_EQ(EDESTADDRREQ, errno);
	EXPECT_EQ(0, connect(udp6, &unspec, sizeof(unspec)));
	EXPECT_EQ(-1, send(udp6, "x", 1, 0));
	EXPECT_EQ(EDESTADDRREQ, errno);
	EXPECT_EQ(0, connect(tcp, &unspec, sizeof(unspec)));
	/* A connection is checked. */
	EXPECT_EQ(-1, connect(udp, &a.sa, len));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, connect(udp6, &a6.sa, len6));
	EXPECT_EQ(EACCES, errno);
}

/* connect(AF_UNSPEC) disconnects: no check. */
TEST_F(net, connect_unspec_unchecked)
{
	IN_CHILD(connect_unspec_child(_metadata));
}

static void short_address_child(struct __test_metadata *const _metadata)
{
	const struct {
		struct net_op op;
		int err;
	} cases[] = {
		{ { OP_BIND, TCP4, "127.0.0.1", PORT, 15 }, EINVAL },
		{ { OP_BIND, TCP4, "127.0.0.1", PORT, 2 }, EINVAL },
		{ { OP_BIND, UDP4, "127.0.0.1", PORT, 8 }, EINVAL },
		{ { OP_BIND, TCP4, "127.0.0.1", PORT, 16 }, EACCES },
		{ { OP_CONNECT, TCP4, "127.0.0.1", PORT, 15 }, EINVAL },
		{ { OP_CONNECT, UDP4, "127.0.0.1", PORT, 15 }, EINVAL },
		{ { OP_CONNECT, TCP4, "127.0.0.1", PORT, 16 }, EACCES },
		{ { OP_SENDTO, UDP4, "127.0.0.1", PORT, 15 }, EINVAL },
		{ { OP_SENDMSG, UDP4, "127.0.0.1", PORT, 15 }, EINVAL },
		{ { OP_SENDTO, UDP4, "127.0.0.1", PORT, 16 }, EACCES },
		{ { OP_BIND, TCP6, "::1", PORT, 23 }, EINVAL },
		{ { OP_BIND, UDP6, "::1", PORT, 16 }, EINVAL },
		{ { OP_BIND, TCP6, "::1", PORT, 24 }, EACCES },
		{ { OP_CONNECT, TCP6, "::1", PORT, 23 }, EINVAL },
		{ { OP_CONNECT, UDP6, "::1", PORT, 23 }, EINVAL },
		{ { OP_CONNECT, UDP6, "::1", PORT, 24 }, EACCES },
		{ { OP_SENDTO, UDP6, "::1", PORT, 23 }, EINVAL },
		{ { OP_SENDTO, UDP6, "::1", PORT, 24 }, EACCES },
		{ { OP_SENDTO, UDP6, "::1", PORT, 28 }, EACCES },
	};
	size_t i;

	enforce_handled(_metadata, load_deny_all_prog(), SOCK_IP_RIGHTS);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(cases[i].err, net_op(&cases[i].op))
		{
			TH_LOG("case %zu", i);
		}
	}
}

/*
 * An address too short for its family: EINVAL before any program runs,
 * even one that denies everything.
 */
TEST_F(net, short_address_einval)
{
	IN_CHILD(short_address_child(_metadata));
}

static void other_family_child(struct __test_metadata *const _metadata)
{
	const struct net_op cases[] = {
		{ OP_BIND, TCP4, "127.0.0.1", PORT, 16, AF_UNIX },
		{ OP_BIND, UDP4, "127.0.0.1", PORT, 16, AF_PACKET },
		{ OP_CONNECT, TCP4, "127.0.0.1", PORT, 16, AF_UNIX },
		{ OP_CONNECT, UDP4, "127.0.0.1", PORT, 16, AF_UNIX },
		{ OP_SENDTO, UDP4, "127.0.0.1", PORT, 16, AF_UNIX },
		{ OP_BIND, TCP6, "::1", PORT, 28, AF_UNIX },
		{ OP_CONNECT, TCP6, "::1", PORT, 28, AF_UNIX },
		{ OP_CONNECT, UDP6, "::1", PORT, 28, AF_PACKET },
		{ OP_SENDTO, UDP6, "::1", PORT, 28, AF_UNIX },
	};
	size_t i;

	enforce_handled(_metadata, load_deny_all_prog(), SOCK_IP_RIGHTS);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(EAFNOSUPPORT, net_op(&cases[i]))
		{
			TH_LOG("case %zu", i);
		}
	}
}

/* A family other than AF_INET, AF_INET6 or AF_UNSPEC on an IP socket. */
TEST_F(net, other_family_eafnosupport)
{
	IN_CHILD(other_family_child(_metadata));
}

/* MPTCP sockets are seen as such, and follow the same rules. */
TEST_F(net, mptcp_protocol)
{
	struct net_rule_config cfg = {
		.access = LANDLOCK_ACCESS_SOCK_CREATE,
		.fields = EXPECT_SOCKET,
		.family = AF_INET,
		.sock_type = SOCK_STREAM,
		.protocol = IPPROTO_MPTCP,
	};
	const int l = listener(_metadata, MPTCP4, "0.0.0.0", PORT);
	const int prog = port_rule(_metadata);

	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CREATE, MPTCP4, NULL, 0));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CREATE, TCP4, NULL, 0));
	cfg.family = AF_INET6;
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CREATE,
			       SOCK(AF_INET6, SOCK_STREAM, IPPROTO_MPTCP), NULL,
			       0));

	cfg = expect_ip(LANDLOCK_ACCESS_SOCK_CONNECT, MPTCP4,
			"::ffff:127.0.0.1", PORT);
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CONNECT, MPTCP4,
			       "127.0.0.1", PORT));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CONNECT, TCP4,
				    "127.0.0.1", PORT));
	cfg = expect_ip(LANDLOCK_ACCESS_SOCK_BIND, MPTCP4, "::ffff:127.0.0.1",
			OTHER_PORT);
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_BIND, MPTCP4, "127.0.0.1",
			       OTHER_PORT));
	cfg.protocol = IPPROTO_TCP;
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_BIND, MPTCP4,
				    "127.0.0.1", OTHER_PORT));

	EXPECT_OP(0, prog, LANDLOCK_ACCESS_SOCK_CONNECT, OP_CONNECT, MPTCP4,
		  "127.0.0.1", PORT);
	EXPECT_OP(EACCES, prog, LANDLOCK_ACCESS_SOCK_CONNECT, OP_CONNECT,
		  MPTCP4, "127.0.0.2", PORT);
	EXPECT_OP(EACCES, prog, LANDLOCK_ACCESS_SOCK_BIND, OP_BIND, MPTCP4,
		  "127.0.0.1", OTHER_PORT);
	close(prog);
	close(l);
}

/* SCTP: socket(2), bind(2) and connect(2) see IPPROTO_SCTP. */
TEST_F(net, sctp_protocol)
{
	struct net_rule_config cfg = {
		.access = LANDLOCK_ACCESS_SOCK_CREATE,
		.fields = EXPECT_SOCKET,
		.family = AF_INET,
		.sock_type = SOCK_STREAM,
		.protocol = IPPROTO_SCTP,
	};
	const int l = listener(_metadata, SCTP4, "127.0.0.1", PORT);

	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CREATE, SCTP4, NULL, 0));
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CREATE, SCTP4_SEQ,
				    NULL, 0));
	cfg.sock_type = SOCK_SEQPACKET;
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CREATE, SCTP4_SEQ, NULL, 0));
	cfg.family = AF_INET6;
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CREATE,
			       SOCK(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP),
			       NULL, 0));

	cfg = expect_ip(LANDLOCK_ACCESS_SOCK_BIND, SCTP4_SEQ,
			"::ffff:127.0.0.1", OTHER_PORT);
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_BIND, SCTP4_SEQ,
			       "127.0.0.1", OTHER_PORT));
	cfg.protocol = IPPROTO_TCP;
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_BIND, SCTP4_SEQ,
				    "127.0.0.1", OTHER_PORT));

	cfg = expect_ip(LANDLOCK_ACCESS_SOCK_CONNECT, SCTP4,
			"::ffff:127.0.0.1", PORT);
	EXPECT_EQ(0, expect_op(_metadata, &cfg, OP_CONNECT, SCTP4,
			       "127.0.0.1", PORT));
	cfg.port = OTHER_PORT;
	EXPECT_EQ(EACCES, expect_op(_metadata, &cfg, OP_CONNECT, SCTP4,
				    "127.0.0.1", PORT));
	close(l);
}

/* Addresses for the SCTP socket options, all on PORT. */
struct sctp_addrs {
	/* SCTP_SOCKOPT_BINDX_ADD or SCTP_SOCKOPT_CONNECTX */
	int optname;
	/* bind(2) to the first one before the option */
	bool bind_first;
	const char *ips[3];
};

static int sctp_addrs_op(const void *const arg)
{
	const struct sctp_addrs *const s = arg;
	const struct timeval timeout = { .tv_sec = 5 };
	struct sockaddr_in addrs[3] = {};
	const int type = s->optname == SCTP_SOCKOPT_CONNECTX ? SOCK_STREAM :
							       SOCK_SEQPACKET;
	int fd, n, err = 0;

	for (n = 0; n < 3 && s->ips[n]; n++) {
		addrs[n].sin_family = AF_INET;
		addrs[n].sin_port = htons(PORT);
		inet_pton(AF_INET, s->ips[n], &addrs[n].sin_addr);
	}
	/* A connectx does not wait for the association: the check is done. */
	fd = socket(AF_INET,
		    type | SOCK_CLOEXEC |
			    (type == SOCK_STREAM ? SOCK_NONBLOCK : 0),
		    IPPROTO_SCTP);
	if (fd < 0)
		return errno;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	if (s->bind_first) {
		err = errno_of(bind(fd, (struct sockaddr *)&addrs[0],
				    sizeof(addrs[0])));
		if (err) {
			close(fd);
			return 100 + err;
		}
		n--;
	}
	/* CONNECTX answers an association id: >= 0. */
	err = errno_of(setsockopt(fd, SOL_SCTP, s->optname,
				  s->bind_first ? &addrs[1] : &addrs[0],
				  n * sizeof(addrs[0])));
	close(fd);
	return err == EINPROGRESS ? 0 : err;
}

/* SCTP_SOCKOPT_BINDX_ADD runs a SOCK_BIND check for each address. */
TEST_F(net, sctp_bindx_each_address)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_BIND;
	const struct sctp_addrs one = {
		SCTP_SOCKOPT_BINDX_ADD, false, { "127.0.0.1" }
	};
	const struct sctp_addrs good_bad = {
		SCTP_SOCKOPT_BINDX_ADD, false, { "127.0.0.1", "127.0.0.2" }
	};
	const struct sctp_addrs bad_good = {
		SCTP_SOCKOPT_BINDX_ADD, false, { "127.0.0.2", "127.0.0.1" }
	};
	const struct sctp_addrs after_bind = {
		SCTP_SOCKOPT_BINDX_ADD, true, { "127.0.0.1", "127.0.0.2" }
	};

	EXPECT_EQ(0, sctp_addrs_op(&good_bad));
	EXPECT_EQ(0, sctp_addrs_op(&bad_good));
	EXPECT_EQ(0, sctp_addrs_op(&after_bind));
	EXPECT_EQ(0, run_confined(_metadata, prog, h, sctp_addrs_op, &one));
	EXPECT_EQ(EACCES,
		  run_confined(_metadata, prog, h, sctp_addrs_op, &good_bad));
	EXPECT_EQ(EACCES,
		  run_confined(_metadata, prog, h, sctp_addrs_op, &bad_good));
	EXPECT_EQ(EACCES,
		  run_confined(_metadata, prog, h, sctp_addrs_op, &after_bind));
	/* Not handled: not run. */
	EXPECT_EQ(0, run_confined(_metadata, prog, LANDLOCK_ACCESS_SOCK_CONNECT,
				  sctp_addrs_op, &good_bad));
	close(prog);
}

/* SCTP_SOCKOPT_CONNECTX runs SOCK_CONNECT checks. */
TEST_F(net, sctp_connectx_is_connect)
{
	const int prog = port_rule(_metadata);
	const __u64 h = LANDLOCK_ACCESS_SOCK_CONNECT;
	const struct sctp_addrs one = {
		SCTP_SOCKOPT_CONNECTX, false, { "127.0.0.1" }
	};
	const struct sctp_addrs other = {
		SCTP_SOCKOPT_CONNECTX, false, { "127.0.0.2" }
	};
	const struct sctp_addrs both = {
		SCTP_SOCKOPT_CONNECTX, false, { "127.0.0.1", "127.0.0.2" }
	};
	const int l = listener(_metadata, SCTP4, "0.0.0.0", PORT);

	EXPECT_EQ(0, sctp_addrs_op(&other));
	EXPECT_EQ(0, sctp_addrs_op(&both));
	EXPECT_EQ(0, run_confined(_metadata, prog, h, sctp_addrs_op, &one));
	EXPECT_EQ(EACCES,
		  run_confined(_metadata, prog, h, sctp_addrs_op, &other));
	EXPECT_EQ(EACCES,
		  run_confined(_metadata, prog, h, sctp_addrs_op, &both));
	close(l);
	close(prog);
}

/*
 * A message to a new peer of an SCTP socket sets up an association: a
 * SOCK_CONNECT check, besides the SOCK_SENDTO one.
 */
TEST_F(net, sctp_sendmsg_new_peer)
{
	const int deny = load_deny_all_prog();
	const int l = listener(_metadata, SCTP4_SEQ, "127.0.0.1", PORT);

	ASSERT_LE(0, deny);
	EXPECT_OP(EACCES, deny, LANDLOCK_ACCESS_SOCK_CONNECT, OP_SENDTO,
		  SCTP4_SEQ, "127.0.0.1", PORT);
	EXPECT_OP(EACCES, deny, LANDLOCK_ACCESS_SOCK_SENDTO, OP_SENDTO,
		  SCTP4_SEQ, "127.0.0.1", PORT);
	EXPECT_OP(0, deny, LANDLOCK_ACCESS_IPC_SIGNAL, OP_SENDTO, SCTP4_SEQ,
		  "127.0.0.1", PORT);
	close(l);
	close(deny);
}

static int fastopen_op(const void *const arg)
{
	union addr a;
	const socklen_t len = make_addr(&a, "127.0.0.1", *(const int *)arg);
	const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return errno;
	err = errno_of(sendto(fd, "x", 1, MSG_FASTOPEN, &a.sa, len));
	close(fd);
	return err;
}

/* TCP Fast Open connects with sendto(2): a SOCK_SENDTO check. */
TEST_F(net, tcp_fastopen_is_sendto)
{
	const int prog = port_rule(_metadata);
	const int l1 = listener(_metadata, TCP4, "127.0.0.1", PORT);
	const int l2 = listener(_metadata, TCP4, "127.0.0.1", OTHER_PORT);
	const int port = PORT, other = OTHER_PORT;

	EXPECT_EQ(0, fastopen_op(&other));
	EXPECT_EQ(0, run_confined(_metadata, prog, LANDLOCK_ACCESS_SOCK_SENDTO,
				  fastopen_op, &port));
	EXPECT_EQ(EACCES,
		  run_confined(_metadata, prog, LANDLOCK_ACCESS_SOCK_SENDTO,
			       fastopen_op, &other));
	close(l1);
	close(l2);
	close(prog);
}

static void cgroup_child(struct __test_metadata *const _metadata)
{
	cgroup_move(_metadata, CG_NET, 0);
	EXPECT_EQ(EACCES, op_errno(OP_CONNECT, TCP4, "127.0.0.1", PORT));
	EXPECT_EQ(EACCES, op_errno(OP_CONNECT, UDP6, "::1", PORT));
	EXPECT_EQ(0, op_errno(OP_BIND, TCP4, "127.0.0.1", OTHER_PORT));
	EXPECT_EQ(0, op_errno(OP_SENDTO, UDP4, "127.0.0.1", PORT));
	EXPECT_EQ(0, op_errno(OP_CREATE, TCP6, NULL, 0));
	/* Out of the cgroup, nothing applies. */
	cgroup_move(_metadata, "/sys/fs/cgroup", 0);
	EXPECT_EQ(0, op_errno(OP_CONNECT, TCP4, "127.0.0.1", PORT));
}

/*
 * A program attached to a cgroup sees the socket checks of the tasks in
 * it, without any enforcement.
 */
TEST_F(net, cgroup_sees_socket_checks)
{
	const int prog = load_deny_access_prog(LANDLOCK_ACCESS_SOCK_CONNECT);
	const int l = listener(_metadata, TCP4, "127.0.0.1", PORT);

	ASSERT_LE(0, prog);
	rmdir(CG_NET);
	ASSERT_EQ(0, mkdir(CG_NET, 0755));
	ASSERT_EQ(0, cgroup_attach(CG_NET, prog))
	{
		TH_LOG("attach: %s", strerror(errno));
	}
	IN_CHILD(cgroup_child(_metadata));
	/* The attached program goes with its cgroup. */
	EXPECT_EQ(0, rmdir(CG_NET));
	close(l);
	close(prog);
}

static void unpriv_tcp_user(struct __test_metadata *const _metadata)
{
	const struct net_rule_config port_cfg = { .allowed_port = PORT };
	const struct net_rule_config cfg =
		expect_ip(LANDLOCK_ACCESS_SOCK_CONNECT, TCP4_CTX,
			  "::ffff:127.0.0.1", PORT);
	/* Both rules loaded without privileges. */
	const int prog = load_net_rule(_metadata, "connect_only_port",
				       &port_cfg, NULL);
	const int expect = load_net_rule(_metadata, "expect_ctx", &cfg, NULL);

	EXPECT_EQ(ECONNREFUSED,
		  op_errno(OP_CONNECT, TCP4, "127.0.0.1", OTHER_PORT));
	EXPECT_EQ(0, op_errno(OP_BIND, UDP4, "127.0.0.1", OTHER_PORT));
	enforce_handled(_metadata, prog,
			LANDLOCK_ACCESS_SOCK_CONNECT | LANDLOCK_ACCESS_SOCK_BIND);
	EXPECT_EQ(0, op_errno(OP_CONNECT, TCP4, "127.0.0.1", PORT));
	EXPECT_EQ(EACCES, op_errno(OP_CONNECT, TCP4, "127.0.0.1", OTHER_PORT));
	EXPECT_EQ(0, op_errno(OP_BIND, UDP4, "127.0.0.1", PORT));
	EXPECT_EQ(EACCES, op_errno(OP_BIND, UDP4, "127.0.0.1", OTHER_PORT));

	enforce_handled(_metadata, expect, LANDLOCK_ACCESS_SOCK_CONNECT);
	EXPECT_EQ(0, op_errno(OP_CONNECT, TCP4, "127.0.0.1", PORT));
	/* Allowed by the first rule, not by the second. */
	EXPECT_EQ(EACCES, op_errno(OP_CONNECT, TCP6, "::ffff:127.0.0.1", PORT));
	EXPECT_EQ(EACCES, op_errno(OP_CONNECT, UDP4, "127.0.0.1", PORT));
}

/* An unprivileged user writes, loads and enforces a port rule. */
TEST_F(net, unpriv_tcp_connect_port)
{
	const int l = listener(_metadata, TCP4, "0.0.0.0", PORT);
	struct unpriv_sysctls saved;

	unpriv_sysctls_set(_metadata, &saved);
	AS_USER(unpriv_tcp_user(_metadata));
	unpriv_sysctls_restore(_metadata, &saved);
	close(l);
}

TEST_HARNESS_MAIN
