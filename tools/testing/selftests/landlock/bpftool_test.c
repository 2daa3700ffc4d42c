// SPDX-License-Identifier: GPL-2.0
/*
 * bpftool knows the Landlock types: it names them in prog and map show,
 * lists them and their helpers in feature probe, loads and pins a
 * SEC("landlock") object, and generates a skeleton for one.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define OBJ "sandboxer.bpf.o"

/* Runs "bpftool ARGS" and returns what it printed (stdout and stderr). */
static char *bpftool(struct __test_metadata *const _metadata,
		     const char *args)
{
	static char out[1 << 20];
	char cmd[PATH_MAX * 2];
	size_t len = 0, n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", bin_path("bpftool"), args);
	f = popen(cmd, "r");
	EXPECT_NE(NULL, f);
	if (!f)
		return "";
	while (len + 1 < sizeof(out) &&
	       (n = fread(out + len, 1, sizeof(out) - len - 1, f)) > 0)
		len += n;
	out[len] = '\0';
	EXPECT_EQ(0, pclose(f)) TH_LOG("%s: %s", cmd, out);
	return out;
}

/* The id of a program or map, from its info (of type @info_type). */
#define OBJ_ID(fd, info_type)                                              \
	({                                                                 \
		info_type __info = {};                                     \
		union bpf_attr __attr = {                                  \
			.info.bpf_fd = (fd),                               \
			.info.info_len = sizeof(__info),                   \
			.info.info = (__u64)(uintptr_t)&__info,            \
		};                                                         \
		sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &__attr) ? 0 : __info.id;  \
	})

static int obj_get(const char *path)
{
	union bpf_attr attr = { .pathname = (__u64)(uintptr_t)path };

	return sys_bpf(BPF_OBJ_GET, &attr);
}

TEST(prog_and_map_show)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};
	char args[64];
	int prog, map;

	prog = load_prog(insns, ARRAY_SIZE(insns));
	ASSERT_LE(0, prog);
	map = create_inode_map(sizeof(__u32), sizeof(__u64), 4, 0);
	ASSERT_LE(0, map);

	snprintf(args, sizeof(args), "prog show id %u",
		 OBJ_ID(prog, struct bpf_prog_info));
	EXPECT_NE(NULL, strstr(bpftool(_metadata, args), ": landlock "));
	snprintf(args, sizeof(args), "map show id %u",
		 OBJ_ID(map, struct bpf_map_info));
	EXPECT_NE(NULL, strstr(bpftool(_metadata, args), ": landlock_inode "));
	close(map);
	close(prog);
}

FIXTURE(probe)
{
};

FIXTURE_SETUP(probe)
{
}

FIXTURE_TEARDOWN(probe)
{
}

/* Every helper of every program type: about 90 s in the test guest. */
TEST_F_TIMEOUT(probe, kernel, 600)
{
	const char *out = bpftool(_metadata, "feature probe kernel");

	EXPECT_NE(NULL, strstr(out, "eBPF program_type landlock is available"));
	EXPECT_NE(NULL, strstr(out,
			       "eBPF map_type landlock_inode is available"));
	out = strstr(out, "eBPF helpers supported for program type landlock:");
	ASSERT_NE(NULL, out);
	EXPECT_NE(NULL, strstr(out, "- bpf_landlock_fs_beneath\n"));
	EXPECT_NE(NULL, strstr(out, "- bpf_landlock_fs_beneath_peer\n"));
	EXPECT_NE(NULL, strstr(out, "- bpf_landlock_fs_lookup\n"));
}

/* A pinned rule is enforced by whoever opens it: here, on a file. */
TEST(prog_load_and_pin)
{
	char dir[] = "/tmp/bpffs.XXXXXX", args[PATH_MAX * 2], pin[64];
	int fd;

	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, mount("bpf", dir, "bpf", 0, NULL));
	snprintf(pin, sizeof(pin), "%s/rule", dir);
	snprintf(args, sizeof(args), "prog load %s %s", bin_path(OBJ), pin);
	bpftool(_metadata, args);
	fd = obj_get(pin);
	ASSERT_LE(0, fd);

	/* Its inode map is empty: nothing is granted. */
	IN_CHILD({
		enforce(_metadata, fd);
		EXPECT_EQ(-1, open("/", O_RDONLY | O_DIRECTORY));
		EXPECT_EQ(EACCES, errno);
	});
	close(fd);
	EXPECT_EQ(0, umount(dir));
	EXPECT_EQ(0, rmdir(dir));
}

TEST(gen_skeleton)
{
	char args[PATH_MAX + 16];
	const char *out;

	snprintf(args, sizeof(args), "gen skeleton %s", bin_path(OBJ));
	out = bpftool(_metadata, args);
	EXPECT_NE(NULL, strstr(out, "struct sandboxer_bpf {"));
	EXPECT_NE(NULL, strstr(out, "struct bpf_map *hierarchies;"));
	EXPECT_NE(NULL, strstr(out, "struct bpf_program *sandboxer;"));
	EXPECT_NE(NULL, strstr(out, "sandboxer_bpf__open_and_load"));
}

TEST_HARNESS_MAIN
