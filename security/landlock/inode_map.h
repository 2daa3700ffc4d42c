/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Landlock LSM - The BPF_MAP_TYPE_LANDLOCK_INODE map type
 */

#ifndef _SECURITY_LANDLOCK_INODE_MAP_H
#define _SECURITY_LANDLOCK_INODE_MAP_H

#include <linux/types.h>

struct bpf_map;
struct landlock_object;

long landlock_inode_map_value(const struct bpf_map *map,
			      const struct landlock_object *object);

#endif /* _SECURITY_LANDLOCK_INODE_MAP_H */
