/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the sandboxer and its rule agree on: the meaning of an inode map
 * value, and the constants that carry the network options.
 */

#ifndef SANDBOXER_H
#define SANDBOXER_H

#include <linux/landlock.h>

/* Reading, as --ro grants it. */
#define SANDBOXER_READ \
	(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/*
 * Everything that changes a file or a directory, as --rw adds it, and
 * (ABI 2) connecting to the unix sockets beneath: only there may the
 * sandbox reach a socket by its path.
 */
#define SANDBOXER_WRITE \
	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | \
	 LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
	 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
	 LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM | \
	 LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE | \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV | LANDLOCK_ACCESS_FS_RESOLVE_UNIX)

/*
 * Every filesystem right: those of ABI 1 (bits 0-15) and, from ABI 2,
 * LANDLOCK_ACCESS_FS_RESOLVE_UNIX.  On ABI 1, the kernel never asks about
 * the latter, whatever the map values hold.
 */
#define SANDBOXER_RIGHTS \
	(SANDBOXER_READ | SANDBOXER_WRITE | LANDLOCK_ACCESS_FS_EXECUTE)

/*
 * Not a right: files at or beneath an entry with this bit may only be
 * written in append mode, and never truncated; nothing in a directory at or
 * beneath it is removed or replaced.
 */
#define SANDBOXER_APPEND_ONLY (1ULL << 32)

/*
 * How many ports --bind-tcp (with LL_TCP_BIND) and --connect-tcp (with
 * LL_TCP_CONNECT) may list, and how many --connect there may be: the rule
 * compares them one by one, in straight-line code, as the verifier wants it
 * from an unprivileged loader (no loops).
 */
#define SANDBOXER_MAX_PORTS 16
#define SANDBOXER_MAX_ADDRS 8

/* An address of --connect, as a socket check shows it. */
struct sandboxer_addr {
	/* Network byte order; an IPv4 address v4-mapped (::ffff:a.b.c.d). */
	__u32 addr[4];
	/* Host byte order. */
	__u32 port;
};

#endif /* SANDBOXER_H */
