// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Filesystem hooks: which checks each operation runs
 *
 * Each hook describes its request once (struct landlock_request: the
 * object, the rights it needs, open flags, ioctl request, the other
 * directory of a link or a rename) and hands it to
 * landlock_check_request(), which returns at once for a task without
 * rules.  The object of a check is a path: the file itself, or for the
 * MAKE_*, REMOVE_* and REFER rights, the parent directory whose entries
 * change.
 */

#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/path.h>
#include <linux/stat.h>
#include <uapi/linux/landlock.h>

#ifdef CONFIG_IO_URING
#include <linux/io_uring/cmd.h>
#endif

#include "check.h"
#include "cred.h"
#include "fs.h"
#include "setup.h"

/* Flags fcntl(F_SETFL) may change (fs/fcntl.c). */
#define LANDLOCK_SETFL_MASK (O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | \
			     O_NOATIME)

/* The MAKE_* right for creating an inode of @mode's type. */
static u64 make_access(const umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFLNK:
		return LANDLOCK_ACCESS_FS_MAKE_SYM;
	case S_IFDIR:
		return LANDLOCK_ACCESS_FS_MAKE_DIR;
	case S_IFCHR:
		return LANDLOCK_ACCESS_FS_MAKE_CHAR;
	case S_IFBLK:
		return LANDLOCK_ACCESS_FS_MAKE_BLOCK;
	case S_IFIFO:
		return LANDLOCK_ACCESS_FS_MAKE_FIFO;
	case S_IFSOCK:
		return LANDLOCK_ACCESS_FS_MAKE_SOCK;
	default:
		/* mknod(2) treats a zero type as a regular file. */
		return LANDLOCK_ACCESS_FS_MAKE_REG;
	}
}

/* The REMOVE_* right for removing @dentry from its directory. */
static u64 remove_access(const struct dentry *const dentry)
{
	return d_is_dir(dentry) ? LANDLOCK_ACCESS_FS_REMOVE_DIR :
				  LANDLOCK_ACCESS_FS_REMOVE_FILE;
}

/*
 * The rights an open asks for, from the file's mode and the open's
 * f_mode and f_flags; *@truncate gets TRUNCATE if the open decides it for
 * O_TRUNC and ftruncate(2) (see hook_file_truncate()).
 */
static u64 open_access(const umode_t mode, const fmode_t f_mode,
		       const unsigned int f_flags, u64 *const truncate)
{
	/*
	 * Access mode 3 (O_ACCMODE) gives neither FMODE_READ nor FMODE_WRITE
	 * but asks DAC for both, and still runs the driver's open: check both.
	 */
	const bool acc_mode_3 = (f_flags & O_ACCMODE) == O_ACCMODE;
	u64 access = 0;

	*truncate = 0;
	if (f_flags & __FMODE_EXEC)
		return LANDLOCK_ACCESS_FS_READ_FILE |
		       LANDLOCK_ACCESS_FS_EXECUTE;
	if (S_ISDIR(mode))
		return (f_mode & FMODE_READ) ? LANDLOCK_ACCESS_FS_READ_DIR : 0;
	if ((f_mode & FMODE_READ) || acc_mode_3)
		access |= LANDLOCK_ACCESS_FS_READ_FILE;
	if ((f_mode & FMODE_WRITE) || acc_mode_3)
		access |= LANDLOCK_ACCESS_FS_WRITE_FILE;
	/* O_TRUNC also truncates a file opened read-only. */
	if (S_ISREG(mode) && ((f_mode & FMODE_WRITE) || (f_flags & O_TRUNC)))
		*truncate = LANDLOCK_ACCESS_FS_TRUNCATE;
	return access;
}

/* Open, execve (and its interpreters), reopening through /proc. */
static int hook_file_open(struct file *const file)
{
	struct landlock_request req = {
		.path = &file->f_path,
		.open_flags = file->f_flags & VALID_OPEN_FLAGS,
	};
	int err;

	req.access = open_access(file_inode(file)->i_mode, file->f_mode,
				 file->f_flags, &req.optional);
	/* O_TMPFILE creates a regular file in its parent directory. */
	if (file->f_flags & __O_TMPFILE) {
		req.peer_child = file->f_path.dentry;
		req.peer_access = LANDLOCK_ACCESS_FS_MAKE_REG;
	}
	if (!req.access && !req.optional && !req.peer_access)
		return 0;
	err = landlock_check_request(&req);
	if (!err && (req.denied & LANDLOCK_ACCESS_FS_TRUNCATE))
		landlock_file(file)->truncate_denied = true;
	return err;
}

/* O_TRUNC and ftruncate(2): what the open decided. */
static int hook_file_truncate(struct file *const file)
{
	return landlock_file(file)->truncate_denied ? -EACCES : 0;
}

/* truncate(2) */
static int hook_path_truncate(const struct path *const path)
{
	return landlock_check_request(&(struct landlock_request){
		.path = path,
		.access = LANDLOCK_ACCESS_FS_TRUNCATE,
	});
}

/* Devices only; every call, whenever the file was opened. */
static int check_ioctl(struct file *const file, const unsigned int cmd)
{
	const umode_t mode = file_inode(file)->i_mode;

	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return 0;
	return landlock_check_request(&(struct landlock_request){
		.path = &file->f_path,
		.access = LANDLOCK_ACCESS_FS_IOCTL_DEV,
		.ioctl_cmd = cmd,
	});
}

static int hook_file_ioctl(struct file *const file, const unsigned int cmd,
			   const unsigned long arg)
{
	return check_ioctl(file, cmd);
}

static int hook_file_ioctl_compat(struct file *const file,
				  const unsigned int cmd,
				  const unsigned long arg)
{
	return check_ioctl(file, cmd);
}

#ifdef CONFIG_IO_URING
static int hook_uring_cmd(struct io_uring_cmd *const ioucmd)
{
	return check_ioctl(ioucmd->file, ioucmd->cmd_op);
}
#endif

/* fcntl(F_SETFL) clearing O_APPEND asks for writing again. */
static int hook_file_fcntl(struct file *const file, const unsigned int cmd,
			   const unsigned long arg)
{
	if (cmd != F_SETFL || !(file->f_mode & FMODE_WRITE) ||
	    !(file->f_flags & O_APPEND) || (arg & O_APPEND))
		return 0;
	return landlock_check_request(&(struct landlock_request){
		.path = &file->f_path,
		.access = LANDLOCK_ACCESS_FS_WRITE_FILE,
		.open_flags = ((arg & LANDLOCK_SETFL_MASK) |
			       (file->f_flags & ~LANDLOCK_SETFL_MASK)) &
			      VALID_OPEN_FLAGS,
	});
}

/* inotify, fanotify and dnotify watches. */
static int hook_path_notify(const struct path *const path, const u64 mask,
			    const unsigned int obj_type)
{
	return landlock_check_request(&(struct landlock_request){
		.path = path,
		.access = d_is_dir(path->dentry) ? LANDLOCK_ACCESS_FS_READ_DIR :
						   LANDLOCK_ACCESS_FS_READ_FILE,
	});
}

static int hook_path_mknod(const struct path *const dir,
			   struct dentry *const dentry, const umode_t mode,
			   const unsigned int dev)
{
	return landlock_check_request(&(struct landlock_request){
		.path = dir,
		.access = make_access(mode),
	});
}

static int hook_path_mkdir(const struct path *const dir,
			   struct dentry *const dentry, const umode_t mode)
{
	return landlock_check_request(&(struct landlock_request){
		.path = dir,
		.access = LANDLOCK_ACCESS_FS_MAKE_DIR,
	});
}

static int hook_path_symlink(const struct path *const dir,
			     struct dentry *const dentry,
			     const char *const old_name)
{
	return landlock_check_request(&(struct landlock_request){
		.path = dir,
		.access = LANDLOCK_ACCESS_FS_MAKE_SYM,
	});
}

static int hook_path_unlink(const struct path *const dir,
			    struct dentry *const dentry)
{
	return landlock_check_request(&(struct landlock_request){
		.path = dir,
		.access = LANDLOCK_ACCESS_FS_REMOVE_FILE,
	});
}

static int hook_path_rmdir(const struct path *const dir,
			   struct dentry *const dentry)
{
	return landlock_check_request(&(struct landlock_request){
		.path = dir,
		.access = LANDLOCK_ACCESS_FS_REMOVE_DIR,
	});
}

/* A hard link: MAKE_* in the new directory, REFER from the old one. */
static int hook_path_link(struct dentry *const old_dentry,
			  const struct path *const new_dir,
			  struct dentry *const new_dentry)
{
	return landlock_check_request(&(struct landlock_request){
		.path = new_dir,
		.access = make_access(d_backing_inode(old_dentry)->i_mode),
		/* Hard links stay within one mount. */
		.peer_child = old_dentry,
		.refer = LANDLOCK_REFER_TO_PATH,
	});
}

/*
 * REMOVE_* of what leaves each directory, MAKE_* of what arrives (and of a
 * whiteout, a character device), then REFER for what crosses directories.
 */
static int hook_path_rename(const struct path *const old_dir,
			    struct dentry *const old_dentry,
			    const struct path *const new_dir,
			    struct dentry *const new_dentry,
			    const unsigned int flags)
{
	const bool exchange = flags & RENAME_EXCHANGE;
	struct landlock_request req = {
		.path = new_dir,
		.access = make_access(d_backing_inode(old_dentry)->i_mode),
		.peer = old_dir,
		.peer_access = remove_access(old_dentry),
		.refer = LANDLOCK_REFER_TO_PATH,
	};

	/* The replaced entry, or for an exchange the one moving back. */
	if (exchange || d_is_positive(new_dentry))
		req.access |= remove_access(new_dentry);
	if (exchange) {
		req.peer_access |= make_access(d_backing_inode(new_dentry)->i_mode);
		req.refer |= LANDLOCK_REFER_TO_PEER;
	}
	if (flags & RENAME_WHITEOUT)
		req.peer_access |= LANDLOCK_ACCESS_FS_MAKE_CHAR;
	return landlock_check_request(&req);
}

/* A task with a chain cannot change the mount tree. */
#ifdef CONFIG_SECURITY_NETWORK
/*
 * A connect(2), or a datagram sent with an address, to a pathname unix
 * socket: checked on the socket file, as the caller resolved it.
 */
static int hook_unix_resolve(const struct path *const path, const int type)
{
	struct landlock_request req = {
		.path = path,
		.access = LANDLOCK_ACCESS_FS_RESOLVE_UNIX,
		.sock_type = type,
	};

	return landlock_check_request(&req);
}
#endif /* CONFIG_SECURITY_NETWORK */

static int deny_if_confined(void)
{
	return landlock_current_chain() ? -EPERM : 0;
}

static int hook_sb_mount(const char *const dev_name,
			 const struct path *const path, const char *const type,
			 const unsigned long flags, void *const data)
{
	return deny_if_confined();
}

static int hook_move_mount(const struct path *const from_path,
			   const struct path *const to_path)
{
	return deny_if_confined();
}

static int hook_sb_umount(struct vfsmount *const mnt, const int flags)
{
	return deny_if_confined();
}

static int hook_sb_remount(struct super_block *const sb, void *const opts)
{
	return deny_if_confined();
}

static int hook_sb_pivotroot(const struct path *const old_path,
			     const struct path *const new_path)
{
	return deny_if_confined();
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_open, hook_file_open),
	LSM_HOOK_INIT(file_truncate, hook_file_truncate),
	LSM_HOOK_INIT(file_ioctl, hook_file_ioctl),
	LSM_HOOK_INIT(file_ioctl_compat, hook_file_ioctl_compat),
	LSM_HOOK_INIT(file_fcntl, hook_file_fcntl),
#ifdef CONFIG_IO_URING
	LSM_HOOK_INIT(uring_cmd, hook_uring_cmd),
#endif
	LSM_HOOK_INIT(path_truncate, hook_path_truncate),
	LSM_HOOK_INIT(path_notify, hook_path_notify),
	LSM_HOOK_INIT(path_mknod, hook_path_mknod),
	LSM_HOOK_INIT(path_mkdir, hook_path_mkdir),
	LSM_HOOK_INIT(path_symlink, hook_path_symlink),
	LSM_HOOK_INIT(path_unlink, hook_path_unlink),
	LSM_HOOK_INIT(path_rmdir, hook_path_rmdir),
	LSM_HOOK_INIT(path_link, hook_path_link),
	LSM_HOOK_INIT(path_rename, hook_path_rename),
#ifdef CONFIG_SECURITY_NETWORK
	LSM_HOOK_INIT(unix_resolve, hook_unix_resolve),
#endif
	LSM_HOOK_INIT(sb_mount, hook_sb_mount),
	LSM_HOOK_INIT(move_mount, hook_move_mount),
	LSM_HOOK_INIT(sb_umount, hook_sb_umount),
	LSM_HOOK_INIT(sb_remount, hook_sb_remount),
	LSM_HOOK_INIT(sb_pivotroot, hook_sb_pivotroot),
};

/**
 * landlock_add_fs_hooks - Register the filesystem hooks
 */
__init void landlock_add_fs_hooks(void)
{
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}

#ifdef CONFIG_SECURITY_LANDLOCK_KUNIT_TEST

#include <kunit/test.h>

#define READ_WRITE (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE)

static void test_open_access(struct kunit *const test)
{
	u64 truncate;

	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_READ_FILE,
			open_access(S_IFREG, FMODE_READ, O_RDONLY, &truncate));
	KUNIT_EXPECT_EQ(test, 0, truncate);
	/* O_TRUNC truncates a file opened read-only too. */
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_READ_FILE,
			open_access(S_IFREG, FMODE_READ, O_TRUNC, &truncate));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_TRUNCATE, truncate);
	KUNIT_EXPECT_EQ(test, READ_WRITE,
			open_access(S_IFREG, FMODE_READ | FMODE_WRITE,
				    O_RDWR | O_TRUNC, &truncate));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_TRUNCATE, truncate);
	/* Access mode 3 asks for both, with neither FMODE_READ nor _WRITE. */
	KUNIT_EXPECT_EQ(test, READ_WRITE,
			open_access(S_IFCHR, 0, O_ACCMODE, &truncate));
	KUNIT_EXPECT_EQ(test, 0, truncate);
	/* Devices and pipes are not truncated. */
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_WRITE_FILE,
			open_access(S_IFIFO, FMODE_WRITE, O_WRONLY | O_TRUNC,
				    &truncate));
	KUNIT_EXPECT_EQ(test, 0, truncate);
}

static void test_open_access_exec_and_dirs(struct kunit *const test)
{
	u64 truncate;

	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_READ_FILE |
				      LANDLOCK_ACCESS_FS_EXECUTE,
			open_access(S_IFREG, FMODE_READ | FMODE_EXEC,
				    O_RDONLY | __FMODE_EXEC, &truncate));
	KUNIT_EXPECT_EQ(test, 0, truncate);
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_READ_DIR,
			open_access(S_IFDIR, FMODE_READ, O_DIRECTORY,
				    &truncate));
	/* O_PATH and friends: nothing to check. */
	KUNIT_EXPECT_EQ(test, 0,
			open_access(S_IFDIR, 0, O_PATH, &truncate));
	KUNIT_EXPECT_EQ(test, 0, truncate);
}

static void test_make_access(struct kunit *const test)
{
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_REG, make_access(0));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_REG,
			make_access(S_IFREG | 0644));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_DIR,
			make_access(S_IFDIR));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_SYM,
			make_access(S_IFLNK));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_CHAR,
			make_access(S_IFCHR));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_BLOCK,
			make_access(S_IFBLK));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_FIFO,
			make_access(S_IFIFO));
	KUNIT_EXPECT_EQ(test, LANDLOCK_ACCESS_FS_MAKE_SOCK,
			make_access(S_IFSOCK));
}

static struct kunit_case test_cases[] = {
	KUNIT_CASE(test_open_access),
	KUNIT_CASE(test_open_access_exec_and_dirs),
	KUNIT_CASE(test_make_access),
	{}
};

static struct kunit_suite test_suite = {
	.name = "landlock_fs",
	.test_cases = test_cases,
};

kunit_test_suite(test_suite);

#endif /* CONFIG_SECURITY_LANDLOCK_KUNIT_TEST */
