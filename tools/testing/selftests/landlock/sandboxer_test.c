// SPDX-License-Identifier: GPL-2.0
/*
 * The sandboxer sample (samples/landlock/), as its users run it: what it
 * grants and denies, each bad input (exit status 2, a message naming the
 * problem, the command not run), the variables of the former ruleset
 * sample, and the options a declarative ruleset cannot express.
 *
 * The network, socket and IPC options need Landlock ABI 2, which this
 * kernel has.  What a sandboxed command does for them, this binary does
 * too: "sandboxer_test helper OP ARG..." (see helper() below).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <signal.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_ARGS 32

/* The helper, as a command line of the sandboxer: "%" is its directory. */
#define HELPER "%/sandboxer_test", "helper"

/* Ports with a listener (connect tests) and free ones (bind tests). */
#define PORT1 14100
#define PORT2 14101
#define BIND_PORT1 14200
#define BIND_PORT2 14201
#define STR(x) #x
#define XSTR(x) STR(x)
#define P1 XSTR(PORT1)
#define P2 XSTR(PORT2)
#define BP1 XSTR(BIND_PORT1)
#define BP2 XSTR(BIND_PORT2)

/*
 * Runs the sandboxer with @args (NULL-terminated; in an argument, "@"
 * stands for @dir and "%" for the directory of the test binaries),
 * as @uid, with @env (or PATH only).  Returns its exit status and fills
 * @err with what it and the command wrote.
 */
static int run(const char *dir, uid_t uid, char *const env[], char *err,
	       size_t err_size, const char *const args[])
{
	static char storage[MAX_ARGS][PATH_MAX];
	static char *const default_env[] = { "PATH=/bin", NULL };
	char *argv[MAX_ARGS + 2] = { "sandboxer" };
	char self[PATH_MAX];
	int pipefd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	snprintf(self, sizeof(self), "%s", bin_path(""));
	self[strlen(self) - 1] = '\0';
	for (int i = 0; args[i]; i++) {
		char *out = storage[i], *end = storage[i] + PATH_MAX - 1;

		for (const char *c = args[i]; *c && out < end; c++) {
			const char *sub = *c == '@' ? dir : *c == '%' ? self : NULL;

			if (!sub) {
				*out++ = *c;
				continue;
			}
			out += snprintf(out, end - out, "%s", sub);
			if (out > end)
				out = end;
		}
		*out = '\0';
		argv[i + 1] = storage[i];
	}
	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pipefd[0]);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(250);
		execve(bin_path("sandboxer"), argv, env ? env : default_env);
		_exit(251);
	}
	close(pipefd[1]);
	while (len + 1 < err_size &&
	       (n = read(pipefd[0], err + len, err_size - len - 1)) > 0)
		len += n;
	err[len] = '\0';
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

#define SANDBOX(...)                                                         \
	run(self->dir, 0, NULL, self->err, sizeof(self->err),                 \
	    (const char *const[]){ __VA_ARGS__, NULL })

/* The same, with the environment @env. */
#define SANDBOX_ENV(env, ...)                                                \
	run(self->dir, 0, env, self->err, sizeof(self->err),                  \
	    (const char *const[]){ __VA_ARGS__, NULL })

union sock_addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_un un;
};

/* A numeric IPv4 or IPv6 address and a port; returns the length or 0. */
static socklen_t ip_addr(union sock_addr *a, const char *host,
			 const char *port)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, host, &a->in.sin_addr) == 1) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons(atoi(port));
		return sizeof(a->in);
	}
	if (inet_pton(AF_INET6, host, &a->in6.sin6_addr) == 1) {
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_port = htons(atoi(port));
		return sizeof(a->in6);
	}
	return 0;
}

/* A unix socket address: a path, or an abstract name. */
static socklen_t unix_addr(union sock_addr *a, const char *name,
			   bool abstract)
{
	const size_t len = strlen(name);

	memset(a, 0, sizeof(*a));
	a->un.sun_family = AF_UNIX;
	if (len + abstract >= sizeof(a->un.sun_path))
		return 0;
	memcpy(a->un.sun_path + abstract, name, len);
	if (!abstract)
		return sizeof(a->un);
	return offsetof(struct sockaddr_un, sun_path) + 1 + len;
}

/* What the operations below return on a helper's own failure. */
#define HELPER_ERROR 254

/*
 * sandboxer_test helper OP ARG...: do OP, and exit with 0 if it
 * succeeded, else with its errno, as open_helper does:
 *
 * connect HOST PORT      connect(2) a TCP socket (HOST numeric, v4 or v6)
 * fastopen HOST PORT     sendto(2) with MSG_FASTOPEN on a TCP socket
 * connect-udp HOST PORT  connect(2) a UDP socket
 * bind PORT              bind(2) a TCP socket to 0.0.0.0:PORT
 * bind-udp PORT          the same, UDP
 * bind-mptcp PORT        the same, MPTCP
 * socket raw|raw6|packet|tcp
 *                        socket(2): raw ICMP, raw ICMPv6, packet, TCP
 * kill PID SIG           kill(2)
 * kill-parent            kill(getppid(), 0)
 * kill-child             kill a child of its own with SIGTERM
 * unix PATH              connect(2) a stream unix socket to PATH
 * unix-dgram PATH        sendto(2) a datagram to PATH
 * abstract NAME          connect(2) to the abstract unix socket NAME
 * abstract-dgram NAME    sendto(2) a datagram to it
 * abstract-self NAME     listen on NAME itself, then connect to it
 */
static int helper(int argc, char **argv)
{
	const char *const op = argc > 0 ? argv[0] : "";
	union sock_addr a;
	socklen_t len;
	int fd, res;

	if (argc == 3 && !strcmp(op, "connect")) {
		len = ip_addr(&a, argv[1], argv[2]);
		fd = socket(a.sa.sa_family, SOCK_STREAM, 0);
		res = connect(fd, &a.sa, len);
	} else if (argc == 3 && !strcmp(op, "fastopen")) {
		len = ip_addr(&a, argv[1], argv[2]);
		fd = socket(a.sa.sa_family, SOCK_STREAM, 0);
		res = sendto(fd, "x", 1, MSG_FASTOPEN, &a.sa, len) < 0 ? -1 : 0;
	} else if (argc == 3 && !strcmp(op, "connect-udp")) {
		len = ip_addr(&a, argv[1], argv[2]);
		fd = socket(a.sa.sa_family, SOCK_DGRAM, 0);
		res = connect(fd, &a.sa, len);
	} else if (argc == 2 && !strncmp(op, "bind", 4)) {
		const bool mptcp = !strcmp(op, "bind-mptcp");
		const bool udp = !strcmp(op, "bind-udp");

		len = ip_addr(&a, "0.0.0.0", argv[1]);
		fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM,
			    mptcp ? IPPROTO_MPTCP : 0);
		if (fd < 0)
			return errno;
		res = bind(fd, &a.sa, len);
	} else if (argc == 2 && !strcmp(op, "socket")) {
		if (!strcmp(argv[1], "raw"))
			fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
		else if (!strcmp(argv[1], "raw6"))
			fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
		else if (!strcmp(argv[1], "packet"))
			fd = socket(AF_PACKET, SOCK_DGRAM, 0);
		else
			fd = socket(AF_INET, SOCK_STREAM, 0);
		return fd < 0 ? errno : 0;
	} else if (argc == 3 && !strcmp(op, "kill")) {
		return kill(atoi(argv[1]), atoi(argv[2])) ? errno : 0;
	} else if (argc == 1 && !strcmp(op, "kill-parent")) {
		return kill(getppid(), 0) ? errno : 0;
	} else if (argc == 1 && !strcmp(op, "kill-child")) {
		const pid_t child = fork();
		int status;

		if (child < 0)
			return HELPER_ERROR;
		if (child == 0) {
			/* Outliving us, it must not hold the test's pipe. */
			close(STDOUT_FILENO);
			close(STDERR_FILENO);
			alarm(10);
			for (;;)
				pause();
		}
		res = kill(child, SIGTERM) ? errno : 0;
		if (waitpid(child, &status, 0) != child)
			return HELPER_ERROR;
		if (!res && !(WIFSIGNALED(status) &&
			      WTERMSIG(status) == SIGTERM))
			return HELPER_ERROR;
		return res;
	} else if (argc == 2 && (!strncmp(op, "unix", 4) ||
				 !strncmp(op, "abstract", 8))) {
		const bool dgram = strstr(op, "-dgram");

		len = unix_addr(&a, argv[1], op[0] == 'a');
		if (!strcmp(op, "abstract-self")) {
			const int srv = socket(AF_UNIX, SOCK_STREAM, 0);

			if (srv < 0 || bind(srv, &a.sa, len) || listen(srv, 1))
				return HELPER_ERROR;
		}
		fd = socket(AF_UNIX, dgram ? SOCK_DGRAM : SOCK_STREAM, 0);
		if (dgram)
			res = sendto(fd, "x", 1, 0, &a.sa, len) < 0 ? -1 : 0;
		else
			res = connect(fd, &a.sa, len);
	} else {
		return 255;
	}
	if (!len || fd < 0)
		return HELPER_ERROR;
	return res ? errno : 0;
}

/* A directory with ro/f, rw/f, rw/g, rw2/ and log/f, all writable by all. */
static void make_dir(struct __test_metadata *const _metadata, char *dir,
		     size_t size)
{
	static const char *const files[] = { "ro/f", "rw/f", "rw/g", "log/f" };
	char path[PATH_MAX];

	snprintf(dir, size, "/tmp/sandboxer.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, chmod(dir, 0755));
	for (const char *d = "ro\0rw\0rw2\0log\0"; *d; d += strlen(d) + 1) {
		snprintf(path, sizeof(path), "%s/%s", dir, d);
		ASSERT_EQ(0, mkdir(path, 0777));
		ASSERT_EQ(0, chmod(path, 0777));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		ASSERT_LE(0, creat(path, 0666));
		ASSERT_EQ(0, chmod(path, 0666));
	}
}

static void remove_dir(struct __test_metadata *const _metadata,
		       const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	EXPECT_EQ(0, system(cmd));
}

FIXTURE(sandboxer)
{
	char dir[64];
	char err[8192];
};

FIXTURE_SETUP(sandboxer)
{
	make_dir(_metadata, self->dir, sizeof(self->dir));
}

FIXTURE_TEARDOWN(sandboxer)
{
	remove_dir(_metadata, self->dir);
}

/* Reads are allowed where granted, writes only where --rw grants them. */
TEST_F(sandboxer, grants_and_denials)
{
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--ro", "@/ro", "--rw", "@/rw",
			     "--", "%/open_helper", "@/ro/f"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--ro", "@/ro", "--rw", "@/rw",
			     "--", "%/open_helper", "@/rw/f", "w"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--ro", "@/ro", "--rw",
				  "@/rw", "--", "%/open_helper", "@/ro/f",
				  "w"));
	/* Not given at all. */
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--", "%/open_helper",
				  "@/log/f"));
	/* A shell that writes where it may. */
	EXPECT_EQ(0, SANDBOX("--rox", "/bin", "--rw", "@/rw", "--", "/bin/sh",
			     "-c", "echo hello >@/rw/new"));
}

TEST_F(sandboxer, exit_status_is_the_commands)
{
	EXPECT_EQ(7, SANDBOX("--rox", "/bin", "/bin/sh", "-c", "exit 7"));
	/* Not executable from an --ro hierarchy. */
	EXPECT_EQ(126, SANDBOX("--ro", "/bin", "--", "/bin/true"));
	EXPECT_NE(NULL, strstr(self->err, "Permission denied"));
	EXPECT_EQ(127, SANDBOX("--rox", "/bin", "--", "/bin/no-such-command"));
	EXPECT_NE(NULL, strstr(self->err, "No such file"));
}

/* Each bad input: exit status 2, a message, and the command not run. */
FIXTURE(bad_input)
{
	char dir[64];
	char err[8192];
};

FIXTURE_VARIANT(bad_input)
{
	const char *args[24];
	const char *message;
};

FIXTURE_SETUP(bad_input)
{
	make_dir(_metadata, self->dir, sizeof(self->dir));
}

FIXTURE_TEARDOWN(bad_input)
{
	remove_dir(_metadata, self->dir);
}

FIXTURE_VARIANT_ADD(bad_input, missing_path) {
	.args = { "--rox", "/bin", "--ro", "/no/such/path", NULL },
	.message = "--ro /no/such/path: No such file or directory",
};

FIXTURE_VARIANT_ADD(bad_input, unknown_option) {
	.args = { "--rox", "/bin", "--frobnicate", NULL },
	.message = "unknown or ambiguous option --frobnicate",
};

FIXTURE_VARIANT_ADD(bad_input, conflicting_options) {
	.args = { "--rox", "/bin", "--rwx", "@/rw", "--exec-only-from-ro", NULL },
	.message = "--exec-only-from-ro conflicts with --rwx",
};

FIXTURE_VARIANT_ADD(bad_input, empty_list) {
	.args = { "--rox", "/bin", "--rw", "", NULL },
	.message = "--rw: empty list of paths",
};

FIXTURE_VARIANT_ADD(bad_input, empty_path) {
	.args = { "--rox", "/bin", "--ro", "@/ro::@/rw", NULL },
	.message = "--ro: empty path",
};

FIXTURE_VARIANT_ADD(bad_input, file_for_directory) {
	.args = { "--rox", "/bin", "--ro", "@/ro/f/", NULL },
	.message = "/ro/f/: Not a directory",
};

FIXTURE_VARIANT_ADD(bad_input, no_hierarchy) {
	.args = { "--no-tiocsti", NULL },
	.message = "no hierarchy given",
};

FIXTURE_VARIANT_ADD(bad_input, bad_port) {
	.args = { "--rox", "/bin", "--bind-tcp", "70000", NULL },
	.message = "--bind-tcp 70000: not a list of TCP ports",
};

FIXTURE_VARIANT_ADD(bad_input, bad_address) {
	.args = { "--rox", "/bin", "--connect", "10.0.0.300:80", NULL },
	.message = "--connect 10.0.0.300:80: not an IPv4 address",
};

/* Refused by the inode map (nsfs): even --best-effort does not run it. */
FIXTURE_VARIANT_ADD(bad_input, internal_file) {
	.args = { "--best-effort", "--rox", "/bin", "--ro", "/proc/self/ns/net",
		  NULL },
	.message = "/proc/self/ns/net: cannot be in an inode map",
};

FIXTURE_VARIANT_ADD(bad_input, port_zero) {
	.args = { "--rox", "/bin", "--bind-tcp", "0", NULL },
	.message = "--bind-tcp 0: not a list of TCP ports",
};

FIXTURE_VARIANT_ADD(bad_input, empty_port) {
	.args = { "--rox", "/bin", "--connect-tcp", "80::443", NULL },
	.message = "--connect-tcp 80::443: not a list of TCP ports",
};

FIXTURE_VARIANT_ADD(bad_input, signed_port) {
	.args = { "--rox", "/bin", "--connect-tcp", "+80", NULL },
	.message = "--connect-tcp +80: not a list of TCP ports",
};

/* 16 ports, given twice: duplicates count once; the 17th is too many. */
FIXTURE_VARIANT_ADD(bad_input, too_many_ports) {
	.args = { "--rox", "/bin", "--bind-tcp", "1:2:3:4:5:6:7:8",
		  "--bind-tcp", "9:10:11:12:13:14:15:16:1:2", "--bind-tcp",
		  "17", NULL },
	.message = "--bind-tcp: more than 16 ports",
};

FIXTURE_VARIANT_ADD(bad_input, too_many_addresses) {
	.args = { "--rox", "/bin", "--connect", "127.0.0.1:1", "--connect",
		  "127.0.0.1:2", "--connect", "127.0.0.1:3", "--connect",
		  "127.0.0.1:4", "--connect", "127.0.0.1:5", "--connect",
		  "127.0.0.1:6", "--connect", "127.0.0.1:7", "--connect",
		  "[::1]:8", "--connect", "[::1]:9", NULL },
	.message = "--connect: more than 8 addresses",
};

FIXTURE_VARIANT_ADD(bad_input, ipv6_without_brackets) {
	.args = { "--rox", "/bin", "--connect", "::1:80", NULL },
	.message = "--connect ::1:80: not an IPv4 address",
};

FIXTURE_VARIANT_ADD(bad_input, unclosed_bracket) {
	.args = { "--rox", "/bin", "--connect", "[::1:80", NULL },
	.message = "--connect [::1:80: not HOST:PORT",
};

FIXTURE_VARIANT_ADD(bad_input, host_name) {
	.args = { "--rox", "/bin", "--connect", "localhost:80", NULL },
	.message = "--connect localhost:80: not an IPv4 address",
};

FIXTURE_VARIANT_ADD(bad_input, bad_connect_port) {
	.args = { "--rox", "/bin", "--connect", "[::1]:65536", NULL },
	.message = "--connect [::1]:65536: not a TCP port",
};

TEST_F(bad_input, refused)
{
	const char *args[MAX_ARGS] = {};
	unsigned int n = 0;

	while (variant->args[n])
		args[n] = variant->args[n], n++;
	args[n++] = "--";
	args[n++] = "/bin/echo";
	args[n++] = "STARTED";
	EXPECT_EQ(2, run(self->dir, 0, NULL, self->err, sizeof(self->err),
			 args));
	EXPECT_NE(NULL, strstr(self->err, variant->message))
		TH_LOG("stderr: %s", self->err);
	/* The command would print this, even confined. */
	EXPECT_EQ(NULL, strstr(self->err, "STARTED"));
}

/* Without the command, or without an option's argument. */
TEST_F(sandboxer, incomplete)
{
	EXPECT_EQ(2, SANDBOX("--rox", "/bin"));
	EXPECT_NE(NULL, strstr(self->err, "no command given"));
	EXPECT_EQ(2, SANDBOX("--rox", "/bin", "--append-only"));
	EXPECT_NE(NULL, strstr(self->err, "--append-only needs an argument"));
}

/*
 * What this kernel lacks is skipped with a warning under --best-effort;
 * it has ABI 2, so the options of ABI 2 are enforced, without a warning.
 */
TEST_F(sandboxer, best_effort)
{
	EXPECT_EQ(0, SANDBOX("--best-effort", "--bind-tcp", BP1, "--rox", "%",
			     "--ro", "@", "--", "%/open_helper", "@/ro/f"));
	EXPECT_EQ(NULL, strstr(self->err, "ignoring"))
		TH_LOG("stderr: %s", self->err);
	EXPECT_EQ(0, SANDBOX("--best-effort", "--bind-tcp", BP1, "--rox", "%",
			     "--", HELPER, "bind", BP1));
	EXPECT_EQ(EACCES, SANDBOX("--best-effort", "--bind-tcp", BP1, "--rox",
				  "%", "--", HELPER, "bind", BP2));
	/* The rest is enforced. */
	EXPECT_EQ(EACCES, SANDBOX("--best-effort", "--bind-tcp", BP1,
				  "--rox", "%", "--ro", "@", "--",
				  "%/open_helper", "@/ro/f", "w"));
}

/* Users of the former sample need nothing new: the variables alone work. */
TEST_F(sandboxer, upstream_variables)
{
	char ro[2 * PATH_MAX], rw[PATH_MAX], helper[PATH_MAX];
	char *env[5] = {};

	env[0] = "PATH=/bin";
	env[1] = ro;
	env[2] = rw;
	snprintf(ro, sizeof(ro), "LL_FS_RO=/bin:%s:%s/ro", bin_path(""),
		 self->dir);
	snprintf(rw, sizeof(rw), "LL_FS_RW=%s/rw", self->dir);
	snprintf(helper, sizeof(helper), "%s", bin_path("open_helper"));
	EXPECT_EQ(0, run(self->dir, 0, env, self->err, sizeof(self->err),
			 (const char *const[]){ helper, "@/rw/f", "w", NULL }));
	EXPECT_EQ(EACCES, run(self->dir, 0, env, self->err,
			      sizeof(self->err),
			      (const char *const[]){ helper, "@/ro/f", "w",
						     NULL }));
	/* LL_FS_RO grants execution, as upstream's sample did. */
	EXPECT_EQ(0, run(self->dir, 0, env, self->err, sizeof(self->err),
			 (const char *const[]){ "/bin/true", NULL }));
	/*
	 * With ABI 2, the TCP variables are enforced (ll_variables tests
	 * them), not ignored as on a kernel without it.
	 */
	env[3] = "LL_TCP_BIND=8080";
	EXPECT_EQ(0, run(self->dir, 0, env, self->err, sizeof(self->err),
			 (const char *const[]){ helper, "@/rw/f", "w", NULL }));
	EXPECT_EQ(NULL, strstr(self->err, "ignoring"))
		TH_LOG("stderr: %s", self->err);
	env[3] = NULL;
	/* An empty variable grants nothing, and is no error. */
	snprintf(rw, sizeof(rw), "LL_FS_RW=");
	EXPECT_EQ(EACCES, run(self->dir, 0, env, self->err,
			      sizeof(self->err),
			      (const char *const[]){ helper, "@/rw/f", "w",
						     NULL }));
}

/* An unprivileged user confines a command the same way. */
TEST_F(sandboxer, unprivileged)
{
	EXPECT_EQ(0, run(self->dir, UNPRIV_UID, NULL, self->err, sizeof(self->err),
			 (const char *const[]){ "--rox", "%", "--rw", "@/rw",
						"--", "%/open_helper",
						"@/rw/f", "w", NULL }));
	EXPECT_EQ(EACCES, run(self->dir, UNPRIV_UID, NULL, self->err,
			      sizeof(self->err),
			      (const char *const[]){ "--rox", "%", "--",
						     "%/open_helper", "@/ro/f",
						     NULL }));
}

TEST_F(sandboxer, append_only)
{
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--append-only", "@/log", "--",
			     "%/open_helper", "@/log/f", "a"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--append-only", "@/log",
				  "--", "%/open_helper", "@/log/f", "w"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--append-only", "@/log",
				  "--", "%/open_helper", "@/log/f", "t"));
	/* Read-write, it could be mapped shared and written anywhere. */
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--append-only", "@/log",
				  "--", "%/open_helper", "@/log/f", "A"));
	/* Even where another option grants more. */
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--rw", "@", "--append-only",
				  "@/log", "--", "%/open_helper", "@/log/f",
				  "w"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@", "--append-only",
			     "@/log", "--", "%/open_helper", "@/rw/f", "w"));
	/* Nor removed, nor replaced by a rename, whatever the parent grants. */
	EXPECT_EQ(1, SANDBOX("--rox", "/bin", "--rw", "@", "--append-only",
			     "@/log", "--", "/bin/rm", "@/log/f"));
	EXPECT_EQ(1, SANDBOX("--rox", "/bin", "--rw", "@", "--append-only",
			     "@/log", "--", "/bin/mv", "-f", "@/rw/f", "@/log/f"));
	/* New files may be created, and appended to. */
	EXPECT_EQ(0, SANDBOX("--rox", "/bin", "--rw", "@", "--append-only",
			     "@/log", "--", "/bin/sh", "-c", "echo 1 >>@/log/new"));
	/* A log cannot be linked out of the append-only hierarchy. */
	EXPECT_EQ(1, SANDBOX("--rox", "/bin", "--rw", "@", "--append-only",
			     "@/log", "--", "/bin/ln", "@/log/f", "@/rw/h"));
	EXPECT_NE(NULL, strstr(self->err, "cross-device"));
}

TEST_F(sandboxer, owner_only_writes)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/rw/g", self->dir);
	ASSERT_EQ(0, chown(path, UNPRIV_UID, UNPRIV_GID));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@/rw",
			     "--owner-only-writes", "--", "%/open_helper",
			     "@/rw/f", "w"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--rw", "@/rw",
				  "--owner-only-writes", "--",
				  "%/open_helper", "@/rw/g", "w"));
	/* The unprivileged user writes its own file, not root's. */
	EXPECT_EQ(0, run(self->dir, UNPRIV_UID, NULL, self->err, sizeof(self->err),
			 (const char *const[]){ "--rox", "%", "--rw", "@/rw",
						"--owner-only-writes", "--",
						"%/open_helper", "@/rw/g",
						"w", NULL }));
	EXPECT_EQ(EACCES, run(self->dir, UNPRIV_UID, NULL, self->err,
			      sizeof(self->err),
			      (const char *const[]){ "--rox", "%", "--rw",
						     "@/rw",
						     "--owner-only-writes",
						     "--", "%/open_helper",
						     "@/rw/f", "w", NULL }));
}

TEST_F(sandboxer, exec_only_from_ro)
{
	char cmd[PATH_MAX * 2];

	snprintf(cmd, sizeof(cmd), "cp %s %s/rw/true", bin_path("true"),
		 self->dir);
	ASSERT_EQ(0, system(cmd));
	/* Executable beneath @ and writable beneath @/rw. */
	EXPECT_EQ(0, SANDBOX("--rox", "/bin:@", "--rw", "@/rw", "--",
			     "@/rw/true"));
	EXPECT_EQ(126, SANDBOX("--rox", "/bin:@", "--rw", "@/rw",
			       "--exec-only-from-ro", "--", "@/rw/true"));
	EXPECT_EQ(0, SANDBOX("--rox", "/bin:@", "--rw", "@/rw",
			     "--exec-only-from-ro", "--", "/bin/true"));
}

/*
 * A restriction found on an ancestor's entry is also on the entries beneath
 * it, so that a path hiding the ancestor cannot shed it: here a detached
 * clone of the mount tree at an executable hierarchy nested in a writable
 * one.
 */
TEST_F(sandboxer, restrictions_reach_nested_entries)
{
	char cmd[PATH_MAX * 2];

	snprintf(cmd, sizeof(cmd), "cp %s %s/rw/true", bin_path("true"),
		 self->dir);
	ASSERT_EQ(0, system(cmd));
	EXPECT_EQ(0, SANDBOX("--rw", "@", "--rox", "%:@/rw", "--",
			     "%/clone_exec", "@/rw", "true"));
	EXPECT_EQ(EACCES, SANDBOX("--rw", "@", "--rox", "%:@/rw",
				  "--exec-only-from-ro", "--", "%/clone_exec",
				  "@/rw", "true"));
	/* What -v shows: the nested entries have their ancestors' values. */
	EXPECT_EQ(0, SANDBOX("-v", "--rox", "/bin", "--rw", "@", "--ro",
			     "@/ro/f", "--", "/bin/true"));
	EXPECT_NE(NULL, strstr(self->err, "/ro/f: write read list"));
}

/* Moving a file may not give it more rights: EXDEV, so mv(1) copies. */
TEST_F(sandboxer, refer)
{
	EXPECT_EQ(0, SANDBOX("--rox", "/bin", "--rw", "@/rw:@/rw2", "--",
			     "/bin/ln", "@/rw/f", "@/rw2/f"));
	EXPECT_EQ(1, SANDBOX("--rox", "/bin", "--rw", "@/rw", "--rwx",
			     "@/rw2", "--", "/bin/ln", "@/rw/g", "@/rw2/g"));
	EXPECT_NE(NULL, strstr(self->err, "cross-device"));
}

/* TIOCSTI is refused on a terminal opened before, other ioctls are not. */
TEST_F(sandboxer, no_tiocsti)
{
	int master, slave, saved;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	ASSERT_LE(0, master);
	ASSERT_EQ(0, grantpt(master));
	ASSERT_EQ(0, unlockpt(master));
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	ASSERT_LE(0, slave);
	saved = dup(STDIN_FILENO);
	ASSERT_EQ(STDIN_FILENO, dup2(slave, STDIN_FILENO));

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "/dev/pts", "--",
			     "%/tty_helper", "sti"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--rw", "/dev/pts",
				  "--no-tiocsti", "--", "%/tty_helper",
				  "sti"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "/dev/pts", "--no-tiocsti",
			     "--", "%/tty_helper", "get"));
	/* Device ioctls need --rw. */
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--ro", "/dev/pts", "--",
				  "%/tty_helper", "get"));

	ASSERT_EQ(STDIN_FILENO, dup2(saved, STDIN_FILENO));
	close(saved);
	close(slave);
	close(master);
}

TEST_F(sandboxer, help_and_verbose)
{
	EXPECT_EQ(0, SANDBOX("--help"));
	EXPECT_NE(NULL, strstr(self->err, "EXIT STATUS"));
	EXPECT_EQ(0, SANDBOX("-v", "--rox", "/bin", "--append-only", "@/log",
			     "--no-tiocsti", "--", "/bin/true"));
	EXPECT_NE(NULL, strstr(self->err, "confining with:"));
	EXPECT_NE(NULL, strstr(self->err, "/log: write read list (append only)"));
	EXPECT_NE(NULL, strstr(self->err, "no TIOCSTI"));
}

/* The restrictions of ABI 2, in the help and in what -v says. */
TEST_F(sandboxer, help_and_verbose_abi2)
{
	static const char *const options[] = {
		"--bind-tcp PORTS", "--connect-tcp PORTS",
		"--connect HOST:PORT", "--no-raw-sockets", "--scope-signals",
		"--scope-abstract-unix", "LL_TCP_BIND", "LL_TCP_CONNECT",
		"LL_SCOPED=a:s", "session bus",
	};
	const char *const connect =
		"TCP connect only to port 443, and to 127.0.0.1:5432 [::1]:80\n";

	EXPECT_EQ(0, SANDBOX("--help"));
	for (unsigned int i = 0; i < ARRAY_SIZE(options); i++) {
		EXPECT_NE(NULL, strstr(self->err, options[i]))
			TH_LOG("no %s in the help", options[i]);
	}
	EXPECT_EQ(NULL, strstr(self->err, "not enforce"));

	EXPECT_EQ(0, SANDBOX("-v", "--rox", "/bin", "--rw", "@/rw",
			     "--bind-tcp", "8080:8081", "--connect-tcp", "443",
			     "--connect", "127.0.0.1:5432", "--connect",
			     "[::1]:80", "--no-raw-sockets", "--scope-signals",
			     "--scope-abstract-unix", "--", "/bin/true"));
	EXPECT_NE(NULL, strstr(self->err, "confining with:"))
		TH_LOG("stderr: %s", self->err);
	EXPECT_EQ(NULL, strstr(self->err, "needs Landlock ABI 2"));
	EXPECT_NE(NULL, strstr(self->err, " ioctl connect-unix\n"));
	EXPECT_NE(NULL, strstr(self->err, "TCP bind only to ports 8080 8081\n"));
	EXPECT_NE(NULL, strstr(self->err, connect));
	EXPECT_NE(NULL, strstr(self->err, "no raw sockets, no packet sockets"));
	EXPECT_NE(NULL, strstr(self->err, "signals only to processes of the"));
	EXPECT_NE(NULL, strstr(self->err, "abstract unix sockets only of the"));
	/* Only what is given. */
	EXPECT_EQ(0, SANDBOX("-v", "--rox", "/bin", "--", "/bin/true"));
	EXPECT_EQ(NULL, strstr(self->err, "TCP"));
	EXPECT_EQ(NULL, strstr(self->err, "signals"));
	EXPECT_EQ(NULL, strstr(self->err, "connect-unix"));
}

/* The tests below need the restrictions of ABI 2. */
TEST(abi_2)
{
	EXPECT_LE(2, sys_seccomp(SECCOMP_GET_LANDLOCK_ABI, 0, NULL));
}

/* A listening unix socket at @name, a path or an abstract name. */
static int unix_listener(struct __test_metadata *const _metadata,
			 const char *name, bool abstract, int type)
{
	union sock_addr a;
	const socklen_t len = unix_addr(&a, name, abstract);
	const int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	ASSERT_LT(0, len);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, &a.sa, len))
	{
		TH_LOG("binding %s: %s", name, strerror(errno));
	}
	if (type != SOCK_DGRAM)
		ASSERT_EQ(0, listen(fd, 16));
	return fd;
}

/*
 * The sandboxed command reaches a pathname unix socket only beneath --rw
 * or --rwx (or LL_FS_RW): not a session bus or an agent elsewhere, even
 * where it may read.
 */
TEST_F(sandboxer, resolve_unix_beneath_rw)
{
	char path[PATH_MAX], rw[PATH_MAX], ro[2 * PATH_MAX];
	char *env[4] = { "PATH=/bin", ro, rw, NULL };
	int fds[5], n = 0;

	for (const char *d = "rw\0ro\0log\0"; *d; d += strlen(d) + 1) {
		snprintf(path, sizeof(path), "%s/%s/sock", self->dir, d);
		fds[n++] = unix_listener(_metadata, path, false, SOCK_STREAM);
	}
	snprintf(path, sizeof(path), "%s/rw/dsock", self->dir);
	fds[n++] = unix_listener(_metadata, path, false, SOCK_DGRAM);
	snprintf(path, sizeof(path), "%s/ro/dsock", self->dir);
	fds[n++] = unix_listener(_metadata, path, false, SOCK_DGRAM);

	/* Each one can be reached, beneath --rw. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@", "--", HELPER, "unix",
			     "@/ro/sock"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@", "--", HELPER, "unix",
			     "@/log/sock"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@", "--", HELPER,
			     "unix-dgram", "@/ro/dsock"));

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@/rw", "--ro", "@/ro",
			     "--", HELPER, "unix", "@/rw/sock"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--rw", "@/rw", "--ro", "@/ro",
				  "--", HELPER, "unix", "@/ro/sock"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--rw", "@/rw", "--ro", "@/ro",
				  "--", HELPER, "unix", "@/log/sock"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@/rw", "--ro", "@/ro",
			     "--", HELPER, "unix-dgram", "@/rw/dsock"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--rw", "@/rw", "--ro", "@/ro",
				  "--", HELPER, "unix-dgram", "@/ro/dsock"));
	/* --rwx grants it too, --append-only does not. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rwx", "@/ro", "--", HELPER,
			     "unix", "@/ro/sock"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--append-only", "@/log", "--",
				  HELPER, "unix", "@/log/sock"));
	/* Nor does --rox. */
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%:@", "--", HELPER, "unix",
				  "@/ro/sock"));

	/* LL_FS_RW as --rwx, LL_FS_RO as --rox. */
	snprintf(ro, sizeof(ro), "LL_FS_RO=%s:%s/ro", bin_path(""),
		 self->dir);
	snprintf(rw, sizeof(rw), "LL_FS_RW=%s/rw", self->dir);
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "unix", "@/rw/sock"));
	EXPECT_EQ(EACCES, SANDBOX_ENV(env, HELPER, "unix", "@/ro/sock"));

	while (n)
		EXPECT_EQ(0, close(fds[--n]));
}

/* As root: raw and packet sockets, which need CAP_NET_RAW. */
TEST_F(sandboxer, no_raw_sockets)
{
	ASSERT_EQ(0, geteuid());
	/* They work outside. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "socket", "raw"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "socket", "raw6"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "socket", "packet"));

	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--no-raw-sockets", "--",
				  HELPER, "socket", "raw"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--no-raw-sockets", "--",
				  HELPER, "socket", "raw6"));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--no-raw-sockets", "--",
				  HELPER, "socket", "packet"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--no-raw-sockets", "--", HELPER,
			     "socket", "tcp"));
	/* Other options do not restrict socket creation. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", "443",
			     "--scope-signals", "--", HELPER, "socket", "raw"));
}

/* A process outside the sandbox, to signal: it ends by itself. */
static pid_t sleeper(struct __test_metadata *const _metadata)
{
	const pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		alarm(60);
		for (;;)
			pause();
	}
	return pid;
}

static bool alive(const pid_t pid)
{
	int status;

	return waitpid(pid, &status, WNOHANG) == 0;
}

/*
 * A command confined with --scope-signals signals neither its unconfined
 * parent nor another process outside, even with signal 0; it still
 * signals its own children.
 */
TEST_F(sandboxer, scope_signals)
{
	const pid_t pid = sleeper(_metadata);
	char pid_s[16];
	int status;

	snprintf(pid_s, sizeof(pid_s), "%d", pid);
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "kill", pid_s, "0"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "kill-parent"));

	EXPECT_EQ(EPERM, SANDBOX("--rox", "%", "--scope-signals", "--", HELPER,
				 "kill", pid_s, "0"));
	EXPECT_EQ(EPERM, SANDBOX("--rox", "%", "--scope-signals", "--", HELPER,
				 "kill", pid_s, XSTR(SIGTERM)));
	EXPECT_TRUE(alive(pid));
	EXPECT_EQ(EPERM, SANDBOX("--rox", "%", "--scope-signals", "--", HELPER,
				 "kill-parent"));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--scope-signals", "--", HELPER,
			     "kill-child"));
	/* Other options do not scope signals. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--scope-abstract-unix", "--",
			     HELPER, "kill", pid_s, "0"));

	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
}

/*
 * With --scope-abstract-unix, the command reaches only the abstract unix
 * sockets created in the sandbox; pathname ones are up to the hierarchies.
 */
TEST_F(sandboxer, scope_abstract_unix)
{
	char name[64], dname[64], own[64], path[PATH_MAX];
	int fd, dfd, pfd;

	snprintf(name, sizeof(name), "sandboxer_test.%d", getpid());
	snprintf(dname, sizeof(dname), "sandboxer_test.%d.dgram", getpid());
	snprintf(own, sizeof(own), "sandboxer_test.%d.own", getpid());
	fd = unix_listener(_metadata, name, true, SOCK_STREAM);
	dfd = unix_listener(_metadata, dname, true, SOCK_DGRAM);
	snprintf(path, sizeof(path), "%s/rw/sock", self->dir);
	pfd = unix_listener(_metadata, path, false, SOCK_STREAM);

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "abstract", name));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "abstract-dgram",
			     dname));

	EXPECT_EQ(EPERM, SANDBOX("--rox", "%", "--scope-abstract-unix", "--",
				 HELPER, "abstract", name));
	EXPECT_EQ(EPERM, SANDBOX("--rox", "%", "--scope-abstract-unix", "--",
				 HELPER, "abstract-dgram", dname));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--scope-abstract-unix", "--",
			     HELPER, "abstract-self", own));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--rw", "@/rw",
			     "--scope-abstract-unix", "--", HELPER, "unix",
			     "@/rw/sock"));
	/* Other options do not scope abstract sockets. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--scope-signals",
			     "--no-raw-sockets", "--", HELPER, "abstract",
			     name));

	EXPECT_EQ(0, close(pfd));
	EXPECT_EQ(0, close(dfd));
	EXPECT_EQ(0, close(fd));
}

/*
 * A network namespace of its own with "lo" up, and TCP listeners on PORT1
 * and PORT2, IPv4 and IPv6, on every address (127.0.0.0/8 is loopback).
 */
FIXTURE(network)
{
	char dir[64];
	char err[8192];
	int listener[2];
	int abstract;
	char abstract_name[64];
};

FIXTURE_SETUP(network)
{
	const int ports[] = { PORT1, PORT2 };
	struct ifreq ifr = { .ifr_name = "lo" };
	union sock_addr a = {};
	int fd;

	make_dir(_metadata, self->dir, sizeof(self->dir));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags |= IFF_UP;
	ASSERT_EQ(0, ioctl(fd, SIOCSIFFLAGS, &ifr));
	ASSERT_EQ(0, close(fd));

	for (int i = 0; i < 2; i++) {
		const int off = 0;

		a.in6.sin6_family = AF_INET6;
		a.in6.sin6_addr = in6addr_any;
		a.in6.sin6_port = htons(ports[i]);
		fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
					sizeof(off)));
		ASSERT_EQ(0, bind(fd, &a.sa, sizeof(a.in6)));
		ASSERT_EQ(0, listen(fd, 128));
		self->listener[i] = fd;
	}
	snprintf(self->abstract_name, sizeof(self->abstract_name),
		 "sandboxer_test.%d", getpid());
	self->abstract = unix_listener(_metadata, self->abstract_name, true,
				       SOCK_STREAM);
}

FIXTURE_TEARDOWN(network)
{
	EXPECT_EQ(0, close(self->abstract));
	EXPECT_EQ(0, close(self->listener[1]));
	EXPECT_EQ(0, close(self->listener[0]));
	remove_dir(_metadata, self->dir);
}

/*
 * --connect-tcp: TCP connections, and TCP Fast Open, to the ports given on
 * any address; other ports are EACCES.  UDP and binding are not restricted.
 */
TEST_F(network, connect_tcp)
{
	/* Both listeners answer. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "connect",
			     "127.0.0.1", P2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "connect", "::1",
			     P2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "fastopen",
			     "127.0.0.1", P2));

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", P1, "--", HELPER,
			     "connect", "127.0.0.1", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect-tcp", P1, "--",
				  HELPER, "connect", "127.0.0.1", P2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", P1, "--", HELPER,
			     "connect", "::1", P1));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", P1, "--", HELPER,
			     "connect", "127.0.0.2", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect-tcp", P1, "--",
				  HELPER, "connect", "::1", P2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", P1, "--", HELPER,
			     "fastopen", "127.0.0.1", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect-tcp", P1, "--",
				  HELPER, "fastopen", "127.0.0.1", P2));
	/* A list, and the options add up. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", "1:" P2,
			     "--connect-tcp", P1, "--", HELPER, "connect",
			     "127.0.0.1", P2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", "1:" P2,
			     "--connect-tcp", P1, "--", HELPER, "connect",
			     "127.0.0.1", P1));
	/* Not TCP. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", P1, "--", HELPER,
			     "connect-udp", "127.0.0.1", P2));
	/* Not a connection: --bind-tcp is not given. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect-tcp", P1, "--", HELPER,
			     "bind", BP2));
}

/*
 * --connect HOST:PORT: that address and port only; an IPv4 address also
 * in its v4-mapped form; with --connect-tcp, either one allows.
 */
TEST_F(network, connect_host_port)
{
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "connect",
			     "127.0.0.2", P1));

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1, "--",
			     HELPER, "connect", "127.0.0.1", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1,
				  "--", HELPER, "connect", "127.0.0.2", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1,
				  "--", HELPER, "connect", "127.0.0.1", P2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1, "--",
			     HELPER, "connect", "::ffff:127.0.0.1", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1,
				  "--", HELPER, "connect", "::1", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1,
				  "--", HELPER, "fastopen", "127.0.0.2", P1));

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect", "[::1]:" P1, "--",
			     HELPER, "connect", "::1", P1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--connect", "[::1]:" P1,
				  "--", HELPER, "connect", "127.0.0.1", P1));

	/* Several, and with --connect-tcp. */
#define SEVERAL "--rox", "%", "--connect", "127.0.0.2:" P2, "--connect", \
	"[::1]:" P2, "--connect-tcp", P1, "--", HELPER
	EXPECT_EQ(0, SANDBOX(SEVERAL, "connect", "127.0.0.2", P2));
	EXPECT_EQ(0, SANDBOX(SEVERAL, "connect", "::1", P2));
	EXPECT_EQ(0, SANDBOX(SEVERAL, "connect", "127.0.0.3", P1));
	EXPECT_EQ(EACCES, SANDBOX(SEVERAL, "connect", "127.0.0.1", P2));
#undef SEVERAL
	/* Not TCP. */
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--connect", "127.0.0.1:" P1, "--",
			     HELPER, "connect-udp", "127.0.0.2", P2));
}

/*
 * --bind-tcp: TCP and MPTCP sockets bind only to the ports given; UDP
 * binds anywhere.  Connections are not restricted.
 */
TEST_F(network, bind_tcp)
{
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "bind", BP2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--", HELPER, "bind-mptcp", BP2));

	EXPECT_EQ(0, SANDBOX("--rox", "%", "--bind-tcp", BP1, "--", HELPER,
			     "bind", BP1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--bind-tcp", BP1, "--",
				  HELPER, "bind", BP2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--bind-tcp", BP1, "--", HELPER,
			     "bind-mptcp", BP1));
	EXPECT_EQ(EACCES, SANDBOX("--rox", "%", "--bind-tcp", BP1, "--",
				  HELPER, "bind-mptcp", BP2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--bind-tcp", BP1, "--", HELPER,
			     "bind-udp", BP2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--bind-tcp", "1:" BP2, "--",
			     HELPER, "bind", BP2));
	EXPECT_EQ(0, SANDBOX("--rox", "%", "--bind-tcp", BP1, "--", HELPER,
			     "connect", "127.0.0.1", P2));
}

/*
 * The variables of upstream's sample: LL_TCP_BIND, LL_TCP_CONNECT and
 * LL_SCOPED as the options; set but empty, LL_TCP_* allow no port.
 */
TEST_F_TIMEOUT(network, ll_variables, 180)
{
	char ro[2 * PATH_MAX];
	char *env[4] = { "PATH=/bin", ro, NULL, NULL };

	snprintf(ro, sizeof(ro), "LL_FS_RO=%s", bin_path(""));
	env[2] = "LL_TCP_CONNECT=" P1;
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "connect", "127.0.0.1", P1));
	EXPECT_EQ(EACCES, SANDBOX_ENV(env, HELPER, "connect", "127.0.0.1",
				      P2));
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "bind", BP2));
	env[2] = "LL_TCP_CONNECT=";
	EXPECT_EQ(EACCES, SANDBOX_ENV(env, HELPER, "connect", "127.0.0.1",
				      P1));
	/* With the options, a union. */
	env[2] = "LL_TCP_CONNECT=" P1;
	EXPECT_EQ(0, SANDBOX_ENV(env, "--connect-tcp", P2, "--", HELPER,
				 "connect", "127.0.0.1", P2));
	EXPECT_EQ(0, SANDBOX_ENV(env, "--connect-tcp", P2, "--", HELPER,
				 "connect", "127.0.0.1", P1));

	env[2] = "LL_TCP_BIND=" BP1;
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "bind", BP1));
	EXPECT_EQ(EACCES, SANDBOX_ENV(env, HELPER, "bind", BP2));
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "connect", "127.0.0.1", P2));
	env[2] = "LL_TCP_BIND=";
	EXPECT_EQ(EACCES, SANDBOX_ENV(env, HELPER, "bind", BP1));

	env[2] = "LL_SCOPED=s";
	EXPECT_EQ(EPERM, SANDBOX_ENV(env, HELPER, "kill-parent"));
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "abstract",
				 self->abstract_name));
	env[2] = "LL_SCOPED=a";
	EXPECT_EQ(EPERM, SANDBOX_ENV(env, HELPER, "abstract",
				     self->abstract_name));
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "kill-parent"));
	env[2] = "LL_SCOPED=a:s";
	EXPECT_EQ(EPERM, SANDBOX_ENV(env, HELPER, "abstract",
				     self->abstract_name));
	EXPECT_EQ(EPERM, SANDBOX_ENV(env, HELPER, "kill-parent"));
	/* No scope. */
	env[2] = "LL_SCOPED=";
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "kill-parent"));
	EXPECT_EQ(0, SANDBOX_ENV(env, HELPER, "abstract",
				 self->abstract_name));

	/* Bad values: the command is not run. */
	env[2] = "LL_SCOPED=a:x";
	EXPECT_EQ(2, SANDBOX_ENV(env, "/bin/echo", "STARTED"));
	EXPECT_NE(NULL, strstr(self->err,
			       "LL_SCOPED=a:x: only 'a' and 's' are scopes"));
	EXPECT_EQ(NULL, strstr(self->err, "STARTED"));
	env[2] = "LL_TCP_CONNECT=0";
	EXPECT_EQ(2, SANDBOX_ENV(env, "/bin/echo", "STARTED"));
	EXPECT_NE(NULL, strstr(self->err,
			       "LL_TCP_CONNECT 0: not a list of TCP ports"));
	EXPECT_EQ(NULL, strstr(self->err, "STARTED"));
}

/* "sandboxer_test helper ...": what a sandboxed command does. */
int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "helper"))
		return helper(argc - 2, argv + 2);
	return test_harness_run(argc, argv);
}
