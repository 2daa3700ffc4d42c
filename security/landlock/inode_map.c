// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - The BPF_MAP_TYPE_LANDLOCK_INODE map type
 *
 * From user space, keys are file descriptors (4 bytes) resolved to their
 * inode; values are __u64 with bit 63 clear, so that helpers can return them
 * as non-negative longs.  Inside, a hash table keyed on the inode's
 * struct landlock_object: one ancestor costs one bucket walk, under RCU,
 * with no allocation and no lock.  Writers serialize on a spinlock.
 */

#include <linux/bpf.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/magic.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "inode_map.h"
#include "object.h"
#include "setup.h"

#define INODE_MAP_MAX_BUCKETS BIT(20)

struct inode_map_entry {
	struct hlist_node node;
	struct landlock_object *object;
	u64 value;
	struct rcu_head rcu;
};

struct inode_map {
	struct bpf_map map;
	/* Serializes writers; readers use RCU. */
	spinlock_t lock;
	u32 count;
	u32 n_buckets;
	struct hlist_head *buckets;
};

static struct inode_map *to_inode_map(const struct bpf_map *const map)
{
	return container_of(map, struct inode_map, map);
}

static struct hlist_head *bucket(const struct inode_map *const imap,
				 const struct landlock_object *const object)
{
	return &imap->buckets[hash_ptr(object, ilog2(imap->n_buckets))];
}

/* Under RCU or the map's lock. */
static struct inode_map_entry *
find_entry(const struct inode_map *const imap,
	   const struct landlock_object *const object)
{
	struct inode_map_entry *entry;

	hlist_for_each_entry_rcu(entry, bucket(imap, object), node,
				 lockdep_is_held(&imap->lock)) {
		if (entry->object == object)
			return entry;
	}
	return NULL;
}

/**
 * landlock_inode_map_value - Value of an object's entry, for the helpers
 *
 * @map: A BPF_MAP_TYPE_LANDLOCK_INODE map (the verifier checked).
 * @object: An object the caller holds a usage reference to.
 *
 * Must be called under RCU.
 *
 * Return: The value (bit 63 clear), or -ENOENT.
 */
long landlock_inode_map_value(const struct bpf_map *const map,
			      const struct landlock_object *const object)
{
	const struct inode_map_entry *entry;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "inode map read outside RCU");
	entry = find_entry(to_inode_map(map), object);
	return entry ? (long)READ_ONCE(entry->value) : -ENOENT;
}

static int inode_map_alloc_check(union bpf_attr *const attr)
{
	/* Without Landlock at boot, inodes have no blob to hang objects on. */
	if (!landlock_initialized)
		return -EOPNOTSUPP;
	if (attr->key_size != sizeof(u32) || attr->value_size != sizeof(u64) ||
	    !attr->max_entries || attr->map_extra ||
	    attr->map_flags & ~BPF_F_ACCESS_MASK)
		return -EINVAL;
	return 0;
}

static struct bpf_map *inode_map_alloc(union bpf_attr *const attr)
{
	struct inode_map *imap;

	imap = bpf_map_area_alloc(sizeof(*imap), NUMA_NO_NODE);
	if (!imap)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&imap->map, attr);
	spin_lock_init(&imap->lock);
	/*
	 * As many buckets as entries, so that a lookup walks one entry on
	 * average however full the map (a check looks up every object of a
	 * path), up to INODE_MAP_MAX_BUCKETS (8 MiB): beyond, only whoever
	 * fills their own map that far makes their own lookups longer.  At
	 * least two: hash_ptr() with 0 bits would shift by 64, which is
	 * undefined (and indexed far out of the array on x86).
	 */
	imap->n_buckets = roundup_pow_of_two(clamp_t(u32, attr->max_entries,
						     2, INODE_MAP_MAX_BUCKETS));
	imap->buckets = bpf_map_area_alloc((u64)imap->n_buckets *
					   sizeof(*imap->buckets),
					   NUMA_NO_NODE);
	if (!imap->buckets) {
		bpf_map_area_free(imap);
		return ERR_PTR(-ENOMEM);
	}
	/* Zeroed: every bucket is an empty hlist_head already. */
	return &imap->map;
}

/* No program and no syscall uses the map any more. */
static void inode_map_free(struct bpf_map *const map)
{
	struct inode_map *const imap = to_inode_map(map);
	struct inode_map_entry *entry;
	struct hlist_node *tmp;
	u32 i;

	for (i = 0; i < imap->n_buckets; i++) {
		hlist_for_each_entry_safe(entry, tmp, &imap->buckets[i], node) {
			hlist_del(&entry->node);
			landlock_put_object(entry->object);
			kfree(entry);
		}
	}
	bpf_map_area_free(imap->buckets);
	bpf_map_area_free(imap);
}

static u64 inode_map_mem_usage(const struct bpf_map *const map)
{
	const struct inode_map *const imap = to_inode_map(map);

	return sizeof(*imap) + (u64)imap->n_buckets * sizeof(*imap->buckets) +
	       (u64)READ_ONCE(imap->count) *
		       (sizeof(struct inode_map_entry) +
			sizeof(struct landlock_object));
}

/*
 * The inode of the file descriptor @key: ERR_PTR(-EBADF) if it is not open,
 * ERR_PTR(-EINVAL) on an internal mount (an nsfs or pidfs entry could pin
 * the map's own namespace or task forever) or on a bpffs (a pin of the map
 * itself, or of a program using it, would keep the map alive until that
 * bpffs is unmounted).  Valid while @f is held.
 */
static struct inode *key_inode(const struct fd f)
{
	if (fd_empty(f))
		return ERR_PTR(-EBADF);
	if (landlock_is_internal(&fd_file(f)->f_path) ||
	    fd_file(f)->f_path.dentry->d_sb->s_magic == BPF_FS_MAGIC)
		return ERR_PTR(-EINVAL);
	return file_inode(fd_file(f));
}

static void *inode_map_lookup_sys(struct bpf_map *const map, void *const key)
{
	struct inode_map *const imap = to_inode_map(map);
	struct inode_map_entry *entry = NULL;
	struct landlock_object *object;
	struct inode *inode;

	CLASS(fd_raw, f)(*(int *)key);

	inode = key_inode(f);
	if (IS_ERR(inode))
		return inode;
	/* Called under RCU by bpf_map_copy_value(). */
	object = rcu_dereference(landlock_inode(inode)->object);
	if (object)
		entry = find_entry(imap, object);
	return entry ? &entry->value : NULL;
}

/* Programs use the Landlock helpers, never the generic lookup. */
static void *inode_map_lookup_elem(struct bpf_map *const map, void *const key)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static long inode_map_update_elem(struct bpf_map *const map, void *const key,
				  void *const value, const u64 flags)
{
	struct inode_map *const imap = to_inode_map(map);
	const u64 v = *(u64 *)value;
	struct inode_map_entry *entry, *fresh;
	struct landlock_object *object;
	struct inode *inode;
	long err = 0;

	CLASS(fd_raw, f)(*(int *)key);

	if (flags > BPF_EXIST || v & BIT_ULL(63))
		return -EINVAL;
	inode = key_inode(f);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	object = landlock_get_inode_object(inode);
	if (IS_ERR(object))
		return PTR_ERR(object);
	fresh = bpf_map_kmalloc_node(map, sizeof(*fresh),
				     GFP_KERNEL | __GFP_NOWARN,
				     map->numa_node);
	if (!fresh) {
		landlock_put_object(object);
		return -ENOMEM;
	}

	spin_lock(&imap->lock);
	entry = find_entry(imap, object);
	if (entry) {
		if (flags == BPF_NOEXIST)
			err = -EEXIST;
		else
			WRITE_ONCE(entry->value, v);
	} else if (flags == BPF_EXIST) {
		err = -ENOENT;
	} else if (imap->count >= map->max_entries) {
		err = -E2BIG;
	} else {
		fresh->object = object;
		fresh->value = v;
		hlist_add_head_rcu(&fresh->node, bucket(imap, object));
		imap->count++;
		/* The entry owns the object reference now. */
		object = NULL;
		fresh = NULL;
	}
	spin_unlock(&imap->lock);

	kfree(fresh);
	landlock_put_object(object);
	return err;
}

static long inode_map_delete_elem(struct bpf_map *const map, void *const key)
{
	struct inode_map *const imap = to_inode_map(map);
	struct inode_map_entry *entry = NULL;
	struct landlock_object *object;
	struct inode *inode;

	CLASS(fd_raw, f)(*(int *)key);

	inode = key_inode(f);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	object = landlock_find_inode_object(inode);
	if (!object)
		return -ENOENT;

	spin_lock(&imap->lock);
	entry = find_entry(imap, object);
	if (entry) {
		hlist_del_rcu(&entry->node);
		imap->count--;
	}
	spin_unlock(&imap->lock);

	landlock_put_object(object);
	if (!entry)
		return -ENOENT;
	landlock_put_object(entry->object);
	kfree_rcu(entry, rcu);
	return 0;
}

/* Keys are kernel objects: they cannot be listed. */
static int inode_map_get_next_key(struct bpf_map *const map, void *const key,
				  void *const next_key)
{
	return -EOPNOTSUPP;
}

static int inode_map_batch(struct bpf_map *const map,
			   const union bpf_attr *const attr,
			   union bpf_attr __user *const uattr)
{
	return -EOPNOTSUPP;
}

static int inode_map_update_batch(struct bpf_map *const map,
				  struct file *const map_file,
				  const union bpf_attr *const attr,
				  union bpf_attr __user *const uattr)
{
	return -EOPNOTSUPP;
}

const struct bpf_map_ops landlock_inode_map_ops = {
	.map_alloc_check = inode_map_alloc_check,
	.map_alloc = inode_map_alloc,
	.map_free = inode_map_free,
	.map_mem_usage = inode_map_mem_usage,
	.map_get_next_key = inode_map_get_next_key,
	.map_lookup_elem = inode_map_lookup_elem,
	.map_lookup_elem_sys_only = inode_map_lookup_sys,
	.map_update_elem = inode_map_update_elem,
	.map_delete_elem = inode_map_delete_elem,
	.map_lookup_batch = inode_map_batch,
	.map_lookup_and_delete_batch = inode_map_batch,
	.map_update_batch = inode_map_update_batch,
	.map_delete_batch = inode_map_batch,
};
