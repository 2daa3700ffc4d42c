// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Per-inode objects that inode maps are keyed on
 *
 * Locking: an inode's blob pointer changes under inode->i_lock; the object's
 * inode pointer is taken with xchg() by exactly one of the release work and
 * the superblock teardown, which then puts the inode reference.  Readers
 * follow blob pointers under RCU and take a usage reference with
 * refcount_inc_not_zero() before using an object outside RCU.
 *
 * Unmount: every pinned inode is counted in its superblock's blob, from the
 * ihold() to just after its iput(), whoever does it.  security_sb_delete()
 * gives back the inodes it still finds pinned, then waits for that count to
 * drop to zero: a release that took its inode before (or an object that
 * was replaced in its inode's blob while dying, so that the teardown cannot
 * find it) finishes its iput() first, and only for this superblock.
 */

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>

#include "object.h"
#include "setup.h"

static struct workqueue_struct *release_wq __ro_after_init;

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

/* Give back an inode reference that an object held. */
static void put_inode(struct inode *const inode)
{
	struct landlock_superblock_security *const sbsec =
		landlock_superblock(inode->i_sb);

	iput(inode);
	/* The superblock lives until its teardown sees this reach zero. */
	if (atomic_long_dec_and_test(&sbsec->inode_refs))
		wake_up_var(&sbsec->inode_refs);
}

static void release_object(struct work_struct *const work)
{
	struct landlock_object *const object =
		container_of(work, struct landlock_object, release);
	struct inode *const inode = xchg(&object->inode, NULL);

	if (inode) {
		struct landlock_inode_security *const blob =
			landlock_inode(inode);

		spin_lock(&inode->i_lock);
		if (rcu_access_pointer(blob->object) == object)
			RCU_INIT_POINTER(blob->object, NULL);
		spin_unlock(&inode->i_lock);
		put_inode(inode);
	}
	kfree_rcu(object, rcu);
}

/**
 * landlock_get_inode_object - Get (or create) the object of an inode
 *
 * @inode: An inode the caller holds a reference to (through an open file).
 *
 * Return: The object with a new usage reference, or ERR_PTR(-ENOMEM).
 */
struct landlock_object *landlock_get_inode_object(struct inode *const inode)
{
	struct landlock_inode_security *const blob = landlock_inode(inode);
	struct landlock_object *object, *fresh;

	rcu_read_lock();
	object = rcu_dereference(blob->object);
	if (object && refcount_inc_not_zero(&object->usage)) {
		rcu_read_unlock();
		return object;
	}
	rcu_read_unlock();

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return ERR_PTR(-ENOMEM);
	refcount_set(&fresh->usage, 1);
	INIT_WORK(&fresh->release, release_object);

	spin_lock(&inode->i_lock);
	object = rcu_dereference_protected(blob->object,
					   lockdep_is_held(&inode->i_lock));
	if (object && refcount_inc_not_zero(&object->usage)) {
		spin_unlock(&inode->i_lock);
		kfree(fresh);
		return object;
	}
	/* None, or a dying one whose release will see it was replaced. */
	fresh->inode = inode;
	ihold(inode);
	atomic_long_inc(&landlock_superblock(inode->i_sb)->inode_refs);
	rcu_assign_pointer(blob->object, fresh);
	spin_unlock(&inode->i_lock);
	return fresh;
}

/**
 * landlock_find_inode_object - Get the object of an inode, if it has one
 *
 * @inode: An inode.
 *
 * Return: The object with a new usage reference, or NULL.
 */
struct landlock_object *
landlock_find_inode_object(const struct inode *const inode)
{
	struct landlock_object *object;

	rcu_read_lock();
	object = rcu_dereference(landlock_inode(inode)->object);
	if (object && !refcount_inc_not_zero(&object->usage))
		object = NULL;
	rcu_read_unlock();
	return object;
}

/**
 * landlock_put_object - Drop a usage reference to an object
 *
 * @object: The object, or NULL.
 *
 * The last reference gives the inode back from a work item, so this may be
 * called from any context.
 */
void landlock_put_object(struct landlock_object *const object)
{
	if (object && refcount_dec_and_test(&object->usage))
		queue_work(release_wq, &object->release);
}

/*
 * The filesystem is going away: give back every inode an object pins, so
 * that it can be evicted (no "busy inodes" at unmount).  Entries keyed on
 * these objects stay in their maps, dead, until deleted or freed with them.
 */
static void hook_sb_delete(struct super_block *const sb)
{
	struct inode *inode, *prev = NULL;

	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		struct landlock_inode_security *const blob =
			landlock_inode(inode);
		struct landlock_object *object;
		struct inode *held = NULL;

		spin_lock(&inode->i_lock);
		object = rcu_dereference_protected(blob->object,
						   lockdep_is_held(&inode->i_lock));
		if (object) {
			held = xchg(&object->inode, NULL);
			RCU_INIT_POINTER(blob->object, NULL);
		}
		spin_unlock(&inode->i_lock);
		if (!held)
			continue;

		/*
		 * The reference we now own keeps @inode on the list while the
		 * lock is dropped; put the previous one meanwhile.
		 */
		spin_unlock(&sb->s_inode_list_lock);
		if (prev)
			put_inode(prev);
		prev = held;
		cond_resched();
		spin_lock(&sb->s_inode_list_lock);
	}
	spin_unlock(&sb->s_inode_list_lock);
	if (prev)
		put_inode(prev);
	/*
	 * Releases that took their inode before us, and dying objects that
	 * a newer one replaced, put their reference from the release work:
	 * wait for those of this superblock only.
	 */
	wait_var_event(&landlock_superblock(sb)->inode_refs,
		       !atomic_long_read(&landlock_superblock(sb)->inode_refs));
}

static void hook_inode_free_security(struct inode *const inode)
{
	/* An object pins its inode: it must have been given back. */
	WARN_ON_ONCE(rcu_access_pointer(landlock_inode(inode)->object));
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sb_delete, hook_sb_delete),
	LSM_HOOK_INIT(inode_free_security, hook_inode_free_security),
};

/**
 * landlock_init_objects - Register the object hooks and their workqueue
 *
 * Return: 0, or -ENOMEM.
 */
int __init landlock_init_objects(void)
{
	release_wq = alloc_workqueue("landlock_release", WQ_UNBOUND, 0);
	if (!release_wq)
		return -ENOMEM;
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
	return 0;
}
