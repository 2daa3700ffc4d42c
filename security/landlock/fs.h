/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Filesystem hooks
 */

#ifndef _SECURITY_LANDLOCK_FS_H
#define _SECURITY_LANDLOCK_FS_H

#include <linux/fs.h>
#include <linux/init.h>

#include "setup.h"

struct landlock_chain;
struct pid;

/**
 * struct landlock_file_security - Landlock's part of an open file
 */
struct landlock_file_security {
	/**
	 * @truncate_denied: The TRUNCATE check made when the file was opened
	 * denied it: ftruncate(2) and O_TRUNC fail on this file.  Files opened
	 * before their opener was confined keep false.
	 */
	bool truncate_denied;
	/**
	 * @fown_chain: The chain of the task that last set the file's owner
	 * for SIGIO with fcntl(F_SETOWN) (one reference), or NULL: the signals
	 * that owner gets are judged with it (see ipc.c).
	 */
	struct landlock_chain *fown_chain;
	/**
	 * @fown_tgid: The thread group of that task (one reference), or
	 * NULL: signals to it are not checked.
	 */
	struct pid *fown_tgid;
};

static inline struct landlock_file_security *
landlock_file(const struct file *const file)
{
	return file->f_security + landlock_blob_sizes.lbs_file;
}

void __init landlock_add_fs_hooks(void);

#endif /* _SECURITY_LANDLOCK_FS_H */
