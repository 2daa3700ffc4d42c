// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - BPF_MAP_TYPE_LANDLOCK_INODE: syscalls, verifier
 * rules, freezing, and lifetime across unmount
 */

#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>

#include "common.h"

#define LOG_SIZE 65536
static char log_buf[LOG_SIZE];

/* The two halves of a 64-bit immediate load of a map (or map value). */
#define LD_MAP(dst, type, fd) \
	BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, dst, type, 0, fd)
#define LD_MAP_NEXT(off) BPF_RAW_INSN(0, 0, 0, 0, off)

/* Load a program of @type with the verifier's log in log_buf. */
static int load_type(const __u32 type, const struct bpf_insn *const insns,
		     const size_t cnt)
{
	return load_prog_type(type, insns, cnt, 0, log_buf, LOG_SIZE);
}

/* r0 = helper(ctx, map); return r0 != 0 (deny if anything was found). */
static int load_helper_prog(const __u32 type, const int helper,
			    const int map_fd)
{
	const struct bpf_insn insns[] = {
		LD_MAP(BPF_REG_2, BPF_PSEUDO_MAP_FD, map_fd),
		LD_MAP_NEXT(0),
		BPF_EMIT_CALL(helper),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};

	return load_type(type, insns, ARRAY_SIZE(insns));
}

static int create_array(const __u32 flags)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4,
		.value_size = 8,
		.max_entries = 1,
		.map_flags = flags,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr);
}

TEST(create_errors)
{
	int fd;

	EXPECT_EQ(-1, create_inode_map(8, 8, 4, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, create_inode_map(4, 4, 4, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, create_inode_map(4, 8, 0, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, create_inode_map(4, 8, 4, BPF_F_NO_PREALLOC));
	EXPECT_EQ(EINVAL, errno);
	fd = create_inode_map(4, 8, 4, 0);
	EXPECT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
}

/* One entry: a single hash bucket would be hashed with 0 bits. */
TEST(single_entry)
{
	const int map = create_inode_map(4, 8, 1, 0);
	const int root = open("/", O_PATH | O_CLOEXEC);
	const int tmp = open("/tmp", O_PATH | O_CLOEXEC);
	__u64 value = 0;

	ASSERT_LE(0, map);
	ASSERT_LE(0, root);
	ASSERT_LE(0, tmp);
	EXPECT_EQ(0, map_update(map, root, 1, BPF_ANY));
	EXPECT_EQ(0, map_lookup(map, root, &value));
	EXPECT_EQ(1, value);
	EXPECT_EQ(-1, map_update(map, tmp, 2, BPF_ANY));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(0, map_delete(map, root));
	EXPECT_EQ(0, map_update(map, tmp, 2, BPF_ANY));
	EXPECT_EQ(0, close(tmp));
	EXPECT_EQ(0, close(root));
	EXPECT_EQ(0, close(map));
}

TEST(update_lookup_delete)
{
	const int map = create_inode_map(4, 8, 4, 0);
	const int root = open("/", O_PATH | O_CLOEXEC);
	const int root2 = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const int tmp = open("/tmp", O_PATH | O_CLOEXEC);
	__u64 value = 0;

	ASSERT_LE(0, map);
	ASSERT_LE(0, root);
	ASSERT_LE(0, root2);
	ASSERT_LE(0, tmp);

	EXPECT_EQ(-1, map_lookup(map, root, &value));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, map_update(map, root, 1, BPF_EXIST));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, map_update(map, root, 1, BPF_NOEXIST));
	EXPECT_EQ(-1, map_update(map, root2, 2, BPF_NOEXIST));
	EXPECT_EQ(EEXIST, errno);
	/* Another descriptor of the same inode is the same key. */
	EXPECT_EQ(0, map_update(map, root2, 3, BPF_EXIST));
	EXPECT_EQ(0, map_lookup(map, root, &value));
	EXPECT_EQ(3, value);
	EXPECT_EQ(0, map_update(map, tmp, 4, BPF_ANY));
	EXPECT_EQ(0, map_lookup(map, tmp, &value));
	EXPECT_EQ(4, value);

	/* Bad flags and values. */
	EXPECT_EQ(-1, map_update(map, tmp, 4, BPF_EXIST + 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, map_update(map, tmp, 1ULL << 63, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, map_update(map, tmp, (1ULL << 63) - 1, BPF_ANY));

	EXPECT_EQ(0, map_delete(map, root));
	EXPECT_EQ(-1, map_lookup(map, root2, &value));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, map_delete(map, root2));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, map_delete(map, tmp));

	EXPECT_EQ(0, close(root));
	EXPECT_EQ(0, close(root2));
	EXPECT_EQ(0, close(tmp));
	EXPECT_EQ(0, close(map));
}

TEST(bad_keys)
{
	const int map = create_inode_map(4, 8, 4, 0);
	int pipefd[2], sock, closed;
	__u64 value;

	ASSERT_LE(0, map);
	closed = open("/", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, closed);
	ASSERT_EQ(0, close(closed));
	EXPECT_EQ(-1, map_update(map, closed, 1, BPF_ANY));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, map_lookup(map, closed, &value));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, map_delete(map, -1));
	EXPECT_EQ(EBADF, errno);

	/* Internal mounts: pipes, sockets, namespaces. */
	ASSERT_EQ(0, pipe2(pipefd, O_CLOEXEC));
	EXPECT_EQ(-1, map_update(map, pipefd[0], 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, map_lookup(map, pipefd[0], &value));
	EXPECT_EQ(EINVAL, errno);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, sock);
	EXPECT_EQ(-1, map_update(map, sock, 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	closed = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, closed);
	EXPECT_EQ(-1, map_update(map, closed, 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(closed));
	EXPECT_EQ(0, close(sock));
	EXPECT_EQ(0, close(pipefd[0]));
	EXPECT_EQ(0, close(pipefd[1]));
	EXPECT_EQ(0, close(map));
}

/*
 * A namespace file bind mounted elsewhere is not on an internal mount, but
 * is still no key: an entry would pin the namespace.
 */
TEST(bind_mounted_namespace)
{
	const int map = create_inode_map(4, 8, 4, 0);
	int fd;

	ASSERT_LE(0, map);
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	fd = open("/tmp/landlock_nsfile", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	ASSERT_EQ(0, mount("/proc/self/ns/net", "/tmp/landlock_nsfile", NULL,
			   MS_BIND, NULL));
	fd = open("/tmp/landlock_nsfile", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, map_update(map, fd, 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, umount("/tmp/landlock_nsfile"));
	EXPECT_EQ(0, unlink("/tmp/landlock_nsfile"));
	EXPECT_EQ(0, close(map));
}

TEST(full)
{
	const int map = create_inode_map(4, 8, 2, 0);
	const int a = open("/", O_PATH | O_CLOEXEC);
	const int b = open("/tmp", O_PATH | O_CLOEXEC);
	const int c = open("/proc", O_PATH | O_CLOEXEC);

	ASSERT_LE(0, map);
	EXPECT_EQ(0, map_update(map, a, 1, BPF_ANY));
	EXPECT_EQ(0, map_update(map, b, 1, BPF_ANY));
	EXPECT_EQ(-1, map_update(map, c, 1, BPF_ANY));
	EXPECT_EQ(E2BIG, errno);
	/* Updating an existing entry still works. */
	EXPECT_EQ(0, map_update(map, a, 2, BPF_ANY));
	EXPECT_EQ(0, map_delete(map, b));
	EXPECT_EQ(0, map_update(map, c, 1, BPF_ANY));
	close(a);
	close(b);
	close(c);
	close(map);
}

TEST(no_iteration)
{
	const int map = create_inode_map(4, 8, 2, 0);
	__u32 key = 0, next;
	__u64 values[2];
	union bpf_attr attr = {};

	ASSERT_LE(0, map);
	attr.map_fd = map;
	attr.key = (uintptr_t)&key;
	attr.next_key = (uintptr_t)&next;
	EXPECT_EQ(-1, sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr));
	EXPECT_EQ(EOPNOTSUPP, errno);

	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = map;
	attr.batch.keys = (uintptr_t)&key;
	attr.batch.values = (uintptr_t)values;
	attr.batch.count = 1;
	attr.batch.out_batch = (uintptr_t)&next;
	EXPECT_EQ(-1, sys_bpf(BPF_MAP_LOOKUP_BATCH, &attr));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, sys_bpf(BPF_MAP_UPDATE_BATCH, &attr));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, sys_bpf(BPF_MAP_DELETE_BATCH, &attr));
	EXPECT_EQ(EOPNOTSUPP, errno);
	close(map);
}

TEST(verifier_rules)
{
	const int map = create_inode_map(4, 8, 2, 0);
	const int array = create_array(0);
	const int ro_array = create_array(BPF_F_RDONLY_PROG);
	int fd;

	ASSERT_LE(0, map);
	ASSERT_LE(0, array);
	ASSERT_LE(0, ro_array);

	fd = load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
			      BPF_FUNC_landlock_fs_beneath, map);
	EXPECT_LE(0, fd)
	{
		TH_LOG("%s", log_buf);
	}
	close(fd);
	fd = load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
			      BPF_FUNC_landlock_fs_lookup, map);
	EXPECT_LE(0, fd);
	close(fd);
	fd = load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
			      BPF_FUNC_landlock_fs_beneath_peer, map);
	EXPECT_LE(0, fd);
	close(fd);

	/* Writable arrays are refused, read-only ones not with the helpers. */
	EXPECT_EQ(-1, load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
				       BPF_FUNC_landlock_fs_beneath, array));
	EXPECT_NE(NULL, strstr(log_buf, "Landlock progs only use"));
	EXPECT_EQ(-1, load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
				       BPF_FUNC_landlock_fs_beneath,
				       ro_array));
	EXPECT_NE(NULL, strstr(log_buf, "cannot pass map_type"))
	{
		TH_LOG("%s", log_buf);
	}
	/* No generic lookup on inode maps. */
	EXPECT_EQ(-1, load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
				       BPF_FUNC_map_lookup_elem, map));
	EXPECT_NE(NULL, strstr(log_buf, "cannot use helper"));
	/* Other program types neither use inode maps nor the helpers. */
	EXPECT_EQ(-1, load_helper_prog(BPF_PROG_TYPE_SOCKET_FILTER,
				       BPF_FUNC_landlock_fs_beneath, map));
	EXPECT_NE(NULL, strstr(log_buf, "can only be used by Landlock programs"))
	{
		TH_LOG("%s", log_buf);
	}

	/* Reading a read-only array's value directly is fine. */
	{
		const struct bpf_insn insns[] = {
			LD_MAP(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, ro_array),
			LD_MAP_NEXT(0),
			BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
			BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1),
			BPF_EXIT_INSN(),
		};
		const struct bpf_insn writes[] = {
			LD_MAP(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, ro_array),
			LD_MAP_NEXT(0),
			BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 1),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};

		fd = load_type(BPF_PROG_TYPE_LANDLOCK, insns,
			       ARRAY_SIZE(insns));
		EXPECT_LE(0, fd)
		{
			TH_LOG("%s", log_buf);
		}
		close(fd);
		EXPECT_EQ(-1, load_type(BPF_PROG_TYPE_LANDLOCK, writes,
					ARRAY_SIZE(writes)));
		EXPECT_NE(NULL, strstr(log_buf, "write into map forbidden"))
		{
			TH_LOG("%s", log_buf);
		}
	}
	close(map);
	close(array);
	close(ro_array);
}

/* Without a path (BPF_PROG_TEST_RUN), helpers find no entry. */
TEST(test_run_helpers)
{
	const int map = create_inode_map(4, 8, 2, 0);
	const int root = open("/", O_PATH | O_CLOEXEC);
	struct landlock_context ctx = {
		.access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	union bpf_attr attr = {};
	int fd;

	ASSERT_LE(0, map);
	ASSERT_EQ(0, map_update(map, root, 1, BPF_ANY));
	fd = load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
			      BPF_FUNC_landlock_fs_beneath, map);
	ASSERT_LE(0, fd);
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (uintptr_t)&ctx;
	attr.test.ctx_size_in = sizeof(ctx);
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(0, attr.test.retval);
	close(fd);
	close(root);
	close(map);
}

/* Enforcing freezes the maps: nobody can widen the rules any more. */
TEST(frozen_after_enforcement)
{
	const int map = create_inode_map(4, 8, 2, 0);
	const int root = open("/", O_PATH | O_CLOEXEC);
	const int tmp = open("/tmp", O_PATH | O_CLOEXEC);
	__u64 value;
	int fd;

	ASSERT_LE(0, map);
	ASSERT_EQ(0, map_update(map, root, 1, BPF_ANY));
	fd = load_helper_prog(BPF_PROG_TYPE_LANDLOCK,
			      BPF_FUNC_landlock_fs_lookup, map);
	ASSERT_LE(0, fd);
	/* Loading alone does not freeze. */
	EXPECT_EQ(0, map_update(map, root, 0, BPF_ANY));
	enforce(_metadata, fd);

	EXPECT_EQ(-1, map_update(map, tmp, 1, BPF_ANY));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, map_delete(map, root));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, map_lookup(map, root, &value));
	EXPECT_EQ(0, value);
	close(root);
	close(tmp);
	close(map);
}

/*
 * Unmounting a filesystem whose directory is in a live map works, leaves
 * no busy inode nor leak, and a new filesystem at the same place is not
 * covered by the old entry.
 */
TEST(unmount_while_in_map)
{
	const int map = create_inode_map(4, 8, 4, 0);
	__u64 value;
	int dir;

	ASSERT_LE(0, map);
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir("/tmp/landlock_um", 0700);
	ASSERT_EQ(0, mount("tmp", "/tmp/landlock_um", "tmpfs", 0, NULL));
	ASSERT_EQ(0, mkdir("/tmp/landlock_um/dir", 0700));
	dir = open("/tmp/landlock_um/dir", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, dir);
	ASSERT_EQ(0, map_update(map, dir, 7, BPF_ANY));
	ASSERT_EQ(0, close(dir));

	ASSERT_EQ(0, umount("/tmp/landlock_um"));

	ASSERT_EQ(0, mount("tmp", "/tmp/landlock_um", "tmpfs", 0, NULL));
	ASSERT_EQ(0, mkdir("/tmp/landlock_um/dir", 0700));
	dir = open("/tmp/landlock_um/dir", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, dir);
	EXPECT_EQ(-1, map_lookup(map, dir, &value));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, map_update(map, dir, 1, BPF_ANY));
	ASSERT_EQ(0, close(dir));
	ASSERT_EQ(0, umount2("/tmp/landlock_um", MNT_DETACH));
	EXPECT_EQ(0, close(map));
}

TEST_HARNESS_MAIN
