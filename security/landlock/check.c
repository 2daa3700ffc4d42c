// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Access requests: one walk per path, every right of a hook
 *
 * A hook describes its operation once (struct landlock_request): an object
 * and the rights it needs there, possibly a second directory (link, rename,
 * O_TMPFILE) with rights of its own, and REFER checks between the two.  The
 * fast path (no chain, no cgroup program) is inlined into the hooks; here
 * each path is walked at most once, and only if a program of the task's
 * chain uses an inode map or a cgroup has programs, then the programs run
 * once per right: the task's chain, newest first, then the cgroup's.  What
 * the beneath helpers find is kept per path for the whole request, so each
 * inode map is searched at most once per path, however many rights and
 * programs ask.
 */

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mnt_idmapping.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "bpf.h"
#include "cgroup.h"
#include "chain.h"
#include "check.h"
#include "cred.h"
#include "object.h"
#include "walk.h"

/* One path of a request, walked on first use. */
struct target {
	const struct path *path;
	umode_t mode;
	kuid_t uid;
	kgid_t gid;
	bool walked;
	struct landlock_walk walk;
	/* What the beneath helpers answered, per slot of the chain. */
	long *answers;
	long inline_answers[LANDLOCK_ANSWERS_INLINE];
};

/* What every check of a request shares. */
struct request_run {
	const struct landlock_chain *chain;
	bool cgroup;
	bool needs_walk;
	u32 num_slots;
};

static void target_init(struct target *const t, const struct path *const path)
{
	const struct inode *const inode = d_backing_inode(path->dentry);
	struct mnt_idmap *const idmap = mnt_idmap(path->mnt);

	t->path = path;
	t->mode = inode->i_mode;
	t->uid = vfsuid_into_kuid(i_uid_into_vfsuid(idmap, inode));
	t->gid = vfsgid_into_kgid(i_gid_into_vfsgid(idmap, inode));
	t->walked = false;
	t->answers = NULL;
}

/* Walk @t's path if the programs need its objects and it was not yet. */
static int target_walk(const struct request_run *const run,
		       struct target *const t)
{
	u32 i;
	int err;

	if (!run->needs_walk || t->walked)
		return 0;
	err = landlock_walk_path(t->path, &t->walk);
	t->walked = true;
	if (err || !run->num_slots)
		return err;
	t->answers = t->inline_answers;
	if (run->num_slots > ARRAY_SIZE(t->inline_answers)) {
		t->answers = kmalloc_array(run->num_slots, sizeof(long),
					   GFP_KERNEL | __GFP_NOWARN);
		if (!t->answers)
			return -ENOMEM;
	}
	/* Unknown yet; a loop, as there are few (memset() costs more). */
	for (i = 0; i < run->num_slots; i++)
		t->answers[i] = -1;
	return 0;
}

static void target_done(struct target *const t)
{
	if (!t->walked)
		return;
	landlock_walk_done(&t->walk);
	if (t->answers != t->inline_answers)
		kfree(t->answers);
}

/*
 * Run the programs on each right of @access, one right per run, on the
 * object @t (and for REFER checks with the other directory @peer): 0 if
 * every right is allowed, else the first error.
 */
static int run_rights(const struct request_run *const run,
		      struct landlock_check *const check, u64 access,
		      struct target *const t, struct target *const peer)
{
	int err;

	if (!access)
		return 0;
	err = target_walk(run, t);
	if (!err && peer)
		err = target_walk(run, peer);
	if (err)
		return err;

	check->ctx.mode = t->mode;
	check->uid = t->uid;
	check->gid = t->gid;
	check->walk = t->walked ? &t->walk : NULL;
	check->answers = t->answers;
	check->peer_walk = peer && peer->walked ? &peer->walk : NULL;
	check->peer_answers = peer ? peer->answers : NULL;
	/*
	 * One RCU section, migration off, for the chain's runs on every right
	 * (cgroup-BPF's runner takes its own).
	 */
	if (run->chain) {
		rcu_read_lock();
		migrate_disable();
	}
	while (access && !err) {
		check->ctx.access = access & -access;
		access &= access - 1;
		if (run->chain)
			err = landlock_run_chain(run->chain, check);
		if (!err && run->cgroup)
			err = landlock_run_cgroup(check);
	}
	if (run->chain) {
		migrate_enable();
		rcu_read_unlock();
	}
	return err;
}

/* The two REFER checks of moving an entry from @src to @dst. */
static int run_refer(const struct request_run *const run,
		     struct target *const src, struct target *const dst)
{
	struct landlock_check check = {
		.ctx.flags = LANDLOCK_CTX_REFER_SOURCE,
	};
	int err;

	err = run_rights(run, &check, LANDLOCK_ACCESS_FS_REFER, src, dst);
	if (err)
		return err;
	check.ctx.flags = LANDLOCK_CTX_REFER_DEST;
	return run_rights(run, &check, LANDLOCK_ACCESS_FS_REFER, dst, src);
}

/* Everything but the fast path; @peer is the peer's target, if any. */
static int check_request(const struct request_run *const run,
			 struct landlock_request *const req,
			 struct target *const self, struct target *const peer)
{
	struct landlock_check check = {
		.ctx.open_flags = req->open_flags,
		.ctx.ioctl_cmd = req->ioctl_cmd,
		.ctx.sock_type = req->sock_type,
	};
	u64 optional = req->optional;
	int err;

	err = run_rights(run, &check, req->access, self, NULL);
	if (!err && peer) {
		struct landlock_check peer_check = {};

		err = run_rights(run, &peer_check, req->peer_access, peer,
				 NULL);
	}
	if (err)
		return err;

	if (peer && req->refer && peer->path->dentry != self->path->dentry) {
		if (req->refer & LANDLOCK_REFER_TO_PATH)
			err = run_refer(run, peer, self);
		if (!err && (req->refer & LANDLOCK_REFER_TO_PEER))
			err = run_refer(run, self, peer);
		/* User space copies across directories it may not link. */
		if (err)
			return -EXDEV;
	}

	while (optional) {
		const u64 right = optional & -optional;

		optional &= optional - 1;
		if (run_rights(run, &check, right, self, NULL))
			req->denied |= right;
	}
	return 0;
}

/**
 * __landlock_check_request - Check a request: see landlock_check_request()
 *
 * @req: The request.
 *
 * Objects of internal mounts are not checked (see landlock_is_internal()).
 * Sleeps.
 *
 * Return: As landlock_check_request().
 */
int __landlock_check_request(struct landlock_request *const req)
{
	struct request_run run = {
		.chain = landlock_current_chain(),
		.cgroup = landlock_cgroup_active() && landlock_cgroup_applies(),
	};
	/*
	 * target_init() sets what is read; the walk's and the answers' arrays
	 * are written before they are read.  Not zeroed at every check (with
	 * CONFIG_INIT_STACK_ALL_ZERO, half a kilobyte).
	 */
	struct target self __uninitialized, peer __uninitialized;
	struct path peer_path;
	bool has_peer;
	int err;

	might_sleep();
	req->denied = 0;
	if (!run.chain && !run.cgroup)
		return 0;
	if (landlock_is_internal(req->path))
		return 0;
	/* A chain none of whose programs handles the request's rights. */
	if (!run.cgroup &&
	    !(run.chain->any_handled &
	      (req->access | req->peer_access | req->optional |
	       (req->refer ? LANDLOCK_ACCESS_FS_REFER : 0))))
		return 0;
	run.needs_walk = run.cgroup || run.chain->needs_walk;
	run.num_slots = run.chain ? run.chain->num_slots : 0;

	/*
	 * Both sides in one directory (a rename within it): one path, walked
	 * once, all its rights in one run, and no REFER check, as below.
	 */
	if (req->peer && path_equal(req->peer, req->path)) {
		req->access |= req->peer_access;
		req->peer_access = 0;
		req->peer = NULL;
	}
	has_peer = req->peer || req->peer_child;

	target_init(&self, req->path);
	if (req->peer_child) {
		peer_path.mnt = req->path->mnt;
		peer_path.dentry = dget_parent(req->peer_child);
		target_init(&peer, &peer_path);
	} else if (req->peer) {
		target_init(&peer, req->peer);
	}
	err = check_request(&run, req, &self, has_peer ? &peer : NULL);
	if (has_peer)
		target_done(&peer);
	target_done(&self);
	if (req->peer_child)
		dput(peer_path.dentry);
	return err;
}

/**
 * landlock_check_chain - Run a chain's programs on a check without a path
 *
 * @chain: The programs, or NULL.
 * @check: A check whose context the caller filled (a single right in
 *         &landlock_context.access), with the object's owner in @check->uid
 *         and @check->gid.
 *
 * For checks judged with a chain other than the current task's (a SIGIO
 * to the owner that another task set), and by landlock_check_access().
 * Nothing sleeps: this may be called in atomic context, also in an
 * interrupt (kill_fasync()).
 *
 * Return: 0 if every program of @chain that handles the right allows it,
 * -EACCES otherwise.
 */
int landlock_check_chain(const struct landlock_chain *const chain,
			 struct landlock_check *const check)
{
	/* An interrupt cannot migrate; and migrate_enable() may not run there. */
	const bool pin = in_task();
	int err;

	if (!chain || !(chain->any_handled & check->ctx.access))
		return 0;
	rcu_read_lock();
	if (pin)
		migrate_disable();
	err = landlock_run_chain(chain, check);
	if (pin)
		migrate_enable();
	rcu_read_unlock();
	return err;
}

/**
 * landlock_check_access - Check an access without a path (a socket, a
 * signal) against the current task's rules
 *
 * @check: As for landlock_check_chain(); for an IPC check, the peer in
 *         @check->peer_chain (and @check->peer_in_cgroup, which the caller
 *         sets only if landlock_cgroup_active()).
 *
 * Runs the current task's chain, then the programs of its cgroup.  Callers
 * test landlock_may_check() first.  Nothing sleeps.
 *
 * Return: 0 if every program allows the access, -EACCES otherwise.
 */
int landlock_check_access(struct landlock_check *const check)
{
	int err;

	err = landlock_check_chain(landlock_current_chain(), check);
	if (!err && landlock_cgroup_active() && landlock_cgroup_applies())
		err = landlock_run_cgroup(check);
	return err;
}
