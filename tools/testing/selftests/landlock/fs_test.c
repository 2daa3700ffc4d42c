// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Filesystem checks: which operation runs which check
 *
 * Each test works in a tmpfs mounted in a private mount namespace, so that
 * nothing needs to be unmounted once the test process is confined.
 */

#include <bpf/libbpf.h>
#include <linux/fs.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "common.h"

#define TMP_DIR "/tmp/landlock_fs"

/* Files the operations below use, one set per test. */
static const char *const reg_files[] = {
	"f", "t1", "t2", "t3", "rmf", "d/mv", "d/sm", "d/ln", "d/xa",
	"d2/xb", "owned", "app",
};

static void create_file(struct __test_metadata *const _metadata,
			const char *const path)
{
	const int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);

	ASSERT_LE(0, fd)
	{
		TH_LOG("creating %s: %s", path, strerror(errno));
	}
	ASSERT_EQ(5, write(fd, "data\n", 5));
	ASSERT_EQ(0, close(fd));
}

/* A fresh tmpfs in a private mount namespace, as the current directory. */
static void setup_tree(struct __test_metadata *const _metadata)
{
	size_t i;

	enter_tmpfs(_metadata, TMP_DIR, "mode=0755");
	ASSERT_EQ(0, mkdir("d", 0777));
	ASSERT_EQ(0, mkdir("d2", 0777));
	ASSERT_EQ(0, mkdir("rmd", 0777));
	for (i = 0; i < ARRAY_SIZE(reg_files); i++)
		create_file(_metadata, reg_files[i]);
	ASSERT_EQ(0, mkfifo("fifo", 0666));
	ASSERT_EQ(0, chown("owned", UNPRIV_UID, UNPRIV_GID));
}

/* Each operation returns 0 or -errno. */
static int ret(const int res)
{
	return res < 0 ? -errno : 0;
}

static int open_close(const char *const path, const int flags)
{
	const int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int op_read_file(void)
{
	return open_close("f", O_RDONLY);
}

static int op_write_file(void)
{
	return open_close("f", O_WRONLY);
}

static int op_open_trunc(void)
{
	return open_close("t1", O_WRONLY | O_TRUNC);
}

static int op_truncate(void)
{
	return ret(truncate("t2", 0));
}

static int op_ftruncate(void)
{
	const int fd = open("t3", O_WRONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	err = ret(ftruncate(fd, 0));
	close(fd);
	return err;
}

static int op_read_dir(void)
{
	return open_close("d", O_RDONLY | O_DIRECTORY);
}

static int op_execute(void)
{
	int status;
	const pid_t pid = fork();

	if (pid == 0) {
		char *const argv[] = { "true", NULL };

		execve(bin_path("true"), argv, NULL);
		_exit(errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -EIO;
	return -WEXITSTATUS(status);
}

static int op_remove_dir(void)
{
	return ret(rmdir("rmd"));
}

static int op_remove_file(void)
{
	return ret(unlink("rmf"));
}

static int op_make_char(void)
{
	return ret(mknod("c", S_IFCHR | 0600, makedev(1, 3)));
}

static int op_make_dir(void)
{
	return ret(mkdir("nd", 0700));
}

static int op_make_reg(void)
{
	return ret(mknod("r", S_IFREG | 0600, 0));
}

static int op_make_sock(void)
{
	struct sockaddr_un addr = {
		.sun_family = AF_UNIX,
		.sun_path = TMP_DIR "/s",
	};
	const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -EIO;
	err = ret(bind(fd, (struct sockaddr *)&addr, sizeof(addr)));
	close(fd);
	return err;
}

static int op_make_fifo(void)
{
	return ret(mkfifo("p", 0600));
}

static int op_make_block(void)
{
	return ret(mknod("b", S_IFBLK | 0600, makedev(7, 0)));
}

static int op_make_sym(void)
{
	return ret(symlink("f", "l"));
}

static int op_rename_across(void)
{
	return ret(rename("d/mv", "d2/mv"));
}

static int op_rename_same_dir(void)
{
	return ret(rename("d/sm", "d/sm2"));
}

static int op_link_across(void)
{
	return ret(link("d/ln", "d2/ln"));
}

static int op_exchange_across(void)
{
	return ret(syscall(__NR_renameat2, AT_FDCWD, "d/xa", AT_FDCWD, "d2/xb",
			   RENAME_EXCHANGE));
}

/* Opened before the rules are enforced: only IOCTL_DEV applies. */
static int dev_null_fd = -1;

static int op_ioctl_dev(void)
{
	int on = 1;

	return ret(ioctl(dev_null_fd, FIONBIO, &on));
}

struct operation {
	const char *name;
	int (*run)(void);
	/* The checks it runs. */
	__u64 checks;
};

#define ACCESS(x) LANDLOCK_ACCESS_FS_##x

static const struct operation operations[] = {
	{ "open O_RDONLY", op_read_file, ACCESS(READ_FILE) },
	/* The TRUNCATE check of a write open only matters for O_TRUNC. */
	{ "open O_WRONLY", op_write_file, ACCESS(WRITE_FILE) },
	{ "open O_TRUNC", op_open_trunc, ACCESS(WRITE_FILE) | ACCESS(TRUNCATE) },
	{ "truncate", op_truncate, ACCESS(TRUNCATE) },
	{ "ftruncate", op_ftruncate, ACCESS(WRITE_FILE) | ACCESS(TRUNCATE) },
	{ "open dir", op_read_dir, ACCESS(READ_DIR) },
	{ "execve", op_execute, ACCESS(READ_FILE) | ACCESS(EXECUTE) },
	{ "rmdir", op_remove_dir, ACCESS(REMOVE_DIR) },
	{ "unlink", op_remove_file, ACCESS(REMOVE_FILE) },
	{ "mknod chr", op_make_char, ACCESS(MAKE_CHAR) },
	{ "mkdir", op_make_dir, ACCESS(MAKE_DIR) },
	{ "mknod reg", op_make_reg, ACCESS(MAKE_REG) },
	{ "bind unix", op_make_sock, ACCESS(MAKE_SOCK) },
	{ "mkfifo", op_make_fifo, ACCESS(MAKE_FIFO) },
	{ "mknod blk", op_make_block, ACCESS(MAKE_BLOCK) },
	{ "symlink", op_make_sym, ACCESS(MAKE_SYM) },
	{ "rename across", op_rename_across,
	  ACCESS(REMOVE_FILE) | ACCESS(MAKE_REG) | ACCESS(REFER) },
	{ "rename same dir", op_rename_same_dir,
	  ACCESS(REMOVE_FILE) | ACCESS(MAKE_REG) },
	{ "link across", op_link_across, ACCESS(MAKE_REG) | ACCESS(REFER) },
	{ "exchange across", op_exchange_across,
	  ACCESS(REMOVE_FILE) | ACCESS(MAKE_REG) | ACCESS(REFER) },
	{ "ioctl dev", op_ioctl_dev, ACCESS(IOCTL_DEV) },
};

/* Run every operation; those that run a denied check must fail. */
static void run_operations(struct __test_metadata *const _metadata,
			   const __u64 denied)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(operations); i++) {
		const struct operation *const op = &operations[i];
		int want = 0;

		if (op->checks & denied) {
			/* A denied REFER alone means EXDEV. */
			want = (op->checks & denied) == ACCESS(REFER) ?
				       -EXDEV :
				       -EACCES;
		}
		EXPECT_EQ(want, op->run())
		{
			TH_LOG("%s with 0x%llx denied", op->name,
			       (unsigned long long)denied);
		}
	}
}

FIXTURE(access) {};

FIXTURE_VARIANT(access)
{
	__u64 denied;
};

/* clang-format off */
FIXTURE_VARIANT_ADD(access, execute) {
	.denied = LANDLOCK_ACCESS_FS_EXECUTE,
};

FIXTURE_VARIANT_ADD(access, write_file) {
	.denied = LANDLOCK_ACCESS_FS_WRITE_FILE,
};

FIXTURE_VARIANT_ADD(access, read_file) {
	.denied = LANDLOCK_ACCESS_FS_READ_FILE,
};

FIXTURE_VARIANT_ADD(access, read_dir) {
	.denied = LANDLOCK_ACCESS_FS_READ_DIR,
};

FIXTURE_VARIANT_ADD(access, remove_dir) {
	.denied = LANDLOCK_ACCESS_FS_REMOVE_DIR,
};

FIXTURE_VARIANT_ADD(access, remove_file) {
	.denied = LANDLOCK_ACCESS_FS_REMOVE_FILE,
};

FIXTURE_VARIANT_ADD(access, make_char) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_CHAR,
};

FIXTURE_VARIANT_ADD(access, make_dir) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_DIR,
};

FIXTURE_VARIANT_ADD(access, make_reg) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_REG,
};

FIXTURE_VARIANT_ADD(access, make_sock) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_SOCK,
};

FIXTURE_VARIANT_ADD(access, make_fifo) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_FIFO,
};

FIXTURE_VARIANT_ADD(access, make_block) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_BLOCK,
};

FIXTURE_VARIANT_ADD(access, make_sym) {
	.denied = LANDLOCK_ACCESS_FS_MAKE_SYM,
};

FIXTURE_VARIANT_ADD(access, refer) {
	.denied = LANDLOCK_ACCESS_FS_REFER,
};

FIXTURE_VARIANT_ADD(access, truncate) {
	.denied = LANDLOCK_ACCESS_FS_TRUNCATE,
};

FIXTURE_VARIANT_ADD(access, ioctl_dev) {
	.denied = LANDLOCK_ACCESS_FS_IOCTL_DEV,
};

/* clang-format on */

FIXTURE_SETUP(access)
{
	setup_tree(_metadata);
	dev_null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, dev_null_fd);
}

FIXTURE_TEARDOWN(access)
{
}

/* Nothing denied yet: every operation works (the matrix is sound). */
TEST_F(access, unconfined)
{
	run_operations(_metadata, 0);
}

/* Deny exactly one right: only the operations that need it fail. */
TEST_F(access, deny_one_right)
{
	enforce(_metadata, load_deny_prog(variant->denied, 0));
	run_operations(_metadata, variant->denied);
}

FIXTURE(fs) {};

FIXTURE_SETUP(fs)
{
	setup_tree(_metadata);
}

FIXTURE_TEARDOWN(fs)
{
}

/*
 * Load one program of rules.bpf.o (compiled from progs/rules.bpf.c); if
 * @map_fd is not NULL, also return the "grants" inode map.
 */
static int load_rule_map(struct __test_metadata *const _metadata,
			 const char *const name, int *const map_fd)
{
	struct bpf_object *obj;
	struct bpf_program *prog, *p;
	int fd;

	obj = bpf_object__open_file(bin_path("rules.bpf.o"), NULL);
	ASSERT_NE(NULL, obj);
	prog = bpf_object__find_program_by_name(obj, name);
	ASSERT_NE(NULL, prog);
	ASSERT_EQ(BPF_PROG_TYPE_LANDLOCK, bpf_program__type(prog));
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	ASSERT_EQ(0, bpf_object__load(obj));
	fd = dup(bpf_program__fd(prog));
	ASSERT_LE(0, fd);
	if (map_fd) {
		struct bpf_map *const map =
			bpf_object__find_map_by_name(obj, "grants");

		ASSERT_NE(NULL, map);
		*map_fd = dup(bpf_map__fd(map));
		ASSERT_LE(0, *map_fd);
	}
	bpf_object__close(obj);
	return fd;
}

static int load_rule(struct __test_metadata *const _metadata,
		     const char *const name)
{
	return load_rule_map(_metadata, name, NULL);
}

/* The motivating case: no writes to files, but writes to FIFOs. */
TEST_F(fs, fifo_only_writes)
{
	int reader, writer;

	enforce(_metadata, load_rule(_metadata, "fifo_only_writes"));

	EXPECT_EQ(-EACCES, open_close("f", O_WRONLY));
	EXPECT_EQ(-EACCES, open_close("f", O_RDWR));
	EXPECT_EQ(0, open_close("f", O_RDONLY));

	reader = open("fifo", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, reader);
	writer = open("fifo", O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, writer);
	EXPECT_EQ(5, write(writer, "fifo\n", 5));
	EXPECT_EQ(0, close(writer));
	EXPECT_EQ(0, close(reader));
	/* Creating files is another right: still allowed. */
	EXPECT_EQ(0, ret(mknod("new", S_IFREG | 0600, 0)));
}

/* Only append-mode writes to regular files, also after fcntl(F_SETFL). */
TEST_F(fs, append_only_writes)
{
	int fd, flags;

	enforce(_metadata, load_rule(_metadata, "append_only_writes"));

	EXPECT_EQ(-EACCES, open_close("app", O_WRONLY));
	fd = open("app", O_WRONLY | O_APPEND | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "more\n", 5));

	/* Clearing O_APPEND asks for WRITE_FILE again, without it. */
	flags = fcntl(fd, F_GETFL);
	ASSERT_NE(-1, flags);
	EXPECT_EQ(-1, fcntl(fd, F_SETFL, flags & ~O_APPEND));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(O_APPEND, fcntl(fd, F_GETFL) & O_APPEND);
	/* Other flags can still change. */
	EXPECT_EQ(0, fcntl(fd, F_SETFL, flags | O_NONBLOCK));
	EXPECT_EQ(0, close(fd));
}

/* Only files owned by uid 1000 may be written. */
TEST_F(fs, owner_only_writes)
{
	enforce(_metadata, load_rule(_metadata, "owner_only_writes"));

	EXPECT_EQ(0, open_close("owned", O_WRONLY));
	EXPECT_EQ(-EACCES, open_close("f", O_WRONLY));
	/* Ownership changes are not checked, but the rule sees them. */
	ASSERT_EQ(0, chown("f", UNPRIV_UID, UNPRIV_GID));
	EXPECT_EQ(0, open_close("f", O_WRONLY));
}

/*
 * Run @fn in a child in a new user namespace where uid/gid 0 map to 1000
 * outside and 1000 to 0, so the ownership of "f" (root) and "owned" (1000)
 * swaps from the child's point of view; the parent writes the maps.  The
 * child enforces @prog_fd (loaded by the parent: loading needs CAP_BPF in the
 * initial user namespace) before creating its namespace if @enforce_before,
 * else from inside it.
 */
static void in_swapped_userns(struct __test_metadata *const _metadata,
			      const int prog_fd, const bool enforce_before,
			      void (*fn)(struct __test_metadata *))
{
	static const char map[] = "0 1000 1\n1000 0 1\n";
	int to_child[2], to_parent[2], status, fd;
	const char *const files[] = { "uid_map", "gid_map" };
	char path[64], c;
	pid_t child;
	size_t i;

	ASSERT_EQ(0, pipe2(to_child, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(to_parent, O_CLOEXEC));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		if (enforce_before)
			enforce(_metadata, prog_fd);
		ASSERT_EQ(0, unshare(CLONE_NEWUSER));
		ASSERT_EQ(1, write(to_parent[1], ".", 1));
		ASSERT_EQ(1, read(to_child[0], &c, 1));
		if (!enforce_before)
			enforce(_metadata, prog_fd);
		fn(_metadata);
		_exit(_metadata->exit_code);
	}
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", child, files[i]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		ASSERT_LE(0, fd);
		ASSERT_EQ(sizeof(map) - 1, write(fd, map, sizeof(map) - 1));
		ASSERT_EQ(0, close(fd));
	}
	ASSERT_EQ(1, write(to_child[1], ".", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, close(prog_fd));
}

static void owner_rule_seen_from_userns(struct __test_metadata *_metadata)
{
	/* Here "f" belongs to 1000 and "owned" to 0. */
	EXPECT_EQ(0, open_close("f", O_WRONLY));
	EXPECT_EQ(-EACCES, open_close("owned", O_WRONLY));
}

static void owner_rule_seen_from_init_ns(struct __test_metadata *_metadata)
{
	/* The rule was enforced outside: it still sees the outer owners. */
	EXPECT_EQ(-EACCES, open_close("f", O_WRONLY));
	EXPECT_EQ(0, open_close("owned", O_WRONLY));
}

/* Owners are seen from the user namespace the program was enforced from. */
TEST_F(fs, owner_in_user_namespace)
{
	in_swapped_userns(_metadata, load_rule(_metadata, "owner_only_writes"),
			  false, owner_rule_seen_from_userns);
}

/* A confined process cannot change what its rules see with a new userns. */
TEST_F(fs, owner_after_new_user_namespace)
{
	in_swapped_userns(_metadata, load_rule(_metadata, "owner_only_writes"),
			  true, owner_rule_seen_from_init_ns);
}

/* One ioctl request denied on a terminal, the others allowed. */
TEST_F(fs, no_tiocsti)
{
	int ptmx, pts_num;
	char c = 'x';

	/* Opened before enforcement: ioctls are still checked. */
	ptmx = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, ptmx);
	enforce(_metadata, load_rule(_metadata, "no_tiocsti"));

	EXPECT_EQ(0, ioctl(ptmx, TIOCGPTN, &pts_num));
	EXPECT_EQ(-1, ioctl(ptmx, TIOCSTI, &c));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(0, close(ptmx));
}

/* The same right, denied for one file type only. */
TEST_F(fs, deny_by_type)
{
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE,
					  S_IFCHR));

	EXPECT_EQ(-EACCES, open_close("/dev/null", O_RDONLY));
	EXPECT_EQ(0, open_close("/dev/null", O_WRONLY));
	EXPECT_EQ(0, open_close("f", O_RDONLY));
}

/* Descriptors opened before enforcement keep their access. */
TEST_F(fs, fd_opened_before)
{
	const int rfd = open("f", O_RDONLY | O_CLOEXEC);
	const int wfd = open("t3", O_WRONLY | O_CLOEXEC);
	char buf[5], proc[64];

	ASSERT_LE(0, rfd);
	ASSERT_LE(0, wfd);
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0));
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE, 0));
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_TRUNCATE, 0));

	EXPECT_EQ(-EACCES, open_close("f", O_RDONLY));
	EXPECT_EQ(5, read(rfd, buf, sizeof(buf)));
	EXPECT_EQ(5, write(wfd, "data\n", 5));
	EXPECT_EQ(0, ftruncate(wfd, 0));
	/* Reopening through /proc is an open like any other. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", rfd);
	EXPECT_EQ(-EACCES, open_close(proc, O_RDONLY));
	EXPECT_EQ(0, close(rfd));
	EXPECT_EQ(0, close(wfd));
}

/* O_PATH opens run no check. */
TEST_F(fs, o_path)
{
	int fd;

	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_FILE, 0));
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_DIR, 0));
	fd = open("f", O_PATH | O_CLOEXEC);
	EXPECT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	fd = open("d", O_PATH | O_CLOEXEC);
	EXPECT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-EACCES, open_close("f", O_RDONLY));
}

/* O_TRUNC on a read-only open still needs TRUNCATE. */
TEST_F(fs, rdonly_trunc)
{
	struct stat st;

	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_TRUNCATE, 0));
	EXPECT_EQ(-EACCES, open_close("f", O_RDONLY | O_TRUNC));
	ASSERT_EQ(0, stat("f", &st));
	EXPECT_EQ(5, st.st_size);
}

/* A file that O_CREAT made stays even when a later check denies. */
TEST_F(fs, creat_then_denied)
{
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE, 0));
	EXPECT_EQ(-EACCES, open_close("created", O_CREAT | O_WRONLY));
	EXPECT_EQ(0, access("created", F_OK));
}

/* A task with a chain cannot change the mount tree. */
TEST_F(fs, mount_denied)
{
	mkdir("mnt", 0700);
	ASSERT_EQ(0, mount("tmp", "mnt", "tmpfs", 0, NULL));
	enforce(_metadata, load_allow_all_prog());

	EXPECT_EQ(-1, mount("tmp", "d", "tmpfs", 0, NULL));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, mount(NULL, "mnt", NULL, MS_REMOUNT | MS_RDONLY, NULL));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, mount("d", "d2", NULL, MS_BIND, NULL));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, mount(NULL, "mnt", NULL, MS_PRIVATE, NULL));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, mount("mnt", "d", NULL, MS_MOVE, NULL));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, umount("mnt"));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, syscall(__NR_pivot_root, "mnt", "mnt"));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, syscall(__NR_move_mount, AT_FDCWD, "mnt", AT_FDCWD, "d",
			      MOVE_MOUNT_F_SYMLINKS));
	EXPECT_EQ(EPERM, errno);
}

/* inotify watches need READ_DIR (directories) or READ_FILE (files). */
TEST_F(fs, inotify)
{
	const int in = inotify_init1(IN_CLOEXEC);

	ASSERT_LE(0, in);
	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_READ_DIR, 0));
	EXPECT_EQ(-1, inotify_add_watch(in, "d", IN_MODIFY));
	EXPECT_EQ(EACCES, errno);
	EXPECT_LE(0, inotify_add_watch(in, "f", IN_MODIFY));
	EXPECT_EQ(0, close(in));
}

/* Children and executed programs keep the chain. */
TEST_F(fs, inherited)
{
	int status;
	pid_t pid;

	enforce(_metadata, load_deny_prog(LANDLOCK_ACCESS_FS_WRITE_FILE, 0));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char *const argv[] = { "open_helper", TMP_DIR "/f", "w", NULL };

		execve(bin_path("open_helper"), argv, NULL);
		_exit(255);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EACCES, WEXITSTATUS(status));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char *const argv[] = { "open_helper", TMP_DIR "/f", NULL };

		execve(bin_path("open_helper"), argv, NULL);
		_exit(255);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

#define ALL_ACCESS ((1ULL << 16) - 1)
#define RO_ACCESS (ACCESS(READ_FILE) | ACCESS(READ_DIR) | ACCESS(EXECUTE))

/* Reads beneath "d", everything beneath "d2"; nothing elsewhere. */
TEST_F(fs, allowlist)
{
	int map_fd;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	grant(_metadata, map_fd, "d", RO_ACCESS);
	grant(_metadata, map_fd, "d2", ALL_ACCESS);
	ASSERT_EQ(0, link("f", "d2/hl"));
	ASSERT_EQ(0, symlink("../f", "d2/sl"));
	enforce(_metadata, prog_fd);

	EXPECT_EQ(0, open_close("d/mv", O_RDONLY));
	EXPECT_EQ(0, open_close("d", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(-EACCES, open_close("d/mv", O_WRONLY));
	EXPECT_EQ(-EACCES, ret(mknod("d/new", S_IFREG | 0600, 0)));
	EXPECT_EQ(0, open_close("d2/xb", O_RDWR));
	EXPECT_EQ(0, ret(mknod("d2/new", S_IFREG | 0600, 0)));
	EXPECT_EQ(0, ret(unlink("d2/new")));
	/* Siblings and parents. */
	EXPECT_EQ(-EACCES, open_close("f", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close(".", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(-EACCES, open_close("rmd", O_RDONLY | O_DIRECTORY));
	/* ".." and symbolic links resolve to the outside file. */
	EXPECT_EQ(-EACCES, open_close("d/../f", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close("d2/sl", O_RDONLY));
	/* A hard link has the rights of the place it is reached from. */
	EXPECT_EQ(0, open_close("d2/hl", O_RDWR));
	EXPECT_EQ(-EACCES, open_close("f", O_WRONLY));
}

/* The safe REFER recipe: a move may not gain rights. */
TEST_F(fs, allowlist_refer)
{
	int map_fd;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	ASSERT_EQ(0, mkdir("d3", 0700));
	create_file(_metadata, "d3/r1");
	create_file(_metadata, "d3/r2");
	create_file(_metadata, "d2/lk");
	grant(_metadata, map_fd, "d2", ALL_ACCESS);
	grant(_metadata, map_fd, "d3", ALL_ACCESS & ~ACCESS(WRITE_FILE));
	enforce(_metadata, prog_fd);

	/* To fewer rights: fine. */
	EXPECT_EQ(0, ret(rename("d2/xb", "d3/xb")));
	/* To more rights (WRITE_FILE): EXDEV, so mv copies instead. */
	EXPECT_EQ(-EXDEV, ret(rename("d3/r1", "d2/r1")));
	EXPECT_EQ(-EXDEV, ret(link("d3/r2", "d2/r2")));
	EXPECT_EQ(0, ret(link("d2/lk", "d3/lk")));
	/* Within one directory there is no REFER check. */
	EXPECT_EQ(0, ret(rename("d3/r1", "d3/r3")));
	/* A denied MAKE_* still says EACCES. */
	EXPECT_EQ(-EACCES, ret(rename("d3/r2", "d/r2")));
}

/* A bind mount of an allowed directory is allowed through either path. */
TEST_F(fs, allowlist_bind_mount)
{
	int map_fd;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	ASSERT_EQ(0, mkdir("bm", 0700));
	ASSERT_EQ(0, mount("d2", "bm", NULL, MS_BIND, NULL));
	grant(_metadata, map_fd, "d2", ALL_ACCESS);
	enforce(_metadata, prog_fd);

	EXPECT_EQ(0, open_close("d2/xb", O_RDWR));
	EXPECT_EQ(0, open_close("bm/xb", O_RDWR));
	EXPECT_EQ(-EACCES, open_close("bm/../f", O_RDONLY));
}

/* Entries on a mount point's covered directory do not reach the mount. */
TEST_F(fs, allowlist_mount_point)
{
	int map_fd, covered;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	ASSERT_EQ(0, mkdir("mp", 0700));
	covered = open("mp", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, covered);
	ASSERT_EQ(0, mount("tmp", "mp", "tmpfs", 0, NULL));
	ASSERT_EQ(0, mkdir("mp/sub", 0700));
	create_file(_metadata, "mp/file");
	create_file(_metadata, "mp/sub/file");
	ASSERT_EQ(0, map_update(map_fd, covered, ACCESS(READ_FILE), BPF_ANY));
	/* "mp" now resolves to the root of the new mount. */
	grant(_metadata, map_fd, "mp", ACCESS(READ_DIR));
	grant(_metadata, map_fd, "mp/sub", ACCESS(WRITE_FILE));
	enforce(_metadata, prog_fd);

	EXPECT_EQ(-EACCES, open_close("mp/file", O_RDONLY));
	EXPECT_EQ(0, open_close("mp/sub", O_RDONLY | O_DIRECTORY));
	EXPECT_EQ(0, open_close("mp/sub/file", O_WRONLY));
	EXPECT_EQ(-EACCES, open_close("mp/sub/file", O_RDONLY));
	EXPECT_EQ(0, close(covered));
}

/* A rule on "/"; chroot does not change what the rules see. */
TEST_F(fs, allowlist_root_and_chroot)
{
	int map_fd;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	grant(_metadata, map_fd, "/", ACCESS(READ_FILE) | ACCESS(READ_DIR));
	grant(_metadata, map_fd, "d2", ALL_ACCESS);
	enforce(_metadata, prog_fd);

	EXPECT_EQ(0, open_close("f", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close("f", O_WRONLY));
	ASSERT_EQ(0, chroot("d"));
	ASSERT_EQ(0, chdir("/"));
	EXPECT_EQ(0, open_close("/mv", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close("/mv", O_WRONLY));
}

/* overlayfs: the merged view and its layers are distinct objects. */
TEST_F(fs, allowlist_overlayfs)
{
	int map_fd;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	ASSERT_EQ(0, mkdir("lower", 0755));
	ASSERT_EQ(0, mkdir("upper", 0755));
	ASSERT_EQ(0, mkdir("work", 0755));
	ASSERT_EQ(0, mkdir("merged", 0755));
	create_file(_metadata, "lower/lf");
	create_file(_metadata, "upper/uf");
	ASSERT_EQ(0, mount("overlay", TMP_DIR "/merged", "overlay", 0,
			   "lowerdir=" TMP_DIR "/lower,upperdir=" TMP_DIR
			   "/upper,workdir=" TMP_DIR "/work"));
	grant(_metadata, map_fd, "merged", ACCESS(READ_FILE));
	enforce(_metadata, prog_fd);

	EXPECT_EQ(0, open_close("merged/lf", O_RDONLY));
	EXPECT_EQ(0, open_close("merged/uf", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close("lower/lf", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close("upper/uf", O_RDONLY));
	EXPECT_EQ(-EACCES, open_close("merged/lf", O_WRONLY));
}

/* Reopening through /proc/self/fd is checked like any open. */
TEST_F(fs, allowlist_proc_reopen)
{
	int map_fd, inside, outside;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);
	char proc[64];

	grant(_metadata, map_fd, "d2", ACCESS(READ_FILE));
	inside = open("d2/xb", O_PATH | O_CLOEXEC);
	outside = open("f", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, inside);
	ASSERT_LE(0, outside);
	enforce(_metadata, prog_fd);

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", inside);
	EXPECT_EQ(0, open_close(proc, O_RDONLY));
	EXPECT_EQ(-EACCES, open_close(proc, O_WRONLY));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", outside);
	EXPECT_EQ(-EACCES, open_close(proc, O_RDONLY));
}

struct stress {
	bool stop;
	int wrong;
};

static bool stopped(struct stress *const st)
{
	return __atomic_load_n(&st->stop, __ATOMIC_RELAXED);
}

static void *renamer(void *const arg)
{
	struct stress *const st = arg;

	while (!stopped(st)) {
		if (rename("d2/a", "d2/sub/a") && errno != ENOENT)
			__atomic_add_fetch(&st->wrong, 1, __ATOMIC_RELAXED);
		if (rename("d2/sub/a", "d2/a") && errno != ENOENT)
			__atomic_add_fetch(&st->wrong, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *opener(void *const arg)
{
	struct stress *const st = arg;

	while (!stopped(st)) {
		int err = open_close("d2/a/b/file", O_RDWR);

		if (err == -ENOENT)
			err = open_close("d2/sub/a/b/file", O_RDWR);
		/* Found or not, never denied inside; always denied outside. */
		if (err == -EACCES || open_close("f", O_RDONLY) != -EACCES)
			__atomic_add_fetch(&st->wrong, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Directories move up and down while other threads open beneath them. */
TEST_F_TIMEOUT(fs, allowlist_rename_stress, 120)
{
	struct stress st = {};
	pthread_t threads[4];
	int map_fd, i;
	const int prog_fd = load_rule_map(_metadata, "allowlist", &map_fd);

	ASSERT_EQ(0, mkdir("d2/sub", 0700));
	ASSERT_EQ(0, mkdir("d2/a", 0700));
	ASSERT_EQ(0, mkdir("d2/a/b", 0700));
	create_file(_metadata, "d2/a/b/file");
	grant(_metadata, map_fd, "d2", ALL_ACCESS);
	enforce(_metadata, prog_fd);

	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&threads[i], NULL,
					    i % 2 ? opener : renamer, &st));
	sleep(5);
	__atomic_store_n(&st.stop, true, __ATOMIC_RELAXED);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_join(threads[i], NULL));
	EXPECT_EQ(0, st.wrong);
}

static void copy_file(struct __test_metadata *const _metadata,
		      const char *const from, const char *const to)
{
	char buf[4096];
	const int in = open(from, O_RDONLY | O_CLOEXEC);
	const int out = open(to, O_CREAT | O_WRONLY | O_CLOEXEC, 0755);
	ssize_t n;

	ASSERT_LE(0, in);
	ASSERT_LE(0, out);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ASSERT_EQ(n, write(out, buf, n));
	ASSERT_EQ(0, n);
	ASSERT_EQ(0, close(in));
	ASSERT_EQ(0, close(out));
}

static int exec_errno(const char *const path)
{
	int status;
	const pid_t pid = fork();

	if (pid == 0) {
		char *const argv[] = { "true", NULL };

		execve(path, argv, NULL);
		_exit(errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* bpf_landlock_fs_lookup(): only the object's own entry counts. */
TEST_F(fs, exec_tagged)
{
	int map_fd;
	const int prog_fd = load_rule_map(_metadata, "exec_tagged", &map_fd);

	copy_file(_metadata, bin_path("true"), "d2/tagged");
	copy_file(_metadata, bin_path("true"), "d2/untagged");
	grant(_metadata, map_fd, "d2/tagged", 1);
	/* A tag on the directory does not count. */
	grant(_metadata, map_fd, "d2", 1);
	enforce(_metadata, prog_fd);

	EXPECT_EQ(0, exec_errno(TMP_DIR "/d2/tagged"));
	EXPECT_EQ(EACCES, exec_errno(TMP_DIR "/d2/untagged"));
}

TEST_HARNESS_MAIN
