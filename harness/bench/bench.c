// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's workloads and sandboxes (harness/bench.sh).
 *
 *   bench [-n ITERATIONS] [-r ROUNDS] [-w WORKLOAD] CONFIG...
 *
 * For each CONFIG, a child process sets up its sandbox, then runs every
 * workload: one round to warm the caches up, then ROUNDS rounds of
 * ITERATIONS operations, and reports the fastest round in nanoseconds per
 * operation (for execve, the fastest operation: see struct workload).
 * Booted with ICOUNT=1, the guest clock counts instructions (one
 * nanosecond each), so the figure is instructions per operation, and repeats
 * exactly.  One line per configuration and workload, on standard output:
 *
 *   bench: CONFIG WORKLOAD NS_PER_OP
 *
 * The configurations:
 *
 *   none         no sandbox (any kernel)
 *   type-only    this kernel: one program that reads only the request
 *   allowlist    this kernel: one program, an inode map with a read-only
 *                hierarchy (/bench) and a read-write one (/tmp)
 *   16-programs  this kernel: 16 such programs stacked, each with its map
 *   cgroup       this kernel: the allowlist attached to the task's cgroup
 *   upstream-1   upstream Landlock: the same two hierarchies as a ruleset
 *   upstream-16  upstream Landlock: 16 such layers
 *   port-rule    this kernel: one program enforced for SOCK_CONNECT only,
 *                allowing port 5432 (that of the TCP workload)
 *   upstream-port upstream Landlock: a ruleset with that one TCP port rule
 *
 * The depth of a file is the number of directories from / to it: /tmp/f
 * has depth 1.  tcp-connect is one TCP connection to a loopback listener
 * (socket, connect, accept, close).  Exit status: 0, or 1 if a configuration could not be set up
 * or a workload failed (the reason is on standard error).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/landlock.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.skel.h"

#define RO_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | \
		   LANDLOCK_ACCESS_FS_READ_DIR)
/* Every filesystem right of ABI 1 (upstream's ABI 5). */
#define RW_RIGHTS ((LANDLOCK_ACCESS_FS_IOCTL_DEV << 1) - 1)

#define RO_DIR "/bench"
#define RW_DIR "/tmp"
#define CGROUP_DIR "/sys/fs/cgroup/bench"
/* The port the TCP workload connects to, the one its rules allow. */
#define TCP_PORT 5432

static unsigned int iterations = 2000;
static unsigned int rounds = 5;
/* -w: only this workload (to profile one). */
static const char *only;
static int out_fd = -1;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/* --- Workloads ----------------------------------------------------------- */

static char path_d10[64], path_d30[160];

static void must(int ret, const char *what)
{
	if (ret < 0)
		die("%s: %s", what, strerror(errno));
}

static void open_close(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);

	must(fd, path);
	close(fd);
}

static void op_open_1(void)
{
	open_close(RW_DIR "/f", O_RDONLY);
}

static void op_open_10(void)
{
	open_close(path_d10, O_RDONLY);
}

static void op_open_30(void)
{
	open_close(path_d30, O_RDONLY);
}

static void op_open_trunc(void)
{
	open_close(RW_DIR "/t", O_RDWR | O_TRUNC);
}

static void op_create_unlink(void)
{
	open_close(RW_DIR "/c/new", O_WRONLY | O_CREAT | O_EXCL);
	must(unlink(RW_DIR "/c/new"), "unlink");
}

static void op_mkdir_rmdir(void)
{
	must(mkdir(RW_DIR "/c/dir", 0700), "mkdir");
	must(rmdir(RW_DIR "/c/dir"), "rmdir");
}

static void op_rename(void)
{
	must(rename(RW_DIR "/c/r", RW_DIR "/c/s"), "rename");
	must(rename(RW_DIR "/c/s", RW_DIR "/c/r"), "rename");
}

static void op_rename_across(void)
{
	must(rename(RW_DIR "/c/r", RW_DIR "/e/r"), "rename across");
	must(rename(RW_DIR "/e/r", RW_DIR "/c/r"), "rename across");
}

static void op_execve(void)
{
	static char *const argv[] = { RO_DIR "/true", NULL };
	int status;
	pid_t pid = fork();

	must(pid, "fork");
	if (!pid) {
		execve(argv[0], argv, argv + 1);
		_exit(127);
	}
	must(waitpid(pid, &status, 0), "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("%s: status %#x", argv[0], status);
}

/* The loopback listener the TCP workload connects to (make_fixtures()). */
static int listener = -1;

/* 127.0.0.1:TCP_PORT, set by make_listener(). */
static struct sockaddr_in tcp_addr;

/*
 * One TCP connection to loopback, accepted and closed; the client resets
 * it (linger 0), so that no TIME_WAIT socket holds a port.
 */
static void op_tcp_connect(void)
{
	const struct linger reset = { .l_onoff = 1 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int peer;

	must(fd, "socket");
	must(setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)),
	     "SO_LINGER");
	must(connect(fd, (const struct sockaddr *)&tcp_addr, sizeof(tcp_addr)),
	     "connect");
	peer = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
	must(peer, "accept");
	close(fd);
	close(peer);
}

static const struct workload {
	const char *name;
	void (*op)(void);
	/* Operations per call of op, and fewer iterations for slow ones. */
	unsigned int ops, divide;
	/*
	 * Time each operation and keep the fastest: a round of a long one
	 * always catches timer ticks and deferred work, in varying amounts.
	 */
	bool each;
} workloads[] = {
	{ "open-depth-1", op_open_1, 1, 1 },
	{ "open-depth-10", op_open_10, 1, 1 },
	{ "open-depth-30", op_open_30, 1, 1 },
	{ "open-rdwr-trunc", op_open_trunc, 1, 1 },
	{ "create-unlink", op_create_unlink, 1, 1 },
	{ "mkdir-rmdir", op_mkdir_rmdir, 1, 1 },
	{ "rename", op_rename, 2, 1 },
	{ "rename-across", op_rename_across, 2, 1 },
	{ "execve", op_execve, 1, 20, true },
	{ "tcp-connect", op_tcp_connect, 1, 4 },
};

static unsigned long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void run_workloads(const char *config)
{
	for (size_t w = 0; w < sizeof(workloads) / sizeof(*workloads); w++) {
		const struct workload *wl = &workloads[w];
		unsigned int n = iterations / wl->divide ?: 1;
		unsigned long long best = ~0ULL;
		char line[128];
		int len;

		if (only && strcmp(only, wl->name))
			continue;

		for (unsigned int r = 0; r <= rounds; r++) {
			unsigned long long start = now(), took;

			for (unsigned int i = 0; i < n; i++) {
				wl->op();
				if (wl->each) {
					took = now() - start;
					/* Round 0 warms up. */
					if (r && took < best)
						best = took;
					start = now();
				}
			}
			took = now() - start;
			if (!wl->each && r && took < best)
				best = took;
		}
		if (!wl->each)
			best /= n;
		len = snprintf(line, sizeof(line), "bench: %s %s %llu\n",
			       config, wl->name, best / wl->ops);
		if (write(out_fd, line, len) != len)
			die("write: %s", strerror(errno));
	}
}

/* Bring the loopback interface up and listen on it (before any sandbox). */
static void make_listener(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	const int one = 1;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	must(fd, "socket");
	must(ioctl(fd, SIOCGIFFLAGS, &ifr), "SIOCGIFFLAGS");
	ifr.ifr_flags |= IFF_UP;
	must(ioctl(fd, SIOCSIFFLAGS, &ifr), "SIOCSIFFLAGS");
	close(fd);
	tcp_addr.sin_family = AF_INET;
	tcp_addr.sin_port = htons(TCP_PORT);
	tcp_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	must(listener, "socket");
	must(setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)),
	     "SO_REUSEADDR");
	must(bind(listener, (const struct sockaddr *)&tcp_addr,
		  sizeof(tcp_addr)), "bind");
	must(listen(listener, 128), "listen");
}

static void make_fixtures(void)
{
	char dir[160] = RW_DIR;
	int fd;

	open_close(RW_DIR "/f", O_WRONLY | O_CREAT);
	open_close(RW_DIR "/t", O_WRONLY | O_CREAT);
	mkdir(RW_DIR "/c", 0700);
	mkdir(RW_DIR "/e", 0700);
	open_close(RW_DIR "/c/r", O_WRONLY | O_CREAT);
	for (int depth = 2; depth <= 30; depth++) {
		snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/%d",
			 depth - 1);
		if (mkdir(dir, 0700) && errno != EEXIST)
			die("%s: %s", dir, strerror(errno));
		if (depth == 10)
			snprintf(path_d10, sizeof(path_d10), "%s/f", dir);
	}
	snprintf(path_d30, sizeof(path_d30), "%s/f", dir);
	open_close(path_d10, O_WRONLY | O_CREAT);
	open_close(path_d30, O_WRONLY | O_CREAT);
	fd = open(RO_DIR "/true", O_RDONLY);
	must(fd, RO_DIR "/true");
	close(fd);
	make_listener();
}

/* --- Sandboxes ----------------------------------------------------------- */

static int open_path(const char *path)
{
	int fd = open(path, O_PATH | O_CLOEXEC);

	must(fd, path);
	return fd;
}

/* The figures are for JIT-compiled programs, what adopters run. */
static void check_jited(int prog_fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	must(bpf_prog_get_info_by_fd(prog_fd, &info, &len), "program info");
	if (!info.jited_prog_len)
		die("the program is not JIT-compiled (net.core.bpf_jit_enable?)");
}

/* An allowlist program, loaded, its map filled. */
static struct bench_bpf *load_allowlist(void)
{
	struct bench_bpf *skel = bench_bpf__open_and_load();
	const __u64 ro = RO_RIGHTS, rw = RW_RIGHTS;
	int ro_fd, rw_fd, map_fd;

	if (!skel)
		die("loading the rules: %s", strerror(errno));
	map_fd = bpf_map__fd(skel->maps.hierarchies);
	ro_fd = open_path(RO_DIR);
	rw_fd = open_path(RW_DIR);
	must(bpf_map_update_elem(map_fd, &ro_fd, &ro, BPF_ANY), "map update");
	must(bpf_map_update_elem(map_fd, &rw_fd, &rw, BPF_ANY), "map update");
	close(ro_fd);
	close(rw_fd);
	return skel;
}

static void prepend(int prog_fd)
{
	check_jited(prog_fd);
	must(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
	must(syscall(__NR_seccomp, SECCOMP_PREPEND_LANDLOCK_PROG, 0, &prog_fd),
	     "SECCOMP_PREPEND_LANDLOCK_PROG");
}

/*
 * Once enforced, a program lives in the task's chain: close the loader's
 * objects, so that every configuration forks and executes a process of the
 * same size, with the same descriptors.
 */
static void sandbox_programs(unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		struct bench_bpf *skel = load_allowlist();

		prepend(bpf_program__fd(skel->progs.allowlist));
		bench_bpf__destroy(skel);
	}
}

static void sandbox_type_only(void)
{
	struct bench_bpf *skel = bench_bpf__open_and_load();

	if (!skel)
		die("loading the rules: %s", strerror(errno));
	prepend(bpf_program__fd(skel->progs.type_only));
	bench_bpf__destroy(skel);
}

static void sandbox_cgroup(void)
{
	struct bench_bpf *skel = load_allowlist();
	int cg_fd, procs;

	if (mkdir(CGROUP_DIR, 0700) && errno != EEXIST)
		die(CGROUP_DIR ": %s", strerror(errno));
	cg_fd = open(CGROUP_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	must(cg_fd, CGROUP_DIR);
	check_jited(bpf_program__fd(skel->progs.allowlist));
	must(bpf_prog_attach(bpf_program__fd(skel->progs.allowlist), cg_fd,
			     BPF_CGROUP_LANDLOCK, 0), "attaching to the cgroup");
	/* Move in: "0" is the writer itself. */
	procs = openat(cg_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	must(procs, CGROUP_DIR "/cgroup.procs");
	must(write(procs, "0", 1), "joining the cgroup");
	close(procs);
	close(cg_fd);
	bench_bpf__destroy(skel);
}

/* A program run for TCP connects only, allowing port TCP_PORT. */
static void sandbox_port_rule(void)
{
	struct bench_bpf *skel = bench_bpf__open_and_load();
	struct landlock_enforce_attr attr = {
		.size = sizeof(attr),
		.handled_access = LANDLOCK_ACCESS_SOCK_CONNECT,
	};

	if (!skel)
		die("loading the rules: %s", strerror(errno));
	attr.prog_fd = bpf_program__fd(skel->progs.tcp_port);
	check_jited(attr.prog_fd);
	must(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
	must(syscall(__NR_seccomp, SECCOMP_LANDLOCK_ENFORCE, 0, &attr),
	     "SECCOMP_LANDLOCK_ENFORCE");
	bench_bpf__destroy(skel);
}

/* Upstream's ruleset with one TCP port rule, the same policy. */
static void sandbox_upstream_port(void)
{
	const struct landlock_ruleset_attr attr = {
		.handled_access_net = LANDLOCK_ACCESS_NET_CONNECT_TCP,
	};
	const struct landlock_net_port_attr rule = {
		.allowed_access = LANDLOCK_ACCESS_NET_CONNECT_TCP,
		.port = TCP_PORT,
	};
	int ruleset;

	must(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
	ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	must(ruleset, "landlock_create_ruleset");
	must(syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_NET_PORT,
		     &rule, 0), "landlock_add_rule");
	must(syscall(__NR_landlock_restrict_self, ruleset, 0),
	     "landlock_restrict_self");
	close(ruleset);
}

static void add_rule(int ruleset, const char *path, __u64 rights)
{
	struct landlock_path_beneath_attr rule = {
		.allowed_access = rights,
		.parent_fd = open_path(path),
	};

	must(syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		     &rule, 0), "landlock_add_rule");
	close(rule.parent_fd);
}

static void sandbox_upstream(unsigned int layers)
{
	const struct landlock_ruleset_attr attr = {
		.handled_access_fs = RW_RIGHTS,
	};
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);

	if (abi < 5)
		die("upstream Landlock ABI 5 or later needed, not %ld (%s)", abi,
		    abi < 0 ? strerror(errno) : "too old");
	must(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
	for (unsigned int i = 0; i < layers; i++) {
		int ruleset = syscall(__NR_landlock_create_ruleset, &attr,
				      sizeof(attr), 0);

		must(ruleset, "landlock_create_ruleset");
		add_rule(ruleset, RO_DIR, RO_RIGHTS);
		add_rule(ruleset, RW_DIR, RW_RIGHTS);
		must(syscall(__NR_landlock_restrict_self, ruleset, 0),
		     "landlock_restrict_self");
		close(ruleset);
	}
}

static void sandbox_none(void)
{
}

static void sandbox_allowlist(void)
{
	sandbox_programs(1);
}

static void sandbox_16_programs(void)
{
	sandbox_programs(16);
}

static void sandbox_upstream_1(void)
{
	sandbox_upstream(1);
}

static void sandbox_upstream_16(void)
{
	sandbox_upstream(16);
}

static const struct config {
	const char *name;
	void (*sandbox)(void);
} configs[] = {
	{ "none", sandbox_none },
	{ "type-only", sandbox_type_only },
	{ "allowlist", sandbox_allowlist },
	{ "16-programs", sandbox_16_programs },
	{ "cgroup", sandbox_cgroup },
	{ "upstream-1", sandbox_upstream_1 },
	{ "upstream-16", sandbox_upstream_16 },
	{ "port-rule", sandbox_port_rule },
	{ "upstream-port", sandbox_upstream_port },
};

static void sandbox(const char *config)
{
	for (size_t i = 0; i < sizeof(configs) / sizeof(*configs); i++) {
		if (!strcmp(config, configs[i].name)) {
			configs[i].sandbox();
			return;
		}
	}
	die("unknown configuration %s", config);
}

/* Run @config in a child, sandboxed; pass its lines on.  0 on success. */
static int run_config(const char *config)
{
	char buf[4096];
	int pipefd[2], status;
	ssize_t len;
	pid_t pid;

	must(pipe2(pipefd, O_CLOEXEC), "pipe");
	pid = fork();
	must(pid, "fork");
	if (!pid) {
		close(pipefd[0]);
		out_fd = pipefd[1];
		sandbox(config);
		run_workloads(config);
		exit(0);
	}
	close(pipefd[1]);
	while ((len = read(pipefd[0], buf, sizeof(buf))) > 0)
		fwrite(buf, 1, len, stdout);
	fflush(stdout);
	close(pipefd[0]);
	must(waitpid(pid, &status, 0), "waitpid");
	if (!strcmp(config, "cgroup"))
		rmdir(CGROUP_DIR);
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	fprintf(stderr, "bench: %s: failed (status %#x)\n", config, status);
	return 1;
}

int main(int argc, char *argv[])
{
	int opt, failed = 0;

	while ((opt = getopt(argc, argv, "n:r:w:")) != -1) {
		switch (opt) {
		case 'n':
			iterations = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			rounds = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			only = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-n ITERATIONS] [-r ROUNDS] [-w WORKLOAD] CONFIG...\n",
				argv[0]);
			return 2;
		}
	}
	if (!iterations || !rounds || optind == argc)
		die("usage: %s [-n ITERATIONS] [-r ROUNDS] [-w WORKLOAD] CONFIG...",
		    argv[0]);
	make_fixtures();
	for (int i = optind; i < argc; i++)
		failed |= run_config(argv[i]);
	return failed;
}
