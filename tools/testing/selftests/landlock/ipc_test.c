// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - IPC checks (ABI 2): signals, SIGIO owners included
 * (LANDLOCK_ACCESS_IPC_SIGNAL), abstract unix sockets
 * (LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX), both scoped with
 * LANDLOCK_CTX_PEER_IN_DOMAIN, and pathname unix sockets
 * (LANDLOCK_ACCESS_FS_RESOLVE_UNIX)
 *
 * Domains are built from "agents": child processes that enforce a rule (or
 * not), then carry out orders (signal this process, listen on or connect to
 * this abstract name...) and answer with an errno, so that a test can make
 * any domain act on any other.  Each test has a network namespace of its
 * own, hence its own abstract socket names.
 */

#include <bpf/libbpf.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "common.h"

#define TMP_DIR "/tmp/landlock_ipc"
#define CG_IPC "/sys/fs/cgroup/landlock_ipc"
#define CG_IPC_SUB CG_IPC "/sub"

static int errno_of(const long ret)
{
	return ret < 0 ? errno : 0;
}

/* A unix socket address: @name is a path, or an abstract name after '@'. */
static socklen_t unix_addr(struct sockaddr_un *const un,
			   const char *const name)
{
	const bool abstract = name[0] == '@';
	int len;

	memset(un, 0, sizeof(*un));
	un->sun_family = AF_UNIX;
	/* An abstract name has no final NUL; snprintf() writes one. */
	len = snprintf(un->sun_path, sizeof(un->sun_path), "%s", name);
	if (abstract)
		un->sun_path[0] = '\0';
	else
		len++;
	return offsetof(struct sockaddr_un, sun_path) + len;
}

/* A socket of @type bound to @name, listening unless datagram: fd or -1. */
static int unix_bind(const char *const name, const int type)
{
	struct sockaddr_un un;
	const socklen_t len = unix_addr(&un, name);
	const int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&un, len) ||
	    (type != SOCK_DGRAM && listen(fd, 16))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A connect(2), or a sendto(2), of a new socket of @type to @name. */
struct unix_op {
	const char *name;
	int type;
	bool send;
};

static int unix_op(const void *const arg)
{
	const struct unix_op *const op = arg;
	struct sockaddr_un un;
	const socklen_t len = unix_addr(&un, op->name);
	const int fd = socket(AF_UNIX, op->type | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return errno;
	if (op->send)
		err = errno_of(sendto(fd, "x", 1, 0, (struct sockaddr *)&un,
				      len));
	else
		err = errno_of(connect(fd, (struct sockaddr *)&un, len));
	close(fd);
	return err;
}

static int unix_connect(const char *const name, const int type)
{
	const struct unix_op op = { name, type, false };

	return unix_op(&op);
}

static int unix_sendto(const char *const name)
{
	const struct unix_op op = { name, SOCK_DGRAM, true };

	return unix_op(&op);
}

/* The datagrams queued on @fd (which it reads). */
static int drain(const int fd)
{
	char buf[16];
	int n = 0;

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

/*
 * A process that waits for a byte on *@ctl, then exits; with real and
 * effective ids @ruid and @euid unless they are -1.  Its pid, or -1.
 */
static pid_t waiter_start(int *const ctl, const int ruid, const int euid)
{
	int c[2], ready[2];
	pid_t pid;
	char x;

	if (pipe2(c, O_CLOEXEC) || pipe2(ready, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ruid >= 0 &&
		    (setgroups(0, NULL) || setresgid(ruid, euid, ruid) ||
		     setresuid(ruid, euid, ruid)))
			_exit(1);
		if (write(ready[1], ".", 1) != 1 || read(c[0], &x, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(c[0]);
	close(ready[1]);
	if (pid < 0 || read(ready[0], &x, 1) != 1) {
		close(c[1]);
		pid = -1;
	}
	close(ready[0]);
	*ctl = c[1];
	return pid;
}

/* Its exit status, or -1. */
static int waiter_stop(const pid_t pid, const int ctl)
{
	int status = -1;

	if (write(ctl, ".", 1) != 1 || waitpid(pid, &status, 0) != pid)
		return -1;
	close(ctl);
	return status;
}

/* A process to signal. */
struct target {
	pid_t pid;
	int ctl;
};

static struct target target_start(struct __test_metadata *const _metadata,
				  const int ruid, const int euid)
{
	struct target t;

	t.pid = waiter_start(&t.ctl, ruid, euid);
	EXPECT_LT(0, t.pid);
	return t;
}

static void target_stop(struct __test_metadata *const _metadata,
			const struct target *const t)
{
	EXPECT_EQ(0, waiter_stop(t->pid, t->ctl));
}

enum agent_op {
	AGENT_KILL,
	AGENT_SPAWN,
	AGENT_LISTEN,
	AGENT_CONNECT,
	AGENT_SENDTO,
	AGENT_SETOWN,
	AGENT_EXIT,
};

struct order {
	enum agent_op op;
	/* A pid, a socket type or a descriptor. */
	int arg;
	/* A signal or a pid. */
	int arg2;
	char name[32];
};

struct agent {
	pid_t pid;
	int order, report;
};

#define MAX_SPAWNED 8

static void agent_main(const int order_fd, const int report_fd,
		       const int prog, const __u64 handled, const bool drop)
{
	pid_t spawned[MAX_SPAWNED];
	int ctl[MAX_SPAWNED], nr = 0, res = 0;
	struct order o;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (drop && (setgroups(0, NULL) ||
		     setresgid(UNPRIV_GID, UNPRIV_GID, UNPRIV_GID) ||
		     setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID)))
		res = errno;
	if (!res && prog >= 0 &&
	    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	     enforce_attr(prog, handled, 0)))
		res = errno;
	if (write(report_fd, &res, sizeof(res)) != sizeof(res) || res)
		_exit(1);
	while (read(order_fd, &o, sizeof(o)) == sizeof(o)) {
		switch (o.op) {
		case AGENT_KILL:
			res = errno_of(kill(o.arg, o.arg2));
			break;
		case AGENT_SPAWN:
			res = -1;
			if (nr < MAX_SPAWNED) {
				res = waiter_start(&ctl[nr], -1, -1);
				if (res > 0)
					spawned[nr++] = res;
			}
			break;
		case AGENT_LISTEN:
			/* Kept open until the agent exits. */
			res = unix_bind(o.name, o.arg) < 0 ? errno : 0;
			break;
		case AGENT_CONNECT:
			res = unix_connect(o.name, o.arg);
			break;
		case AGENT_SENDTO:
			res = unix_sendto(o.name);
			break;
		case AGENT_SETOWN:
			res = errno_of(fcntl(o.arg, F_SETOWN, o.arg2));
			if (!res)
				res = errno_of(fcntl(o.arg, F_SETFL,
						     O_ASYNC | O_NONBLOCK));
			break;
		case AGENT_EXIT:
			res = 0;
			while (nr--)
				if (waiter_stop(spawned[nr], ctl[nr]))
					res = -1;
			if (write(report_fd, &res, sizeof(res)) != sizeof(res))
				_exit(1);
			_exit(0);
		}
		if (write(report_fd, &res, sizeof(res)) != sizeof(res))
			_exit(1);
	}
	_exit(1);
}

/*
 * An agent that enforces @prog for @handled unless @prog is -1, as uid 1000
 * if @drop.
 */
static void agent_start(struct __test_metadata *const _metadata,
			struct agent *const a, const int prog,
			const __u64 handled, const bool drop)
{
	int o[2], r[2], res = -1;

	ASSERT_EQ(0, pipe2(o, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(r, O_CLOEXEC));
	a->pid = fork();
	ASSERT_LE(0, a->pid);
	if (a->pid == 0) {
		close(o[1]);
		close(r[0]);
		agent_main(o[0], r[1], prog, handled, drop);
	}
	close(o[0]);
	close(r[1]);
	a->order = o[1];
	a->report = r[0];
	ASSERT_EQ(sizeof(res), read(a->report, &res, sizeof(res)));
	ASSERT_EQ(0, res)
	{
		TH_LOG("agent: %s", strerror(res));
	}
}

static int agent_do(struct __test_metadata *const _metadata,
		    const struct agent *const a, const enum agent_op op,
		    const int arg, const int arg2, const char *const name)
{
	struct order o = { op, arg, arg2 };
	int res = -1;

	if (name)
		snprintf(o.name, sizeof(o.name), "%s", name);
	ASSERT_EQ(sizeof(o), write(a->order, &o, sizeof(o)));
	ASSERT_EQ(sizeof(res), read(a->report, &res, sizeof(res)));
	return res;
}

static int agent_kill(struct __test_metadata *const _metadata,
		      const struct agent *const a, const pid_t pid,
		      const int sig)
{
	return agent_do(_metadata, a, AGENT_KILL, pid, sig, NULL);
}

/* A process spawned by the agent, in its domain: its pid. */
static pid_t agent_spawn(struct __test_metadata *const _metadata,
			 const struct agent *const a)
{
	const pid_t pid = agent_do(_metadata, a, AGENT_SPAWN, 0, 0, NULL);

	EXPECT_LT(0, pid);
	return pid;
}

static int agent_listen(struct __test_metadata *const _metadata,
			const struct agent *const a, const char *const name,
			const int type)
{
	return agent_do(_metadata, a, AGENT_LISTEN, type, 0, name);
}

static int agent_connect(struct __test_metadata *const _metadata,
			 const struct agent *const a, const char *const name,
			 const int type)
{
	return agent_do(_metadata, a, AGENT_CONNECT, type, 0, name);
}

static int agent_sendto(struct __test_metadata *const _metadata,
			const struct agent *const a, const char *const name)
{
	return agent_do(_metadata, a, AGENT_SENDTO, 0, 0, name);
}

static void agent_stop(struct __test_metadata *const _metadata,
		       const struct agent *const a)
{
	int status;

	EXPECT_EQ(0, agent_do(_metadata, a, AGENT_EXIT, 0, 0, NULL));
	ASSERT_EQ(a->pid, waitpid(a->pid, &status, 0));
	EXPECT_EQ(0, status);
	close(a->order);
	close(a->report);
}

static int load_rule(struct __test_metadata *const _metadata,
		     const char *const name)
{
	return load_net_rule(_metadata, name, NULL, NULL);
}

FIXTURE(ipc) {};

FIXTURE_SETUP(ipc)
{
	/* Abstract unix sockets of its own. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	/* Signals sent for real to the test's processes do no harm. */
	ASSERT_NE(SIG_ERR, signal(SIGUSR1, SIG_IGN));
	ASSERT_NE(SIG_ERR, signal(SIGUSR2, SIG_IGN));
}

FIXTURE_TEARDOWN(ipc)
{
}

/* Every way to signal another process, and what each gives. */
static void expect_signals(struct __test_metadata *const _metadata,
			   const pid_t pid, const int err)
{
	const int pidfd = syscall(__NR_pidfd_open, pid, 0);
	siginfo_t info = {
		.si_signo = SIGUSR1,
		.si_code = SI_QUEUE,
	};

	info.si_pid = getpid();
	info.si_uid = getuid();
	ASSERT_LE(0, pidfd);
	EXPECT_EQ(err, errno_of(kill(pid, SIGUSR1)));
	EXPECT_EQ(err, errno_of(kill(pid, 0)));
	EXPECT_EQ(err, errno_of(syscall(__NR_tkill, pid, SIGUSR1)));
	EXPECT_EQ(err, errno_of(syscall(__NR_tgkill, pid, pid, SIGUSR1)));
	EXPECT_EQ(err, errno_of(syscall(__NR_rt_sigqueueinfo, pid, SIGUSR1,
					&info)));
	EXPECT_EQ(err, errno_of(syscall(__NR_rt_tgsigqueueinfo, pid, pid,
					SIGUSR1, &info)));
	EXPECT_EQ(err, errno_of(syscall(__NR_pidfd_send_signal, pidfd,
					SIGUSR1, NULL, 0)));
	EXPECT_EQ(err, errno_of(syscall(__NR_pidfd_send_signal, pidfd, 0,
					NULL, 0)));
	close(pidfd);
}

/*
 * scope_signals: processes confined by the enforcement (after it) may be
 * signalled, those created before it, and unconfined ones, may not.
 */
TEST_F(ipc, signal_scope_in_out)
{
	const int prog = load_rule(_metadata, "scope_signals");
	struct target out, in;
	struct agent unconfined;

	out = target_start(_metadata, -1, -1);
	agent_start(_metadata, &unconfined, -1, 0, false);
	expect_signals(_metadata, out.pid, 0);

	enforce_handled(_metadata, prog, LANDLOCK_ACCESS_IPC_SIGNAL);
	in = target_start(_metadata, -1, -1);
	expect_signals(_metadata, in.pid, 0);
	expect_signals(_metadata, out.pid, EPERM);
	EXPECT_EQ(EPERM, errno_of(kill(unconfined.pid, 0)));
	EXPECT_EQ(EPERM, errno_of(kill(getppid(), 0)));
	/* The other way round, nothing changes. */
	EXPECT_EQ(0, agent_kill(_metadata, &unconfined, getpid(), SIGUSR1));
	EXPECT_EQ(0, agent_kill(_metadata, &unconfined, in.pid, SIGUSR1));

	target_stop(_metadata, &in);
	target_stop(_metadata, &out);
	agent_stop(_metadata, &unconfined);
}

struct kill_arg {
	pid_t pid;
	int sig;
};

static int kill_op(const void *const arg)
{
	const struct kill_arg *const k = arg;

	return errno_of(kill(k->pid, k->sig));
}

/* Signal a process spawned after the enforcement. */
static int kill_own_op(const void *const arg)
{
	int ctl, err;
	const pid_t pid = waiter_start(&ctl, -1, -1);

	if (pid < 0)
		return 100;
	err = errno_of(kill(pid, *(const int *)arg));
	return waiter_stop(pid, ctl) ? 101 : err;
}

/* The signal, the target's effective ids, and PEER_IN_DOMAIN. */
TEST_F(ipc, signal_context)
{
	/* Real ids 2000, effective ids 1000. */
	const struct target t = target_start(_metadata, 2000, UNPRIV_UID);
	struct net_rule_config cfg = {
		.access = LANDLOCK_ACCESS_IPC_SIGNAL,
		.fields = EXPECT_SIGNAL | EXPECT_UID | EXPECT_GID |
			  EXPECT_FLAGS,
		.signal = SIGUSR1,
		.uid = UNPRIV_UID,
		.gid = UNPRIV_GID,
		.flags = 0,
	};
	struct kill_arg k = { t.pid, SIGUSR1 };
	int sig = SIGUSR2;

	EXPECT_EQ(0, run_expecting(_metadata, &cfg, kill_op, &k));
	k.sig = SIGUSR2;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, kill_op, &k));
	k.sig = 0;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, kill_op, &k));
	cfg.signal = 0;
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, kill_op, &k));
	cfg.uid = 2000;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, kill_op, &k));
	cfg.uid = UNPRIV_UID;
	cfg.gid = 2000;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, kill_op, &k));
	cfg.gid = UNPRIV_GID;
	cfg.flags = LANDLOCK_CTX_PEER_IN_DOMAIN;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, kill_op, &k));

	/* A root process in the domain. */
	cfg.signal = SIGUSR2;
	cfg.uid = 0;
	cfg.gid = 0;
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, kill_own_op, &sig));
	cfg.flags = 0;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, kill_own_op, &sig));
	target_stop(_metadata, &t);
}

static int usr2_count;

static void on_usr2(int sig)
{
	__atomic_fetch_add(&usr2_count, 1, __ATOMIC_SEQ_CST);
}

struct thread_result {
	pid_t main_tid;
	int tgkill, kill, sigqueue;
};

static void *signal_main_thread(void *const arg)
{
	struct thread_result *const r = arg;
	siginfo_t info = {
		.si_signo = SIGUSR1,
		.si_code = SI_QUEUE,
	};

	info.si_pid = getpid();
	info.si_uid = getuid();
	r->tgkill = errno_of(syscall(__NR_tgkill, getpid(), r->main_tid,
				     SIGUSR2));
	r->kill = errno_of(kill(getpid(), SIGUSR1));
	r->sigqueue = errno_of(syscall(__NR_rt_tgsigqueueinfo, getpid(),
				       r->main_tid, SIGUSR1, &info));
	return NULL;
}

/* Under a rule that denies every signal, a process still signals itself. */
TEST_F(ipc, signal_own_thread_group)
{
	const struct target out = target_start(_metadata, -1, -1);
	struct thread_result r = { .main_tid = gettid() };
	const union sigval val = {};
	pthread_t thread;
	int pidfd;

	enforce_handled(_metadata, load_deny_all_prog(),
			LANDLOCK_ACCESS_IPC_SIGNAL);
	ASSERT_NE(SIG_ERR, signal(SIGUSR2, on_usr2));
	EXPECT_EQ(0, kill(getpid(), SIGUSR2));
	EXPECT_EQ(0, raise(SIGUSR2));
	EXPECT_EQ(0, kill(getpid(), 0));
	EXPECT_EQ(0, syscall(__NR_tkill, gettid(), SIGUSR1));
	EXPECT_EQ(0, sigqueue(getpid(), SIGUSR1, val));
	pidfd = syscall(__NR_pidfd_open, getpid(), 0);
	ASSERT_LE(0, pidfd);
	EXPECT_EQ(0, syscall(__NR_pidfd_send_signal, pidfd, SIGUSR1, NULL, 0));
	close(pidfd);

	/* Between threads. */
	ASSERT_EQ(0, pthread_create(&thread, NULL, signal_main_thread, &r));
	EXPECT_EQ(0, pthread_kill(thread, SIGUSR1));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(0, r.tgkill);
	EXPECT_EQ(0, r.kill);
	EXPECT_EQ(0, r.sigqueue);
	EXPECT_EQ(3, __atomic_load_n(&usr2_count, __ATOMIC_SEQ_CST));

	/* Any other process: denied. */
	EXPECT_EQ(EPERM, errno_of(kill(out.pid, 0)));
	target_stop(_metadata, &out);
}

/*
 * Siblings (the same program enforced separately) cannot signal each
 * other; in nested domains, the outer one reaches the inner one, not the
 * reverse.
 */
TEST_F(ipc, signal_nested_and_sibling)
{
	const int prog = load_rule(_metadata, "scope_signals");
	const __u64 h = LANDLOCK_ACCESS_IPC_SIGNAL;
	struct agent a, b, c, d, inner, inner2, outer_agent;
	struct target outer_t;
	pid_t pid;

	agent_start(_metadata, &a, prog, h, false);
	agent_start(_metadata, &b, prog, h, false);
	EXPECT_EQ(EPERM, agent_kill(_metadata, &a, b.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &b, a.pid, SIGUSR1));
	pid = agent_spawn(_metadata, &a);
	EXPECT_EQ(0, agent_kill(_metadata, &a, pid, SIGUSR1));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &b, pid, 0));
	EXPECT_EQ(0, kill(pid, 0));
	EXPECT_EQ(0, kill(a.pid, SIGUSR1));
	/* Without the rule, they could. */
	agent_start(_metadata, &c, -1, 0, false);
	agent_start(_metadata, &d, -1, 0, false);
	EXPECT_EQ(0, agent_kill(_metadata, &c, d.pid, SIGUSR1));
	agent_stop(_metadata, &a);
	agent_stop(_metadata, &b);
	agent_stop(_metadata, &c);
	agent_stop(_metadata, &d);

	/* The test is the outer domain, the agents enforce again. */
	enforce_handled(_metadata, dup(prog), h);
	outer_t = target_start(_metadata, -1, -1);
	agent_start(_metadata, &inner, prog, h, false);
	agent_start(_metadata, &inner2, prog, h, false);
	agent_start(_metadata, &outer_agent, -1, 0, false);
	pid = agent_spawn(_metadata, &inner);
	EXPECT_EQ(0, agent_kill(_metadata, &inner, pid, SIGUSR1));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &inner, outer_t.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &inner, outer_agent.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &inner, getpid(), 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &inner, inner2.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &inner2, inner.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &inner2, pid, 0));
	/* Downwards. */
	EXPECT_EQ(0, kill(inner.pid, SIGUSR1));
	EXPECT_EQ(0, kill(pid, SIGUSR1));
	EXPECT_EQ(0, kill(outer_t.pid, SIGUSR1));
	EXPECT_EQ(0, agent_kill(_metadata, &outer_agent, inner.pid, SIGUSR1));
	EXPECT_EQ(0, agent_kill(_metadata, &outer_agent, pid, 0));
	EXPECT_EQ(0, agent_kill(_metadata, &outer_agent, getpid(), 0));
	agent_stop(_metadata, &inner);
	agent_stop(_metadata, &inner2);
	agent_stop(_metadata, &outer_agent);
	target_stop(_metadata, &outer_t);
	close(prog);
}

/*
 * A process that blocks SIGIO, waits for a byte on its pipe, then tells
 * whether a SIGIO is pending or comes within 200 ms.
 */
struct owner {
	pid_t pid;
	int ctl, report;
};

static void owner_start(struct __test_metadata *const _metadata,
			struct owner *const o)
{
	int c[2], r[2];
	char x;

	ASSERT_EQ(0, pipe2(c, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(r, O_CLOEXEC));
	o->pid = fork();
	ASSERT_LE(0, o->pid);
	if (o->pid == 0) {
		const struct timespec timeout = { .tv_nsec = 200000000 };
		sigset_t set;
		char got;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		sigemptyset(&set);
		sigaddset(&set, SIGIO);
		if (sigprocmask(SIG_BLOCK, &set, NULL) ||
		    write(r[1], ".", 1) != 1 || read(c[0], &x, 1) != 1)
			_exit(1);
		got = sigtimedwait(&set, NULL, &timeout) == SIGIO;
		_exit(write(r[1], &got, 1) != 1);
	}
	close(c[0]);
	close(r[1]);
	o->ctl = c[1];
	o->report = r[0];
	ASSERT_EQ(1, read(o->report, &x, 1));
}

static bool owner_got_sigio(struct __test_metadata *const _metadata,
			    const struct owner *const o)
{
	char got = 0;
	int status;

	ASSERT_EQ(1, write(o->ctl, ".", 1));
	ASSERT_EQ(1, read(o->report, &got, 1));
	ASSERT_EQ(o->pid, waitpid(o->pid, &status, 0));
	EXPECT_EQ(0, status);
	close(o->ctl);
	close(o->report);
	return got;
}

/* A pipe whose read end sends SIGIO to @owner when written to. */
static void sigio_pipe(struct __test_metadata *const _metadata, int p[2],
		       const pid_t owner)
{
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	if (owner) {
		ASSERT_EQ(0, fcntl(p[0], F_SETOWN, owner));
		ASSERT_EQ(0, fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK));
	}
}

/*
 * A SIGIO is judged by the rules of the task that set the owner
 * (F_SETOWN), as they were then: an owner outside its domain just gets no
 * signal.
 */
TEST_F(ipc, sigio_fsetown_outside_domain)
{
	const int prog = load_rule(_metadata, "scope_signals");
	const struct timespec timeout = { .tv_nsec = 200000000 };
	struct owner w1, w2, w3, w4, w5;
	int p1[2], p2[2], p3[2], p4[2], p5[2], p6[2];
	struct agent setter;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	owner_start(_metadata, &w1);
	owner_start(_metadata, &w2);
	owner_start(_metadata, &w3);
	owner_start(_metadata, &w4);

	/* Unconfined: delivered. */
	sigio_pipe(_metadata, p1, w1.pid);
	EXPECT_EQ(1, write(p1[1], "x", 1));
	EXPECT_TRUE(owner_got_sigio(_metadata, &w1));

	/* Set by a confined task, raised by an unconfined one: not sent. */
	sigio_pipe(_metadata, p3, 0);
	agent_start(_metadata, &setter, prog, LANDLOCK_ACCESS_IPC_SIGNAL,
		    false);
	EXPECT_EQ(0, agent_do(_metadata, &setter, AGENT_SETOWN, p3[0], w3.pid,
			      NULL));
	EXPECT_EQ(1, write(p3[1], "x", 1));
	EXPECT_FALSE(owner_got_sigio(_metadata, &w3));
	agent_stop(_metadata, &setter);

	/* Set before the enforcement: judged as it was then. */
	sigio_pipe(_metadata, p2, w2.pid);
	enforce_handled(_metadata, dup(prog), LANDLOCK_ACCESS_IPC_SIGNAL);
	EXPECT_EQ(1, write(p2[1], "x", 1));
	EXPECT_TRUE(owner_got_sigio(_metadata, &w2));

	/* Outside the domain: no error, no signal. */
	sigio_pipe(_metadata, p4, w4.pid);
	EXPECT_EQ(1, write(p4[1], "x", 1));
	EXPECT_FALSE(owner_got_sigio(_metadata, &w4));

	/* In the domain: delivered. */
	owner_start(_metadata, &w5);
	sigio_pipe(_metadata, p5, w5.pid);
	EXPECT_EQ(1, write(p5[1], "x", 1));
	EXPECT_TRUE(owner_got_sigio(_metadata, &w5));

	/* The setter's own process: delivered. */
	sigio_pipe(_metadata, p6, getpid());
	EXPECT_EQ(1, write(p6[1], "x", 1));
	EXPECT_EQ(SIGIO, sigtimedwait(&set, NULL, &timeout));
	close(prog);
}

/*
 * scope_abstract_unix: sockets created after the enforcement, by the same
 * process or its children, may be reached; those created before it, or by
 * unconfined processes, may not.
 */
TEST_F(ipc, abstract_scope_in_out)
{
	const int prog = load_rule(_metadata, "scope_abstract_unix");
	const int out_s = unix_bind("@out_s", SOCK_STREAM);
	const int out_q = unix_bind("@out_q", SOCK_SEQPACKET);
	const int out_d = unix_bind("@out_d", SOCK_DGRAM);
	struct agent unconfined, child;
	int in_s, in_q, in_d;

	ASSERT_LE(0, out_s);
	ASSERT_LE(0, out_q);
	ASSERT_LE(0, out_d);
	agent_start(_metadata, &unconfined, -1, 0, false);
	EXPECT_EQ(0, agent_listen(_metadata, &unconfined, "@unc_s",
				  SOCK_STREAM));
	EXPECT_EQ(0, unix_connect("@out_s", SOCK_STREAM));
	EXPECT_EQ(0, unix_connect("@unc_s", SOCK_STREAM));

	enforce_handled(_metadata, prog, LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX);
	in_s = unix_bind("@in_s", SOCK_STREAM);
	in_q = unix_bind("@in_q", SOCK_SEQPACKET);
	in_d = unix_bind("@in_d", SOCK_DGRAM);
	ASSERT_LE(0, in_s);
	ASSERT_LE(0, in_q);
	ASSERT_LE(0, in_d);
	agent_start(_metadata, &child, -1, 0, false);
	EXPECT_EQ(0, agent_listen(_metadata, &child, "@child_s", SOCK_STREAM));

	/* In the domain. */
	EXPECT_EQ(0, unix_connect("@in_s", SOCK_STREAM));
	EXPECT_EQ(0, unix_connect("@in_q", SOCK_SEQPACKET));
	EXPECT_EQ(0, unix_connect("@in_d", SOCK_DGRAM));
	EXPECT_EQ(0, unix_sendto("@in_d"));
	EXPECT_EQ(0, unix_connect("@child_s", SOCK_STREAM));
	EXPECT_EQ(0, agent_connect(_metadata, &child, "@in_s", SOCK_STREAM));
	/* Outside. */
	EXPECT_EQ(EPERM, unix_connect("@out_s", SOCK_STREAM));
	EXPECT_EQ(EPERM, unix_connect("@out_q", SOCK_SEQPACKET));
	EXPECT_EQ(EPERM, unix_connect("@out_d", SOCK_DGRAM));
	EXPECT_EQ(EPERM, unix_sendto("@out_d"));
	EXPECT_EQ(EPERM, unix_connect("@unc_s", SOCK_STREAM));
	EXPECT_EQ(EPERM, agent_connect(_metadata, &child, "@out_s",
				       SOCK_STREAM));
	EXPECT_EQ(EPERM, agent_sendto(_metadata, &child, "@out_d"));
	/* The unconfined are not restricted. */
	EXPECT_EQ(0, agent_connect(_metadata, &unconfined, "@in_s",
				   SOCK_STREAM));
	/* Only the datagrams sent in the domain arrived. */
	EXPECT_EQ(0, drain(out_d));
	EXPECT_EQ(1, drain(in_d));

	agent_stop(_metadata, &child);
	agent_stop(_metadata, &unconfined);
	close(in_s);
	close(in_q);
	close(in_d);
	close(out_s);
	close(out_q);
	close(out_d);
}

/* A connected datagram socket: sends without an address are not checked. */
TEST_F(ipc, abstract_connected_dgram_send)
{
	const int out_d = unix_bind("@out_d", SOCK_DGRAM);
	const int out_d2 = unix_bind("@out_d2", SOCK_DGRAM);
	const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un un;
	socklen_t len;

	ASSERT_LE(0, out_d);
	ASSERT_LE(0, out_d2);
	ASSERT_LE(0, fd);
	len = unix_addr(&un, "@out_d");
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&un, len));
	enforce_handled(_metadata, load_deny_all_prog(),
			LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX);
	EXPECT_EQ(1, send(fd, "x", 1, 0));
	EXPECT_EQ(1, write(fd, "x", 1));
	len = unix_addr(&un, "@out_d2");
	EXPECT_EQ(-1, sendto(fd, "x", 1, 0, (struct sockaddr *)&un, len));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(EPERM, unix_sendto("@out_d"));
	EXPECT_EQ(2, drain(out_d));
	EXPECT_EQ(0, drain(out_d2));
	close(fd);
	close(out_d);
	close(out_d2);
}

TEST_F(ipc, abstract_nested_and_sibling)
{
	const int prog = load_rule(_metadata, "scope_abstract_unix");
	const __u64 h = LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX;
	struct agent a, b, inner, inner2;
	int outer_s;

	/* Siblings. */
	agent_start(_metadata, &a, prog, h, false);
	agent_start(_metadata, &b, prog, h, false);
	EXPECT_EQ(0, agent_listen(_metadata, &a, "@a_s", SOCK_STREAM));
	EXPECT_EQ(0, agent_listen(_metadata, &a, "@a_d", SOCK_DGRAM));
	EXPECT_EQ(0, agent_connect(_metadata, &a, "@a_s", SOCK_STREAM));
	EXPECT_EQ(0, agent_sendto(_metadata, &a, "@a_d"));
	EXPECT_EQ(EPERM, agent_connect(_metadata, &b, "@a_s", SOCK_STREAM));
	EXPECT_EQ(EPERM, agent_sendto(_metadata, &b, "@a_d"));
	EXPECT_EQ(0, unix_connect("@a_s", SOCK_STREAM));

	/* Nested: the test is the outer domain. */
	enforce_handled(_metadata, dup(prog), h);
	outer_s = unix_bind("@outer_s", SOCK_STREAM);
	ASSERT_LE(0, outer_s);
	agent_start(_metadata, &inner, prog, h, false);
	agent_start(_metadata, &inner2, prog, h, false);
	EXPECT_EQ(0, agent_listen(_metadata, &inner, "@inner_s", SOCK_STREAM));
	EXPECT_EQ(0, unix_connect("@inner_s", SOCK_STREAM));
	EXPECT_EQ(EPERM, agent_connect(_metadata, &inner, "@outer_s",
				       SOCK_STREAM));
	EXPECT_EQ(EPERM, agent_connect(_metadata, &inner2, "@inner_s",
				       SOCK_STREAM));
	/* A sibling's socket is outside the test's domain too. */
	EXPECT_EQ(EPERM, unix_connect("@a_s", SOCK_STREAM));

	agent_stop(_metadata, &a);
	agent_stop(_metadata, &b);
	agent_stop(_metadata, &inner);
	agent_stop(_metadata, &inner2);
	close(outer_s);
	close(prog);
}

/* Make a socket bound after the enforcement, and connect to it. */
static int connect_own_op(const void *const arg)
{
	const int type = *(const int *)arg;
	const int fd = unix_bind("@own", type);
	int err;

	if (fd < 0)
		return 100;
	err = unix_connect("@own", type);
	close(fd);
	return err;
}

/*
 * The caller's socket type, the ids of the peer socket's creator, and
 * PEER_IN_DOMAIN.
 */
TEST_F(ipc, abstract_context)
{
	const struct unix_op user_s = { "@user_s", SOCK_STREAM, false };
	const struct unix_op user_d = { "@user_d", SOCK_DGRAM, true };
	const struct unix_op user_dc = { "@user_d", SOCK_DGRAM, false };
	struct net_rule_config cfg = {
		.access = LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX,
		.fields = EXPECT_SOCK_TYPE | EXPECT_UID | EXPECT_GID |
			  EXPECT_FLAGS,
		.sock_type = SOCK_STREAM,
		.uid = UNPRIV_UID,
		.gid = UNPRIV_GID,
		.flags = 0,
	};
	int type = SOCK_SEQPACKET;
	struct agent user;

	/* Sockets created by uid 1000. */
	agent_start(_metadata, &user, -1, 0, true);
	ASSERT_EQ(0, agent_listen(_metadata, &user, "@user_s", SOCK_STREAM));
	ASSERT_EQ(0, agent_listen(_metadata, &user, "@user_d", SOCK_DGRAM));

	EXPECT_EQ(0, run_expecting(_metadata, &cfg, unix_op, &user_s));
	cfg.uid = 0;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, unix_op, &user_s));
	cfg.uid = UNPRIV_UID;
	cfg.gid = 0;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, unix_op, &user_s));
	cfg.gid = UNPRIV_GID;
	cfg.flags = LANDLOCK_CTX_PEER_IN_DOMAIN;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, unix_op, &user_s));
	cfg.flags = 0;
	cfg.sock_type = SOCK_DGRAM;
	EXPECT_EQ(EPERM, run_expecting(_metadata, &cfg, unix_op, &user_s));
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, unix_op, &user_d));
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, unix_op, &user_dc));

	/* Created in the domain, by root. */
	cfg.sock_type = SOCK_SEQPACKET;
	cfg.uid = 0;
	cfg.gid = 0;
	cfg.flags = LANDLOCK_CTX_PEER_IN_DOMAIN;
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, connect_own_op, &type));
	cfg.flags = 0;
	EXPECT_EQ(EPERM,
		  run_expecting(_metadata, &cfg, connect_own_op, &type));
	agent_stop(_metadata, &user);
}

/* Pathname sockets */

/*
 * A tmpfs in a private mount namespace as the current directory, with
 * sockets beneath a/ (granted by the tests) and b/ (not).
 */
struct unix_tree {
	int fds[8];
};

static void unix_tree_setup(struct __test_metadata *const _metadata,
			    struct unix_tree *const t)
{
	static const struct {
		const char *path;
		int type;
	} sockets[] = {
		{ "a/s", SOCK_STREAM },	   { "a/sub/s", SOCK_STREAM },
		{ "a/q", SOCK_SEQPACKET }, { "a/d", SOCK_DGRAM },
		{ "b/s", SOCK_STREAM },	   { "b/q", SOCK_SEQPACKET },
		{ "b/d", SOCK_DGRAM },	   { "b/d2", SOCK_DGRAM },
	};
	size_t i;

	enter_tmpfs(_metadata, TMP_DIR, "mode=0755");
	ASSERT_EQ(0, mkdir("a", 0755));
	ASSERT_EQ(0, mkdir("a/sub", 0755));
	ASSERT_EQ(0, mkdir("b", 0755));
	for (i = 0; i < ARRAY_SIZE(sockets); i++) {
		t->fds[i] = unix_bind(sockets[i].path, sockets[i].type);
		ASSERT_LE(0, t->fds[i])
		{
			TH_LOG("%s: %s", sockets[i].path, strerror(errno));
		}
	}
}

/* The a/d, b/d and b/d2 sockets. */
#define A_D(t) ((t)->fds[3])
#define B_D(t) ((t)->fds[6])
#define B_D2(t) ((t)->fds[7])

static int unix_beneath_a(struct __test_metadata *const _metadata)
{
	int map;
	const int prog = load_net_rule(_metadata, "unix_beneath", NULL, &map);

	grant(_metadata, map, "a", 1);
	close(map);
	return prog;
}

/*
 * connect(2) of every type of unix socket to a pathname socket is a
 * FS_RESOLVE_UNIX check on the socket file: an inode map grants it
 * beneath a directory.
 */
TEST_F(ipc, unix_connect_beneath_dir)
{
	static const struct {
		struct unix_op op;
		int err;
	} cases[] = {
		{ { "a/s", SOCK_STREAM }, 0 },
		{ { "a/sub/s", SOCK_STREAM }, 0 },
		{ { TMP_DIR "/a/sub/s", SOCK_STREAM }, 0 },
		{ { "a/q", SOCK_SEQPACKET }, 0 },
		{ { "a/d", SOCK_DGRAM }, 0 },
		{ { "b/s", SOCK_STREAM }, EACCES },
		{ { TMP_DIR "/b/s", SOCK_STREAM }, EACCES },
		{ { "a/../b/s", SOCK_STREAM }, EACCES },
		{ { "b/q", SOCK_SEQPACKET }, EACCES },
		{ { "b/d", SOCK_DGRAM }, EACCES },
	};
	const struct unix_op b_s = { "b/s", SOCK_STREAM };
	struct unix_tree t;
	size_t i;
	int prog;

	unix_tree_setup(_metadata, &t);
	prog = unix_beneath_a(_metadata);
	ASSERT_LE(0, prog);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(0, unix_op(&cases[i].op));
		EXPECT_EQ(cases[i].err,
			  run_confined(_metadata, prog,
				       LANDLOCK_ACCESS_FS_RESOLVE_UNIX,
				       unix_op, &cases[i].op))
		{
			TH_LOG("%s", cases[i].op.name);
		}
	}
	/* Enforced with the plain call, for ABI 1's rights: never run. */
	EXPECT_EQ(0, run_confined(_metadata, prog, 0, unix_op, &b_s));
	EXPECT_EQ(0, run_confined(_metadata, prog, ACCESS_ABI1, unix_op, &b_s));
	close(prog);
}

static void connected_dgram_child(struct __test_metadata *const _metadata,
				  const int prog)
{
	const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un un;
	socklen_t len;

	ASSERT_LE(0, fd);
	len = unix_addr(&un, "b/d");
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&un, len));
	enforce_handled(_metadata, dup(prog), LANDLOCK_ACCESS_FS_RESOLVE_UNIX);
	EXPECT_EQ(1, send(fd, "x", 1, 0));
	len = unix_addr(&un, "b/d2");
	EXPECT_EQ(-1, sendto(fd, "x", 1, 0, (struct sockaddr *)&un, len));
	EXPECT_EQ(EACCES, errno);
	len = unix_addr(&un, "a/d");
	EXPECT_EQ(1, sendto(fd, "x", 1, 0, (struct sockaddr *)&un, len));
}

/* A datagram sent with an address: the same check. */
TEST_F(ipc, unix_dgram_sendto_beneath_dir)
{
	const struct unix_op a_d = { "a/d", SOCK_DGRAM, true };
	const struct unix_op b_d = { "b/d", SOCK_DGRAM, true };
	const __u64 h = LANDLOCK_ACCESS_FS_RESOLVE_UNIX;
	struct unix_tree t;
	int prog;

	unix_tree_setup(_metadata, &t);
	prog = unix_beneath_a(_metadata);
	ASSERT_LE(0, prog);
	EXPECT_EQ(0, unix_op(&a_d));
	EXPECT_EQ(0, unix_op(&b_d));
	EXPECT_EQ(0, run_confined(_metadata, prog, h, unix_op, &a_d));
	EXPECT_EQ(EACCES, run_confined(_metadata, prog, h, unix_op, &b_d));
	IN_CHILD(connected_dgram_child(_metadata, prog));
	/* What was allowed arrived, nothing else. */
	EXPECT_EQ(3, drain(A_D(&t)));
	EXPECT_EQ(2, drain(B_D(&t)));
	EXPECT_EQ(0, drain(B_D2(&t)));
	close(prog);
}

/* The object is the socket file: its mode and owner; the caller's type. */
TEST_F(ipc, unix_resolve_context)
{
	const struct unix_op b_s = { "b/s", SOCK_STREAM, false };
	const struct unix_op b_d = { "b/d", SOCK_DGRAM, true };
	struct net_rule_config cfg = {
		.access = LANDLOCK_ACCESS_FS_RESOLVE_UNIX,
		.fields = EXPECT_MODE | EXPECT_UID | EXPECT_GID |
			  EXPECT_SOCK_TYPE,
		.mode = S_IFSOCK | 0750,
		.uid = UNPRIV_UID,
		.gid = UNPRIV_GID,
		.sock_type = SOCK_STREAM,
	};
	struct unix_tree t;

	unix_tree_setup(_metadata, &t);
	ASSERT_EQ(0, chown("b/s", UNPRIV_UID, UNPRIV_GID));
	ASSERT_EQ(0, chmod("b/s", 0750));
	ASSERT_EQ(0, chown("b/d", UNPRIV_UID, 0));
	ASSERT_EQ(0, chmod("b/d", 0640));

	EXPECT_EQ(0, run_expecting(_metadata, &cfg, unix_op, &b_s));
	cfg.mode = S_IFSOCK | 0755;
	EXPECT_EQ(EACCES, run_expecting(_metadata, &cfg, unix_op, &b_s));
	cfg.mode = S_IFSOCK | 0750;
	cfg.uid = 0;
	EXPECT_EQ(EACCES, run_expecting(_metadata, &cfg, unix_op, &b_s));
	cfg.uid = UNPRIV_UID;
	cfg.gid = 0;
	EXPECT_EQ(EACCES, run_expecting(_metadata, &cfg, unix_op, &b_s));
	cfg.gid = UNPRIV_GID;
	cfg.sock_type = SOCK_SEQPACKET;
	EXPECT_EQ(EACCES, run_expecting(_metadata, &cfg, unix_op, &b_s));

	cfg.mode = S_IFSOCK | 0640;
	cfg.gid = 0;
	cfg.sock_type = SOCK_DGRAM;
	EXPECT_EQ(0, run_expecting(_metadata, &cfg, unix_op, &b_d));
	cfg.sock_type = SOCK_STREAM;
	EXPECT_EQ(EACCES, run_expecting(_metadata, &cfg, unix_op, &b_d));
}

static int socketpair_op(const void *const arg)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return errno;
	close(sv[0]);
	close(sv[1]);
	return 0;
}

/*
 * Pathname sockets are FS_RESOLVE_UNIX checks, abstract ones
 * IPC_ABSTRACT_UNIX checks, unnamed ones neither; the SOCK_* rights are for
 * IP sockets.
 */
TEST_F(ipc, unix_checks_by_address_kind)
{
	const struct unix_op path = { "a/s", SOCK_STREAM, false };
	const struct unix_op path_d = { "a/d", SOCK_DGRAM, true };
	const struct unix_op abstract = { "@abs", SOCK_STREAM, false };
	const int deny = load_deny_all_prog();
	const __u64 sock = LANDLOCK_ACCESS_SOCK_BIND |
			   LANDLOCK_ACCESS_SOCK_CONNECT |
			   LANDLOCK_ACCESS_SOCK_SENDTO;
	struct unix_tree t;
	int abs;

	ASSERT_LE(0, deny);
	unix_tree_setup(_metadata, &t);
	abs = unix_bind("@abs", SOCK_STREAM);
	ASSERT_LE(0, abs);

	EXPECT_EQ(EACCES, run_confined(_metadata, deny,
				       LANDLOCK_ACCESS_FS_RESOLVE_UNIX,
				       unix_op, &path));
	EXPECT_EQ(0, run_confined(_metadata, deny,
				  LANDLOCK_ACCESS_FS_RESOLVE_UNIX, unix_op,
				  &abstract));
	EXPECT_EQ(0, run_confined(_metadata, deny,
				  LANDLOCK_ACCESS_FS_RESOLVE_UNIX,
				  socketpair_op, NULL));
	EXPECT_EQ(EPERM, run_confined(_metadata, deny,
				      LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX,
				      unix_op, &abstract));
	EXPECT_EQ(0, run_confined(_metadata, deny,
				  LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX, unix_op,
				  &path));
	EXPECT_EQ(0, run_confined(_metadata, deny,
				  LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX, unix_op,
				  &path_d));
	EXPECT_EQ(0, run_confined(_metadata, deny,
				  LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX,
				  socketpair_op, NULL));
	EXPECT_EQ(0, run_confined(_metadata, deny, sock, unix_op, &path));
	EXPECT_EQ(0, run_confined(_metadata, deny, sock, unix_op, &path_d));
	EXPECT_EQ(0, run_confined(_metadata, deny, sock, unix_op, &abstract));
	close(abs);
	close(deny);
}

/*
 * A cgroup program's PEER_IN_DOMAIN: the target is in the sender's cgroup
 * or below it.
 */
TEST_F(ipc, cgroup_signal_peer_in_domain)
{
	const int prog = load_rule(_metadata, "scope_signals");
	struct target x, y, z;
	struct agent s, s_sub;

	rmdir(CG_IPC_SUB);
	rmdir(CG_IPC);
	ASSERT_EQ(0, mkdir(CG_IPC, 0755));
	ASSERT_EQ(0, mkdir(CG_IPC_SUB, 0755));
	ASSERT_EQ(0, cgroup_attach(CG_IPC, prog))
	{
		TH_LOG("attach: %s", strerror(errno));
	}
	z = target_start(_metadata, -1, -1);
	x = target_start(_metadata, -1, -1);
	y = target_start(_metadata, -1, -1);
	cgroup_move(_metadata, CG_IPC, z.pid);
	cgroup_move(_metadata, CG_IPC_SUB, x.pid);
	/* Unconfined agents: only their cgroup's program applies. */
	agent_start(_metadata, &s, -1, 0, false);
	agent_start(_metadata, &s_sub, -1, 0, false);
	EXPECT_EQ(0, agent_kill(_metadata, &s, y.pid, 0));
	cgroup_move(_metadata, CG_IPC, s.pid);
	cgroup_move(_metadata, CG_IPC_SUB, s_sub.pid);

	EXPECT_EQ(0, agent_kill(_metadata, &s, z.pid, SIGUSR1));
	EXPECT_EQ(0, agent_kill(_metadata, &s, x.pid, SIGUSR1));
	EXPECT_EQ(0, agent_kill(_metadata, &s, s_sub.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &s, y.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &s, getpid(), 0));
	EXPECT_EQ(0, agent_kill(_metadata, &s_sub, x.pid, SIGUSR1));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &s_sub, z.pid, 0));
	EXPECT_EQ(EPERM, agent_kill(_metadata, &s_sub, s.pid, 0));
	/* Outside the cgroup, nothing is checked. */
	EXPECT_EQ(0, kill(s.pid, 0));
	EXPECT_EQ(0, kill(x.pid, SIGUSR1));

	agent_stop(_metadata, &s);
	agent_stop(_metadata, &s_sub);
	target_stop(_metadata, &x);
	target_stop(_metadata, &y);
	target_stop(_metadata, &z);
	EXPECT_EQ(0, rmdir(CG_IPC_SUB));
	EXPECT_EQ(0, rmdir(CG_IPC));
	close(prog);
}

static void unpriv_signal_user(struct __test_metadata *const _metadata,
			       const pid_t out)
{
	/* Loaded without privileges. */
	const int prog = load_rule(_metadata, "scope_signals");
	struct target in;

	EXPECT_EQ(0, kill(out, SIGUSR1));
	enforce_handled(_metadata, prog, LANDLOCK_ACCESS_IPC_SIGNAL);
	in = target_start(_metadata, -1, -1);
	EXPECT_EQ(0, kill(in.pid, SIGUSR1));
	EXPECT_EQ(EPERM, errno_of(kill(out, SIGUSR1)));
	EXPECT_EQ(EPERM, errno_of(kill(out, 0)));
	target_stop(_metadata, &in);
}

/* An unprivileged user scopes its signals to its own sandbox. */
TEST_F(ipc, unpriv_signal_scope)
{
	/* Of the same user: allowed without the rule. */
	const struct target out = target_start(_metadata, UNPRIV_UID,
					       UNPRIV_UID);
	struct unpriv_sysctls saved;

	unpriv_sysctls_set(_metadata, &saved);
	AS_USER(unpriv_signal_user(_metadata, out.pid));
	unpriv_sysctls_restore(_metadata, &saved);
	target_stop(_metadata, &out);
}

TEST_HARNESS_MAIN
