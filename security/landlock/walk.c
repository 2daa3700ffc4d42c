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
 * Concurrent renames: each step holds references (dget_parent(),
 * follow_up()), so the walk never follows freed memory; a directory moved
 * while we walk is seen either at its old or at its new place, as if the
 * check had happened before or after the rename.  Holding rename_lock
 * instead would serialize every check of every task against renames.
 */

#include <linux/dcache.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>

#include "object.h"
#include "walk.h"

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

/**
 * landlock_walk_path - Collect the objects of a path and of its ancestors
 *
 * @path: The path to start from.
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
	struct path p = *path;
	/* Where the objects of the current mount's dentries start. */
	unsigned int mount_start;
	int err;

	might_sleep();
	walk->self = NULL;
	walk->objects = walk->inline_objects;
	walk->count = 0;
	walk->size = LANDLOCK_WALK_INLINE;

	err = visit(walk, p.dentry);
	if (err)
		return err;
	if (walk->count)
		walk->self = walk->objects[0];
	mount_start = walk->count;

	path_get(&p);
	for (;;) {
		struct dentry *parent;

		if (p.dentry == p.mnt->mnt_root) {
			/* Now at the covered directory, which is skipped. */
			if (!follow_up(&p))
				break;
			mount_start = walk->count;
			continue;
		}
		if (IS_ROOT(p.dentry)) {
			/* Disconnected: forget what the mount hides. */
			drop_objects(walk, mount_start);
			dput(p.dentry);
			p.dentry = dget(p.mnt->mnt_root);
			err = visit(walk, p.dentry);
			if (err)
				break;
			continue;
		}
		parent = dget_parent(p.dentry);
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
