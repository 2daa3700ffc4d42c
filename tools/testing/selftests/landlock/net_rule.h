/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Landlock selftests - The constants of the rules of progs/net.bpf.c (its
 * .rodata), shared by the rules and the tests that load them
 */

#ifndef _SELFTESTS_LANDLOCK_NET_RULE_H
#define _SELFTESTS_LANDLOCK_NET_RULE_H

#include <linux/types.h>

/* What expect_ctx compares (struct net_rule_config.fields). */
#define EXPECT_MODE 0x001
#define EXPECT_UID 0x002
#define EXPECT_GID 0x004
#define EXPECT_FLAGS 0x008
#define EXPECT_FAMILY 0x010
#define EXPECT_SOCK_TYPE 0x020
#define EXPECT_PROTOCOL 0x040
#define EXPECT_PORT 0x080
#define EXPECT_ADDR 0x100
#define EXPECT_SIGNAL 0x200
#define EXPECT_SOCKET (EXPECT_FAMILY | EXPECT_SOCK_TYPE | EXPECT_PROTOCOL)
#define EXPECT_IP (EXPECT_SOCKET | EXPECT_PORT | EXPECT_ADDR)

struct net_rule_config {
	/* expect_ctx: only checks of this right are compared. */
	__u64 access;
	/* expect_ctx: EXPECT_* bits. */
	__u32 fields;
	/* connect_only_port: the one port allowed. */
	__u32 allowed_port;
	/* expect_ctx: the expected values. */
	__u32 mode, uid, gid, flags, family, sock_type, protocol, port;
	__u32 addr[4];
	__u32 signal;
	__u32 pad;
};

#endif /* _SELFTESTS_LANDLOCK_NET_RULE_H */
