// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Walking a path up to the root of the mount tree
 *
 * The walk visits the object, its parents up to its mount's root, then goes
 * on from the parent of the mount point (the covered directory itself is not
 * visited), until a mount with no parent.  chroot(2) does not change it.
 *
 * Disconnected paths: a directory moved out from under a bind mount's root
 * (or a dentry reached through a file handle) has parents that its mount
 * does not show.  When the climb reaches a root dentry that is not the
 * mount's root, the objects found since entering that mount are dropped,
 * except the object itself, and the walk goes on from the mount's root, as
 * if the path were just beneath it: hidden ancestors are never visited, so
 * such a path can only lose the grants of its ancestors, never gain any.
 *
 * Bounds: at most %LANDLOCK_WALK_MAX objects are collected, the nearest
 * first; a deeper walk stops collecting there (the farther ancestors then
 * grant nothing), and allocates at most that many pointers, without warning
 * if memory is short (the check then fails with -ENOMEM, and is denied).
 *
 * Concurrent renames and mounts: the walk goes up under RCU without a
 * reference on any dentry or mount, as d_path() does (dentries, inodes and
 * mounts are freed after a grace period), and rename_lock's and the mount
 * tree's sequence counts tell whether a rename or a mount change raced with
 * it.  If one did (or if the objects outgrow the inline array, which
 * cannot grow under RCU), what the walk found but the object itself is
 * dropped and the path is walked again holding a reference at each step
 * (dget_parent(), follow_up()): each step then sees a consistent tree, so a
 * directory moved while we walk is seen at its old or at its new place, as
 * if the check had happened before or after the rename, and a task that
 * keeps renaming only sends walks to the referenced one, which always
 * ends.  Taking rename_lock instead would serialize every check of every
 * task against renames.
 */

#include <linux/dcache.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/slab.h>

#include "object.h"
#include "walk.h"

/* A walk under RCU checks for renames and mount moves every this many steps. */
#define WALK_RECHECK 64

static int add_object(struct landlock_walk *const walk,
		      struct landlock_object *const object)
{
	if (walk->count == walk->size) {
		const unsigned int size = min(walk->size * 2, LANDLOCK_WALK_MAX);
		struct landlock_object **objects;

		objects = kmalloc_array(size, sizeof(*objects),
					GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!objects)
			return -ENOMEM;
		memcpy(objects, walk->objects, walk->count * sizeof(*objects));
		if (walk->objects != walk->inline_objects)
			kfree(walk->objects);
		walk->objects = objects;
		walk->size = size;
	}
	walk->objects[walk->count++] = object;
	return 0;
}

static int visit(struct landlock_walk *const walk,
		 const struct dentry *const dentry)
{
	struct landlock_object *object;
	int err;

	if (d_is_negative(dentry) || walk->count >= LANDLOCK_WALK_MAX)
		return 0;
	object = landlock_find_inode_object(d_backing_inode(dentry));
	if (!object)
		return 0;
	err = add_object(walk, object);
	if (err)
		landlock_put_object(object);
	return err;
}

/* Forget the objects collected from index @from on. */
static void drop_objects(struct landlock_walk *const walk,
			 const unsigned int from)
{
	while (walk->count > from)
		landlock_put_object(walk->objects[--walk->count]);
}

/*
 * Under RCU, where nothing may sleep: like visit(), without allocating.
 * -EAGAIN when the inline array is full: the caller then takes the
 * referenced walk, which may allocate.
 */
static int visit_rcu(struct landlock_walk *const walk,
		     const struct dentry *const dentry)
{
	const struct inode *const inode = READ_ONCE(dentry->d_inode);
	struct landlock_object *object;

	if (!inode || walk->count >= LANDLOCK_WALK_MAX)
		return 0;
	object = landlock_find_inode_object(inode);
	if (!object)
		return 0;
	if (walk->count == walk->size) {
		landlock_put_object(object);
		return -EAGAIN;
	}
	walk->objects[walk->count++] = object;
	return 0;
}

static bool walk_raced(const unsigned int rename_seq,
		       const unsigned int mount_seq)
{
	return read_seqretry(&rename_lock, rename_seq) ||
	       mount_tree_seq_retry(mount_seq);
}

/*
 * The walk from @path (held by the caller) under RCU, with no reference but
 * on the objects found: 0, or -EAGAIN if it may have seen a tree that never
 * was (or ran out of inline room); the caller then drops what it found.
 */
static int walk_rcu(struct landlock_walk *const walk,
		    const struct path *const path, unsigned int mount_start)
{
	struct path p = *path;
	unsigned int rename_seq, mount_seq, steps = 0;
	int err = 0;

	rcu_read_lock();
	mount_seq = mount_tree_seq_begin();
	rename_seq = read_seqbegin(&rename_lock);
	for (;;) {
		struct dentry *parent;

		/*
		 * Pointers read across renames or mount moves may chain up
		 * without end: stop soon after one, not only at the root.
		 */
		if (!(++steps % WALK_RECHECK) &&
		    walk_raced(rename_seq, mount_seq)) {
			err = -EAGAIN;
			break;
		}
		if (p.dentry == p.mnt->mnt_root) {
			/* The covered directory is skipped. */
			if (!follow_up_rcu(&p))
				break;
			mount_start = walk->count;
			continue;
		}
		parent = READ_ONCE(p.dentry->d_parent);
		if (parent == p.dentry) {
			/* Disconnected: forget what the mount hides. */
			drop_objects(walk, mount_start);
			parent = p.mnt->mnt_root;
		}
		p.dentry = parent;
		err = visit_rcu(walk, p.dentry);
		if (err)
			break;
	}
	if (!err && walk_raced(rename_seq, mount_seq))
		err = -EAGAIN;
	rcu_read_unlock();
	return err;
}

/* The same walk, holding a reference at each step: 0 or -ENOMEM. */
static int walk_ref(struct landlock_walk *const walk,
		    const struct path *const path, unsigned int mount_start)
{
	struct path p = *path;
	int err = 0;

	path_get(&p);
	for (;;) {
		struct dentry *parent;

		if (p.dentry == p.mnt->mnt_root) {
			/* The covered directory is skipped. */
			if (!follow_up(&p))
				break;
			mount_start = walk->count;
			continue;
		}
		if (IS_ROOT(p.dentry)) {
			/* Disconnected: forget what the mount hides. */
			drop_objects(walk, mount_start);
			parent = dget(p.mnt->mnt_root);
		} else {
			parent = dget_parent(p.dentry);
		}
		dput(p.dentry);
		p.dentry = parent;
		err = visit(walk, p.dentry);
		if (err)
			break;
	}
	path_put(&p);
	return err;
}

/**
 * landlock_walk_path - Collect the objects of a path and of its ancestors
 *
 * @path: The path to start from, held by the caller.
 * @walk: Where to put the objects (referenced); to be released with
 *        landlock_walk_done() even on error.
 *
 * Sleeps.
 *
 * Return: 0, or -ENOMEM.
 */
int landlock_walk_path(const struct path *const path,
		       struct landlock_walk *const walk)
{
	unsigned int first;
	int err;

	might_sleep();
	walk->self = NULL;
	walk->objects = walk->inline_objects;
	walk->count = 0;
	walk->size = LANDLOCK_WALK_INLINE;

	err = visit(walk, path->dentry);
	if (err)
		return err;
	if (walk->count)
		walk->self = walk->objects[0];
	first = walk->count;

	err = walk_rcu(walk, path, first);
	if (err != -EAGAIN)
		return err;
	drop_objects(walk, first);
	return walk_ref(walk, path, first);
}

/**
 * landlock_walk_done - Release what landlock_walk_path() collected
 *
 * @walk: The walk.
 */
void landlock_walk_done(struct landlock_walk *const walk)
{
	unsigned int i;

	for (i = 0; i < walk->count; i++)
		landlock_put_object(walk->objects[i]);
	if (walk->objects != walk->inline_objects)
		kfree(walk->objects);
	walk->count = 0;
}
