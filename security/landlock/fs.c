// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Filesystem hooks: which checks each operation runs
 *
 * Every hook starts with one test: a task without a chain returns at once.
 * Otherwise the hook describes each check (object, access right, open flags,
 * ioctl request, REFER flags) and runs the task's programs on it.  The
 * object of a check is a path: the file itself, or for the MAKE_*, REMOVE_*
 * and REFER rights, the parent directory whose entries change.
 */

#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/magic.h>
#include <linux/mnt_idmapping.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/stat.h>
#include <uapi/linux/landlock.h>

#ifdef CONFIG_IO_URING
#include <linux/io_uring/cmd.h>
#endif

#include "bpf.h"
#include "cgroup.h"
#include "chain.h"
#include "cred.h"
#include "fs.h"
#include "setup.h"

/* Flags fcntl(F_SETFL) may change (fs/fcntl.c). */
#define LANDLOCK_SETFL_MASK (O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | \
			     O_NOATIME)

/**
 * landlock_is_internal - Whether a path is on an internal mount
 *
 * @path: The path.
 *
 * Objects of internal mounts (pipes, sockets, nsfs, pidfs, anonymous inodes,
 * memfd files) and private inodes are never checked, nor put in inode maps.
 *
 * Return: True for such a path.
 */
bool landlock_is_internal(const struct path *const path)
{
	const struct inode *const inode = d_backing_inode(path->dentry);
	const struct super_block *const sb = path->dentry->d_sb;

	/*
	 * nsfs clears SB_NOUSER so that its files can be bind mounted, and
	 * such a bind mount is not internal: test the filesystem itself (an
	 * inode map entry on a namespace file could pin the namespace, and
	 * through it the map).
	 */
	return (path->mnt->mnt_flags & MNT_INTERNAL) ||
	       (sb->s_flags & SB_NOUSER) || sb->s_magic == NSFS_MAGIC ||
	       sb->s_magic == PID_FS_MAGIC || (inode && IS_PRIVATE(inode));
}

/* Run @chain on one check of @path; see struct landlock_context. */
static int check_path(const struct landlock_chain *const chain,
		      const struct path *const path, const u64 access,
		      const u32 open_flags, const u32 ioctl_cmd,
		      const u32 ctx_flags, const struct path *const peer)
{
	const struct inode *const inode = d_backing_inode(path->dentry);
	struct mnt_idmap *const idmap = mnt_idmap(path->mnt);
	struct landlock_check check = {
		.ctx = {
			.access = access,
			.mode = inode->i_mode,
			.open_flags = open_flags,
			.ioctl_cmd = ioctl_cmd,
			.flags = ctx_flags,
		},
		.path = path,
		.peer = peer,
		.uid = vfsuid_into_kuid(i_uid_into_vfsuid(idmap, inode)),
		.gid = vfsgid_into_kgid(i_gid_into_vfsgid(idmap, inode)),
	};
	/* Tasks in a cgroup with programs are checked by them too. */
	const bool cgroup = landlock_cgroup_active() &&
			    landlock_cgroup_applies();
	struct landlock_walk walk, peer_walk;
	int err;

	if (!chain && !cgroup)
		return 0;
	/* Here a task outside a cgroup with programs has a chain. */
	if (!cgroup && !chain->needs_walk)
		return landlock_run_chain(chain, &check);

	/* Walk where references can be taken; the helpers read the result. */
	err = landlock_walk_path(path, &walk);
	check.walk = &walk;
	if (!err && peer) {
		err = landlock_walk_path(peer, &peer_walk);
		check.peer_walk = &peer_walk;
	}
	if (!err && chain)
		err = landlock_run_chain(chain, &check);
	if (!err && cgroup)
		err = landlock_run_cgroup(&check);
	if (check.peer_walk)
		landlock_walk_done(&peer_walk);
	landlock_walk_done(&walk);
	return err;
}

static int check_access(const struct landlock_chain *const chain,
			const struct path *const path, const u64 access)
{
	return check_path(chain, path, access, 0, 0, 0, NULL);
}

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
 * An O_TMPFILE open creates its file in the directory it names, which
 * vfs_tmpfile() makes the parent of the new (unnamed) dentry: MAKE_REG
 * there, as for any creation.
 */
static int check_tmpfile(const struct landlock_chain *const chain,
			 struct file *const file)
{
	struct path dir = {
		.mnt = file->f_path.mnt,
		.dentry = dget_parent(file->f_path.dentry),
	};
	int err;

	err = check_access(chain, &dir, LANDLOCK_ACCESS_FS_MAKE_REG);
	dput(dir.dentry);
	return err;
}

/* Open, execve (and its interpreters), reopening through /proc. */
static int hook_file_open(struct file *const file)
{
	const struct landlock_chain *const chain = landlock_current_chain();
	const struct inode *inode;
	bool acc_mode_3;
	u32 flags;
	int err;

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	if (landlock_is_internal(&file->f_path))
		return 0;

	inode = file_inode(file);
	flags = file->f_flags & VALID_OPEN_FLAGS;
	acc_mode_3 = (file->f_flags & O_ACCMODE) == O_ACCMODE;
	if (file->f_flags & __FMODE_EXEC) {
		err = check_path(chain, &file->f_path,
				 LANDLOCK_ACCESS_FS_READ_FILE, flags, 0, 0,
				 NULL);
		if (err)
			return err;
		return check_path(chain, &file->f_path,
				  LANDLOCK_ACCESS_FS_EXECUTE, flags, 0, 0,
				  NULL);
	}
	if (S_ISDIR(inode->i_mode)) {
		if (!(file->f_mode & FMODE_READ))
			return 0;
		return check_path(chain, &file->f_path,
				  LANDLOCK_ACCESS_FS_READ_DIR, flags, 0, 0,
				  NULL);
	}
	/* O_TMPFILE creates a regular file in its parent directory. */
	if (file->f_flags & __O_TMPFILE) {
		err = check_tmpfile(chain, file);
		if (err)
			return err;
	}
	/*
	 * Access mode 3 (O_ACCMODE) gives neither FMODE_READ nor FMODE_WRITE
	 * but asks DAC for both, and still runs the driver's open: check both.
	 */
	if ((file->f_mode & FMODE_READ) || acc_mode_3) {
		err = check_path(chain, &file->f_path,
				 LANDLOCK_ACCESS_FS_READ_FILE, flags, 0, 0,
				 NULL);
		if (err)
			return err;
	}
	if ((file->f_mode & FMODE_WRITE) || acc_mode_3) {
		err = check_path(chain, &file->f_path,
				 LANDLOCK_ACCESS_FS_WRITE_FILE, flags, 0, 0,
				 NULL);
		if (err)
			return err;
	}
	/*
	 * Decide truncation now, for O_TRUNC and for ftruncate(2) on this
	 * file.  O_TRUNC also truncates a file opened read-only.
	 */
	if (S_ISREG(inode->i_mode) &&
	    ((file->f_mode & FMODE_WRITE) || (file->f_flags & O_TRUNC)))
		landlock_file(file)->truncate_denied =
			!!check_path(chain, &file->f_path,
				     LANDLOCK_ACCESS_FS_TRUNCATE, flags, 0, 0,
				     NULL);
	return 0;
}

/* O_TRUNC and ftruncate(2): what the open decided. */
static int hook_file_truncate(struct file *const file)
{
	return landlock_file(file)->truncate_denied ? -EACCES : 0;
}

/* truncate(2) */
static int hook_path_truncate(const struct path *const path)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	if (landlock_is_internal(path))
		return 0;
	return check_access(chain, path, LANDLOCK_ACCESS_FS_TRUNCATE);
}

/* Devices only; every call, whenever the file was opened. */
static int check_ioctl(struct file *const file, const unsigned int cmd)
{
	const struct landlock_chain *const chain = landlock_current_chain();
	const umode_t mode = file_inode(file)->i_mode;

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return 0;
	if (landlock_is_internal(&file->f_path))
		return 0;
	return check_path(chain, &file->f_path, LANDLOCK_ACCESS_FS_IOCTL_DEV,
			  0, cmd, 0, NULL);
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
	const struct landlock_chain *const chain = landlock_current_chain();
	u32 flags;

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	if (cmd != F_SETFL || !(file->f_mode & FMODE_WRITE) ||
	    !(file->f_flags & O_APPEND) || (arg & O_APPEND))
		return 0;
	if (landlock_is_internal(&file->f_path))
		return 0;
	flags = ((arg & LANDLOCK_SETFL_MASK) |
		 (file->f_flags & ~LANDLOCK_SETFL_MASK)) & VALID_OPEN_FLAGS;
	return check_path(chain, &file->f_path, LANDLOCK_ACCESS_FS_WRITE_FILE,
			  flags, 0, 0, NULL);
}

/* inotify, fanotify and dnotify watches. */
static int hook_path_notify(const struct path *const path, const u64 mask,
			    const unsigned int obj_type)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	if (landlock_is_internal(path))
		return 0;
	return check_access(chain, path,
			    d_is_dir(path->dentry) ?
				    LANDLOCK_ACCESS_FS_READ_DIR :
				    LANDLOCK_ACCESS_FS_READ_FILE);
}

static int hook_path_mknod(const struct path *const dir,
			   struct dentry *const dentry, const umode_t mode,
			   const unsigned int dev)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	return check_access(chain, dir, make_access(mode));
}

static int hook_path_mkdir(const struct path *const dir,
			   struct dentry *const dentry, const umode_t mode)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	return check_access(chain, dir, LANDLOCK_ACCESS_FS_MAKE_DIR);
}

static int hook_path_symlink(const struct path *const dir,
			     struct dentry *const dentry,
			     const char *const old_name)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	return check_access(chain, dir, LANDLOCK_ACCESS_FS_MAKE_SYM);
}

static int hook_path_unlink(const struct path *const dir,
			    struct dentry *const dentry)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	return check_access(chain, dir, LANDLOCK_ACCESS_FS_REMOVE_FILE);
}

static int hook_path_rmdir(const struct path *const dir,
			   struct dentry *const dentry)
{
	const struct landlock_chain *const chain = landlock_current_chain();

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	return check_access(chain, dir, LANDLOCK_ACCESS_FS_REMOVE_DIR);
}

/*
 * The two REFER checks of moving an entry from @src to @dst; run after every
 * other check of the operation, so that a denial here means EXDEV (user space
 * then copies) and a denial elsewhere EACCES.
 */
static int check_refer(const struct landlock_chain *const chain,
		       const struct path *const src,
		       const struct path *const dst)
{
	int err;

	err = check_path(chain, src, LANDLOCK_ACCESS_FS_REFER, 0, 0,
			 LANDLOCK_CTX_REFER_SOURCE, dst);
	if (!err)
		err = check_path(chain, dst, LANDLOCK_ACCESS_FS_REFER, 0, 0,
				 LANDLOCK_CTX_REFER_DEST, src);
	return err ? -EXDEV : 0;
}

static int hook_path_link(struct dentry *const old_dentry,
			  const struct path *const new_dir,
			  struct dentry *const new_dentry)
{
	const struct landlock_chain *const chain = landlock_current_chain();
	struct path old_dir;
	int err;

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;
	err = check_access(chain, new_dir,
			   make_access(d_backing_inode(old_dentry)->i_mode));
	if (err)
		return err;
	/* Hard links stay within one mount. */
	old_dir.mnt = new_dir->mnt;
	old_dir.dentry = dget_parent(old_dentry);
	if (old_dir.dentry != new_dir->dentry)
		err = check_refer(chain, &old_dir, new_dir);
	dput(old_dir.dentry);
	return err;
}

static int hook_path_rename(const struct path *const old_dir,
			    struct dentry *const old_dentry,
			    const struct path *const new_dir,
			    struct dentry *const new_dentry,
			    const unsigned int flags)
{
	const struct landlock_chain *const chain = landlock_current_chain();
	const bool exchange = flags & RENAME_EXCHANGE;
	const bool replace = d_is_positive(new_dentry);
	int err;

	if (likely(!chain) && !landlock_cgroup_active())
		return 0;

	err = check_access(chain, old_dir, remove_access(old_dentry));
	if (!err)
		err = check_access(chain, new_dir,
				   make_access(d_backing_inode(old_dentry)->i_mode));
	/* The replaced entry, or for an exchange the one moving back. */
	if (!err && (replace || exchange))
		err = check_access(chain, new_dir, remove_access(new_dentry));
	if (!err && exchange)
		err = check_access(chain, old_dir,
				   make_access(d_backing_inode(new_dentry)->i_mode));
	/* RENAME_WHITEOUT leaves a whiteout (a character device) behind. */
	if (!err && (flags & RENAME_WHITEOUT))
		err = check_access(chain, old_dir, LANDLOCK_ACCESS_FS_MAKE_CHAR);
	if (err)
		return err;

	if (old_dir->dentry == new_dir->dentry)
		return 0;
	err = check_refer(chain, old_dir, new_dir);
	if (!err && exchange)
		err = check_refer(chain, new_dir, old_dir);
	return err;
}

/* A task with a chain cannot change the mount tree. */
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
