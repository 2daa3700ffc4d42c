/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Landlock - User-space API
 *
 * Rules are eBPF programs of type BPF_PROG_TYPE_LANDLOCK.  The kernel runs
 * them once per access check against a read-only struct landlock_context, and
 * a program answers LANDLOCK_RET_ALLOW or LANDLOCK_RET_DENY.  A task enforces
 * a program on itself with seccomp(SECCOMP_PREPEND_LANDLOCK_PROG) and reads
 * the ABI version with seccomp(SECCOMP_GET_LANDLOCK_ABI).
 *
 * See Documentation/userspace-api/landlock.rst.
 */

#ifndef _UAPI_LINUX_LANDLOCK_H
#define _UAPI_LINUX_LANDLOCK_H

#include <linux/types.h>

/**
 * DOC: rule_program
 *
 * Return values of a Landlock program
 * ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *
 * - %LANDLOCK_RET_ALLOW: the program does not object to the access.
 * - %LANDLOCK_RET_DENY: the access fails, with ``EACCES`` (``EXDEV`` for a
 *   denied %LANDLOCK_ACCESS_FS_REFER check).
 *
 * The verifier rejects a program that may return anything else.
 */
#define LANDLOCK_RET_ALLOW				0
#define LANDLOCK_RET_DENY				1

/**
 * struct landlock_context - What a Landlock program is asked about
 *
 * The only argument of a Landlock program.  It is read-only: aligned reads of
 * a field, or of a narrower part of a field, are accepted; writes, unaligned
 * reads, reads spanning two fields and reads past the end are verifier
 * errors.  This structure may only grow at its end.
 *
 * The *object* of a check is one inode at one place in the tree: the file
 * opened, executed, truncated or ioctl'ed, the directory listed, or, for the
 * ``MAKE_*``, ``REMOVE_*`` and ``REFER`` rights, the parent directory whose
 * entries change.
 */
struct landlock_context {
	/**
	 * @access: Exactly one %LANDLOCK_ACCESS_FS_* bit: the access asked
	 * for (cf. `Filesystem flags`_).
	 */
	__u64 access;
	/**
	 * @mode: i_mode of the object: file type (S_IFMT) and permission bits.
	 */
	__u32 mode;
	/**
	 * @uid: Owner of the object, as stat(2) shows it through the object's
	 * mount, seen from the user namespace the program was enforced from
	 * (the initial one for cgroup programs); the overflow uid when it has
	 * no mapping there.
	 */
	__u32 uid;
	/**
	 * @gid: Group of the object, translated like @uid.
	 */
	__u32 gid;
	/**
	 * @open_flags: For a check made by an open, the file's open flags
	 * (``f_flags & VALID_OPEN_FLAGS``, so O_LARGEFILE shows on 64-bit);
	 * 0 for every other check, including %LANDLOCK_ACCESS_FS_MAKE_REG
	 * from an O_CREAT open.
	 */
	__u32 open_flags;
	/**
	 * @ioctl_cmd: For %LANDLOCK_ACCESS_FS_IOCTL_DEV, the ioctl request;
	 * else 0.
	 */
	__u32 ioctl_cmd;
	/**
	 * @flags: %LANDLOCK_CTX_* bits (cf. `Context flags`_).
	 */
	__u32 flags;
};

/**
 * DOC: context_flags
 *
 * Context flags
 * ~~~~~~~~~~~~~
 *
 * - %LANDLOCK_CTX_REFER_SOURCE: this %LANDLOCK_ACCESS_FS_REFER check is on
 *   the source parent directory of a link or rename.
 * - %LANDLOCK_CTX_REFER_DEST: this %LANDLOCK_ACCESS_FS_REFER check is on
 *   the destination parent directory of a link or rename.
 */
/* clang-format off */
#define LANDLOCK_CTX_REFER_SOURCE			(1U << 0)
#define LANDLOCK_CTX_REFER_DEST				(1U << 1)
/* clang-format on */

/**
 * DOC: fs_access
 *
 * Filesystem flags
 * ~~~~~~~~~~~~~~~~
 *
 * One of these bits is in &landlock_context.access for each check.  Their
 * values are those of the ruleset-based Landlock.
 *
 * Checked on a file:
 *
 * - %LANDLOCK_ACCESS_FS_EXECUTE: execute a file (execve(2), open for exec).
 * - %LANDLOCK_ACCESS_FS_WRITE_FILE: open a file for writing.
 * - %LANDLOCK_ACCESS_FS_READ_FILE: open a file for reading.
 * - %LANDLOCK_ACCESS_FS_TRUNCATE: truncate(2), open with O_TRUNC, and
 *   ftruncate(2) (decided when the file is opened).
 * - %LANDLOCK_ACCESS_FS_IOCTL_DEV: ioctl(2) on a character or block device,
 *   with &landlock_context.ioctl_cmd set.
 *
 * Checked on a directory:
 *
 * - %LANDLOCK_ACCESS_FS_READ_DIR: open a directory for listing.
 *
 * Checked on the parent directory whose entries change:
 *
 * - %LANDLOCK_ACCESS_FS_REMOVE_DIR: rmdir(2), rename away of a directory.
 * - %LANDLOCK_ACCESS_FS_REMOVE_FILE: unlink(2), rename away of anything else.
 * - %LANDLOCK_ACCESS_FS_MAKE_CHAR, %LANDLOCK_ACCESS_FS_MAKE_DIR,
 *   %LANDLOCK_ACCESS_FS_MAKE_REG, %LANDLOCK_ACCESS_FS_MAKE_SOCK,
 *   %LANDLOCK_ACCESS_FS_MAKE_FIFO, %LANDLOCK_ACCESS_FS_MAKE_BLOCK,
 *   %LANDLOCK_ACCESS_FS_MAKE_SYM: create a character device, a directory, a
 *   regular file, a unix socket, a named pipe, a block device or a symbolic
 *   link, or link or rename one into the directory.
 * - %LANDLOCK_ACCESS_FS_REFER: link or rename across directories; checked
 *   once on the source parent (%LANDLOCK_CTX_REFER_SOURCE) and once on the
 *   destination parent (%LANDLOCK_CTX_REFER_DEST).
 */
/* clang-format off */
#define LANDLOCK_ACCESS_FS_EXECUTE			(1ULL << 0)
#define LANDLOCK_ACCESS_FS_WRITE_FILE			(1ULL << 1)
#define LANDLOCK_ACCESS_FS_READ_FILE			(1ULL << 2)
#define LANDLOCK_ACCESS_FS_READ_DIR			(1ULL << 3)
#define LANDLOCK_ACCESS_FS_REMOVE_DIR			(1ULL << 4)
#define LANDLOCK_ACCESS_FS_REMOVE_FILE			(1ULL << 5)
#define LANDLOCK_ACCESS_FS_MAKE_CHAR			(1ULL << 6)
#define LANDLOCK_ACCESS_FS_MAKE_DIR			(1ULL << 7)
#define LANDLOCK_ACCESS_FS_MAKE_REG			(1ULL << 8)
#define LANDLOCK_ACCESS_FS_MAKE_SOCK			(1ULL << 9)
#define LANDLOCK_ACCESS_FS_MAKE_FIFO			(1ULL << 10)
#define LANDLOCK_ACCESS_FS_MAKE_BLOCK			(1ULL << 11)
#define LANDLOCK_ACCESS_FS_MAKE_SYM			(1ULL << 12)
#define LANDLOCK_ACCESS_FS_REFER			(1ULL << 13)
#define LANDLOCK_ACCESS_FS_TRUNCATE			(1ULL << 14)
#define LANDLOCK_ACCESS_FS_IOCTL_DEV			(1ULL << 15)
/* clang-format on */

/**
 * DOC: ruleset_compat
 *
 * Definitions kept for the ruleset system calls
 * ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *
 * landlock_create_ruleset(2), landlock_add_rule(2) and
 * landlock_restrict_self(2) belong to the ruleset-based Landlock that this
 * implementation replaces.  They answer ``ENOSYS`` until a compatibility layer
 * exists, so that software built against these definitions still compiles and
 * behaves as on a kernel without Landlock.
 */

/**
 * struct landlock_ruleset_attr - Argument of landlock_create_ruleset(2)
 *
 * Kept for source compatibility; the system call answers ``ENOSYS``.
 */
struct landlock_ruleset_attr {
	/** @handled_access_fs: Filesystem actions handled by the ruleset. */
	__u64 handled_access_fs;
	/** @handled_access_net: Network actions handled by the ruleset. */
	__u64 handled_access_net;
	/** @scoped: IPC scopes restricted by the ruleset. */
	__u64 scoped;
};

/**
 * DOC: ruleset_flags
 *
 * Flags of landlock_create_ruleset(2), kept for source compatibility:
 *
 * - %LANDLOCK_CREATE_RULESET_VERSION: ask for the ruleset interface's ABI
 *   version instead of creating a ruleset;
 * - %LANDLOCK_CREATE_RULESET_ERRATA: ask for the fixed errata instead.
 */

/* clang-format off */
#define LANDLOCK_CREATE_RULESET_VERSION			(1U << 0)
#define LANDLOCK_CREATE_RULESET_ERRATA			(1U << 1)
/* clang-format on */

/**
 * enum landlock_rule_type - Rule types of landlock_add_rule(2)
 *
 * Kept for source compatibility; the system call answers ``ENOSYS``.
 *
 * @LANDLOCK_RULE_PATH_BENEATH: Type of a &struct landlock_path_beneath_attr.
 * @LANDLOCK_RULE_NET_PORT: Type of a &struct landlock_net_port_attr.
 */
enum landlock_rule_type {
	LANDLOCK_RULE_PATH_BENEATH = 1,
	LANDLOCK_RULE_NET_PORT,
};

/**
 * struct landlock_path_beneath_attr - A file hierarchy rule
 *
 * Kept for source compatibility; landlock_add_rule(2) answers ``ENOSYS``.
 */
struct landlock_path_beneath_attr {
	/** @allowed_access: %LANDLOCK_ACCESS_FS_* bits allowed beneath. */
	__u64 allowed_access;
	/** @parent_fd: File descriptor of the hierarchy's root. */
	__s32 parent_fd;
} __attribute__((packed));

/**
 * struct landlock_net_port_attr - A network port rule
 *
 * Kept for source compatibility; landlock_add_rule(2) answers ``ENOSYS``.
 */
struct landlock_net_port_attr {
	/** @allowed_access: %LANDLOCK_ACCESS_NET_* bits allowed on @port. */
	__u64 allowed_access;
	/** @port: Network port in host endianness. */
	__u64 port;
};

/**
 * DOC: ruleset_net_scope
 *
 * Network rights and scopes of the ruleset interface, kept for source
 * compatibility:
 *
 * - %LANDLOCK_ACCESS_NET_BIND_TCP: bind a TCP socket to a port;
 * - %LANDLOCK_ACCESS_NET_CONNECT_TCP: connect a TCP socket to a port;
 * - %LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET: no connection to an abstract
 *   unix socket created outside the domain;
 * - %LANDLOCK_SCOPE_SIGNAL: no signal to a process outside the domain.
 */

/* clang-format off */
#define LANDLOCK_ACCESS_NET_BIND_TCP			(1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP			(1ULL << 1)
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET		(1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL				(1ULL << 1)
/* clang-format on */

#endif /* _UAPI_LINUX_LANDLOCK_H */
