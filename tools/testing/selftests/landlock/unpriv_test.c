// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Unprivileged users write, load and enforce rules,
 * also where kernel.unprivileged_bpf_disabled forbids other BPF uses;
 * kernel.landlock.unprivileged_disabled takes that back.
 */

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/wait.h>

#include "common.h"

#define DIR_PATH "/tmp/ll_unpriv"

#define LOG_SIZE 65536
static char log_buf[LOG_SIZE];

/* The two halves of a 64-bit immediate load of a map value's address. */
#define LD_MAP_VALUE(dst, fd) \
	BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_VALUE, 0, fd)
#define LD_MAP_NEXT(off) BPF_RAW_INSN(0, 0, 0, 0, off)

static int create_map(const __u32 type, const __u32 key_size,
		      const __u32 value_size, const __u32 flags)
{
	union bpf_attr attr = {
		.map_type = type,
		.key_size = key_size,
		.value_size = value_size,
		.max_entries = 1,
		.map_flags = flags,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr);
}

/* Load a program of @type with the verifier's log in log_buf. */
static int load_type(const __u32 type, const struct bpf_insn *const insns,
		     const size_t cnt)
{
	return load_prog_type(type, insns, cnt, 0, log_buf, LOG_SIZE);
}

/* The load must fail with @err, and the verifier must say @msg. */
#define EXPECT_REFUSED(fd, err, msg)                        \
	do {                                                \
		const int __fd = (fd);                      \
		EXPECT_EQ(-1, __fd);                        \
		if (__fd >= 0)                              \
			close(__fd);                        \
		EXPECT_EQ(err, errno);                      \
		EXPECT_NE(NULL, strstr(log_buf, msg))       \
		{                                           \
			TH_LOG("log: %s", log_buf);         \
		}                                           \
	} while (0)

FIXTURE(unpriv)
{
	struct unpriv_sysctls saved;
};

FIXTURE_SETUP(unpriv)
{
	unpriv_sysctls_set(_metadata, &self->saved);
}

FIXTURE_TEARDOWN(unpriv)
{
	unpriv_sysctls_restore(_metadata, &self->saved);
}

/*
 * The whole path of an application: a C rule with a global constant and
 * an inode map, loaded with libbpf, filled, enforced, effective.
 */
static void libbpf_rule_user(struct __test_metadata *const _metadata)
{
	struct bpf_object *obj;
	struct bpf_map *rodata;
	struct bpf_program *prog;
	size_t size;
	__u32 *writer_uid;
	int grants;

	obj = bpf_object__open_file(bin_path("unpriv.bpf.o"), NULL);
	ASSERT_NE(NULL, obj);
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	ASSERT_NE(NULL, rodata);
	writer_uid = bpf_map__initial_value(rodata, &size);
	ASSERT_NE(NULL, writer_uid);
	ASSERT_EQ(sizeof(*writer_uid), size);
	*writer_uid = UNPRIV_UID;
	ASSERT_EQ(0, bpf_object__load(obj));

	grants = bpf_object__find_map_fd_by_name(obj, "grants");
	ASSERT_LE(0, grants);
	grant(_metadata, grants, DIR_PATH,
	      LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE);
	prog = bpf_object__find_program_by_name(obj, "owner_writes_beneath");
	ASSERT_NE(NULL, prog);
	enforce(_metadata, dup(bpf_program__fd(prog)));

	EXPECT_EQ(0, open_errno(DIR_PATH "/mine", O_WRONLY));
	EXPECT_EQ(EACCES, open_errno(DIR_PATH "/roots", O_WRONLY));
	EXPECT_EQ(0, open_errno(DIR_PATH "/roots", O_RDONLY));
	EXPECT_EQ(EACCES, open_errno("/tmp/ll_unpriv_outside", O_RDONLY));
	/* Enforcement froze the map: the sandbox cannot widen itself. */
	EXPECT_EQ(-1, map_update(grants, open("/tmp", O_PATH), 1, BPF_ANY));
	EXPECT_EQ(EPERM, errno);
	bpf_object__close(obj);
}

TEST_F(unpriv, libbpf_rule)
{
	int fd;

	mkdir(DIR_PATH, 0755);
	fd = open(DIR_PATH "/mine", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchown(fd, UNPRIV_UID, UNPRIV_GID));
	close(fd);
	fd = open(DIR_PATH "/roots", O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchmod(fd, 0666));
	close(fd);
	fd = open("/tmp/ll_unpriv_outside", O_CREAT | O_WRONLY | O_CLOEXEC,
		  0644);
	ASSERT_LE(0, fd);
	close(fd);

	AS_USER(libbpf_rule_user(_metadata));

	unlink(DIR_PATH "/mine");
	unlink(DIR_PATH "/roots");
	rmdir(DIR_PATH);
	unlink("/tmp/ll_unpriv_outside");
}

/* With unprivileged BPF off, Landlock's exception is all there is. */
static void other_types_user(struct __test_metadata *const _metadata)
{
	union bpf_attr attr = {};
	int fd;

	EXPECT_EQ(-1, load_socket_filter());
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, create_map(BPF_MAP_TYPE_HASH, 4, 8, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, create_map(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 0));
	EXPECT_EQ(EPERM, errno);
	/* Arrays that programs could write are of no use to rules. */
	EXPECT_EQ(-1, create_map(BPF_MAP_TYPE_ARRAY, 4, 8, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, sys_bpf(BPF_BTF_LOAD, &attr));
	EXPECT_EQ(EPERM, errno);
	attr.prog_id = 1;
	EXPECT_EQ(-1, sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr));
	EXPECT_EQ(EPERM, errno);
	/* What a rule needs. */
	fd = load_allow_all_prog();
	EXPECT_LE(0, fd);
	close(fd);
	fd = create_inode_map(4, 8, 1, 0);
	EXPECT_LE(0, fd);
	close(fd);
	fd = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, BPF_F_RDONLY_PROG);
	EXPECT_LE(0, fd);
	close(fd);
}

TEST_F(unpriv, other_types_refused)
{
	AS_USER(other_types_user(_metadata));
}

/* A map made through the exception feeds only Landlock programs. */
TEST_F(unpriv, maps_stay_landlock_only)
{
	struct bpf_insn insns[] = {
		LD_MAP_VALUE(BPF_REG_1, 0),
		LD_MAP_NEXT(0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
		.key_size = 4,
		.value_size = 4,
		.max_entries = 1,
	};
	int user_map, root_map, fd;

	/* Created with uid 1000 as effective uid: no capability. */
	ASSERT_EQ(0, setresuid(-1, UNPRIV_UID, -1));
	user_map = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, BPF_F_RDONLY_PROG);
	ASSERT_EQ(0, setresuid(-1, 0, -1));
	ASSERT_LE(0, user_map);
	root_map = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, BPF_F_RDONLY_PROG);
	ASSERT_LE(0, root_map);

	insns[0].imm = user_map;
	fd = load_type(BPF_PROG_TYPE_LANDLOCK, insns, ARRAY_SIZE(insns));
	EXPECT_LE(0, fd);
	close(fd);
	fd = load_type(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns));
	EXPECT_REFUSED(fd, EINVAL, "can only be used by Landlock programs");
	insns[0].imm = root_map;
	fd = load_type(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns));
	EXPECT_LE(0, fd);
	close(fd);

	/* Not as an inner map either. */
	attr.inner_map_fd = user_map;
	EXPECT_EQ(-1, sys_bpf(BPF_MAP_CREATE, &attr));
	EXPECT_EQ(EINVAL, errno);
	attr.inner_map_fd = root_map;
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, bpf_map_update_elem(fd, &(int){ 0 }, &user_map, 0));
	EXPECT_EQ(0, bpf_map_update_elem(fd, &(int){ 0 }, &root_map, 0));
	close(fd);
	close(user_map);
	close(root_map);
}

/*
 * kernel.landlock.unprivileged_disabled = 1: loading and creating maps
 * need CAP_BPF; programs loaded before can still be enforced.
 */
TEST_F(unpriv, sysctl_disables)
{
	int to_parent[2], to_child[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe2(to_parent, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(to_child, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int prog;

		drop_privileges(_metadata);
		prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
		ASSERT_LE(0, prog);
		ASSERT_EQ(1, write(to_parent[1], ".", 1));
		ASSERT_EQ(1, read(to_child[0], &c, 1));

		EXPECT_EQ(-1, load_allow_all_prog());
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(-1, create_inode_map(4, 8, 1, 0));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(-1, create_map(BPF_MAP_TYPE_ARRAY, 4, 8,
					 BPF_F_RDONLY_PROG));
		EXPECT_EQ(EPERM, errno);
		/* Only an administrator changes the setting. */
		EXPECT_NE(0, write_file(LL_SYSCTL, "0"));
		enforce(_metadata, prog);
		EXPECT_EQ(EACCES, open_errno("/dev/null", O_RDONLY));
		_exit(_metadata->exit_code);
	}
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	ASSERT_EQ(0, write_file(LL_SYSCTL, "1"));
	EXPECT_EQ(1, read_sysctl(LL_SYSCTL));
	ASSERT_EQ(1, write(to_child[1], ".", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* 0 and 1 only; CAP_BPF still loads. */
	EXPECT_EQ(EINVAL, write_file(LL_SYSCTL, "2"));
	EXPECT_EQ(EINVAL, write_file(LL_SYSCTL, "-1"));
	EXPECT_EQ(1, read_sysctl(LL_SYSCTL));
	status = load_allow_all_prog();
	EXPECT_LE(0, status);
	close(status);
}

/* Unprivileged programs are verified as such; the messages say why. */
static void verifier_user(struct __test_metadata *const _metadata)
{
	const struct bpf_insn ptr_cmp[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn ptr_return[] = {
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn map_write[] = {
		LD_MAP_VALUE(BPF_REG_1, 0),
		LD_MAP_NEXT(0),
		BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn helpers[][3] = {
		{ BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32),
		  BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1), BPF_EXIT_INSN() },
		{ BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		  BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1), BPF_EXIT_INSN() },
		{ BPF_EMIT_CALL(BPF_FUNC_get_current_pid_tgid),
		  BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1), BPF_EXIT_INSN() },
	};
	static struct bpf_insn long_prog[BPF_MAXINSNS + 1];
	size_t i;
	int map;

	EXPECT_REFUSED(load_type(BPF_PROG_TYPE_LANDLOCK, ptr_cmp,
				   ARRAY_SIZE(ptr_cmp)),
		       EACCES, "pointer comparison prohibited");
	EXPECT_REFUSED(load_type(BPF_PROG_TYPE_LANDLOCK, ptr_return,
				   ARRAY_SIZE(ptr_return)),
		       EACCES, "R0 leaks addr");

	map = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, BPF_F_RDONLY_PROG);
	ASSERT_LE(0, map);
	map_write[0].imm = map;
	EXPECT_REFUSED(load_type(BPF_PROG_TYPE_LANDLOCK, map_write,
				   ARRAY_SIZE(map_write)),
		       EACCES, "write into map forbidden");
	close(map);

	for (i = 0; i < ARRAY_SIZE(helpers); i++)
		EXPECT_REFUSED(load_type(BPF_PROG_TYPE_LANDLOCK, helpers[i],
					   3),
			       EINVAL, "program of this type cannot use helper");

	for (i = 0; i < BPF_MAXINSNS; i++)
		long_prog[i] = BPF_MOV64_IMM(BPF_REG_0, 0);
	long_prog[BPF_MAXINSNS] = BPF_EXIT_INSN();
	EXPECT_REFUSED(load_type(BPF_PROG_TYPE_LANDLOCK, long_prog,
				   BPF_MAXINSNS + 1),
		       E2BIG, "at most 4096 instructions");
	/* 4096 is fine (without a log, which would not hold its trace). */
	long_prog[BPF_MAXINSNS - 1] = BPF_EXIT_INSN();
	map = load_prog(long_prog, BPF_MAXINSNS);
	EXPECT_LE(0, map)
	{
		TH_LOG("4096 instructions: %s", strerror(errno));
	}
	close(map);
}

TEST_F(unpriv, verifier_cases)
{
	const struct bpf_insn ptr_cmp[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 0),
		BPF_EXIT_INSN(),
	};
	int fd;

	/* What the unprivileged verifier refuses, CAP_BPF may do. */
	fd = load_type(BPF_PROG_TYPE_LANDLOCK, ptr_cmp, ARRAY_SIZE(ptr_cmp));
	EXPECT_LE(0, fd)
	{
		TH_LOG("log: %s", log_buf);
	}
	close(fd);
	AS_USER(verifier_user(_metadata));
}

TEST_HARNESS_MAIN
