/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Per-inode objects that inode maps are keyed on
 */

#ifndef _SECURITY_LANDLOCK_OBJECT_H
#define _SECURITY_LANDLOCK_OBJECT_H

#include <linux/fs.h>
#include <linux/init.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>

#include "setup.h"

/**
 * struct landlock_object - Identity of an inode for inode maps
 *
 * Inode map entries are keyed on this object, not on the inode pointer: the
 * object pins its inode with a reference while any entry (or running check)
 * uses it, and gives it back when the last user goes away or when the
 * inode's filesystem is shut down (security_sb_delete), whichever comes
 * first.  After that the object is dead: no inode points to it any more, so
 * no check can find its entries again, and it is freed with the last one.
 */
struct landlock_object {
	/** @usage: Map entries and checks in progress using this object. */
	refcount_t usage;
	/**
	 * @inode: The pinned inode, or NULL once given back; whoever swaps it
	 * to NULL (xchg) puts the reference.
	 */
	struct inode *inode;
	/** @release: Gives the inode back outside atomic contexts. */
	struct work_struct release;
	/** @rcu: Frees the object after concurrent readers are done. */
	struct rcu_head rcu;
};

/**
 * struct landlock_superblock_security - Landlock's part of a superblock
 */
struct landlock_superblock_security {
	/**
	 * @inode_refs: Inodes of this superblock that objects pin, including
	 * those whose reference is being given back: security_sb_delete()
	 * waits until this is zero, so that no iput() comes after it.
	 */
	atomic_long_t inode_refs;
};

static inline struct landlock_superblock_security *
landlock_superblock(const struct super_block *const sb)
{
	return sb->s_security + landlock_blob_sizes.lbs_superblock;
}

/**
 * struct landlock_inode_security - Landlock's part of an inode
 */
struct landlock_inode_security {
	/** @object: The inode's object, if it is or was in an inode map. */
	struct landlock_object __rcu *object;
};

static inline struct landlock_inode_security *
landlock_inode(const struct inode *const inode)
{
	return inode->i_security + landlock_blob_sizes.lbs_inode;
}

bool landlock_is_internal(const struct path *path);

struct landlock_object *landlock_get_inode_object(struct inode *inode);
struct landlock_object *landlock_find_inode_object(const struct inode *inode);
void landlock_put_object(struct landlock_object *object);

int __init landlock_init_objects(void);

#endif /* _SECURITY_LANDLOCK_OBJECT_H */
