/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - Walking a path up to the root of the mount tree
 */

#ifndef _SECURITY_LANDLOCK_WALK_H
#define _SECURITY_LANDLOCK_WALK_H

struct landlock_object;
struct path;

/* Objects found without allocating; deeper walks allocate. */
#define LANDLOCK_WALK_INLINE 16
/* At most this many objects per walk: the nearest ones (see walk.c). */
#define LANDLOCK_WALK_MAX 1024

/**
 * struct landlock_walk - Objects of a path and of its ancestors
 *
 * What the inode-map helpers read: filled by landlock_walk_path() where
 * references can be taken, before the programs run.
 */
struct landlock_walk {
	/** @self: The object of the path's own inode, or NULL. */
	struct landlock_object *self;
	/** @objects: Objects of the path and its ancestors (referenced). */
	struct landlock_object **objects;
	/** @count: Number of @objects. */
	unsigned int count;
	/** @size: Capacity of @objects. */
	unsigned int size;
	/** @inline_objects: Storage for shallow walks. */
	struct landlock_object *inline_objects[LANDLOCK_WALK_INLINE];
};

int landlock_walk_path(const struct path *path, struct landlock_walk *walk);
void landlock_walk_done(struct landlock_walk *walk);

#endif /* _SECURITY_LANDLOCK_WALK_H */
