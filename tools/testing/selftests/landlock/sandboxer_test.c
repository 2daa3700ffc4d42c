// SPDX-License-Identifier: GPL-2.0
/*
 * The sandboxer sample (samples/landlock/), as its users run it: what it
 * grants and denies, each bad input (exit status 2, a message naming the
 * problem, the command not run), the variables of the former ruleset
 * sample, and the options a declarative ruleset cannot express.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_ARGS 16

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
	char err[4096];
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
	char err[4096];
};

FIXTURE_VARIANT(bad_input)
{
	const char *args[8];
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

FIXTURE_VARIANT_ADD(bad_input, needs_abi_2) {
	.args = { "--rox", "/bin", "--connect-tcp", "443", NULL },
	.message = "--connect-tcp needs Landlock ABI 2",
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

/* What this kernel lacks is skipped with a warning under --best-effort. */
TEST_F(sandboxer, best_effort)
{
	EXPECT_EQ(0, SANDBOX("--best-effort", "--connect-tcp", "443", "--rox",
			     "%", "--ro", "@", "--", "%/open_helper", "@/ro/f"));
	EXPECT_NE(NULL, strstr(self->err, "ignoring --connect-tcp"));
	/* The rest is enforced. */
	EXPECT_EQ(EACCES, SANDBOX("--best-effort", "--connect-tcp", "443",
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
	/* Without ABI 2, the TCP variables are ignored, as upstream's were. */
	env[3] = "LL_TCP_BIND=8080";
	EXPECT_EQ(0, run(self->dir, 0, env, self->err, sizeof(self->err),
			 (const char *const[]){ helper, "@/rw/f", "w", NULL }));
	EXPECT_NE(NULL, strstr(self->err, "ignoring LL_TCP_BIND"));
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

TEST_HARNESS_MAIN
