// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Programs attached to cgroups (BPF_CGROUP_LANDLOCK)
 */

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "common.h"

#define CG_ROOT "/sys/fs/cgroup"
#define CG_A CG_ROOT "/landlock_a"
#define CG_B CG_A "/b"

static int cg_attach(int cg_fd, int prog_fd, __u32 flags)
{
	union bpf_attr attr = {
		.target_fd = cg_fd,
		.attach_bpf_fd = prog_fd,
		.attach_type = BPF_CGROUP_LANDLOCK,
		.attach_flags = flags,
	};

	return sys_bpf(BPF_PROG_ATTACH, &attr);
}

static int cg_detach(int cg_fd, int prog_fd)
{
	union bpf_attr attr = {
		.target_fd = cg_fd,
		.attach_bpf_fd = prog_fd,
		.attach_type = BPF_CGROUP_LANDLOCK,
	};

	return sys_bpf(BPF_PROG_DETACH, &attr);
}

static int cg_link(int cg_fd, int prog_fd)
{
	union bpf_attr attr = {
		.link_create.prog_fd = prog_fd,
		.link_create.target_fd = cg_fd,
		.link_create.attach_type = BPF_CGROUP_LANDLOCK,
	};

	return sys_bpf(BPF_LINK_CREATE, &attr);
}

/* Move the calling process into @dir. */
static void cg_enter(struct __test_metadata *const _metadata,
		     const char *const dir)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, write(fd, "0", 1));
	ASSERT_EQ(0, close(fd));
}

#define READ_DENIED(path) (open_errno(path, O_RDONLY) == EACCES)
#define WRITE_DENIED(path) (open_errno(path, O_WRONLY) == EACCES)

FIXTURE(cgroup)
{
	int a, b;
};

FIXTURE_SETUP(cgroup)
{
	/* Leftovers of a failed run. */
	rmdir(CG_B);
	rmdir(CG_A);
	ASSERT_EQ(0, mkdir(CG_A, 0755));
	ASSERT_EQ(0, mkdir(CG_B, 0755));
	self->a = open(CG_A, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	self->b = open(CG_B, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->a);
	ASSERT_LE(0, self->b);
}

FIXTURE_TEARDOWN(cgroup)
{
	cg_enter(_metadata, CG_ROOT);
	close(self->a);
	close(self->b);
	/* Detached programs go with their cgroup. */
	EXPECT_EQ(0, rmdir(CG_B));
	EXPECT_EQ(0, rmdir(CG_A));
}

static int link_update(const int link_fd, const int prog_fd)
{
	union bpf_attr attr = {
		.link_update.link_fd = link_fd,
		.link_update.new_prog_fd = prog_fd,
	};

	return sys_bpf(BPF_LINK_UPDATE, &attr);
}

static int link_detach(const int link_fd)
{
	union bpf_attr attr = {
		.link_detach.link_fd = link_fd,
	};

	return sys_bpf(BPF_LINK_DETACH, &attr);
}

/*
 * Whoever holds a link's descriptor cannot replace or detach its program
 * without CAP_SYS_ADMIN (a daemon that dropped root, a leaked fd).
 */
TEST_F(cgroup, link_update_detach_need_admin)
{
	const int deny = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);
	const int allow = load_allow_all_prog();
	int link;

	ASSERT_LE(0, deny);
	ASSERT_LE(0, allow);
	link = cg_link(self->a, deny);
	ASSERT_LE(0, link);

	AS_USER({
		EXPECT_EQ(-1, link_update(link, allow));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(-1, link_detach(link));
		EXPECT_EQ(EPERM, errno);
	});

	/* The policy is unchanged. */
	cg_enter(_metadata, CG_A);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);

	/* The administrator can do both. */
	EXPECT_EQ(0, link_update(link, allow));
	cg_enter(_metadata, CG_A);
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	EXPECT_EQ(0, link_detach(link));
	EXPECT_EQ(0, close(link));
	EXPECT_EQ(0, close(deny));
	EXPECT_EQ(0, close(allow));
}

/* In the cgroup the program applies; moved out, it does not. */
TEST_F(cgroup, move_in_and_out)
{
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR);

	ASSERT_LE(0, prog);
	ASSERT_EQ(0, cg_attach(self->a, prog, 0));
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_A);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	EXPECT_FALSE(WRITE_DENIED("/dev/null"));
	/* Inherited by child cgroups. */
	cg_enter(_metadata, CG_B);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	EXPECT_EQ(0, cg_detach(self->a, prog));
	close(prog);
}

/* BPF_F_ALLOW_MULTI: programs of the parent and the child all run. */
TEST_F(cgroup, multi)
{
	const int deny_read = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0);
	/* Devices only: moving between cgroups writes cgroup.procs. */
	const int deny_write = load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE,
					      S_IFCHR);

	ASSERT_EQ(0, cg_attach(self->a, deny_read, BPF_F_ALLOW_MULTI));
	ASSERT_EQ(0, cg_attach(self->b, deny_write, BPF_F_ALLOW_MULTI));
	cg_enter(_metadata, CG_B);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	EXPECT_TRUE(WRITE_DENIED("/dev/null"));
	cg_enter(_metadata, CG_A);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	EXPECT_FALSE(WRITE_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	close(deny_read);
	close(deny_write);
}

/* BPF_F_ALLOW_OVERRIDE: a child cgroup's program replaces the parent's. */
TEST_F(cgroup, override)
{
	const int deny_read = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0);
	const int deny_write = load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE,
					      S_IFCHR);

	ASSERT_EQ(0, cg_attach(self->a, deny_read, BPF_F_ALLOW_OVERRIDE));
	ASSERT_EQ(0, cg_attach(self->b, deny_write, BPF_F_ALLOW_OVERRIDE));
	cg_enter(_metadata, CG_B);
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	EXPECT_TRUE(WRITE_DENIED("/dev/null"));
	cg_enter(_metadata, CG_A);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	close(deny_read);
	close(deny_write);
}

/* Detaching, by program or by closing a link, lifts the restriction. */
TEST_F(cgroup, detach_and_link)
{
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0);
	union bpf_attr query = {};
	__u32 ids[4];
	int link;

	cg_enter(_metadata, CG_A);
	ASSERT_EQ(0, cg_attach(self->a, prog, 0));
	EXPECT_TRUE(READ_DENIED("/dev/null"));

	query.query.target_fd = self->a;
	query.query.attach_type = BPF_CGROUP_LANDLOCK;
	query.query.prog_ids = (uintptr_t)ids;
	query.query.prog_cnt = 4;
	ASSERT_EQ(0, sys_bpf(BPF_PROG_QUERY, &query));
	EXPECT_EQ(1, query.query.prog_cnt);

	ASSERT_EQ(0, cg_detach(self->a, prog));
	EXPECT_FALSE(READ_DENIED("/dev/null"));

	link = cg_link(self->a, prog);
	ASSERT_LE(0, link);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	ASSERT_EQ(0, close(link));
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	close(prog);
}

/* A task's own chain and its cgroup's programs must both allow. */
TEST_F(cgroup, with_task_chain)
{
	const int prog = load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0);
	int status;
	pid_t pid;

	ASSERT_EQ(0, cg_attach(self->a, prog, 0));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		cg_enter(_metadata, CG_A);
		enforce(_metadata,
			load_deny_prog(LANDLOCK_ACCESS_FS_READ_DIR, 0));
		EXPECT_TRUE(READ_DENIED("/dev/null"));
		EXPECT_EQ(EACCES, open_errno("/", O_RDONLY | O_DIRECTORY));
		/* Moved out, its own chain still applies. */
		cg_enter(_metadata, CG_ROOT);
		EXPECT_FALSE(READ_DENIED("/dev/null"));
		EXPECT_EQ(EACCES, open_errno("/", O_RDONLY | O_DIRECTORY));
		_exit(_metadata->exit_code);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	close(prog);
}

/* Attached programs' maps stay writable: a live policy change. */
TEST_F(cgroup, live_map_update)
{
	const int map = create_inode_map(4, 8, 4, 0);
	const int dev = open("/dev", O_PATH | O_CLOEXEC);
	const int cg = open(CG_ROOT, O_PATH | O_CLOEXEC);
	int prog;

	ASSERT_LE(0, map);
	ASSERT_LE(0, dev);
	ASSERT_LE(0, cg);
	/* Moving between cgroups writes cgroup.procs. */
	ASSERT_EQ(0, map_update(map, cg, LANDLOCK_ACCESS_FS_WRITE_FILE,
				BPF_ANY));
	{
		/* Deny unless an entry beneath the object grants the access. */
		const struct bpf_insn insns[] = {
			BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
			BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_2,
			     BPF_PSEUDO_MAP_FD, 0, map),
			BPF_RAW_INSN(0, 0, 0, 0, 0),
			BPF_EMIT_CALL(BPF_FUNC_landlock_fs_beneath),
			BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_6, CTX_OFF(access)),
			BPF_RAW_INSN(BPF_ALU64 | BPF_AND | BPF_X, BPF_REG_0, BPF_REG_1,
			     0, 0),
			BPF_MOV64_IMM(BPF_REG_1, LANDLOCK_RET_ALLOW),
			BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
			BPF_MOV64_IMM(BPF_REG_1, LANDLOCK_RET_DENY),
			BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
			BPF_EXIT_INSN(),
		};

		prog = load_prog(insns, ARRAY_SIZE(insns));
		ASSERT_LE(0, prog);
	}
	ASSERT_EQ(0, map_update(map, dev, LANDLOCK_ACCESS_FS_WRITE_FILE,
				BPF_ANY));
	ASSERT_EQ(0, cg_attach(self->a, prog, 0));
	cg_enter(_metadata, CG_A);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	EXPECT_FALSE(WRITE_DENIED("/dev/null"));

	ASSERT_EQ(0, map_update(map, dev, LANDLOCK_ACCESS_FS_READ_FILE,
				BPF_ANY));
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	EXPECT_TRUE(WRITE_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	ASSERT_EQ(0, cg_detach(self->a, prog));
	close(prog);
	close(dev);
	close(cg);
	close(map);
}

/* libbpf: SEC("cgroup/landlock") and bpf_program__attach_cgroup(). */
TEST_F(cgroup, libbpf_attach)
{
	struct bpf_object *obj;
	struct bpf_program *prog, *p;
	struct bpf_link *link;

	obj = bpf_object__open_file(bin_path("rules.bpf.o"), NULL);
	ASSERT_NE(NULL, obj);
	prog = bpf_object__find_program_by_name(obj, "cgroup_no_dev_reads");
	ASSERT_NE(NULL, prog);
	EXPECT_EQ(BPF_PROG_TYPE_LANDLOCK, bpf_program__type(prog));
	EXPECT_EQ(BPF_CGROUP_LANDLOCK,
		  bpf_program__expected_attach_type(prog));
	EXPECT_STREQ("cgroup_landlock",
		     libbpf_bpf_attach_type_str(BPF_CGROUP_LANDLOCK));
	EXPECT_STREQ("landlock",
		     libbpf_bpf_prog_type_str(BPF_PROG_TYPE_LANDLOCK));
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	ASSERT_EQ(0, bpf_object__load(obj));

	link = bpf_program__attach_cgroup(prog, self->a);
	ASSERT_NE(NULL, link);
	cg_enter(_metadata, CG_A);
	EXPECT_TRUE(READ_DENIED("/dev/null"));
	EXPECT_FALSE(WRITE_DENIED("/dev/null"));
	ASSERT_EQ(0, bpf_link__destroy(link));
	EXPECT_FALSE(READ_DENIED("/dev/null"));
	cg_enter(_metadata, CG_ROOT);
	bpf_object__close(obj);
}

/* Run @cmd and return what it printed on stdout (at most @size - 1 bytes). */
static int run_output(const char *const cmd, char *const buf,
		      const size_t size)
{
	FILE *const f = popen(cmd, "r");
	size_t len;

	if (!f)
		return -1;
	len = fread(buf, 1, size - 1, f);
	buf[len] = '\0';
	return pclose(f);
}

/* An administrator sees the attached program with bpftool (built here). */
TEST_F(cgroup, bpftool_show)
{
	struct bpf_prog_info info = {};
	__u32 info_len = sizeof(info);
	struct bpf_object *obj;
	struct bpf_program *prog, *p;
	struct bpf_link *link;
	char cmd[PATH_MAX + 64], out[4096], id[16];

	obj = bpf_object__open_file(bin_path("rules.bpf.o"), NULL);
	ASSERT_NE(NULL, obj);
	prog = bpf_object__find_program_by_name(obj, "cgroup_no_dev_reads");
	ASSERT_NE(NULL, prog);
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	ASSERT_EQ(0, bpf_object__load(obj));
	ASSERT_EQ(0, bpf_prog_get_info_by_fd(bpf_program__fd(prog), &info,
					     &info_len));
	snprintf(id, sizeof(id), "%u", info.id);

	/* Nothing listed before the attachment. */
	snprintf(cmd, sizeof(cmd), "%s cgroup show %s", bin_path("bpftool"),
		 CG_A);
	ASSERT_EQ(0, run_output(cmd, out, sizeof(out)));
	EXPECT_EQ(NULL, strstr(out, "cgroup_landlock"));

	link = bpf_program__attach_cgroup(prog, self->a);
	ASSERT_NE(NULL, link);
	ASSERT_EQ(0, run_output(cmd, out, sizeof(out)));
	TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "cgroup_landlock"));
	EXPECT_NE(NULL, strstr(out, "cgroup_no_dev_r"));
	EXPECT_NE(NULL, strstr(out, id));

	/* The child cgroup sees it among its effective programs. */
	snprintf(cmd, sizeof(cmd), "%s cgroup show %s effective",
		 bin_path("bpftool"), CG_B);
	ASSERT_EQ(0, run_output(cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "cgroup_landlock"));

	snprintf(cmd, sizeof(cmd), "%s prog show id %s", bin_path("bpftool"),
		 id);
	ASSERT_EQ(0, run_output(cmd, out, sizeof(out)));
	TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, ": landlock "));

	ASSERT_EQ(0, bpf_link__destroy(link));
	snprintf(cmd, sizeof(cmd), "%s cgroup show %s", bin_path("bpftool"),
		 CG_A);
	ASSERT_EQ(0, run_output(cmd, out, sizeof(out)));
	EXPECT_EQ(NULL, strstr(out, "cgroup_landlock"));
	bpf_object__close(obj);
}

TEST_F(cgroup, bad_requests)
{
	const int prog = load_allow_all_prog();
	const int file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	const int filter = load_socket_filter();

	ASSERT_LE(0, prog);
	ASSERT_LE(0, filter);
	/* Not a cgroup. */
	EXPECT_EQ(-1, cg_attach(file, prog, 0));
	EXPECT_EQ(EBADF, errno);
	/* Not a Landlock program. */
	EXPECT_EQ(-1, cg_attach(self->a, filter, 0));
	EXPECT_EQ(EINVAL, errno);
	/* Nothing attached. */
	EXPECT_EQ(-1, cg_detach(self->a, prog));
	EXPECT_EQ(ENOENT, errno);

	/* Unprivileged: no attach, no link, no detach. */
	AS_USER({
		EXPECT_EQ(-1, cg_attach(self->a, prog, 0));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(-1, cg_link(self->a, prog));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(-1, cg_detach(self->a, prog));
		EXPECT_EQ(EPERM, errno);
	});
	close(prog);
	close(filter);
	close(file);
}

TEST_HARNESS_MAIN
