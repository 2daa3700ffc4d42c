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
 *
 * From Landlock ABI 2, the enforcement names the rights the rule is run
 * for: every filesystem right, with LANDLOCK_ACCESS_FS_RESOLVE_UNIX, and
 * only the socket and IPC rights of the options given.  On ABI 1, the plain
 * call enforces the rule for the filesystem rights of ABI 1.
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
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
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
"	Sockets and signals are restricted only by the options that say so\n"
"	(--bind-tcp to --scope-abstract-unix), but for the unix sockets\n"
"	reached by their path, which are files (see --rw).\n"
"\n"
"OPTIONS\n"
"	--ro PATHS    read files and list directories\n"
"	--rox PATHS   the same, and execute files\n"
"	--rw PATHS    read, write, create, remove, link and rename, truncate,\n"
"	              use device ioctls, and (ABI 2) connect or send to the\n"
"	              unix sockets there: no other socket file, such as a\n"
"	              session bus or an agent outside every --rw and --rwx\n"
"	              hierarchy, can be reached by its path\n"
"	--rwx PATHS   the same, and execute files\n"
"	--append-only PATH\n"
"	              files at or beneath PATH may be read, and written only\n"
"	              when opened write-only in append mode (O_APPEND, which\n"
"	              cannot be cleared), never truncated, and, in a directory\n"
"	              PATH,\n"
"	              never removed or replaced, whatever another option\n"
"	              grants (fallocate(2) and pwritev2(RWF_NOAPPEND) are not\n"
"	              checked)\n"
"	--no-tiocsti  refuse TIOCSTI and TIOCLINUX on every terminal, also\n"
"	              on terminals opened before: no typing into the shell\n"
"	              the sandbox was started from.  Terminal ioctls need the\n"
"	              terminal beneath --rw: give its own, --rw \"$(tty)\",\n"
"	              rather than /dev/pts, whose other terminals it could read\n"
"	--owner-only-writes\n"
"	              write or truncate only regular files owned by the user\n"
"	              running the sandboxer (removing or replacing them is\n"
"	              up to their directory's rights)\n"
"	--exec-only-from-ro\n"
"	              execute only from hierarchies that are not writable\n"
"	              (conflicts with --rwx); interpreters and ld.so can still\n"
"	              read and run what is writable\n"
"	--bind-tcp PORTS\n"
"	              bind only to these ports (colon-separated, from 1 to\n"
"	              65535, at most 16 in all).  As the ruleset interface's\n"
"	              TCP rights, it restricts TCP and MPTCP stream sockets\n"
"	              only: UDP, SCTP and raw sockets bind anywhere\n"
"	--connect-tcp PORTS\n"
"	              connect (connect(2), and TCP Fast Open sends) only to\n"
"	              these ports, on any address; TCP and MPTCP only\n"
"	--connect HOST:PORT\n"
"	              connect to this address and port, HOST a numeric IPv4\n"
"	              address or an IPv6 one in brackets ([::1]:5432); at\n"
"	              most 8, TCP and MPTCP only.  With --connect-tcp, what\n"
"	              either one allows is allowed\n"
"	--no-raw-sockets\n"
"	              create no raw IPv4 or IPv6 socket and no packet\n"
"	              socket (AF_PACKET): no crafted packets, no sniffing\n"
"	              (netlink sockets, which talk to the kernel, work)\n"
"	--scope-signals\n"
"	              send signals only to processes of the sandbox (EPERM)\n"
"	--scope-abstract-unix\n"
"	              connect or send only to the abstract unix sockets\n"
"	              created in the sandbox (EPERM)\n"
"	              These six need Landlock ABI 2: without it, they are\n"
"	              refused, or ignored under --best-effort\n"
"	--best-effort confine as much as this kernel can: skip, with a\n"
"	              warning, what it lacks (even Landlock itself) instead\n"
"	              of failing\n"
"	-v, --verbose say what is enforced\n"
"	-h, --help    show this text\n"
"\n"
"ENVIRONMENT\n"
"	The variables of the kernel's former ruleset sample are read too,\n"
"	and add to the options: LL_FS_RO (as --rox), LL_FS_RW (as --rwx),\n"
"	and, with ABI 2, LL_TCP_BIND (as --bind-tcp), LL_TCP_CONNECT (as\n"
"	--connect-tcp) and LL_SCOPED (colon-separated scopes: \"a\" as\n"
"	--scope-abstract-unix, \"s\" as --scope-signals, e.g. LL_SCOPED=a:s),\n"
"	which are ignored with a warning on a kernel without ABI 2, as that\n"
"	sample did.  An empty variable grants nothing: with LL_TCP_BIND=, no\n"
"	TCP port may be bound.\n"
"\n"
"EXIT STATUS\n"
"	The status of COMMAND; 2 if COMMAND was not started (bad option,\n"
"	path or combination, or a kernel that cannot confine it without\n"
"	--best-effort); 126 if COMMAND cannot be executed, 127 if it is not\n"
"	found.\n"
"\n"
"EXAMPLE\n"
"	sandboxer --rox /bin:/lib:/usr --ro /etc --rw /tmp/work:\"$(tty)\" \\\n"
"		--no-tiocsti -- sh -c 'echo hi > /tmp/work/out'\n";

/* A path of the command line, opened, and what it grants. */
struct hierarchy {
	const char *option;
	const char *path;
	int fd;
	__u64 value;
};

/* The ports of --bind-tcp or --connect-tcp, each once. */
struct ports {
	__u32 port[SANDBOXER_MAX_PORTS];
	unsigned int num;
};

/* What needs ABI 2, for the messages: first the options, then variables. */
enum abi2_input {
	ABI2_BIND_TCP, ABI2_CONNECT_TCP, ABI2_CONNECT, ABI2_NO_RAW_SOCKETS,
	ABI2_SCOPE_SIGNALS, ABI2_SCOPE_ABSTRACT_UNIX,
	ABI2_LL_TCP_BIND, ABI2_LL_TCP_CONNECT, ABI2_LL_SCOPED,
	ABI2_NUM
};

static const char *const abi2_names[ABI2_NUM] = {
	"--bind-tcp", "--connect-tcp", "--connect", "--no-raw-sockets",
	"--scope-signals", "--scope-abstract-unix",
	"LL_TCP_BIND", "LL_TCP_CONNECT", "LL_SCOPED",
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
	/* ABI 2: the socket and IPC rights to handle, and their constants. */
	__u64 handled;
	struct ports bind;
	struct ports connect;
	struct sandboxer_addr addr[SANDBOXER_MAX_ADDRS];
	unsigned int num_addr;
	/* The 1 << ABI2_* bits of what was given. */
	unsigned int abi2;
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
		bad_input("%s: empty path", option);
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

/* strsep() writes: it gets copies of the environment's strings. */
static char *copy(const char *s)
{
	char *c = strdup(s);

	if (!c)
		bad_input("out of memory");
	return c;
}

/* @input, which needs ABI 2, was given: handle @access. */
static void need_abi2(struct options *opts, enum abi2_input input,
		      __u64 access)
{
	opts->abi2 |= 1U << input;
	opts->handled |= access;
}

/*
 * A port: decimal digits, from 1 to 65535, up to @end (where a ':' or
 * the end of the string must follow).  Returns -1 if it is none.
 */
static long port_number(const char *p, char **end)
{
	long port;

	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	port = strtol(p, end, 10);
	if (errno || port < 1 || port > 65535 || (**end && **end != ':'))
		return -1;
	return port;
}

/*
 * Add the colon-separated @list of ports to @ports; from the environment,
 * "" is no port.
 */
static void add_ports(struct ports *ports, const char *option,
		      const char *list, bool from_env)
{
	const char *p = list;
	unsigned int i;
	char *end;
	long port;

	if (!*list) {
		if (from_env)
			return;
		bad_input("%s: empty list of ports", option);
	}
	for (;;) {
		port = port_number(p, &end);
		if (port < 0)
			bad_input("%s %s: not a list of TCP ports", option, list);
		for (i = 0; i < ports->num && ports->port[i] != port; i++)
			;
		if (i == ports->num) {
			if (ports->num == SANDBOXER_MAX_PORTS)
				bad_input("%s: more than %d ports in all",
					  option, SANDBOXER_MAX_PORTS);
			ports->port[ports->num++] = port;
		}
		if (!*end)
			return;
		p = end + 1;
	}
}

/*
 * HOST:PORT, with an IPv4 address or an IPv6 one in brackets.  The address
 * is kept as the kernel shows it to the rule: IPv4 v4-mapped.
 */
static void add_address(struct options *opts, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char host[INET6_ADDRSTRLEN + 2] = {};
	const size_t len = colon ? (size_t)(colon - arg) : 0;
	struct sandboxer_addr a = {};
	struct in_addr in;
	char *end;
	long port;

	if (!colon || !len || len >= sizeof(host))
		bad_input("--connect %s: not HOST:PORT", arg);
	memcpy(host, arg, len);
	if (host[0] == '[') {
		if (host[len - 1] != ']')
			bad_input("--connect %s: not HOST:PORT", arg);
		host[len - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, a.addr) != 1)
			bad_input("--connect %s: not an IPv6 address", arg);
	} else if (inet_pton(AF_INET, host, &in) == 1) {
		a.addr[2] = htonl(0xffff);
		a.addr[3] = in.s_addr;
	} else {
		bad_input("--connect %s: not an IPv4 address", arg);
	}
	port = port_number(colon + 1, &end);
	if (port < 0 || *end)
		bad_input("--connect %s: not a TCP port", arg);
	a.port = port;

	for (unsigned int i = 0; i < opts->num_addr; i++)
		if (!memcmp(&opts->addr[i], &a, sizeof(a)))
			return;
	if (opts->num_addr == SANDBOXER_MAX_ADDRS)
		bad_input("--connect: more than %d addresses",
			  SANDBOXER_MAX_ADDRS);
	opts->addr[opts->num_addr++] = a;
}

/* LL_SCOPED: "a" for abstract unix sockets, "s" for signals. */
static void add_scopes(struct options *opts, const char *list)
{
	char *scopes, *next, *scope;

	if (!*list)
		return;
	scopes = copy(list);
	next = scopes;
	while ((scope = strsep(&next, ":"))) {
		if (!strcmp(scope, "a"))
			need_abi2(opts, ABI2_LL_SCOPED,
				  LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX);
		else if (!strcmp(scope, "s"))
			need_abi2(opts, ABI2_LL_SCOPED,
				  LANDLOCK_ACCESS_IPC_SIGNAL);
		else
			bad_input("LL_SCOPED=%s: only 'a' and 's' are scopes",
				  list);
	}
	free(scopes);
}

static void read_environment(struct options *opts)
{
	char *val;

	val = getenv("LL_FS_RO");
	if (val)
		add_paths(opts, "LL_FS_RO", copy(val),
			  SANDBOXER_READ | LANDLOCK_ACCESS_FS_EXECUTE, true);
	val = getenv("LL_FS_RW");
	if (val) {
		add_paths(opts, "LL_FS_RW", copy(val), SANDBOXER_RIGHTS, true);
		opts->executable_rw |= *val;
	}
	/* Set, even empty, as upstream's sample: only the listed ports. */
	val = getenv("LL_TCP_BIND");
	if (val) {
		add_ports(&opts->bind, "LL_TCP_BIND", val, true);
		need_abi2(opts, ABI2_LL_TCP_BIND, LANDLOCK_ACCESS_SOCK_BIND);
	}
	val = getenv("LL_TCP_CONNECT");
	if (val) {
		add_ports(&opts->connect, "LL_TCP_CONNECT", val, true);
		need_abi2(opts, ABI2_LL_TCP_CONNECT,
			  LANDLOCK_ACCESS_SOCK_CONNECT |
			  LANDLOCK_ACCESS_SOCK_SENDTO);
	}
	val = getenv("LL_SCOPED");
	if (val)
		add_scopes(opts, val);
}

enum {
	OPT_RO = 256, OPT_ROX, OPT_RW, OPT_RWX, OPT_APPEND_ONLY,
	OPT_NO_TIOCSTI, OPT_OWNER_ONLY_WRITES, OPT_EXEC_ONLY_FROM_RO,
	OPT_BIND_TCP, OPT_CONNECT_TCP, OPT_CONNECT, OPT_NO_RAW_SOCKETS,
	OPT_SCOPE_SIGNALS, OPT_SCOPE_ABSTRACT_UNIX, OPT_BEST_EFFORT,
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
	{ "no-raw-sockets", no_argument, NULL, OPT_NO_RAW_SOCKETS },
	{ "scope-signals", no_argument, NULL, OPT_SCOPE_SIGNALS },
	{ "scope-abstract-unix", no_argument, NULL, OPT_SCOPE_ABSTRACT_UNIX },
	{ "best-effort", no_argument, NULL, OPT_BEST_EFFORT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

/* Returns the index of the command in @argv. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	char short_name[3];
	const char *name;
	int c;

	opterr = 0;
	/* "+": options end at the command, as for env(1). */
	while ((c = getopt_long(argc, argv, "+:vh", long_options, NULL)) != -1) {
		name = argv[optind - 1 < argc ? optind - 1 : argc - 1];
		/* A short option in a cluster ("-xv"): name the letter. */
		if (optopt > 0 && optopt < OPT_RO && (c == '?' || c == ':')) {
			snprintf(short_name, sizeof(short_name), "-%c", optopt);
			name = short_name;
		}
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
			add_ports(&opts->bind, "--bind-tcp", optarg, false);
			need_abi2(opts, ABI2_BIND_TCP,
				  LANDLOCK_ACCESS_SOCK_BIND);
			break;
		case OPT_CONNECT_TCP:
			add_ports(&opts->connect, "--connect-tcp", optarg,
				  false);
			need_abi2(opts, ABI2_CONNECT_TCP,
				  LANDLOCK_ACCESS_SOCK_CONNECT |
				  LANDLOCK_ACCESS_SOCK_SENDTO);
			break;
		case OPT_CONNECT:
			add_address(opts, optarg);
			need_abi2(opts, ABI2_CONNECT,
				  LANDLOCK_ACCESS_SOCK_CONNECT |
				  LANDLOCK_ACCESS_SOCK_SENDTO);
			break;
		case OPT_NO_RAW_SOCKETS:
			need_abi2(opts, ABI2_NO_RAW_SOCKETS,
				  LANDLOCK_ACCESS_SOCK_CREATE);
			break;
		case OPT_SCOPE_SIGNALS:
			need_abi2(opts, ABI2_SCOPE_SIGNALS,
				  LANDLOCK_ACCESS_IPC_SIGNAL);
			break;
		case OPT_SCOPE_ABSTRACT_UNIX:
			need_abi2(opts, ABI2_SCOPE_ABSTRACT_UNIX,
				  LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX);
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
			bad_input("unknown or ambiguous option %s", name);
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

/*
 * The network and scope restrictions need ABI 2: never ignore them
 * silently.  On a kernel without it, each option is an error, unless
 * --best-effort; a variable is ignored with a warning, as the former sample
 * did.  What is ignored is dropped.  Returns whether to go on.
 */
static bool network_and_scopes(struct options *opts, int abi)
{
	const char *lack = "needs Landlock ABI 2";
	bool refused = false;

	if (abi >= 2)
		return true;
	for (int i = 0; i < ABI2_LL_TCP_BIND; i++) {
		if ((opts->abi2 & (1U << i)) && !opts->best_effort) {
			warn("%s %s (this kernel has ABI %d)", abi2_names[i],
			     lack, abi);
			refused = true;
		}
	}
	if (refused)
		return false;
	for (int i = 0; i < ABI2_NUM; i++) {
		if (!(opts->abi2 & (1U << i)))
			continue;
		warn("warning: ignoring %s: it %s (this kernel has ABI %d)",
		     abi2_names[i], lack, abi);
	}
	opts->handled = 0;
	opts->bind.num = 0;
	opts->connect.num = 0;
	opts->num_addr = 0;
	return true;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static bool same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The directory of a file entry, where its path really leads. */
static int file_dir(const struct hierarchy *h)
{
	char *real = realpath(h->path, NULL), *slash;
	int fd;

	if (!real)
		return -1;
	slash = strrchr(real, '/');
	if (slash == real)
		slash++;
	*slash = '\0';
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(real);
	return fd;
}

/* Entries on the directory @dir add their values to @h. */
static void add_values(const struct options *opts, const struct stat *st,
		       const struct stat *dir, struct hierarchy *h)
{
	for (unsigned int j = 0; j < opts->num_hier; j++)
		if (same_inode(&st[j], dir))
			h->value |= opts->hier[j].value;
}

/*
 * Give each entry the values of the entries on the same inode (a path given
 * twice gets the union) and above it.  A walk from an
 * object then finds every restriction (--append-only, and the writability
 * --exec-only-from-ro looks at) on the nearest entry, even where a path
 * hides the farther ones: a detached mount clone (open_tree(2)), a bind
 * mount, or a tree deeper than what the kernel walks.  It grants nothing
 * new: through its usual path, the object has all of that already.
 */
static void add_ancestors(struct options *opts)
{
	struct stat *st = calloc(opts->num_hier, sizeof(*st));

	if (!st)
		bad_input("out of memory");
	for (unsigned int i = 0; i < opts->num_hier; i++)
		if (fstat(opts->hier[i].fd, &st[i]))
			bad_input("%s %s: %s", opts->hier[i].option,
				  opts->hier[i].path, strerror(errno));

	for (unsigned int i = 0; i < opts->num_hier; i++) {
		struct hierarchy *h = &opts->hier[i];
		struct stat cur = st[i], up;
		int dir;

		add_values(opts, st, &cur, h);
		dir = S_ISDIR(cur.st_mode) ? dup(h->fd) : file_dir(h);

		/*
		 * Files without a directory to resolve to (nsfs, pidfs,
		 * anonymous files) are on internal mounts, which the inode
		 * map refuses.
		 */
		if (dir < 0)
			continue;
		if (!S_ISDIR(cur.st_mode)) {
			if (fstat(dir, &cur))
				bad_input("%s %s: %s", h->option, h->path,
					  strerror(errno));
			add_values(opts, st, &cur, h);
		}
		/* Up to the root, where ".." is the directory itself. */
		for (;;) {
			int parent = openat(dir, "..", O_PATH | O_DIRECTORY |
					    O_CLOEXEC);

			close(dir);
			if (parent < 0 || fstat(parent, &up) ||
			    same_inode(&up, &cur)) {
				if (parent >= 0)
					close(parent);
				break;
			}
			add_values(opts, st, &up, h);
			cur = up;
			dir = parent;
		}
	}
	free(st);
}

/* Returns 0, or why the rule cannot be loaded. */
static const char *load(struct sandboxer_bpf **skelp,
			const struct options *opts)
{
	struct sandboxer_bpf *skel;
	int map_fd;

	skel = sandboxer_bpf__open();
	if (!skel)
		return strerror(errno);
	*skelp = skel;
	skel->rodata->no_tiocsti = opts->no_tiocsti;
	skel->rodata->owner_only_writes = opts->owner_only_writes;
	skel->rodata->exec_only_from_ro = opts->exec_only_from_ro;
	skel->rodata->owner_uid = getuid();
	memcpy(skel->rodata->bind_ports, opts->bind.port,
	       sizeof(opts->bind.port));
	skel->rodata->num_bind_ports = opts->bind.num;
	memcpy(skel->rodata->connect_ports, opts->connect.port,
	       sizeof(opts->connect.port));
	skel->rodata->num_connect_ports = opts->connect.num;
	memcpy(skel->rodata->connect_addrs, opts->addr, sizeof(opts->addr));
	skel->rodata->num_connect_addrs = opts->num_addr;
	if (bpf_map__set_max_entries(skel->maps.hierarchies, opts->num_hier))
		return strerror(errno);
	if (sandboxer_bpf__load(skel)) {
		if (errno == EPERM)
			return "loading refused: see kernel.landlock.unprivileged_disabled";
		return strerror(errno);
	}

	/* add_ancestors() merged the values of an inode given twice. */
	map_fd = bpf_map__fd(skel->maps.hierarchies);
	for (unsigned int i = 0; i < opts->num_hier; i++) {
		const struct hierarchy *h = &opts->hier[i];

		/* Even with --best-effort: it is a bad path. */
		if (bpf_map_update_elem(map_fd, &h->fd, &h->value, BPF_ANY))
			bad_input("%s %s: cannot be in an inode map: %s",
				  h->option, h->path, strerror(errno));
	}
	return NULL;
}

/*
 * From ABI 2, the rule is run for every filesystem right and for the
 * socket and IPC rights of the options given; on ABI 1, the plain call
 * runs it for the filesystem rights of ABI 1 (network_and_scopes() dropped
 * the rest).
 */
static const char *enforce(const struct sandboxer_bpf *skel,
			   const struct options *opts, int abi)
{
	struct landlock_enforce_attr attr = {
		.size = sizeof(attr),
		.prog_fd = bpf_program__fd(skel->progs.sandboxer),
		.handled_access = SANDBOXER_RIGHTS | opts->handled,
		.log_flags = 0,
	};
	long err;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return strerror(errno);
	if (abi < 2)
		err = syscall(__NR_seccomp, SECCOMP_PREPEND_LANDLOCK_PROG, 0,
			      &attr.prog_fd);
	else
		err = syscall(__NR_seccomp, SECCOMP_LANDLOCK_ENFORCE, 0, &attr);
	if (err)
		return strerror(errno);
	return NULL;
}

/* Prints " 127.0.0.1:5432" or " [::1]:5432". */
static void print_address(const struct sandboxer_addr *a)
{
	char host[INET6_ADDRSTRLEN];

	if (!a->addr[0] && !a->addr[1] && a->addr[2] == htonl(0xffff)) {
		inet_ntop(AF_INET, &a->addr[3], host, sizeof(host));
		fprintf(stderr, " %s:%u", host, a->port);
	} else {
		inet_ntop(AF_INET6, a->addr, host, sizeof(host));
		fprintf(stderr, " [%s]:%u", host, a->port);
	}
}

static void print_ports(const char *what, const struct ports *ports)
{
	fprintf(stderr, "  TCP %s only to port%s", what,
		ports->num == 1 ? "" : "s");
	for (unsigned int i = 0; i < ports->num; i++)
		fprintf(stderr, " %u", ports->port[i]);
}

static void explain(const struct options *opts, int abi)
{
	static const char *const rights[] = {
		"execute", "write", "read", "list", "rmdir", "unlink",
		"mkchar", "mkdir", "mkreg", "mksock", "mkfifo", "mkblock",
		"mksym", "refer", "truncate", "ioctl", "connect-unix",
	};
	/* On ABI 1, unix sockets are not checked: do not show it. */
	const __u64 shown = abi < 2 ? ~LANDLOCK_ACCESS_FS_RESOLVE_UNIX : ~0ULL;

	warn("Landlock ABI %d; confining with:", abi);
	for (unsigned int i = 0; i < opts->num_hier; i++) {
		const struct hierarchy *h = &opts->hier[i];

		fprintf(stderr, "  %s %s:", h->option, h->path);
		for (unsigned int r = 0; r < sizeof(rights) / sizeof(*rights); r++)
			if (h->value & shown & (1ULL << r))
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
	if (abi < 2)
		fprintf(stderr,
			"  unix sockets reachable by path anywhere (needs ABI 2)\n");

	if (opts->handled & LANDLOCK_ACCESS_SOCK_BIND) {
		if (opts->bind.num)
			print_ports("bind", &opts->bind);
		else
			fputs("  TCP bind to no port", stderr);
		fputc('\n', stderr);
	}
	if (opts->handled & LANDLOCK_ACCESS_SOCK_CONNECT) {
		if (opts->connect.num)
			print_ports("connect", &opts->connect);
		if (opts->num_addr)
			fputs(opts->connect.num ? ", and to" :
			      "  TCP connect only to", stderr);
		for (unsigned int i = 0; i < opts->num_addr; i++)
			print_address(&opts->addr[i]);
		if (!opts->connect.num && !opts->num_addr)
			fputs("  TCP connect to no port", stderr);
		fputc('\n', stderr);
	}
	if (opts->handled & LANDLOCK_ACCESS_SOCK_CREATE)
		fprintf(stderr, "  no raw sockets, no packet sockets\n");
	if (opts->handled & LANDLOCK_ACCESS_IPC_SIGNAL)
		fprintf(stderr, "  signals only to processes of the sandbox\n");
	if (opts->handled & LANDLOCK_ACCESS_IPC_ABSTRACT_UNIX)
		fputs("  abstract unix sockets only of the sandbox\n", stderr);
}

int main(int argc, char **argv)
{
	struct options opts = {};
	struct sandboxer_bpf *skel = NULL;
	const char *why = NULL;
	int cmd, abi, err;

	cmd = parse_options(argc, argv, &opts);
	add_ancestors(&opts);
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
	if (!network_and_scopes(&opts, abi))
		return EXIT_NOT_STARTED;

	why = load(&skel, &opts);
	if (!why)
		why = enforce(skel, &opts, abi);
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
	err = errno;
	warn("%s: %s%s", argv[cmd], strerror(err),
	     err == EACCES ? " (is it beneath --rox or --rwx?)" : "");
	return err == ENOENT ? 127 : 126;
}
