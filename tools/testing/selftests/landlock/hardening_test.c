// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Escapes and refusals found by review: disconnected
 * paths, creations without a MAKE check, access mode 3, which maps are
 * frozen and when, bpffs keys, early size refusal, and the chain limit
 * counted as loaded.
 */

#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>

#include "common.h"

#define LOG_SIZE 4096
static char log_buf[LOG_SIZE];

/* A private mount namespace with a fresh tmpfs at @dir. */
static void private_tmpfs(struct __test_metadata *const _metadata,
			  const char *const dir)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir(dir, 0700);
	ASSERT_EQ(0, mount("tmp", dir, "tmpfs", 0, NULL));
}

#define DISC "/tmp/ll_disc"

/*
 * A directory moved out from under a bind mount's root: its real parents
 * are hidden by the mount, and must not grant anything.
 */
static void disconnected(struct __test_metadata *const _metadata)
{
	const int map = create_inode_map(4, 8, 8, 0);
	int moved;

	ASSERT_LE(0, map);
	private_tmpfs(_metadata, DISC);
	ASSERT_EQ(0, mkdir(DISC "/hidden", 0700));
	ASSERT_EQ(0, mkdir(DISC "/hidden/b", 0700));
	ASSERT_EQ(0, mkdir(DISC "/hidden/b/c", 0700));
	ASSERT_EQ(0, mkdir(DISC "/hidden/b/d", 0700));
	ASSERT_EQ(0, mkdir(DISC "/vis", 0700));
	ASSERT_EQ(0, mkdir(DISC "/vis/m", 0700));
	ASSERT_EQ(0, mount(DISC "/hidden/b", DISC "/vis/m", NULL, MS_BIND,
			   NULL));
	grant(_metadata, map, DISC "/hidden", LANDLOCK_ACCESS_FS_READ_DIR);

	/* Reached through the bind mount, then moved out from under it. */
	moved = open(DISC "/vis/m/c", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, moved);
	ASSERT_EQ(0, rename(DISC "/hidden/b/c", DISC "/hidden/c"));

	enforce(_metadata,
		load_grant_prog(map, LANDLOCK_ACCESS_FS_READ_DIR,
				LANDLOCK_ACCESS_FS_READ_DIR));
	/* The grant works where the path shows it... */
	EXPECT_EQ(0, open_errno(DISC "/hidden/b/d", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(0, open_errno(DISC "/hidden/c", O_RDONLY | O_DIRECTORY));
	/* ...not through the mount, which hides it... */
	EXPECT_EQ(EACCES, open_errno(DISC "/vis/m/d", O_RDONLY | O_DIRECTORY));
	/* ...nor through a path disconnected from the mount's root. */
	EXPECT_EQ(-1, openat(moved, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	EXPECT_EQ(EACCES, errno);
	close(moved);
	close(map);
}

TEST(disconnected_path_hides_ancestors)
{
	disconnected(_metadata);
}

#define MK "/tmp/ll_make"

/* renameat2(RENAME_WHITEOUT) creates a character device: MAKE_CHAR. */
static void whiteout(struct __test_metadata *const _metadata)
{
	private_tmpfs(_metadata, MK);
	ASSERT_EQ(0, mknod(MK "/a", S_IFREG | 0600, 0));
	ASSERT_EQ(0, mknod(MK "/b", S_IFREG | 0600, 0));
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_MAKE_CHAR, 0));
	EXPECT_EQ(-1, syscall(__NR_renameat2, AT_FDCWD, MK "/a", AT_FDCWD,
			      MK "/a2", RENAME_WHITEOUT));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(0, access(MK "/a", F_OK));
	/* Without a whiteout, the same rename is fine. */
	EXPECT_EQ(0, syscall(__NR_renameat2, AT_FDCWD, MK "/b", AT_FDCWD,
			     MK "/b2", 0));
}

TEST(whiteout_needs_make_char)
{
	whiteout(_metadata);
}

/* open(O_TMPFILE) creates a regular file in the directory: MAKE_REG. */
static void o_tmpfile(struct __test_metadata *const _metadata)
{
	int fd;

	private_tmpfs(_metadata, MK);
	fd = open(MK, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_MAKE_REG, 0));
	EXPECT_EQ(EACCES, open_errno(MK, O_TMPFILE | O_RDWR));
	EXPECT_EQ(EACCES, open_errno(MK, O_TMPFILE | O_WRONLY));
	/* Opening existing directories and files is not a creation. */
	EXPECT_EQ(0, open_errno(MK, O_RDONLY | O_DIRECTORY));
}

TEST(tmpfile_needs_make_reg)
{
	o_tmpfile(_metadata);
}

/*
 * Access mode 3 asks DAC for reading and writing, and runs the driver's
 * open: both checks run.
 */
TEST(access_mode_3_needs_read)
{
	EXPECT_EQ(0, open_errno("/dev/null", O_ACCMODE));
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, S_IFCHR));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_ACCMODE));
	EXPECT_EQ(0, open_errno("/dev/null", O_WRONLY));
}

TEST(access_mode_3_needs_write)
{
	EXPECT_EQ(0, open_errno("/dev/null", O_ACCMODE));
	enforce(_metadata,
		load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE, S_IFCHR));
	EXPECT_EQ(EACCES, open_errno("/dev/null", O_ACCMODE));
	EXPECT_EQ(0, open_errno("/dev/null", O_RDONLY));
}

/* fs_lookup on @map: deny if the object has an entry. */
static int load_lookup_prog(const int map)
{
	const struct bpf_insn insns[] = {
		BPF_LD_MAP_FD(BPF_REG_2, map),
		BPF_EMIT_CALL(BPF_FUNC_landlock_fs_lookup),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_ALU64_IMM(BPF_RSH, BPF_REG_1, 63),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns));
}

static int bind_map(const int prog, const int map)
{
	union bpf_attr attr = {
		.prog_bind_map.prog_fd = prog,
		.prog_bind_map.map_fd = map,
	};

	return sys_bpf(BPF_PROG_BIND_MAP, &attr);
}

/* A second descriptor of @map, opened read-only (by id). */
static int reopen_rdonly(struct __test_metadata *const _metadata,
			 const int map)
{
	struct bpf_map_info info = {};
	union bpf_attr attr = {
		.info.bpf_fd = map,
		.info.info_len = sizeof(info),
		.info.info = (uintptr_t)&info,
	};
	int fd;

	ASSERT_EQ(0, sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr));
	memset(&attr, 0, sizeof(attr));
	attr.map_id = info.id;
	attr.open_flags = BPF_F_RDONLY;
	fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
	ASSERT_LE(0, fd);
	return fd;
}

/* A map only bound with BPF_PROG_BIND_MAP is not read: not frozen. */
TEST(bound_map_not_frozen)
{
	const int used = create_inode_map(4, 8, 2, 0);
	const int bound = create_inode_map(4, 8, 2, 0);
	const int tmp = open("/tmp", O_PATH | O_CLOEXEC);
	int prog;

	ASSERT_LE(0, used);
	ASSERT_LE(0, bound);
	ASSERT_LE(0, tmp);
	prog = load_lookup_prog(used);
	ASSERT_LE(0, prog);
	ASSERT_EQ(0, bind_map(prog, bound));
	enforce(_metadata, prog);
	EXPECT_EQ(-1, map_update(used, tmp, 1, BPF_ANY));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, map_update(bound, tmp, 1, BPF_ANY));
	close(prog);
	close(tmp);
	close(used);
	close(bound);
}

/*
 * A map given to the loader read-only, and not frozen: the enforcer could
 * not freeze it with BPF_MAP_FREEZE, so enforcing fails (EPERM) and
 * leaves it writable; once its owner froze it, enforcing works.
 */
TEST(read_only_map_not_frozen)
{
	const int map = create_inode_map(4, 8, 2, 0);
	const int tmp = open("/tmp", O_PATH | O_CLOEXEC);
	union bpf_attr attr = {};
	int ro, prog;

	ASSERT_LE(0, map);
	ro = reopen_rdonly(_metadata, map);
	prog = load_lookup_prog(ro);
	ASSERT_LE(0, prog);
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	EXPECT_EQ(-1, prepend_prog(prog));
	EXPECT_EQ(EPERM, errno);
	/* Not confined. */
	EXPECT_EQ(0, open_errno("/tmp", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(0, map_update(map, tmp, 1, BPF_ANY));

	attr.map_fd = map;
	ASSERT_EQ(0, sys_bpf(BPF_MAP_FREEZE, &attr));
	enforce(_metadata, prog);
	EXPECT_EQ(EACCES, open_errno("/tmp", O_RDONLY | O_DIRECTORY));
	close(prog);
	close(ro);
	close(tmp);
	close(map);
}

struct diverging {
	int prog, ready[2], done[2];
};

/* A sibling with a chain of its own, alive until told. */
static void *enforce_own(void *const arg)
{
	struct diverging *const d = arg;
	const char res = prepend_prog(d->prog) ? 'e' : 'o';
	char c;

	if (write(d->ready[1], &res, 1) != 1)
		return (void *)1;
	while (read(d->done[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* A TSYNC enforcement that fails freezes nothing. */
TEST(failed_tsync_freezes_nothing)
{
	const int map = create_inode_map(4, 8, 2, 0);
	const int tmp = open("/tmp", O_PATH | O_CLOEXEC);
	const int prog = load_lookup_prog(map);
	const int other = load_allow_all_prog();
	struct diverging d = { .prog = other };
	pthread_t thread;
	void *ret;
	int fd = prog;
	char c;

	ASSERT_LE(0, prog);
	ASSERT_LE(0, other);
	ASSERT_EQ(0, pipe(d.ready));
	ASSERT_EQ(0, pipe(d.done));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	/* A sibling with a chain of its own: TSYNC cannot proceed. */
	ASSERT_EQ(0, pthread_create(&thread, NULL, enforce_own, &d));
	ASSERT_EQ(1, read(d.ready[0], &c, 1));
	ASSERT_EQ('o', c);
	EXPECT_LT(0, sys_seccomp(SECCOMP_PREPEND_LANDLOCK_PROG,
				 SECCOMP_FILTER_FLAG_TSYNC, &fd));
	ASSERT_EQ(1, write(d.done[1], &c, 1));
	ASSERT_EQ(0, pthread_join(thread, &ret));
	EXPECT_EQ(NULL, ret);
	EXPECT_EQ(0, map_update(map, tmp, 1, BPF_ANY));
	close(prog);
	close(other);
	close(tmp);
	close(map);
}

#define BPFFS "/tmp/ll_bpffs"

static int pin(const int fd, const char *const path)
{
	union bpf_attr attr = {
		.pathname = (uintptr_t)path,
		.bpf_fd = fd,
	};

	return sys_bpf(BPF_OBJ_PIN, &attr);
}

/* A bpffs pin of the map (or of its program) would keep the map alive. */
static void bpffs_keys(struct __test_metadata *const _metadata)
{
	const int map = create_inode_map(4, 8, 4, 0);
	const int prog = load_lookup_prog(map);
	int key;

	ASSERT_LE(0, map);
	ASSERT_LE(0, prog);
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir(BPFFS, 0700);
	ASSERT_EQ(0, mount("bpf", BPFFS, "bpf", 0, NULL));
	ASSERT_EQ(0, pin(map, BPFFS "/map"));
	ASSERT_EQ(0, pin(prog, BPFFS "/prog"));

	key = open(BPFFS "/map", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, key);
	EXPECT_EQ(-1, map_update(map, key, 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	close(key);
	key = open(BPFFS "/prog", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, key);
	EXPECT_EQ(-1, map_update(map, key, 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	close(key);
	key = open(BPFFS, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, key);
	EXPECT_EQ(-1, map_update(map, key, 1, BPF_ANY));
	EXPECT_EQ(EINVAL, errno);
	close(key);
	close(prog);
	close(map);
	EXPECT_EQ(0, umount(BPFFS));
}

TEST(bpffs_keys_refused)
{
	bpffs_keys(_metadata);
}

/*
 * More than BPF_MAXINSNS instructions: refused before the instructions are
 * copied (a bad pointer would fault), with the reason in the log.
 */
static void too_big(struct __test_metadata *const _metadata)
{
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_LANDLOCK,
		.insn_cnt = 1000000,
		/* Never read. */
		.insns = 8,
		.license = (uintptr_t)"GPL",
		.log_buf = (uintptr_t)log_buf,
		.log_size = LOG_SIZE,
		.log_level = 1,
	};

	EXPECT_EQ(-1, sys_bpf(BPF_PROG_LOAD, &attr));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_NE(NULL, strstr(log_buf, "at most 4096 instructions"))
	{
		TH_LOG("log: %s", log_buf);
	}
}

TEST(too_big_refused_first)
{
	struct unpriv_sysctls saved;

	too_big(_metadata);
	unpriv_sysctls_set(_metadata, &saved);
	AS_USER(too_big(_metadata));
	unpriv_sysctls_restore(_metadata, &saved);
}

#define JIT_HARDEN "/proc/sys/net/core/bpf_jit_harden"
#define JIT_ENABLE "/proc/sys/net/core/bpf_jit_enable"

/* BPF_MAXINSNS instructions whose constants the JIT blinds. */
static int load_blinded_prog(void)
{
	static struct bpf_insn insns[BPF_MAXINSNS];
	unsigned int i;

	for (i = 0; i < BPF_MAXINSNS - 2; i++)
		insns[i] = BPF_MOV64_IMM(BPF_REG_1, 0x1234 + i);
	insns[i++] = BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW);
	insns[i++] = BPF_EXIT_INSN();
	return load_prog(insns, BPF_MAXINSNS);
}

/*
 * The chain limit counts instructions as loaded, not as constant blinding
 * rewrote them: 8 programs of BPF_MAXINSNS fill the 256 KiB exactly.
 */
TEST(chain_limit_counts_loaded_insns)
{
	const int harden = read_sysctl(JIT_HARDEN);
	char saved[16];
	int progs[9], i;

	ASSERT_LE(0, harden);
	ASSERT_EQ(1, read_sysctl(JIT_ENABLE));
	ASSERT_EQ(0, write_file(JIT_HARDEN, "2"));
	for (i = 0; i < 9; i++) {
		progs[i] = load_blinded_prog();
		ASSERT_LE(0, progs[i]);
	}
	snprintf(saved, sizeof(saved), "%d", harden);
	EXPECT_EQ(0, write_file(JIT_HARDEN, saved));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	for (i = 0; i < 8; i++)
		EXPECT_EQ(0, prepend_prog(progs[i]))
		{
			TH_LOG("program %d: %s", i, strerror(errno));
		}
	EXPECT_EQ(-1, prepend_prog(progs[8]));
	EXPECT_EQ(E2BIG, errno);
	for (i = 0; i < 9; i++)
		close(progs[i]);
}

TEST_HARNESS_MAIN
