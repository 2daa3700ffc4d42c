// SPDX-License-Identifier: GPL-2.0
/*
 * clone_exec DIR FILE: execute FILE of a detached clone of the mount tree
 * at DIR (open_tree(2) with OPEN_TREE_CLONE), a path that hides every
 * ancestor of DIR from Landlock's walk, and exit with the errno of the
 * execution's failure, or with 200 plus the errno of open_tree()'s (so
 * that a failing clone is never taken for a denied execution).  Run in a
 * sandbox by the sandboxer tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	char *const args[] = { argv[2], NULL };
	int tree;

	if (argc < 3)
		return 255;
	tree = syscall(SYS_open_tree, AT_FDCWD, argv[1],
		       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0)
		return 200 + (errno & 31);
	syscall(SYS_execveat, tree, argv[2], args, NULL, 0);
	return errno;
}
