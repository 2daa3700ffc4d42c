// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Enforcing a program on every thread of a process (TSYNC)
 *
 * A chain hangs on credentials, and only a task may replace its own
 * credentials.  So the enforcing thread queues a task_work on each sibling
 * thread: at its next return to user space (TWA_SIGNAL interrupts
 * interruptible sleeps), each sibling checks that its chain is an ancestor
 * of the enforcer's, prepares new credentials and parks until the enforcer
 * has heard from every thread.  Then all of them commit, or all of them
 * abort: the call is all or nothing.
 *
 * Concurrent enforcers of one process serialize on a mutex of the thread
 * group leader's blob, taken interruptibly: an enforcer waiting for it is
 * interrupted by the other's task_work, parks, and restarts its system call
 * afterwards.  Nothing else takes that mutex, so no sibling can be blocked
 * on it uninterruptibly or killably (cred_guard_mutex, which seccomp's
 * TSYNC and /proc take killably, would hang both).
 *
 * execve() in a sibling: a sibling in the middle of an execve() holds
 * credentials prepared with its old chain (bprm->cred), which the new
 * program gets.  It parks on its way back to user space, after the
 * execve(): if the execve() succeeds, it kills every other thread first
 * (de_thread()), the enforcer included, which then aborts and never returns
 * success; if it fails, the sibling parks on its way out.  But task works
 * also run inside execve() (io_uring's cancellation, between the point of
 * no return and de_thread()): a work that finds its thread in an execve()
 * makes the enforcer abort and restart the system call, so that the
 * execve() goes on and kills it, or fails.
 * Threads created while the enforcer waits inherit the old chain from a
 * thread not parked yet; the enforcer finds them in its next round and
 * waits for them too, until a round finds no new thread.
 *
 * At the decision point every sibling is parked: each has checked its own
 * io_uring rings on its way there (landlock_uring_check_task()), and the
 * enforcer runs the caller's last checks (the mm's rings, map freezing)
 * before deciding.
 */

#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "chain.h"
#include "cred.h"
#include "setup.h"
#include "tsync.h"
#include "uring.h"

/* What the enforcer shares with the threads it synchronizes. */
struct tsync_shared {
	refcount_t usage;
	/* The enforcer's chain: every thread's chain must be an ancestor. */
	struct landlock_chain *old;
	/* The chain every thread gets (one reference per committing thread). */
	struct landlock_chain *new;
	bool set_nnp;
	/* Threads whose work has not reached its decision point yet. */
	atomic_t pending;
	/* First thread found with a diverging chain (its id), or 0. */
	atomic_t diverged;
	/* A thread could not prepare its credentials. */
	atomic_t failed;
	/* A thread holds an io_uring SQPOLL ring without @new. */
	atomic_t busy;
	/* A thread ran the work in the middle of an execve(): start again. */
	atomic_t restart;
	wait_queue_head_t wait;
	/* Set with the outcome in @err: 0 commit, else abort. */
	struct completion decided;
	int err;
};

struct tsync_work {
	struct callback_head cb;
	struct list_head node;
	struct task_struct *task;
	struct tsync_shared *shared;
	/* The work is queued: from the decision on, it frees itself. */
	bool queued;
};

static void put_shared(struct tsync_shared *const shared)
{
	if (refcount_dec_and_test(&shared->usage)) {
		landlock_put_chain(shared->new);
		kfree(shared);
	}
}

static void free_work(struct tsync_work *const work)
{
	put_task_struct(work->task);
	put_shared(work->shared);
	kfree(work);
}

static bool is_ancestor(const struct landlock_chain *const chain,
			const struct landlock_chain *const of)
{
	return !chain || landlock_chain_contains(of, chain);
}

/* Runs in each sibling thread, on its way back to user space. */
static void tsync_work_fn(struct callback_head *const cb)
{
	struct tsync_work *const work = container_of(cb, struct tsync_work, cb);
	struct tsync_shared *const shared = work->shared;
	struct cred *cred = NULL;

	if (!is_ancestor(landlock_cred(current_cred())->chain, shared->old))
		atomic_cmpxchg(&shared->diverged, 0, task_pid_vnr(current));
	else if (current->in_execve)
		/* See the top of this file. */
		atomic_set(&shared->restart, 1);
	else if (landlock_uring_check_task(shared->new))
		atomic_set(&shared->busy, 1);
	else if (!(current->flags & PF_EXITING) &&
		 current->cred == current->real_cred)
		cred = prepare_creds();
	if (!cred && !atomic_read(&shared->diverged) &&
	    !atomic_read(&shared->busy) && !atomic_read(&shared->restart) &&
	    !(current->flags & PF_EXITING))
		atomic_set(&shared->failed, 1);
	atomic_dec(&shared->pending);
	wake_up(&shared->wait);

	/*
	 * Parked killably: the hung-task detector leaves it alone however
	 * long another thread delays the decision.  A fatal signal kills the
	 * whole process, the enforcer too, which then decides at once.
	 */
	if (wait_for_completion_killable(&shared->decided))
		wait_for_completion(&shared->decided);
	if (cred) {
		if (!shared->err) {
			landlock_put_chain(landlock_cred(cred)->chain);
			landlock_cred(cred)->chain =
				landlock_get_chain(shared->new);
			if (shared->set_nnp)
				task_set_no_new_privs(current);
			commit_creds(cred);
		} else {
			abort_creds(cred);
		}
	}
	free_work(work);
}

/*
 * Threads already handled, indexed by task_struct address (unique while the
 * works hold their references): constant-time lookups under RCU.
 */
static unsigned long task_index(const struct task_struct *const task)
{
	return (unsigned long)task / L1_CACHE_BYTES;
}

/*
 * io_uring threads (SQPOLL, io-wq) are skipped: they run requests with the
 * credentials of the ring or of the request, not with their own, and may
 * run task_work with overridden credentials, where commit_creds() must not
 * be called.
 */
static bool skip_thread(const struct task_struct *const thread,
			struct xarray *const done)
{
	return thread == current ||
	       (thread->flags & (PF_EXITING | PF_IO_WORKER)) ||
	       xa_load(done, task_index(thread));
}

/*
 * Queue a work on every sibling not queued yet.  Return the number of
 * works queued, or -ENOMEM; set @diverged to the id of a sibling whose
 * chain is seen diverging already (then nothing is queued).
 */
static int queue_round(struct tsync_shared *const shared,
		       struct list_head *const works, struct xarray *const done,
		       int *const diverged)
{
	struct task_struct *thread;
	struct tsync_work *work, *tmp;
	LIST_HEAD(fresh);
	unsigned int count = 0, i;
	int queued = 0;

	*diverged = 0;
	rcu_read_lock();
	for_each_thread(current, thread) {
		if (skip_thread(thread, done))
			continue;
		if (!is_ancestor(landlock_cred(__task_cred(thread))->chain,
				 shared->old)) {
			*diverged = task_pid_vnr(thread);
			break;
		}
		count++;
	}
	rcu_read_unlock();
	if (*diverged)
		return 0;

	for (i = 0; i < count; i++) {
		work = kzalloc(sizeof(*work), GFP_KERNEL_ACCOUNT);
		if (!work) {
			list_for_each_entry_safe(work, tmp, &fresh, node)
				kfree(work);
			return -ENOMEM;
		}
		list_add(&work->node, &fresh);
	}

	/* Threads that appeared since the count wait for the next round. */
	rcu_read_lock();
	for_each_thread(current, thread) {
		if (list_empty(&fresh))
			break;
		if (skip_thread(thread, done))
			continue;
		work = list_first_entry(&fresh, struct tsync_work, node);
		list_move(&work->node, works);
		work->task = get_task_struct(thread);
		work->shared = shared;
		refcount_inc(&shared->usage);
	}
	rcu_read_unlock();
	list_for_each_entry_safe(work, tmp, &fresh, node)
		kfree(work);

	list_for_each_entry(work, works, node) {
		if (work->queued || !work->shared)
			continue;
		if (xa_err(xa_store(done, task_index(work->task), work,
				    GFP_KERNEL))) {
			put_shared(shared);
			work->shared = NULL;
			return -ENOMEM;
		}
		init_task_work(&work->cb, tsync_work_fn);
		atomic_inc(&shared->pending);
		if (task_work_add(work->task, &work->cb, TWA_SIGNAL)) {
			/* Exiting: it stays listed (done with), not queued. */
			atomic_dec(&shared->pending);
			put_shared(shared);
			work->shared = NULL;
			continue;
		}
		work->queued = true;
		queued++;
	}
	return queued;
}

/*
 * Called with every queued work either parked on @shared->decided or not
 * started: cancel those not started, unlist everything, then decide.
 */
static void decide(struct tsync_shared *const shared,
		   struct list_head *const works, const int err)
{
	struct tsync_work *work, *tmp;

	list_for_each_entry_safe(work, tmp, works, node) {
		list_del(&work->node);
		if (!work->queued) {
			put_task_struct(work->task);
			if (work->shared)
				put_shared(work->shared);
			kfree(work);
		} else if (task_work_cancel(work->task, &work->cb)) {
			atomic_dec(&shared->pending);
			free_work(work);
		}
	}
	shared->err = err;
	complete_all(&shared->decided);
}

/**
 * landlock_tsync_enforce - Give every sibling thread a new chain
 *
 * @old: The calling thread's chain, which every sibling's chain must be an
 *       ancestor of (or NULL: only threads without a chain qualify).
 * @new: The calling thread's new chain; a reference is taken for each
 *       sibling that gets it.
 * @set_nnp: Also set no_new_privs on the siblings.
 * @at_commit: Called with every sibling parked, before they commit: its
 *             error aborts them all.
 *
 * The caller commits its own new credentials only when this returns 0.
 * Sleeps.
 *
 * Return: 0 once every sibling thread has @new; otherwise no sibling got
 * it, and the return value is the positive id of a thread whose chain
 * diverged, -EBUSY if a sibling holds an io_uring SQPOLL ring without
 * @new, -ERESTARTNOINTR if a signal interrupted the wait (the system call
 * is restarted after the handler) or a sibling ran the work in the middle
 * of an execve() (restarted at once), -ENOMEM (also if a thread ran the work
 * with overridden credentials, which cannot be replaced), or the error of
 * @at_commit.
 */
int landlock_tsync_enforce(struct landlock_chain *const old,
			   struct landlock_chain *const new, const bool set_nnp,
			   int (*at_commit)(const struct landlock_chain *new))
{
	struct task_struct *const leader = get_task_struct(current->group_leader);
	struct mutex *const lock = &landlock_task(leader)->tsync_lock;
	struct tsync_shared *shared;
	LIST_HEAD(works);
	struct xarray done;
	int ret, diverged, err = 0;

	might_sleep();

	shared = kzalloc(sizeof(*shared), GFP_KERNEL_ACCOUNT);
	if (!shared) {
		put_task_struct(leader);
		return -ENOMEM;
	}
	refcount_set(&shared->usage, 1);
	shared->old = old;
	shared->new = landlock_get_chain(new);
	shared->set_nnp = set_nnp;
	init_waitqueue_head(&shared->wait);
	init_completion(&shared->decided);
	xa_init(&done);

	if (mutex_lock_interruptible(lock)) {
		put_shared(shared);
		put_task_struct(leader);
		return -ERESTARTNOINTR;
	}
	for (;;) {
		ret = queue_round(shared, &works, &done, &diverged);
		if (ret < 0 || diverged) {
			err = ret < 0 ? ret : diverged;
			break;
		}
		if (wait_event_interruptible(shared->wait,
					     !atomic_read(&shared->pending) ||
					     atomic_read(&shared->diverged) ||
					     atomic_read(&shared->busy) ||
					     atomic_read(&shared->restart) ||
					     atomic_read(&shared->failed))) {
			err = -ERESTARTNOINTR;
			break;
		}
		if (atomic_read(&shared->diverged)) {
			err = atomic_read(&shared->diverged);
			break;
		}
		if (atomic_read(&shared->busy)) {
			err = -EBUSY;
			break;
		}
		if (atomic_read(&shared->restart)) {
			/* No signal may be pending: make one look so. */
			err = restart_syscall();
			break;
		}
		if (atomic_read(&shared->failed)) {
			err = -ENOMEM;
			break;
		}
		/* Every thread is parked, and none appeared: done. */
		if (!ret) {
			err = at_commit(new);
			break;
		}
	}
	decide(shared, &works, err);
	mutex_unlock(lock);
	put_task_struct(leader);
	xa_destroy(&done);
	put_shared(shared);
	return err;
}

static int hook_task_alloc(struct task_struct *const task,
			   const unsigned long clone_flags)
{
	mutex_init(&landlock_task(task)->tsync_lock);
	return 0;
}

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_alloc, hook_task_alloc),
};

/**
 * landlock_add_tsync_hooks - Register the task hooks of TSYNC
 */
__init void landlock_add_tsync_hooks(void)
{
	/* Tasks forked before this (none that enforce) get theirs here. */
	mutex_init(&landlock_task(current)->tsync_lock);
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}
