// SPDX-License-Identifier: GPL-2.0-only
/*
 * Landlock LSM - Signal and abstract unix socket hooks
 *
 * Neither a signal nor an abstract unix socket has a file to key a rule
 * on: programs that handle IPC_SIGNAL and IPC_ABSTRACT_UNIX see the peer
 * (the task signalled, the credentials that created the socket) through its
 * ids and %LANDLOCK_CTX_PEER_IN_DOMAIN, which chain.c sets for each program
 * whose node the peer's chain contains, as ptrace compares chains.  A
 * denial is -EPERM, as for upstream's scoping.
 *
 * A SIGIO or SIGURG goes to the owner a task set with F_SETOWN, when any
 * task (or an interrupt) makes the file ready: it is judged with the chain
 * of the task that set the owner, kept in the file's blob, and cgroup
 * programs do not see it (the current task is not the sender).
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "check.h"
#include "chain.h"
#include "cred.h"
#include "fs.h"
#include "ipc.h"
#include "setup.h"

/* A denied IPC check fails as upstream's scoping does. */
static int ipc_error(const int err)
{
	return err ? -EPERM : 0;
}

/* The peer of a check on @task: its effective ids and its chain. */
static void task_peer(struct landlock_check *const check,
		      const struct task_struct *const task)
{
	const struct cred *const cred = __task_cred(task);

	check->uid = cred->euid;
	check->gid = cred->egid;
	check->peer_chain = landlock_cred(cred)->chain;
}

static int hook_task_kill(struct task_struct *const p,
			  struct kernel_siginfo *const info, const int sig,
			  const struct cred *const cred)
{
	struct landlock_check check = {
		.ctx.access = LANDLOCK_ACCESS_IPC_SIGNAL,
		.ctx.signal = sig,
		.ipc = true,
	};
	int err;

	if (cred) {
		/*
		 * USB asynchronous I/O signals the task that submitted the
		 * request, with its credentials, from any context.
		 */
		if (!landlock_cred(cred)->chain)
			return 0;
		rcu_read_lock();
		task_peer(&check, p);
		err = landlock_check_chain(landlock_cred(cred)->chain, &check);
		rcu_read_unlock();
		return ipc_error(err);
	}

	if (!landlock_may_check(LANDLOCK_ACCESS_IPC_SIGNAL))
		return 0;
	if (same_thread_group(p, current))
		return 0;
	/* The peer's credentials and chain stay alive while we read them. */
	rcu_read_lock();
	task_peer(&check, p);
	if (landlock_cgroup_active())
		check.peer_in_cgroup = landlock_cgroup_holds_task(p);
	err = landlock_check_access(&check);
	rcu_read_unlock();
	return ipc_error(err);
}

/*
 * Called with the owner's lock held for writing, interrupts off: record the
 * chain of the task setting the owner, and its thread group, whose own
 * signals are never checked.
 */
static void hook_file_set_fowner(struct file *const file)
{
	struct landlock_file_security *const fs = landlock_file(file);
	struct landlock_chain *const prev_chain = fs->fown_chain;
	struct pid *const prev_tgid = fs->fown_tgid;
	struct landlock_chain *const chain = landlock_cred(current_cred())->chain;

	fs->fown_chain = landlock_get_chain(chain);
	fs->fown_tgid = chain ? get_pid(task_tgid(current)) : NULL;
	/* Neither sleeps (a program's last reference is put from a work). */
	landlock_put_chain(prev_chain);
	put_pid(prev_tgid);
}

/* On every close: one test for a file whose owner no confined task set. */
static void hook_file_free_security(struct file *const file)
{
	struct landlock_file_security *const fs = landlock_file(file);

	/* fown_tgid is only set with fown_chain. */
	if (likely(!fs->fown_chain))
		return;
	landlock_put_chain(fs->fown_chain);
	put_pid(fs->fown_tgid);
}

/* Called under RCU with the owner's lock held for reading. */
static int hook_file_send_sigiotask(struct task_struct *const tsk,
				    struct fown_struct *const fown,
				    const int signum)
{
	const struct landlock_file_security *const fs =
		landlock_file(fown->file);
	struct landlock_check check = {
		.ctx.access = LANDLOCK_ACCESS_IPC_SIGNAL,
		/* What send_sigio_to_task() sends for a signum of 0. */
		.ctx.signal = signum ? signum : SIGIO,
		.ipc = true,
	};

	if (!fs->fown_chain || task_tgid(tsk) == fs->fown_tgid)
		return 0;
	task_peer(&check, tsk);
	return ipc_error(landlock_check_chain(fs->fown_chain, &check));
}

#ifdef CONFIG_SECURITY_NETWORK

/* Whether @sk is bound to an abstract address (no file: ours to check). */
static bool is_abstract(const struct sock *const sk)
{
	const struct unix_address *addr;

	/* Pairs with the release that publishes the address at bind(2). */
	addr = smp_load_acquire(&unix_sk(sk)->addr);
	return addr && addr->len > offsetof(struct sockaddr_un, sun_path) &&
	       addr->name->sun_path[0] == '\0';
}

/*
 * Run IPC_ABSTRACT_UNIX from the current task's socket @sk to @other, a
 * live socket whose state lock the caller holds.  The peer is the
 * credentials that created @other (its file's), or the kernel for a socket
 * without a file.
 */
static int check_abstract(const struct sock *const sk,
			  struct sock *const other)
{
	struct landlock_check check = {
		.ctx.access = LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX,
		.ctx.sock_type = sk->sk_type,
		.uid = GLOBAL_ROOT_UID,
		.gid = GLOBAL_ROOT_GID,
		.ipc = true,
	};
	const struct socket *const sock = other->sk_socket;

	if (!landlock_may_check(LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX))
		return 0;
	if (!is_abstract(other))
		return 0;
	/* The file, and so its credentials, live as long as @other does. */
	if (sock && sock->file) {
		const struct cred *const cred = sock->file->f_cred;

		check.uid = cred->uid;
		check.gid = cred->gid;
		check.peer_chain = landlock_cred(cred)->chain;
	}
	if (landlock_cgroup_active())
		check.peer_in_cgroup = landlock_cgroup_holds_sock(other);
	return ipc_error(landlock_check_access(&check));
}

static int hook_unix_stream_connect(struct sock *const sock,
				    struct sock *const other,
				    struct sock *const newsk)
{
	return check_abstract(sock, other);
}

/* Datagram connect(2) and sends; not the sends to the connected peer. */
static int hook_unix_may_send(struct socket *const sock,
			      struct socket *const other)
{
	if (unix_peer(sock->sk) == other->sk)
		return 0;
	return check_abstract(sock->sk, other->sk);
}

#endif /* CONFIG_SECURITY_NETWORK */

static struct security_hook_list landlock_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_kill, hook_task_kill),
	LSM_HOOK_INIT(file_set_fowner, hook_file_set_fowner),
	LSM_HOOK_INIT(file_free_security, hook_file_free_security),
	LSM_HOOK_INIT(file_send_sigiotask, hook_file_send_sigiotask),
#ifdef CONFIG_SECURITY_NETWORK
	LSM_HOOK_INIT(unix_stream_connect, hook_unix_stream_connect),
	LSM_HOOK_INIT(unix_may_send, hook_unix_may_send),
#endif
};

/**
 * landlock_add_ipc_hooks - Register the signal and abstract unix socket hooks
 */
__init void landlock_add_ipc_hooks(void)
{
	security_add_hooks(landlock_hooks, ARRAY_SIZE(landlock_hooks),
			   &landlock_lsmid);
}
