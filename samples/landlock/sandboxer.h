/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the sandboxer and its rule agree on: the meaning of an inode map
 * value.
 */

#ifndef SANDBOXER_H
#define SANDBOXER_H

#include <linux/landlock.h>

/* Reading, as --ro grants it. */
#define SANDBOXER_READ \
	(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* Everything that changes a file or a directory, as --rw adds it. */
#define SANDBOXER_WRITE \
	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | \
	 LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
	 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
	 LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM | \
	 LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE | \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* Every right of ABI 1. */
#define SANDBOXER_RIGHTS \
	(SANDBOXER_READ | SANDBOXER_WRITE | LANDLOCK_ACCESS_FS_EXECUTE)

/*
 * Not a right: files at or beneath an entry with this bit may only be
 * written in append mode, and never truncated; nothing in a directory at or
 * beneath it is removed or replaced.
 */
#define SANDBOXER_APPEND_ONLY (1ULL << 32)

#endif /* SANDBOXER_H */
