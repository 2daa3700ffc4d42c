/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Landlock selftests - Helpers shared by the test programs
 */

#ifndef _SELFTESTS_LANDLOCK_COMMON_H
#define _SELFTESTS_LANDLOCK_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <linux/bpf.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "net_rule.h"
/* Raw eBPF instructions (BPF_MOV64_IMM() and friends), for exact cases. */
#include "../../../include/linux/filter.h"

/* The unprivileged user the tests drop to. */
#define UNPRIV_UID 1000
#define UNPRIV_GID 1000

static inline long sys_seccomp(unsigned int op, unsigned int flags,
			       void *args)
{
	return syscall(__NR_seccomp, op, flags, args);
}

/*
 * Drop to uid/gid 1000 with no supplementary groups: a uid change from 0
 * clears every capability (no SECBIT_KEEP_CAPS here).
 */
static inline void drop_privileges(struct __test_metadata *const _metadata)
{
	ASSERT_EQ(0, setgroups(0, NULL));
	ASSERT_EQ(0, setresgid(UNPRIV_GID, UNPRIV_GID, UNPRIV_GID));
	ASSERT_EQ(0, setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID));
	ASSERT_EQ(UNPRIV_UID, geteuid());
	/* CAP_SYS_ADMIN is gone: sethostname() needs it. */
	ASSERT_EQ(-1, sethostname("x", 1));
	ASSERT_EQ(EPERM, errno);
}

/*
 * Enter a private mount namespace with a fresh tmpfs (mount options @opts)
 * on @dir, made if needed, as the current directory.
 */
static inline void enter_tmpfs(struct __test_metadata *const _metadata,
			       const char *const dir, const char *const opts)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir(dir, 0755);
	ASSERT_EQ(0, mount("tmp", dir, "tmpfs", 0, opts));
	ASSERT_EQ(0, chdir(dir));
}

/* Whether @name is listed in /sys/kernel/security/lsm. */
static inline bool lsm_is_listed(struct __test_metadata *const _metadata,
				 const char *const name)
{
	char buf[512] = {}, *tok, *save;
	ssize_t len;
	int fd;

	fd = open("/sys/kernel/security/lsm", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd)
	{
		TH_LOG("securityfs is not mounted: %s", strerror(errno));
	}
	len = read(fd, buf, sizeof(buf) - 1);
	ASSERT_LT(0, len);
	close(fd);
	for (tok = strtok_r(buf, ",\n", &save); tok;
	     tok = strtok_r(NULL, ",\n", &save)) {
		if (!strcmp(tok, name))
			return true;
	}
	return false;
}

/*
 * Absolute path of @name in the directory of the running test binary, where
 * its helpers and rule objects are installed.
 */
static inline const char *bin_path(const char *const name)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX] = {};

	if (readlink("/proc/self/exe", exe, sizeof(exe) - 1) < 0)
		return name;
	snprintf(path, sizeof(path), "%s/%s", dirname(exe), name);
	return path;
}

#define CTX_OFF(field) offsetof(struct landlock_context, field)

static inline int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Load a program of @type; the verifier's log goes to @log if not NULL. */
static inline int load_prog_type(__u32 type, const struct bpf_insn *insns,
				 size_t cnt, __u32 attach_type, char *log,
				 size_t log_size)
{
	union bpf_attr attr = {
		.prog_type = type,
		.insns = (uintptr_t)insns,
		.insn_cnt = cnt,
		.license = (uintptr_t)"GPL",
		.expected_attach_type = attach_type,
	};

	if (log) {
		log[0] = '\0';
		attr.log_buf = (uintptr_t)log;
		attr.log_size = log_size;
		attr.log_level = 1;
	}
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* Load a Landlock program; the verifier's log goes to @log if not NULL. */
static inline int load_prog_attach(const struct bpf_insn *insns, size_t cnt,
				   __u32 attach_type, char *log,
				   size_t log_size)
{
	return load_prog_type(BPF_PROG_TYPE_LANDLOCK, insns, cnt, attach_type,
			      log, log_size);
}

static inline int load_prog(const struct bpf_insn *insns, size_t cnt)
{
	return load_prog_attach(insns, cnt, 0, NULL, 0);
}

/*
 * A program that denies @access on objects of type @type (an S_IF* value,
 * or 0 for any type) and allows everything else.
 */
static inline int load_deny_prog(__u64 access, __u32 type)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(access)),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, access, 4),
		type ? BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, CTX_OFF(mode)) :
		       BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_3, S_IFMT),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_3, type, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns));
}

static inline int load_allow_all_prog(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, 2);
}

static inline int create_inode_map(__u32 key_size, __u32 value_size,
				   __u32 max_entries, __u32 flags)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_LANDLOCK_INODE,
		.key_size = key_size,
		.value_size = value_size,
		.max_entries = max_entries,
		.map_flags = flags,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static inline int map_update(int map_fd, int key_fd, __u64 value, __u64 flags)
{
	union bpf_attr attr = {
		.map_fd = map_fd,
		.key = (uintptr_t)&key_fd,
		.value = (uintptr_t)&value,
		.flags = flags,
	};

	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static inline int map_lookup(int map_fd, int key_fd, __u64 *value)
{
	union bpf_attr attr = {
		.map_fd = map_fd,
		.key = (uintptr_t)&key_fd,
		.value = (uintptr_t)value,
	};

	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

static inline int map_delete(int map_fd, int key_fd)
{
	union bpf_attr attr = {
		.map_fd = map_fd,
		.key = (uintptr_t)&key_fd,
	};

	return sys_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

/* Grant @value beneath @path in the inode map @map_fd. */
static inline void grant(struct __test_metadata *const _metadata,
			 const int map_fd, const char *const path,
			 const __u64 value)
{
	const int fd = open(path, O_PATH | O_CLOEXEC);

	ASSERT_LE(0, fd)
	{
		TH_LOG("opening %s: %s", path, strerror(errno));
	}
	ASSERT_EQ(0, map_update(map_fd, fd, value, BPF_ANY))
	{
		TH_LOG("granting %s: %s", path, strerror(errno));
	}
	ASSERT_EQ(0, close(fd));
}

/*
 * Deny @access unless fs_beneath(@map) has one of @bits; allow every other
 * access.
 */
static inline int load_grant_prog(const int map, const __u32 access,
				  const __u32 bits)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(access)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, access, 8),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_EMIT_CALL(BPF_FUNC_landlock_fs_beneath),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_0, bits),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns));
}

/* A program of another type, for the type checks. */
static inline int load_socket_filter(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns,
		.insn_cnt = 2,
		.license = (uintptr_t)"GPL",
	};

	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* open(2) then close(2): 0 or the errno of the open. */
static inline int open_errno(const char *const path, const int flags)
{
	const int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static inline long prepend_prog(int prog_fd)
{
	return sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG, 0, &prog_fd);
}

/* Enforce @prog_fd on the calling thread (with no_new_privs), close it. */
static inline void enforce(struct __test_metadata *const _metadata,
			   const int prog_fd)
{
	ASSERT_LE(0, prog_fd)
	{
		TH_LOG("Failed to load the program: %s", strerror(errno));
	}
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, prepend_prog(prog_fd))
	{
		TH_LOG("Failed to enforce the program: %s", strerror(errno));
	}
	EXPECT_EQ(0, close(prog_fd));
}

/* The rights of ABI 1: all that SECCOMP_PREPEND_LANDLOCK_PROG handles. */
#define ACCESS_ABI1 ((1ULL << 16) - 1)
/* Every right of ABI 2. */
#define ACCESS_SOCK                                                 \
	(LANDLOCK_ACCESS_SOCK_CREATE | LANDLOCK_ACCESS_SOCK_BIND |  \
	 LANDLOCK_ACCESS_SOCK_CONNECT | LANDLOCK_ACCESS_SOCK_SENDTO)
#define ACCESS_IPC \
	(LANDLOCK_ACCESS_IPC_SIGNAL | LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX)
#define ACCESS_ALL                                                   \
	(ACCESS_ABI1 | LANDLOCK_ACCESS_FS_RESOLVE_UNIX | ACCESS_SOCK | \
	 ACCESS_IPC)

/* seccomp(SECCOMP_LANDLOCK_ENFORCE) with a struct of the first version. */
static inline long enforce_attr(const int prog_fd, const __u64 handled,
				const unsigned int flags)
{
	struct landlock_enforce_attr attr = {
		.size = sizeof(attr),
		.prog_fd = prog_fd,
		.handled_access = handled,
	};

	return sys_seccomp(SECCOMP_LANDLOCK_ENFORCE, flags, &attr);
}

/*
 * As enforce(), with the extensible call: @prog_fd runs for the checks of
 * @handled only.
 */
static inline void enforce_handled(struct __test_metadata *const _metadata,
				   const int prog_fd, const __u64 handled)
{
	ASSERT_LE(0, prog_fd)
	{
		TH_LOG("Failed to load the program: %s", strerror(errno));
	}
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, enforce_attr(prog_fd, handled, 0))
	{
		TH_LOG("Failed to enforce the program for 0x%llx: %s",
		       (unsigned long long)handled, strerror(errno));
	}
	EXPECT_EQ(0, close(prog_fd));
}

static inline int load_deny_all_prog(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, 2);
}

/* Deny the checks of @access (any 64-bit right), allow the others. */
static inline int load_deny_access_prog(const __u64 access)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(access)),
		BPF_LD_IMM64(BPF_REG_3, access),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_REG(BPF_JNE, BPF_REG_2, BPF_REG_3, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns));
}

/*
 * Run @op(@arg) in a child process that first enforces @prog_fd for
 * @handled (with the plain call if @handled is 0), and return what @op
 * returned there: 0 or an errno.
 */
static inline int run_confined(struct __test_metadata *const _metadata,
			       const int prog_fd, const __u64 handled,
			       int (*const op)(const void *),
			       const void *const arg)
{
	int status;
	const pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(255);
		if (handled ? enforce_attr(prog_fd, handled, 0) :
			      prepend_prog(prog_fd))
			_exit(255);
		_exit(op(arg));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_NE(255, WEXITSTATUS(status))
	{
		TH_LOG("enforcing for 0x%llx failed",
		       (unsigned long long)handled);
	}
	return WEXITSTATUS(status);
}

#ifdef __LIBBPF_LIBBPF_H
/*
 * Load the program @name of net.bpf.o with @cfg as its constants; if
 * @map_fd is not NULL, also return its "unix_grants" inode map.
 */
static inline int load_net_rule(struct __test_metadata *const _metadata,
				const char *const name,
				const struct net_rule_config *const cfg,
				int *const map_fd)
{
	const struct net_rule_config none = {};
	struct bpf_object *obj;
	struct bpf_program *prog, *p;
	struct bpf_map *rodata;
	int fd;

	obj = bpf_object__open_file(bin_path("net.bpf.o"), NULL);
	ASSERT_NE(NULL, obj);
	prog = bpf_object__find_program_by_name(obj, name);
	ASSERT_NE(NULL, prog);
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	ASSERT_NE(NULL, rodata);
	/* Fails if the sizes differ: the two definitions must agree. */
	ASSERT_EQ(0, bpf_map__set_initial_value(rodata, cfg ?: &none,
						sizeof(none)));
	ASSERT_EQ(0, bpf_object__load(obj))
	{
		TH_LOG("loading %s: %s", name, strerror(errno));
	}
	fd = dup(bpf_program__fd(prog));
	ASSERT_LE(0, fd);
	if (map_fd) {
		*map_fd = dup(bpf_object__find_map_fd_by_name(obj,
							      "unix_grants"));
		ASSERT_LE(0, *map_fd);
	}
	bpf_object__close(obj);
	return fd;
}

/*
 * What @op(@arg) returns (0 or an errno) in a child confined by expect_ctx
 * configured with @cfg, handling @cfg->access.
 */
static inline int run_expecting(struct __test_metadata *const _metadata,
				const struct net_rule_config *const cfg,
				int (*const op)(const void *),
				const void *const arg)
{
	const int prog = load_net_rule(_metadata, "expect_ctx", cfg, NULL);
	const int res = run_confined(_metadata, prog, cfg->access, op, arg);

	EXPECT_EQ(0, close(prog));
	return res;
}
#endif /* __LIBBPF_LIBBPF_H */

/* Move the process @pid (0: the caller) into the cgroup directory @dir. */
static inline void cgroup_move(struct __test_metadata *const _metadata,
			       const char *const dir, const pid_t pid)
{
	char path[PATH_MAX], val[16];
	int fd, len;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	len = snprintf(val, sizeof(val), "%d", pid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd)
	{
		TH_LOG("opening %s: %s", path, strerror(errno));
	}
	ASSERT_EQ(len, write(fd, val, len));
	ASSERT_EQ(0, close(fd));
}

/* Attach @prog_fd to the cgroup directory @dir (BPF_CGROUP_LANDLOCK). */
static inline int cgroup_attach(const char *const dir, const int prog_fd)
{
	union bpf_attr attr = {
		.attach_bpf_fd = prog_fd,
		.attach_type = BPF_CGROUP_LANDLOCK,
	};
	int err;

	attr.target_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if ((int)attr.target_fd < 0)
		return -1;
	err = sys_bpf(BPF_PROG_ATTACH, &attr);
	close(attr.target_fd);
	return err;
}

#define BPF_SYSCTL "/proc/sys/kernel/unprivileged_bpf_disabled"
#define LL_SYSCTL "/proc/sys/kernel/landlock/unprivileged_disabled"

/* Write @value to a file (a sysctl, a /proc file): 0 or the errno. */
static inline int write_file(const char *const path, const char *const value)
{
	const int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* The integer value of a sysctl file, or -1. */
static inline int read_sysctl(const char *const path)
{
	char buf[16] = {};
	const int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) <= 0)
		buf[0] = '\0';
	close(fd);
	return buf[0] ? atoi(buf) : -1;
}

/* The sysctls the unprivileged tests change, as they were. */
struct unpriv_sysctls {
	int bpf_disabled, ll_disabled;
};

/*
 * Forbid unprivileged BPF but Landlock's exception (as a distribution
 * would), saving the previous values in @saved.
 */
static inline void unpriv_sysctls_set(struct __test_metadata *const _metadata,
				      struct unpriv_sysctls *const saved)
{
	saved->bpf_disabled = read_sysctl(BPF_SYSCTL);
	saved->ll_disabled = read_sysctl(LL_SYSCTL);
	ASSERT_LE(0, saved->ll_disabled);
	/* 1 could not be undone; the test kernel boots with 2. */
	ASSERT_NE(1, saved->bpf_disabled);
	ASSERT_EQ(0, write_file(BPF_SYSCTL, "2"));
	ASSERT_EQ(0, write_file(LL_SYSCTL, "0"));
}

static inline void
unpriv_sysctls_restore(struct __test_metadata *const _metadata,
		       const struct unpriv_sysctls *const saved)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", saved->bpf_disabled);
	EXPECT_EQ(0, write_file(BPF_SYSCTL, val));
	snprintf(val, sizeof(val), "%d", saved->ll_disabled);
	EXPECT_EQ(0, write_file(LL_SYSCTL, val));
}

/*
 * Run @body in a child process, which must pass: for the part of a test
 * that cannot be undone while the rest of the test goes on (dropping
 * privileges, then cleaning up as root; a fresh process per round).  The
 * harness already runs each test in a process of its own, so a test that
 * only confines itself does so directly.
 */
#define IN_CHILD(body)                                          \
	do {                                                    \
		int __status;                                   \
		const pid_t __pid = fork();                     \
		ASSERT_LE(0, __pid);                            \
		if (__pid == 0) {                               \
			body;                                   \
			_exit(_metadata->exit_code);            \
		}                                               \
		ASSERT_EQ(__pid, waitpid(__pid, &__status, 0)); \
		EXPECT_TRUE(WIFEXITED(__status) &&              \
			    WEXITSTATUS(__status) == 0);        \
	} while (0)

/*
 * Run @body as uid 1000, without any capability, in a child process which
 * must pass: the one way the tests drop privileges.
 */
#define AS_USER(body)                                 \
	IN_CHILD({                                    \
		drop_privileges(_metadata);           \
		body;                                 \
	})

#endif /* _SELFTESTS_LANDLOCK_COMMON_H */
