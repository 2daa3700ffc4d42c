// SPDX-License-Identifier: BSD-3-Clause
/*
 * sandboxer: run a command confined by a Landlock rule written in C.
 *
 * The rule (sandboxer.bpf.c) is compiled by clang and embedded through a
 * libbpf skeleton (sandboxer.skel.h, made by `bpftool gen skeleton`).  The
 * command line becomes the rule's constants and the entries of its inode
 * map; then the sandboxer enforces the rule on itself and executes the
 * command, which inherits it.  Everything that can fail is done before the
 * enforcement: the command never starts half-confined.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "sandboxer.h"
#include "sandboxer.skel.h"

/* Exit status when the command was not started. */
#define EXIT_NOT_STARTED 2

static const char usage_text[] =
"NAME\n"
"	sandboxer - run a command confined by a Landlock rule\n"
"\n"
"SYNOPSIS\n"
"	sandboxer [OPTION]... [--] COMMAND [ARG]...\n"
"\n"
"DESCRIPTION\n"
"	Runs COMMAND so that it, and every process it starts, may only\n"
"	access the file hierarchies given below, in the ways given.  Anything\n"
"	else is denied (EACCES; EXDEV for a link or rename across\n"
"	hierarchies that would give a file more rights).  PATHS is a list\n"
"	separated by colons; each path must exist, and is the root of a\n"
"	hierarchy (a directory) or a single file.  Options may be repeated.\n"
"\n"
"OPTIONS\n"
"	--ro PATHS    read files and list directories\n"
"	--rox PATHS   the same, and execute files\n"
"	--rw PATHS    read, write, create, remove, link and rename, truncate,\n"
"	              and use device ioctls\n"
"	--rwx PATHS   the same, and execute files\n"
"	--append-only PATH\n"
"	              files at or beneath PATH may be read and written, but\n"
"	              only in append mode (O_APPEND, which cannot be cleared),\n"
"	              never truncated, and, in a directory PATH, never removed\n"
"	              or replaced, whatever another option grants\n"
"	--no-tiocsti  refuse TIOCSTI and TIOCLINUX on every terminal, also\n"
"	              on terminals opened before: no typing into the shell\n"
"	              the sandbox was started from\n"
"	--owner-only-writes\n"
"	              write or truncate only files owned by the user running\n"
"	              the sandboxer\n"
"	--exec-only-from-ro\n"
"	              execute only from hierarchies that are not writable\n"
"	              (conflicts with --rwx)\n"
"	--bind-tcp PORTS, --connect-tcp PORTS\n"
"	              TCP ports (colon-separated) to bind or connect to;\n"
"	              needs Landlock ABI 2\n"
"	--connect HOST:PORT\n"
"	              an address (IPv4, or IPv6 in brackets) and port to\n"
"	              connect to; needs Landlock ABI 2\n"
"	--best-effort confine as much as this kernel can: skip, with a\n"
"	              warning, what it lacks (even Landlock itself) instead\n"
"	              of failing\n"
"	-v, --verbose say what is enforced\n"
"	-h, --help    show this text\n"
"\n"
"ENVIRONMENT\n"
"	The variables of the kernel's former ruleset sample are read too,\n"
"	and add to the options: LL_FS_RO (as --rox), LL_FS_RW (as --rwx),\n"
"	and, with ABI 2, LL_TCP_BIND, LL_TCP_CONNECT and LL_SCOPED, which are\n"
"	ignored with a warning on a kernel without ABI 2, as that sample\n"
"	did.  An empty variable grants nothing.\n"
"\n"
"EXIT STATUS\n"
"	The status of COMMAND; 2 if COMMAND was not started (bad option,\n"
"	path or combination, or a kernel that cannot confine it without\n"
"	--best-effort); 126 if COMMAND cannot be executed, 127 if it is not\n"
"	found.\n"
"\n"
"EXAMPLE\n"
"	sandboxer --rox /bin:/lib:/usr --ro /etc --rw /tmp/work \\\n"
"		--no-tiocsti -- sh -c 'echo hi > /tmp/work/out'\n";

/* A path of the command line, opened, and what it grants. */
struct hierarchy {
	const char *option;
	const char *path;
	int fd;
	__u64 value;
};

struct options {
	struct hierarchy *hier;
	unsigned int num_hier;
	bool no_tiocsti;
	bool owner_only_writes;
	bool exec_only_from_ro;
	bool best_effort;
	bool verbose;
	bool executable_rw;	/* --rwx or LL_FS_RW given */
	/* What needs ABI 2, named for the message: an option, a variable. */
	const char *abi2_option;
	const char *abi2_variable;
};

static void warn(const char *fmt, ...)
{
	va_list args;

	fputs("sandboxer: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
}

static _Noreturn void bad_input(const char *fmt, ...)
{
	va_list args;

	fputs("sandboxer: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputs("\nTry 'sandboxer --help'.\n", stderr);
	exit(EXIT_NOT_STARTED);
}

static void add_path(struct options *opts, const char *option,
		     const char *path, __u64 value)
{
	struct hierarchy *h;
	int fd;

	if (!*path)
		bad_input("%s: empty path in the list", option);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		bad_input("%s %s: %s", option, path, strerror(errno));
	h = realloc(opts->hier, (opts->num_hier + 1) * sizeof(*h));
	if (!h)
		bad_input("out of memory");
	opts->hier = h;
	h[opts->num_hier++] = (struct hierarchy){
		.option = option, .path = path, .fd = fd, .value = value,
	};
}

/* @list is a colon-separated list; from the environment, "" is no path. */
static void add_paths(struct options *opts, const char *option, char *list,
		      __u64 value, bool from_env)
{
	char *path;

	if (!*list) {
		if (from_env)
			return;
		bad_input("%s: empty list of paths", option);
	}
	while ((path = strsep(&list, ":")))
		add_path(opts, option, path, value);
}

static void check_ports(const char *option, const char *list, bool from_env)
{
	const char *p = list;
	char *end;
	long port;

	if (!*list) {
		if (from_env)
			return;
		bad_input("%s: empty list of ports", option);
	}
	for (;;) {
		errno = 0;
		port = strtol(p, &end, 10);
		if (end == p || errno || port < 0 || port > 65535 ||
		    (*end && *end != ':'))
			bad_input("%s %s: not a list of TCP ports", option, list);
		if (!*end)
			return;
		p = end + 1;
	}
}

/* HOST:PORT, with an IPv4 address or an IPv6 one in brackets. */
static void check_address(const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char host[INET6_ADDRSTRLEN + 2] = {}, addr[sizeof(struct in6_addr)];
	const size_t len = colon ? (size_t)(colon - arg) : 0;

	if (!colon || !len || len >= sizeof(host))
		bad_input("--connect %s: not HOST:PORT", arg);
	memcpy(host, arg, len);
	if (host[0] == '[' && host[len - 1] == ']') {
		host[len - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, addr) != 1)
			bad_input("--connect %s: not an IPv6 address", arg);
	} else if (inet_pton(AF_INET, host, addr) != 1) {
		bad_input("--connect %s: not an IPv4 address", arg);
	}
	check_ports("--connect", colon + 1, false);
}

static void check_scopes(const char *list)
{
	for (const char *c = list; *c; c++)
		if (*c != 'a' && *c != 's' && *c != ':')
			bad_input("LL_SCOPED=%s: only 'a' and 's' are scopes",
				  list);
}

static void read_environment(struct options *opts)
{
	static const char *const abi2_vars[] = {
		"LL_TCP_BIND", "LL_TCP_CONNECT", "LL_SCOPED",
	};
	char *val;

	val = getenv("LL_FS_RO");
	if (val)
		add_paths(opts, "LL_FS_RO", strdup(val),
			  SANDBOXER_READ | LANDLOCK_ACCESS_FS_EXECUTE, true);
	val = getenv("LL_FS_RW");
	if (val) {
		add_paths(opts, "LL_FS_RW", strdup(val), SANDBOXER_RIGHTS, true);
		opts->executable_rw |= *val;
	}
	for (size_t i = 0; i < sizeof(abi2_vars) / sizeof(*abi2_vars); i++) {
		val = getenv(abi2_vars[i]);
		if (!val || !*val)
			continue;
		if (i < 2)
			check_ports(abi2_vars[i], val, true);
		else
			check_scopes(val);
		opts->abi2_variable = abi2_vars[i];
	}
}

enum {
	OPT_RO = 256, OPT_ROX, OPT_RW, OPT_RWX, OPT_APPEND_ONLY,
	OPT_NO_TIOCSTI, OPT_OWNER_ONLY_WRITES, OPT_EXEC_ONLY_FROM_RO,
	OPT_BIND_TCP, OPT_CONNECT_TCP, OPT_CONNECT, OPT_BEST_EFFORT,
};

static const struct option long_options[] = {
	{ "ro", required_argument, NULL, OPT_RO },
	{ "rox", required_argument, NULL, OPT_ROX },
	{ "rw", required_argument, NULL, OPT_RW },
	{ "rwx", required_argument, NULL, OPT_RWX },
	{ "append-only", required_argument, NULL, OPT_APPEND_ONLY },
	{ "no-tiocsti", no_argument, NULL, OPT_NO_TIOCSTI },
	{ "owner-only-writes", no_argument, NULL, OPT_OWNER_ONLY_WRITES },
	{ "exec-only-from-ro", no_argument, NULL, OPT_EXEC_ONLY_FROM_RO },
	{ "bind-tcp", required_argument, NULL, OPT_BIND_TCP },
	{ "connect-tcp", required_argument, NULL, OPT_CONNECT_TCP },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "best-effort", no_argument, NULL, OPT_BEST_EFFORT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

/* Returns the index of the command in @argv. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	const char *name;
	int c;

	opterr = 0;
	/* "+": options end at the command, as for env(1). */
	while ((c = getopt_long(argc, argv, "+:vh", long_options, NULL)) != -1) {
		name = argv[optind - 1 < argc ? optind - 1 : argc - 1];
		switch (c) {
		case OPT_RO:
			add_paths(opts, "--ro", optarg, SANDBOXER_READ, false);
			break;
		case OPT_ROX:
			add_paths(opts, "--rox", optarg,
				  SANDBOXER_READ | LANDLOCK_ACCESS_FS_EXECUTE,
				  false);
			break;
		case OPT_RW:
			add_paths(opts, "--rw", optarg,
				  SANDBOXER_READ | SANDBOXER_WRITE, false);
			break;
		case OPT_RWX:
			add_paths(opts, "--rwx", optarg, SANDBOXER_RIGHTS,
				  false);
			opts->executable_rw = true;
			break;
		case OPT_APPEND_ONLY:
			add_path(opts, "--append-only", optarg,
				 LANDLOCK_ACCESS_FS_READ_FILE |
				 LANDLOCK_ACCESS_FS_READ_DIR |
				 LANDLOCK_ACCESS_FS_WRITE_FILE |
				 SANDBOXER_APPEND_ONLY);
			break;
		case OPT_NO_TIOCSTI:
			opts->no_tiocsti = true;
			break;
		case OPT_OWNER_ONLY_WRITES:
			opts->owner_only_writes = true;
			break;
		case OPT_EXEC_ONLY_FROM_RO:
			opts->exec_only_from_ro = true;
			break;
		case OPT_BIND_TCP:
		case OPT_CONNECT_TCP:
			check_ports(c == OPT_BIND_TCP ? "--bind-tcp" :
				    "--connect-tcp", optarg, false);
			opts->abi2_option = c == OPT_BIND_TCP ? "--bind-tcp" :
					    "--connect-tcp";
			break;
		case OPT_CONNECT:
			check_address(optarg);
			opts->abi2_option = "--connect";
			break;
		case OPT_BEST_EFFORT:
			opts->best_effort = true;
			break;
		case 'v':
			opts->verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_SUCCESS);
		case ':':
			bad_input("%s needs an argument", name);
		default:
			bad_input("unknown option %s", name);
		}
	}
	read_environment(opts);

	if (opts->exec_only_from_ro && opts->executable_rw)
		bad_input("--exec-only-from-ro conflicts with --rwx and LL_FS_RW");
	if (!opts->num_hier)
		bad_input("no hierarchy given: the command could not even start");
	if (optind >= argc)
		bad_input("no command given");
	return optind;
}

/* What seccomp(SECCOMP_GET_LANDLOCK_ABI) says, or why there is none. */
static int landlock_abi(const char **why)
{
	int abi = syscall(__NR_seccomp, SECCOMP_GET_LANDLOCK_ABI, 0, NULL);

	if (abi >= 0)
		return abi;
	if (errno == EOPNOTSUPP)
		*why = "Landlock is off (add it to the lsm= boot parameter)";
	else if (errno == EINVAL)
		*why = "this kernel has no Landlock eBPF rules";
	else
		*why = strerror(errno);
	return -1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* Returns 0, or why the rule cannot be loaded. */
static const char *load(struct sandboxer_bpf **skelp,
			const struct options *opts)
{
	struct sandboxer_bpf *skel;
	int map_fd;
	__u64 value;

	skel = sandboxer_bpf__open();
	if (!skel)
		return strerror(errno);
	*skelp = skel;
	skel->rodata->no_tiocsti = opts->no_tiocsti;
	skel->rodata->owner_only_writes = opts->owner_only_writes;
	skel->rodata->exec_only_from_ro = opts->exec_only_from_ro;
	skel->rodata->owner_uid = getuid();
	if (bpf_map__set_max_entries(skel->maps.hierarchies, opts->num_hier))
		return strerror(errno);
	if (sandboxer_bpf__load(skel)) {
		if (errno == EPERM)
			return "loading refused: see kernel.landlock.unprivileged_disabled";
		return strerror(errno);
	}

	/* The same inode given twice gets the union of its rights. */
	map_fd = bpf_map__fd(skel->maps.hierarchies);
	for (unsigned int i = 0; i < opts->num_hier; i++) {
		const struct hierarchy *h = &opts->hier[i];

		if (bpf_map_lookup_elem(map_fd, &h->fd, &value))
			value = 0;
		value |= h->value;
		if (bpf_map_update_elem(map_fd, &h->fd, &value, BPF_ANY)) {
			warn("%s %s: %s", h->option, h->path, strerror(errno));
			return "a path cannot be in an inode map";
		}
	}
	return NULL;
}

static const char *enforce(const struct sandboxer_bpf *skel)
{
	int prog_fd = bpf_program__fd(skel->progs.sandboxer);

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return strerror(errno);
	if (syscall(__NR_seccomp, SECCOMP_PREPEND_LANDLOCK_PROG, 0, &prog_fd))
		return strerror(errno);
	return NULL;
}

static void explain(const struct options *opts, int abi)
{
	static const char *const rights[] = {
		"execute", "write", "read", "list", "rmdir", "unlink",
		"mkchar", "mkdir", "mkreg", "mksock", "mkfifo", "mkblock",
		"mksym", "refer", "truncate", "ioctl",
	};

	warn("Landlock ABI %d; confining with:", abi);
	for (unsigned int i = 0; i < opts->num_hier; i++) {
		const struct hierarchy *h = &opts->hier[i];

		fprintf(stderr, "  %s %s:", h->option, h->path);
		for (unsigned int r = 0; r < sizeof(rights) / sizeof(*rights); r++)
			if (h->value & (1ULL << r))
				fprintf(stderr, " %s", rights[r]);
		if (h->value & SANDBOXER_APPEND_ONLY)
			fprintf(stderr, " (append only)");
		fputc('\n', stderr);
	}
	if (opts->no_tiocsti)
		fprintf(stderr, "  no TIOCSTI or TIOCLINUX on terminals\n");
	if (opts->owner_only_writes)
		fprintf(stderr, "  writes only to files of uid %u\n", getuid());
	if (opts->exec_only_from_ro)
		fprintf(stderr, "  execution only from read-only hierarchies\n");
}

int main(int argc, char **argv)
{
	struct options opts = {};
	struct sandboxer_bpf *skel = NULL;
	const char *why = NULL;
	int cmd, abi;

	cmd = parse_options(argc, argv, &opts);
	libbpf_set_print(libbpf_print);

	abi = landlock_abi(&why);
	if (abi < 0) {
		if (!opts.best_effort) {
			warn("cannot confine: %s", why);
			return EXIT_NOT_STARTED;
		}
		warn("warning: running %s UNCONFINED: %s", argv[cmd], why);
		goto run;
	}
	if (opts.abi2_option && abi < 2) {
		if (!opts.best_effort) {
			warn("%s needs Landlock ABI 2; this kernel has ABI %d",
			     opts.abi2_option, abi);
			return EXIT_NOT_STARTED;
		}
		warn("warning: ignoring %s: it needs Landlock ABI 2, this kernel has ABI %d",
		     opts.abi2_option, abi);
	} else if (opts.abi2_variable && abi < 2) {
		/* What the former sample did: it is best-effort by default. */
		warn("warning: ignoring %s: it needs Landlock ABI 2, this kernel has ABI %d",
		     opts.abi2_variable, abi);
	}

	why = load(&skel, &opts);
	if (!why)
		why = enforce(skel);
	if (why) {
		if (!opts.best_effort) {
			warn("cannot confine: %s", why);
			return EXIT_NOT_STARTED;
		}
		warn("warning: running %s UNCONFINED: %s", argv[cmd], why);
	} else if (opts.verbose) {
		explain(&opts, abi);
	}
	/* The kernel keeps the enforced program; the command needs no fd. */
	sandboxer_bpf__destroy(skel);

run:
	for (unsigned int i = 0; i < opts.num_hier; i++)
		close(opts.hier[i].fd);
	execvp(argv[cmd], argv + cmd);
	warn("%s: %s%s", argv[cmd], strerror(errno),
	     errno == EACCES ? " (is it beneath --rox or --rwx?)" : "");
	return errno == ENOENT ? 127 : 126;
}
