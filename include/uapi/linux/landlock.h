/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Landlock - User-space API
 *
 * Rules are eBPF programs of type BPF_PROG_TYPE_LANDLOCK.  The kernel runs
 * them once per access check against a read-only struct landlock_context, and
 * a program answers LANDLOCK_RET_ALLOW or LANDLOCK_RET_DENY.  A task enforces
 * a program on itself with seccomp(SECCOMP_LANDLOCK_ENFORCE) and a struct
 * landlock_enforce_attr (or, for the filesystem rights of ABI 1 only, with
 * seccomp(SECCOMP_PREPEND_LANDLOCK_PROG)), and reads the ABI version with
 * seccomp(SECCOMP_GET_LANDLOCK_ABI).
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
	/* ABI 2: */
	/**
	 * @family: For the socket checks (%LANDLOCK_ACCESS_SOCK_*), the
	 * socket's address family (AF_INET, AF_UNIX...); else 0.
	 */
	__u32 family;
	/**
	 * @sock_type: For the socket checks, %LANDLOCK_ACCESS_FS_RESOLVE_UNIX
	 * and %LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX, the socket's type
	 * (SOCK_STREAM, SOCK_DGRAM, SOCK_RAW...), without SOCK_NONBLOCK and
	 * SOCK_CLOEXEC; else 0.
	 */
	__u32 sock_type;
	/**
	 * @protocol: For the socket checks, the protocol as the kernel
	 * resolved it (IPPROTO_TCP for ``socket(AF_INET, SOCK_STREAM, 0)``,
	 * IPPROTO_MPTCP, IPPROTO_SCTP...); else 0.
	 */
	__u32 protocol;
	/**
	 * @port: For %LANDLOCK_ACCESS_SOCK_BIND, %LANDLOCK_ACCESS_SOCK_CONNECT
	 * and %LANDLOCK_ACCESS_SOCK_SENDTO, the port, in host byte order; else
	 * 0.
	 */
	__u32 port;
	/**
	 * @addr: For the same checks, the IP address in network byte order,
	 * as an IPv6 address: an IPv4 address appears v4-mapped
	 * (``::ffff:a.b.c.d``: ``addr[2]`` is ``htonl(0xffff)`` and ``addr[3]`` the
	 * IPv4 address), so that one rule covers both families; else 0.
	 */
	__u32 addr[4];
	/**
	 * @signal: For %LANDLOCK_ACCESS_IPC_SIGNAL, the signal number (0 for a
	 * probe such as ``kill(pid, 0)``); else 0.
	 */
	__u32 signal;
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
 * - %LANDLOCK_CTX_PEER_IN_DOMAIN (ABI 2): in an ``IPC_*`` check, the peer
 *   (the task a signal is sent to, or the credentials that created the
 *   socket connected or sent to) is confined by the running program's own
 *   enforcement, or by one made after it (as for ptrace).  For a program
 *   attached to a cgroup: the peer is in the sender's cgroup or below it.
 *   This is how a rule scopes signals and abstract unix sockets to its own
 *   sandbox.
 */
/* clang-format off */
#define LANDLOCK_CTX_REFER_SOURCE			(1U << 0)
#define LANDLOCK_CTX_REFER_DEST				(1U << 1)
#define LANDLOCK_CTX_PEER_IN_DOMAIN			(1U << 2)
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
#define LANDLOCK_ACCESS_FS_RESOLVE_UNIX			(1ULL << 16)
/* clang-format on */

/**
 * DOC: sock_ipc_access
 *
 * Socket and IPC flags (ABI 2)
 * ~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *
 * Programs see these checks only if their enforcement handles them
 * (&landlock_enforce_attr.handled_access); programs attached to cgroups see
 * every check, and should allow the rights they do not know.
 *
 * Checked on a file (the socket file, so that the beneath helpers apply):
 *
 * - %LANDLOCK_ACCESS_FS_RESOLVE_UNIX: connect(2) of a unix socket, or a
 *   datagram sent with sendmsg(2) or sendto(2), to a *pathname* unix
 *   socket; &landlock_context.sock_type is the type of the socket.
 *
 * Checked on a socket, with &landlock_context.family,
 * &landlock_context.sock_type and &landlock_context.protocol (the rights
 * below fail with ``EACCES``):
 *
 * - %LANDLOCK_ACCESS_SOCK_CREATE: socket(2), and each socket of
 *   socketpair(2); never sockets the kernel creates for itself.
 * - %LANDLOCK_ACCESS_SOCK_BIND: bind(2) of an AF_INET or AF_INET6 socket,
 *   of any type and protocol, with &landlock_context.port and
 *   &landlock_context.addr.
 * - %LANDLOCK_ACCESS_SOCK_CONNECT: connect(2) of an AF_INET or AF_INET6
 *   socket, likewise (also the association an SCTP socket sets up with
 *   ``SCTP_SOCKOPT_CONNECTX`` or with a message sent to a new peer).
 * - %LANDLOCK_ACCESS_SOCK_SENDTO: sendmsg(2), sendto(2) or sendmmsg(2) with
 *   a destination address on an AF_INET or AF_INET6 socket (UDP and raw
 *   datagrams, TCP Fast Open), for that destination.
 *
 * Checked on a peer, with %LANDLOCK_CTX_PEER_IN_DOMAIN (the rights below
 * fail with ``EPERM``):
 *
 * - %LANDLOCK_ACCESS_IPC_SIGNAL: kill(2), tkill(2), tgkill(2),
 *   rt_sigqueueinfo(2), rt_tgsigqueueinfo(2) and pidfd_send_signal(2) to
 *   another process, and the SIGIO or SIGURG sent to an owner set with
 *   fcntl(F_SETOWN) (judged with the rules of the task that set it), with
 *   &landlock_context.signal, and the target's effective ids in
 *   &landlock_context.uid and &landlock_context.gid.
 * - %LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX: connect(2) of a unix socket, or a
 *   datagram sent with an address, to an *abstract* unix socket, with
 *   &landlock_context.sock_type, and in &landlock_context.uid and
 *   &landlock_context.gid the ids of the credentials that created the
 *   peer socket.
 *
 * Not checked: signals within the sender's own process, signals the kernel
 * sends (SIGCHLD, SIGPIPE, faults), accept(2), listen(2), and sends without
 * an address.
 */
/* clang-format off */
#define LANDLOCK_ACCESS_SOCK_CREATE			(1ULL << 32)
#define LANDLOCK_ACCESS_SOCK_BIND			(1ULL << 33)
#define LANDLOCK_ACCESS_SOCK_CONNECT			(1ULL << 34)
#define LANDLOCK_ACCESS_SOCK_SENDTO			(1ULL << 35)
#define LANDLOCK_ACCESS_IPC_SIGNAL			(1ULL << 40)
#define LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX		(1ULL << 41)
/* clang-format on */

/**
 * struct landlock_enforce_attr - Argument of seccomp(SECCOMP_LANDLOCK_ENFORCE)
 *
 * Extensible like open_how (openat2(2)): @size tells which version of the
 * structure the caller knows, and the structure may only grow at its end.
 * A larger structure than the kernel knows is accepted if its unknown bytes
 * are all zero.
 */
struct landlock_enforce_attr {
	/**
	 * @size: sizeof(struct landlock_enforce_attr) as the caller knows
	 * it: at least %LANDLOCK_ENFORCE_ATTR_SIZE_VER0.
	 */
	__u32 size;
	/** @prog_fd: File descriptor of a BPF_PROG_TYPE_LANDLOCK program. */
	__s32 prog_fd;
	/**
	 * @handled_access: The ``LANDLOCK_ACCESS_*`` rights the program is
	 * run for; for the other checks it counts as allowing.  Not 0, and
	 * only rights this kernel knows.
	 */
	__u64 handled_access;
	/** @log_flags: Reserved for denial logging (ABI 3); must be 0. */
	__u64 log_flags;
};

/* The size of the first version of struct landlock_enforce_attr. */
#define LANDLOCK_ENFORCE_ATTR_SIZE_VER0			24

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
