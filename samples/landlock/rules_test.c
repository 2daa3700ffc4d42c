// SPDX-License-Identifier: BSD-3-Clause
/*
 * Unit tests of the rules of rules.bpf.c, without enforcing them: each
 * case loads the rules through their skeleton and runs one program on a
 * context made up here, with BPF_PROG_TEST_RUN (libbpf's
 * bpf_prog_test_run_opts()).  The verdict comes back in retval.  Nothing is
 * in the inode maps then: bpf_landlock_fs_beneath() answers 0.
 *
 * Output is TAP, as kselftests print it.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <linux/landlock.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "rules.skel.h"

struct test_case {
	const char *name;
	const char *rule;
	struct landlock_context ctx;
	int verdict;
};

#define FS(right) LANDLOCK_ACCESS_FS_##right
#define SOCK(right) LANDLOCK_ACCESS_SOCK_##right
#define IPC(right) LANDLOCK_ACCESS_IPC_##right
#define PEER_IN_DOMAIN LANDLOCK_CTX_PEER_IN_DOMAIN
/* htonl(), as a constant expression. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BE32(x) __builtin_bswap32(x)
#else
#define BE32(x) (x)
#endif
/* ctx->addr of an IPv4 address @a (host byte order): v4-mapped. */
#define V4(a) { 0, 0, BE32(0xffff), BE32(a) }
#define V6_LOOPBACK { 0, 0, 0, BE32(1) }
#define ALLOW LANDLOCK_RET_ALLOW
#define DENY LANDLOCK_RET_DENY

static const struct test_case cases[] = {
	{ "a FIFO may be written", "fifo_only_writes",
	  { .access = FS(WRITE_FILE), .mode = S_IFIFO | 0600 }, ALLOW },
	{ "a regular file may not be written", "fifo_only_writes",
	  { .access = FS(WRITE_FILE), .mode = S_IFREG | 0600 }, DENY },
	{ "a regular file may not be truncated", "fifo_only_writes",
	  { .access = FS(TRUNCATE), .mode = S_IFREG | 0600 }, DENY },
	{ "a regular file may still be read", "fifo_only_writes",
	  { .access = FS(READ_FILE), .mode = S_IFREG | 0600 }, ALLOW },

	{ "a log opened with O_APPEND may be written", "append_only_logs",
	  { .access = FS(WRITE_FILE), .mode = S_IFREG | 0644,
	    .open_flags = O_WRONLY | O_APPEND }, ALLOW },
	{ "a log opened without O_APPEND may not", "append_only_logs",
	  { .access = FS(WRITE_FILE), .mode = S_IFREG | 0644,
	    .open_flags = O_WRONLY }, DENY },
	{ "a log opened for reading and appending may not", "append_only_logs",
	  { .access = FS(WRITE_FILE), .mode = S_IFREG | 0644,
	    .open_flags = O_RDWR | O_APPEND }, DENY },
	{ "a log may not be truncated", "append_only_logs",
	  { .access = FS(TRUNCATE), .mode = S_IFREG | 0644 }, DENY },
	{ "a terminal is not a log", "append_only_logs",
	  { .access = FS(WRITE_FILE), .mode = S_IFCHR | 0620,
	    .open_flags = O_RDWR }, ALLOW },

	{ "TIOCSTI is denied", "no_tiocsti",
	  { .access = FS(IOCTL_DEV), .mode = S_IFCHR | 0620,
	    .ioctl_cmd = TIOCSTI }, DENY },
	{ "TIOCLINUX is denied", "no_tiocsti",
	  { .access = FS(IOCTL_DEV), .mode = S_IFCHR | 0620,
	    .ioctl_cmd = TIOCLINUX }, DENY },
	{ "TCGETS is allowed", "no_tiocsti",
	  { .access = FS(IOCTL_DEV), .mode = S_IFCHR | 0620,
	    .ioctl_cmd = TCGETS }, ALLOW },

	{ "the owner's file may be written", "owner_only_writes",
	  { .access = FS(WRITE_FILE), .mode = S_IFREG | 0600, .uid = 1000,
	    .open_flags = O_WRONLY }, ALLOW },
	{ "root's file may not be written", "owner_only_writes",
	  { .access = FS(WRITE_FILE), .mode = S_IFREG | 0644, .uid = 0,
	    .open_flags = O_WRONLY }, DENY },
	{ "root's file may not be truncated", "owner_only_writes",
	  { .access = FS(TRUNCATE), .mode = S_IFREG | 0644, .uid = 0 },
	  DENY },
	{ "root's file may be read", "owner_only_writes",
	  { .access = FS(READ_FILE), .mode = S_IFREG | 0644, .uid = 0 },
	  ALLOW },

	/* Neither side has entries: the destination grants no more. */
	{ "a move between equals is allowed (source check)", "safe_refer",
	  { .access = FS(REFER), .mode = S_IFDIR | 0755,
	    .flags = LANDLOCK_CTX_REFER_SOURCE }, ALLOW },
	{ "a move between equals is allowed (destination check)", "safe_refer",
	  { .access = FS(REFER), .mode = S_IFDIR | 0755,
	    .flags = LANDLOCK_CTX_REFER_DEST }, ALLOW },
	/* Outside a REFER check, the peer helper fails: the rule denies. */
	{ "a REFER check without its flags is denied", "safe_refer",
	  { .access = FS(REFER), .mode = S_IFDIR | 0755 }, DENY },
	{ "other rights are not this rule's concern", "safe_refer",
	  { .access = FS(MAKE_REG), .mode = S_IFDIR | 0755 }, ALLOW },

	{ "TCP may connect to 127.0.0.1:5432", "connect_only_pg",
	  { .access = SOCK(CONNECT), .family = AF_INET,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP, .port = 5432,
	    .addr = V4(INADDR_LOOPBACK) }, ALLOW },
	{ "so may IPv6 to ::ffff:127.0.0.1 port 5432", "connect_only_pg",
	  { .access = SOCK(CONNECT), .family = AF_INET6,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP, .port = 5432,
	    .addr = V4(INADDR_LOOPBACK) }, ALLOW },
	{ "UDP may send to 127.0.0.1:5432", "connect_only_pg",
	  { .access = SOCK(SENDTO), .family = AF_INET,
	    .sock_type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .port = 5432,
	    .addr = V4(INADDR_LOOPBACK) }, ALLOW },
	{ "TCP may not connect to another port", "connect_only_pg",
	  { .access = SOCK(CONNECT), .family = AF_INET,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP, .port = 5433,
	    .addr = V4(INADDR_LOOPBACK) }, DENY },
	{ "TCP may not connect to 127.0.0.2:5432", "connect_only_pg",
	  { .access = SOCK(CONNECT), .family = AF_INET,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP, .port = 5432,
	    .addr = V4(INADDR_LOOPBACK + 1) }, DENY },
	{ "[::1]:5432 is not 127.0.0.1:5432", "connect_only_pg",
	  { .access = SOCK(CONNECT), .family = AF_INET6,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP, .port = 5432,
	    .addr = V6_LOOPBACK }, DENY },
	{ "UDP may not send elsewhere", "connect_only_pg",
	  { .access = SOCK(SENDTO), .family = AF_INET,
	    .sock_type = SOCK_DGRAM, .protocol = IPPROTO_UDP, .port = 53,
	    .addr = V4(0x08080808) }, DENY },
	{ "binding is not this rule's concern", "connect_only_pg",
	  { .access = SOCK(BIND), .family = AF_INET,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP, .port = 8080,
	    .addr = V4(INADDR_ANY) }, ALLOW },

	{ "a TCP socket may be created", "no_raw_sockets",
	  { .access = SOCK(CREATE), .family = AF_INET,
	    .sock_type = SOCK_STREAM, .protocol = IPPROTO_TCP }, ALLOW },
	{ "a raw ICMP socket may not", "no_raw_sockets",
	  { .access = SOCK(CREATE), .family = AF_INET,
	    .sock_type = SOCK_RAW, .protocol = IPPROTO_ICMP }, DENY },
	{ "a raw IPv6 socket may not", "no_raw_sockets",
	  { .access = SOCK(CREATE), .family = AF_INET6,
	    .sock_type = SOCK_RAW, .protocol = IPPROTO_RAW }, DENY },
	{ "a packet socket may not, even SOCK_DGRAM", "no_raw_sockets",
	  { .access = SOCK(CREATE), .family = AF_PACKET,
	    .sock_type = SOCK_DGRAM }, DENY },
	{ "a raw netlink socket talks to the kernel: allowed", "no_raw_sockets",
	  { .access = SOCK(CREATE), .family = AF_NETLINK,
	    .sock_type = SOCK_RAW }, ALLOW },
	{ "connecting is not this rule's concern", "no_raw_sockets",
	  { .access = SOCK(CONNECT), .family = AF_INET,
	    .sock_type = SOCK_RAW, .protocol = IPPROTO_ICMP,
	    .addr = V4(INADDR_LOOPBACK) }, ALLOW },

	{ "a signal to the sandbox is allowed", "signals_in_sandbox",
	  { .access = IPC(SIGNAL), .signal = 15, .flags = PEER_IN_DOMAIN },
	  ALLOW },
	{ "a signal out of the sandbox is denied", "signals_in_sandbox",
	  { .access = IPC(SIGNAL), .signal = 15 }, DENY },
	{ "even a probe (signal 0)", "signals_in_sandbox",
	  { .access = IPC(SIGNAL), .signal = 0 }, DENY },
	{ "abstract unix sockets are not this rule's concern",
	  "signals_in_sandbox",
	  { .access = IPC(ABSTRACT_UNIX), .sock_type = SOCK_STREAM }, ALLOW },

	{ "a socket of the sandbox may be reached", "abstract_unix_in_sandbox",
	  { .access = IPC(ABSTRACT_UNIX), .sock_type = SOCK_STREAM,
	    .flags = PEER_IN_DOMAIN }, ALLOW },
	{ "a socket out of it may not", "abstract_unix_in_sandbox",
	  { .access = IPC(ABSTRACT_UNIX), .sock_type = SOCK_DGRAM }, DENY },
	{ "signals are not this rule's concern", "abstract_unix_in_sandbox",
	  { .access = IPC(SIGNAL), .signal = 15 }, ALLOW },
	{ "nor are pathname sockets", "abstract_unix_in_sandbox",
	  { .access = FS(RESOLVE_UNIX), .mode = S_IFSOCK | 0777,
	    .sock_type = SOCK_STREAM }, ALLOW },
};

static int run(const struct rules_bpf *skel, const struct test_case *t,
	       __u32 *verdict)
{
	struct bpf_test_run_opts opts = {
		.sz = sizeof(opts),
		.ctx_in = &t->ctx,
		.ctx_size_in = sizeof(t->ctx),
	};
	struct bpf_program *prog;

	prog = bpf_object__find_program_by_name(skel->obj, t->rule);
	if (!prog)
		return -ENOENT;
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -errno;
	*verdict = opts.retval;
	return 0;
}

int main(void)
{
	const unsigned int num = sizeof(cases) / sizeof(*cases);
	struct rules_bpf *skel;
	unsigned int failed = 0;

	printf("TAP version 13\n1..%u\n", num);
	skel = rules_bpf__open();
	if (!skel) {
		printf("Bail out! cannot open the rules: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->owner_uid = 1000;
	if (rules_bpf__load(skel)) {
		printf("Bail out! cannot load the rules: %s\n", strerror(errno));
		rules_bpf__destroy(skel);
		return 1;
	}

	for (unsigned int i = 0; i < num; i++) {
		const struct test_case *t = &cases[i];
		__u32 verdict = 0;
		int err = run(skel, t, &verdict);
		const bool ok = !err && verdict == t->verdict;

		if (err)
			printf("# %s: %s\n", t->rule, strerror(-err));
		else if (!ok)
			printf("# %s: verdict %u, expected %d\n", t->rule,
			       verdict, t->verdict);
		failed += !ok;
		printf("%s %u %s: %s\n", ok ? "ok" : "not ok", i + 1, t->rule,
		       t->name);
	}
	printf("# %u passed, %u failed\n", num - failed, failed);
	rules_bpf__destroy(skel);
	return failed ? 1 : 0;
}
