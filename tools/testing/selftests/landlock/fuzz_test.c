// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - Bounded fuzz run.  As an unprivileged user, load
 * thousands of random BPF_PROG_TYPE_LANDLOCK programs and mutations of a
 * small corpus of valid ones, with random log buffers, attach types and
 * flags, and run random commands on inode maps and read-only arrays with
 * all sorts of descriptors as keys.  Every refusal must carry one of the
 * errors the BPF syscall, the verifier and the map code return for bad
 * input; programs that load are run with BPF_PROG_TEST_RUN (their verdict
 * must be 0 or 1) and, every ENFORCE_EVERY of them, enforced by a child
 * that then touches a few files and must exit normally.  The sequence is
 * fixed by a seed (LANDLOCK_FUZZ_SEED replays another one) and its length
 * by LANDLOCK_FUZZ_ITERS; the kernel's own checkers (KASAN, lockdep,
 * kmemleak) judge what the test cannot see.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>

#include "common.h"

/*
 * The kernel's internal "not supported" (524), which the verifier and some
 * BPF commands answer: not a SUSv4 code, so <errno.h> has no name for it.
 */
#define ERRNO_KERNEL_NOTSUPP 524

#define DEFAULT_SEED 0x4c616e646c6f636bULL /* "Landlock" */
#define DEFAULT_ITERS 3000
/*
 * The harness kills a test after TIMEOUT seconds: stop before, after
 * LANDLOCK_FUZZ_SECONDS (default 240, at most 3300 for make stress).
 */
#define TIMEOUT 3600
#define DEFAULT_BUDGET 240
#define MAX_BUDGET 3300

#define SMALL_INSNS 64
#define CORPUS_INSNS 160
/* The exit status of enforce_in_child() when enforcing gave EPERM. */
#define ENFORCE_EPERM 103
#define CORPUS_MAX 64
#define BIG_INSNS (BPF_MAXINSNS + 128)
#define LOG_MAX 65536
#define LOG_CANARY 64
#define CANARY 0xa5
#define ENFORCE_EVERY 50
#define MAX_REPORTS 20
#define ERRNO_SLOTS 1024
#define NR_SLOTS 6
#define NR_KEYS 24
#define VALUE_MAX 65536
#define BATCH_MAX 4
/* Above every descriptor this test opens: never open. */
#define CLOSED_FD 999

#define ALU64_REG(op, dst, src) \
	BPF_RAW_INSN(BPF_ALU64 | BPF_##op | BPF_X, dst, src, 0, 0)
#define LD_IMM64(dst, src, imm) \
	BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, imm)
#define LD_IMM64_NEXT(imm) BPF_RAW_INSN(0, 0, 0, 0, imm)
#define JSGE_IMM(dst, imm, off) \
	BPF_RAW_INSN(BPF_JMP | BPF_JSGE | BPF_K, dst, 0, off, imm)

#define PICK(array) ((array)[rnd(ARRAY_SIZE(array))])

/*
 * Why BPF_PROG_LOAD may fail for an unprivileged loader that passes valid
 * pointers (kernel/bpf/syscall.c, verifier.c, log.c, and the Landlock
 * additions to them).  ENOMEM is not here: the programs have at most
 * BPF_MAXINSNS + 100 instructions and the padding of the long ones is
 * never patched, so no allocation is large and no patched jump overflows
 * (which the verifier also reports as ENOMEM).  Nor is EAGAIN: it needs a
 * pending signal, and nothing sends one.
 */
static const int prog_errnos[] = {
	EINVAL, /* attributes, attach type, opcodes, helpers, return range */
	EACCES, /* verifier: memory accesses, pointer leaks, writes, stack */
	EPERM, /* bpf-to-bpf and kfunc calls need CAP_BPF */
	E2BIG, /* over BPF_MAXINSNS, too complex, too many jumps */
	ENOSPC, /* the log did not fit in log_size */
	EFAULT, /* the verifier's internal consistency checks */
	EBADF, /* ld_imm64 of a map (or a token) from a closed descriptor */
	ERRNO_KERNEL_NOTSUPP, /* dereferencing a map pointer without kernel BTF */
	EPROTO, /* ld_imm64 of a map index without fd_array */
	ENOENT, /* ld_imm64 of an unknown kernel BTF id (with BTF) */
};

/*
 * Why map commands may fail here: every pointer is valid and large enough,
 * sizes are bounded (see map_create_op()), and nothing runs concurrently
 * on a map (so no EBUSY: freezing a frozen map gives EPERM).
 */
static const int map_errnos[] = {
	EINVAL, /* attributes, flags, sizes, keys on internal mounts */
	EPERM, /* read-only/write-only descriptors, frozen maps, map types
		* refused to unprivileged users
		*/
	EBADF, /* closed descriptor as map or key */
	ENOENT, /* no such entry, last key */
	EEXIST, /* BPF_NOEXIST */
	E2BIG, /* full map, array index, sizes */
	EOPNOTSUPP, /* listing or batching an inode map */
	ERRNO_KERNEL_NOTSUPP, /* a command the map type does not implement */
	EFAULT, /* a NULL key (pick_key() passes one now and then) */
	ENOMEM, /* a large map in a small guest */
};

struct corpus_prog {
	char name[32];
	__u32 cnt;
	struct bpf_insn insns[CORPUS_INSNS];
};

struct map_slot {
	int fd;
	__u32 type, value_size, max_entries, flags;
};

static struct {
	__u64 seed;
	unsigned int iters;
	struct timespec start;
	char true_path[PATH_MAX];
	/* Maps of the corpus. */
	int imaps[2], ro_array, rw_array;
	struct corpus_prog corpus[CORPUS_MAX];
	unsigned int corpus_cnt;
	/* Maps and keys of the map fuzzing. */
	struct map_slot slots[NR_SLOTS];
	int keys[NR_KEYS];
	unsigned int nkeys;
	/* Outcomes. */
	unsigned int prog_errs[ERRNO_SLOTS], map_errs[ERRNO_SLOTS];
	unsigned long loads, loaded, runs, enforced, map_ops, map_ok;
	unsigned int failures;
} fz;

static struct bpf_insn work[BIG_INSNS];
static char log_buf[LOG_MAX + LOG_CANARY];
static char ctx_buf[2 * 4096 + 64];
static char value_buf[BATCH_MAX * VALUE_MAX];
static char out_buf[BATCH_MAX * VALUE_MAX];
static __u32 key_buf[BATCH_MAX], out_keys[BATCH_MAX];

/* Report a failure, with details for the first few only. */
#define FUZZ_FAIL(fmt, ...)                                                 \
	do {                                                                \
		if (++fz.failures <= MAX_REPORTS)                           \
			TH_LOG("seed %#llx: " fmt,                          \
			       (unsigned long long)fz.seed, ##__VA_ARGS__); \
	} while (0)

static unsigned long long env_ull(const char *const name,
				  const unsigned long long def)
{
	const char *const s = getenv(name);
	unsigned long long v;
	char *end;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return def;
	return v;
}

/* xorshift64: small, fast, and the same sequence for the same seed. */
static __u64 prng_state;

static __u64 rnd64(void)
{
	__u64 x = prng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	prng_state = x;
	return x;
}

/* In [0, n), or 0. */
static __u32 rnd(const __u32 n)
{
	return n ? rnd64() % n : 0;
}

static bool one_in(const __u32 n)
{
	return rnd(n) == 0;
}

static void seed_prng(const __u64 salt)
{
	prng_state = fz.seed ^ salt;
	if (!prng_state)
		prng_state = DEFAULT_SEED;
}

static long elapsed(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - fz.start.tv_sec;
}

static bool over_budget(void)
{
	static long budget;

	if (!budget) {
		const char *const env = getenv("LANDLOCK_FUZZ_SECONDS");

		budget = env ? atol(env) : DEFAULT_BUDGET;
		if (budget < 1 || budget > MAX_BUDGET)
			budget = DEFAULT_BUDGET;
	}
	return elapsed() > budget;
}

static bool in_set(const int err, const int *const set, const size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (set[i] == err)
			return true;
	}
	return false;
}

static void count_errno(unsigned int *const counts, const int err)
{
	counts[err > 0 && err < ERRNO_SLOTS ? err : ERRNO_SLOTS - 1]++;
}

/* Open descriptors of this process. */
static int count_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *entry;
	int n = 0;

	if (!dir)
		return -1;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] != '.')
			n++;
	}
	closedir(dir);
	/* The directory's own descriptor. */
	return n - 1;
}

static void dump_prog(struct __test_metadata *const _metadata,
		      const struct bpf_insn *const insns, const __u32 cnt)
{
	__u32 i;

	if (fz.failures > MAX_REPORTS)
		return;
	for (i = 0; i < cnt && i < 80; i++)
		TH_LOG("  %4u: code %02x dst %u src %u off %6d imm %d", i,
		       insns[i].code, insns[i].dst_reg, insns[i].src_reg,
		       insns[i].off, insns[i].imm);
	if (cnt > i)
		TH_LOG("  ... %u instructions", cnt);
}

static void log_counts(struct __test_metadata *const _metadata,
		       const char *const what, const unsigned int *const counts)
{
	int err;

	for (err = 1; err < ERRNO_SLOTS; err++) {
		if (!counts[err])
			continue;
		TH_LOG("%s refused with %s (%d): %u", what,
		       err == ERRNO_KERNEL_NOTSUPP ? "kernel-internal" :
						     strerror(err), err,
		       counts[err]);
	}
}

/* Random instructions, biased towards plausible ones. */

static __s16 rand_off(void)
{
	static const __s16 offs[] = { 0, 1, -1, 2, 4, 8, -8, 12, 16, 28,
				      31, 32, -512, 0x7fff, -0x8000 };

	return rnd(2) ? PICK(offs) : (__s16)(rnd(64) - 32);
}

static __s32 rand_imm(void)
{
	static const __s32 imms[] = { 0, 1, -1, 2, 7, 8, 31, 32, 63, 64,
				      BPF_FUNC_landlock_fs_beneath,
				      BPF_FUNC_landlock_fs_beneath_peer,
				      BPF_FUNC_landlock_fs_lookup, S_IFMT,
				      S_IFCHR, 0x7fffffff, INT_MIN };

	switch (rnd(5)) {
	case 0:
		return (__s32)rnd64();
	case 1:
		/* A map: ld_imm64 may pick it up. */
		switch (rnd(4)) {
		case 0:
			return fz.imaps[0];
		case 1:
			return fz.imaps[1];
		case 2:
			return fz.ro_array;
		default:
			return fz.rw_array;
		}
	case 2:
		return (__s32)rnd(64) - 32;
	default:
		return PICK(imms);
	}
}

static __u8 rand_opcode(void)
{
	static const __u8 modes[] = { BPF_IMM, BPF_ABS,	   BPF_IND,
				      BPF_MEM, BPF_MEMSX, BPF_ATOMIC };
	const __u8 class = rnd(8);

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_JMP:
	case BPF_JMP32:
		return class | (rnd(16) << 4) | (rnd(2) ? BPF_X : BPF_K);
	default:
		return class | PICK(modes) | (rnd(4) << 3);
	}
}

static struct bpf_insn rand_insn(void)
{
	struct bpf_insn insn;

	if (one_in(4)) {
		const __u64 raw = rnd64();

		memcpy(&insn, &raw, sizeof(insn));
		return insn;
	}
	insn = BPF_RAW_INSN(rand_opcode(), rnd(11), rnd(11), rand_off(), rand_imm());
	if (one_in(8))
		insn.src_reg = rnd(16);
	return insn;
}

static __u32 gen_random(struct bpf_insn *const p)
{
	const __u32 cnt = 1 + rnd(SMALL_INSNS);
	__u32 i;

	for (i = 0; i < cnt; i++)
		p[i] = rand_insn();
	/* Often a plausible ending. */
	if (rnd(2)) {
		if (cnt > 1)
			p[cnt - 2] = BPF_MOV64_IMM(BPF_REG_0, rnd(2));
		p[cnt - 1] = BPF_EXIT_INSN();
	}
	/* Sometimes a 64-bit load, maybe of a map (src_reg 1 to 6). */
	if (cnt >= 3 && one_in(3)) {
		i = rnd(cnt - 2);
		p[i] = LD_IMM64(rnd(10), rnd(7), rand_imm());
		p[i + 1] = LD_IMM64_NEXT(rnd(2) ? 0 : rand_imm());
	}
	return cnt;
}

/* 1 to 3 mutations of @p, within @cap instructions. */
static __u32 mutate(struct bpf_insn *const p, __u32 cnt, const __u32 cap)
{
	unsigned int n = 1 + rnd(3);

	while (n--) {
		const __u32 i = rnd(cnt);
		struct bpf_insn dup;
		__u32 j;

		switch (rnd(12)) {
		case 0:
			p[i].code ^= 1 << rnd(8);
			break;
		case 1:
			p[i].code = rand_opcode();
			break;
		case 2:
			p[i].dst_reg = rnd(2) ? rnd(16) : p[i].dst_reg ^ (1 << rnd(4));
			break;
		case 3:
			p[i].src_reg = rnd(2) ? rnd(16) : p[i].src_reg ^ (1 << rnd(4));
			break;
		case 4:
			p[i].off = rnd(2) ? rand_off() : p[i].off ^ (1 << rnd(16));
			break;
		case 5:
			p[i].imm = rnd(2) ? rand_imm() : p[i].imm ^ (1U << rnd(32));
			break;
		case 6:
			/* Truncate. */
			cnt = 1 + rnd(cnt);
			break;
		case 7:
			/* Duplicate an instruction somewhere. */
			if (cnt >= cap)
				break;
			dup = p[i];
			j = rnd(cnt + 1);
			memmove(&p[j + 1], &p[j], (cnt - j) * sizeof(*p));
			p[j] = dup;
			cnt++;
			break;
		case 8:
			/* Delete one. */
			if (cnt < 2)
				break;
			memmove(&p[i], &p[i + 1], (cnt - i - 1) * sizeof(*p));
			cnt--;
			break;
		case 9:
			/* Swap two. */
			j = rnd(cnt);
			dup = p[i];
			p[i] = p[j];
			p[j] = dup;
			break;
		default:
			p[i] = rand_insn();
			break;
		}
	}
	return cnt;
}

/*
 * About BPF_MAXINSNS instructions: constant moves into registers no corpus
 * program reads before writing, then a corpus program.  Over BPF_MAXINSNS,
 * the load must fail.
 */
static __u32 gen_long(struct bpf_insn *const p)
{
	static const __u8 regs[] = { BPF_REG_0, BPF_REG_2, BPF_REG_3,
				     BPF_REG_4, BPF_REG_5 };
	static const __u32 sizes[] = { BPF_MAXINSNS - 1, BPF_MAXINSNS,
				       BPF_MAXINSNS + 1 };
	const struct corpus_prog *const c = &fz.corpus[rnd(fz.corpus_cnt)];
	const __u32 cnt = rnd(4) ? PICK(sizes) : BPF_MAXINSNS + 1 + rnd(100);
	__u32 i;

	for (i = 0; i < cnt - c->cnt; i++)
		p[i] = BPF_MOV64_IMM(PICK(regs), rand_imm());
	memcpy(&p[cnt - c->cnt], c->insns, c->cnt * sizeof(*p));
	if (one_in(4))
		return mutate(p, cnt, BIG_INSNS);
	return cnt;
}

/* The corpus: valid programs, each loaded once as is at start. */

static void corpus_add(const char *const name,
		       const struct bpf_insn *const insns, const __u32 cnt)
{
	struct corpus_prog *p;

	if (fz.corpus_cnt >= CORPUS_MAX || cnt > CORPUS_INSNS)
		return;
	p = &fz.corpus[fz.corpus_cnt++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	memcpy(p->insns, insns, cnt * sizeof(*insns));
	p->cnt = cnt;
}

static __u8 bpf_size(const unsigned int size)
{
	switch (size) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	default:
		return BPF_DW;
	}
}

/* r0 = helper(ctx, map) != 0 */
static __u32 helper_prog(struct bpf_insn *const p, const int helper,
			 const int map_fd)
{
	const struct bpf_insn insns[] = {
		LD_IMM64(BPF_REG_2, BPF_PSEUDO_MAP_FD, map_fd),
		LD_IMM64_NEXT(0),
		BPF_EMIT_CALL(helper),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	memcpy(p, insns, sizeof(insns));
	return ARRAY_SIZE(insns);
}

/* r0 = the u64 at @off in the value of the array @map_fd, & 1 */
static __u32 array_prog(struct bpf_insn *const p, const int map_fd,
			const int off)
{
	const struct bpf_insn insns[] = {
		LD_IMM64(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, map_fd),
		LD_IMM64_NEXT(off),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};

	memcpy(p, insns, sizeof(insns));
	return ARRAY_SIZE(insns);
}

/* Allow if the helper's value for @map_fd grants the access asked. */
static __u32 grant_prog(struct bpf_insn *const p, const int helper,
			const int map_fd)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		LD_IMM64(BPF_REG_2, BPF_PSEUDO_MAP_FD, map_fd),
		LD_IMM64_NEXT(0),
		BPF_EMIT_CALL(helper),
		BPF_LDX_MEM(BPF_DW, BPF_REG_7, BPF_REG_6, CTX_OFF(access)),
		ALU64_REG(AND, BPF_REG_0, BPF_REG_7),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};

	memcpy(p, insns, sizeof(insns));
	return ARRAY_SIZE(insns);
}

static void build_corpus(void)
{
	static const int helpers[] = {
		BPF_FUNC_landlock_fs_beneath,
		BPF_FUNC_landlock_fs_beneath_peer,
		BPF_FUNC_landlock_fs_lookup,
	};
	static const unsigned int field_offs[] = {
		CTX_OFF(access), CTX_OFF(mode),	      CTX_OFF(uid),
		CTX_OFF(gid),	 CTX_OFF(open_flags), CTX_OFF(ioctl_cmd),
		CTX_OFF(flags),	 CTX_OFF(family),     CTX_OFF(sock_type),
		CTX_OFF(protocol), CTX_OFF(port),     CTX_OFF(addr[0]),
		CTX_OFF(addr[1]), CTX_OFF(addr[2]),   CTX_OFF(addr[3]),
		CTX_OFF(signal),
	};
	const struct bpf_insn deny[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(access)),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, LANDLOCK_ACCESS_FS_READ_FILE, 4),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, CTX_OFF(mode)),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_3, S_IFMT),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_3, S_IFCHR, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn allow[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};
	/* Two helpers, a read-only constant and the access asked. */
	const struct bpf_insn combo[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		LD_IMM64(BPF_REG_2, BPF_PSEUDO_MAP_FD, fz.imaps[0]),
		LD_IMM64_NEXT(0),
		BPF_EMIT_CALL(BPF_FUNC_landlock_fs_beneath),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		LD_IMM64(BPF_REG_2, BPF_PSEUDO_MAP_FD, fz.imaps[1]),
		LD_IMM64_NEXT(0),
		BPF_EMIT_CALL(BPF_FUNC_landlock_fs_lookup),
		JSGE_IMM(BPF_REG_0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		ALU64_REG(OR, BPF_REG_7, BPF_REG_0),
		LD_IMM64(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, fz.ro_array),
		LD_IMM64_NEXT(0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, 0),
		ALU64_REG(AND, BPF_REG_7, BPF_REG_3),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_6, CTX_OFF(access)),
		ALU64_REG(AND, BPF_REG_7, BPF_REG_2),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_7, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_EXIT_INSN(),
	};
	/* Stack: store, spill, atomic add, fill. */
	const struct bpf_insn stack[] = {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 1),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, CTX_OFF(mode)),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -16),
		BPF_RAW_INSN(BPF_STX | BPF_ATOMIC | BPF_DW, BPF_REG_10, BPF_REG_2, -8,
		     BPF_ADD),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_10, -16),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		ALU64_REG(AND, BPF_REG_0, BPF_REG_3),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	/* Arithmetic the runtime must make safe: divisions by zero, etc. */
	const struct bpf_insn alu[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, CTX_OFF(uid)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, CTX_OFF(gid)),
		LD_IMM64(BPF_REG_4, 0, 0x12345678),
		LD_IMM64_NEXT(0x9),
		ALU64_REG(XOR, BPF_REG_2, BPF_REG_4),
		BPF_RAW_INSN(BPF_ALU | BPF_DIV | BPF_X, BPF_REG_2, BPF_REG_3, 0, 0),
		BPF_RAW_INSN(BPF_ALU64 | BPF_MOD | BPF_X, BPF_REG_2, BPF_REG_3, 0, 0),
		BPF_RAW_INSN(BPF_ALU64 | BPF_DIV | BPF_X, BPF_REG_2, BPF_REG_3, 1, 0),
		BPF_RAW_INSN(BPF_ALU64 | BPF_LSH | BPF_X, BPF_REG_2, BPF_REG_3, 0, 0),
		BPF_RAW_INSN(BPF_ALU | BPF_END | BPF_TO_BE, BPF_REG_2, 0, 0, 32),
		BPF_RAW_INSN(BPF_ALU64 | BPF_ARSH | BPF_K, BPF_REG_2, 0, 0, 3),
		BPF_RAW_INSN(BPF_ALU | BPF_NEG, BPF_REG_2, 0, 0, 0),
		BPF_RAW_INSN(BPF_JMP32 | BPF_JGT | BPF_K, BPF_REG_2, 0, 1, 100),
		BPF_MOV64_IMM(BPF_REG_2, 7),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_2),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn p[CORPUS_INSNS];
	char name[32];
	unsigned int size, off, i, m;
	__u32 n;

	corpus_add("deny", deny, ARRAY_SIZE(deny));
	corpus_add("allow", allow, ARRAY_SIZE(allow));
	corpus_add("combo", combo, ARRAY_SIZE(combo));
	corpus_add("stack", stack, ARRAY_SIZE(stack));
	corpus_add("alu", alu, ARRAY_SIZE(alu));

	/* Every aligned chunk of the context's fields, for each size. */
	for (size = 1; size <= 8; size *= 2) {
		n = 0;
		p[n++] = BPF_MOV64_IMM(BPF_REG_3, 0);
		for (off = 0; off < CTX_OFF(signal) + sizeof(__u32);
		     off += size) {
			/* Only access and addr are 64-bit wide. */
			if (size == 8 && off && (off < CTX_OFF(addr) ||
						 off >= CTX_OFF(signal)))
				continue;
			p[n++] = BPF_RAW_INSN(BPF_LDX | BPF_MEM | bpf_size(size),
				      BPF_REG_2, BPF_REG_1, off, 0);
			p[n++] = ALU64_REG(OR, BPF_REG_3, BPF_REG_2);
		}
		p[n++] = BPF_MOV64_REG(BPF_REG_0, BPF_REG_3);
		p[n++] = BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1);
		p[n++] = BPF_EXIT_INSN();
		snprintf(name, sizeof(name), "ctx_all_%u", size);
		corpus_add(name, p, n);
	}
	/* One read of each field, for each size it allows. */
	for (i = 0; i < ARRAY_SIZE(field_offs); i++) {
		for (size = 1; size <= (i ? 4 : 8); size *= 2) {
			p[0] = BPF_RAW_INSN(BPF_LDX | BPF_MEM | bpf_size(size),
				    BPF_REG_0, BPF_REG_1, field_offs[i], 0);
			p[1] = BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1);
			p[2] = BPF_EXIT_INSN();
			snprintf(name, sizeof(name), "ctx_%u_%u",
				 field_offs[i], size);
			corpus_add(name, p, 3);
		}
	}
	for (i = 0; i < ARRAY_SIZE(helpers); i++) {
		for (m = 0; m < ARRAY_SIZE(fz.imaps); m++) {
			n = helper_prog(p, helpers[i], fz.imaps[m]);
			snprintf(name, sizeof(name), "helper_%d_%u", helpers[i],
				 m);
			corpus_add(name, p, n);
		}
		n = grant_prog(p, helpers[i], fz.imaps[0]);
		snprintf(name, sizeof(name), "grant_%d", helpers[i]);
		corpus_add(name, p, n);
	}
	n = array_prog(p, fz.ro_array, 0);
	corpus_add("array_0", p, n);
	n = array_prog(p, fz.ro_array, 8);
	corpus_add("array_8", p, n);
}

/* Set the value of @path in @map_fd: 0 or the errno. */
static int set_path(const int map_fd, const char *const path, const __u64 value)
{
	const int fd = open(path, O_PATH | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (map_update(map_fd, fd, value, BPF_ANY))
		err = errno;
	close(fd);
	return err;
}

static int create_array(const __u32 value_size, const __u32 flags)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4,
		.value_size = value_size,
		.max_entries = 1,
		.map_flags = flags,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static void setup_corpus_maps(struct __test_metadata *const _metadata)
{
	const __u64 values[2] = { 1, 2 };
	const __u32 zero = 0;
	union bpf_attr attr = {};

	fz.imaps[0] = create_inode_map(4, 8, 8, 0);
	ASSERT_LE(0, fz.imaps[0]);
	fz.imaps[1] = create_inode_map(4, 8, 8, 0);
	ASSERT_LE(0, fz.imaps[1]);
	EXPECT_EQ(0, set_path(fz.imaps[0], "/",
			      LANDLOCK_ACCESS_FS_READ_FILE |
				      LANDLOCK_ACCESS_FS_READ_DIR |
				      LANDLOCK_ACCESS_FS_EXECUTE));
	EXPECT_EQ(0, set_path(fz.imaps[0], "/tmp", (1ULL << 16) - 1));
	EXPECT_EQ(0, set_path(fz.imaps[1], "/tmp", 1ULL << 62));
	EXPECT_EQ(0, set_path(fz.imaps[1], "/dev/null",
			      LANDLOCK_ACCESS_FS_WRITE_FILE));

	fz.ro_array = create_array(sizeof(values), BPF_F_RDONLY_PROG);
	ASSERT_LE(0, fz.ro_array);
	attr.map_fd = fz.ro_array;
	attr.key = (uintptr_t)&zero;
	attr.value = (uintptr_t)values;
	EXPECT_EQ(0, sys_bpf(BPF_MAP_UPDATE_ELEM, &attr));
	/* Arrays that programs could write are refused to this user. */
	fz.rw_array = create_array(8, 0);
	EXPECT_EQ(-1, fz.rw_array);
	EXPECT_EQ(EPERM, errno);
}

static void close_corpus_maps(struct __test_metadata *const _metadata)
{
	EXPECT_EQ(0, close(fz.imaps[0]));
	EXPECT_EQ(0, close(fz.imaps[1]));
	EXPECT_EQ(0, close(fz.ro_array));
	if (fz.rw_array >= 0)
		EXPECT_EQ(0, close(fz.rw_array));
}

static void rand_ctx(struct landlock_context *const ctx)
{
	static const __u32 types[] = { S_IFREG, S_IFDIR,  S_IFCHR, S_IFBLK,
				       S_IFIFO, S_IFSOCK, S_IFLNK, 0 };

	ctx->access = rnd(4) ? 1ULL << rnd(16) : rnd64();
	ctx->mode = rnd(4) ? PICK(types) | rnd(07777) : (__u32)rnd64();
	ctx->uid = rnd(2) ? rnd(2) * UNPRIV_UID : (__u32)rnd64();
	ctx->gid = rnd(2) ? rnd(2) * UNPRIV_GID : (__u32)rnd64();
	ctx->open_flags = rnd(2) ? 0 : (__u32)rnd64();
	ctx->ioctl_cmd = rnd(2) ? 0 : (__u32)rnd64();
	ctx->flags = rnd(2) ? rnd(8) : (__u32)rnd64();
	ctx->family = rnd(2) ? 0 : (__u32)rnd64();
	ctx->sock_type = rnd(2) ? rnd(6) : (__u32)rnd64();
	ctx->protocol = rnd(2) ? rnd(300) : (__u32)rnd64();
	ctx->port = rnd(2) ? rnd(65536) : (__u32)rnd64();
	for (unsigned int i = 0; i < 4; i++)
		ctx->addr[i] = rnd(2) ? 0 : (__u32)rnd64();
	ctx->signal = rnd(2) ? rnd(65) : (__u32)rnd64();
}

/* BPF_PROG_TEST_RUN on a whole context: 0 or the errno. */
static int test_run(const int prog_fd, struct landlock_context *const ctx,
		    __u32 *const retval)
{
	union bpf_attr attr = {};

	attr.test.prog_fd = prog_fd;
	attr.test.ctx_in = (uintptr_t)ctx;
	attr.test.ctx_size_in = sizeof(*ctx);
	if (one_in(8))
		attr.test.repeat = 1;
	fz.runs++;
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
		return errno;
	*retval = attr.test.retval;
	return 0;
}

/* Random contexts: a verdict, always the same for the same context. */
static void run_prog(struct __test_metadata *const _metadata, const int fd,
		     const unsigned int it)
{
	const unsigned int n = 2 + rnd(4);
	struct landlock_context ctx;
	__u32 retval, again;
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		rand_ctx(&ctx);
		err = test_run(fd, &ctx, &retval);
		if (err) {
			FUZZ_FAIL("it %u: test run: %s", it, strerror(err));
			return;
		}
		if (retval > LANDLOCK_RET_DENY) {
			FUZZ_FAIL("it %u: verdict %u", it, retval);
			return;
		}
		if (i)
			continue;
		err = test_run(fd, &ctx, &again);
		if (err || again != retval)
			FUZZ_FAIL("it %u: verdict %u, then %u (%s)", it, retval,
				  again, strerror(err));
	}
}

/*
 * BPF_PROG_TEST_RUN with odd attributes (Documentation/userspace-api/
 * landlock.rst): a shorter context is zero-extended, a longer one must
 * have a zero tail (else E2BIG, as over a page), and the attributes a
 * Landlock program has no use for are refused with EINVAL.
 */
static void odd_run(struct __test_metadata *const _metadata, const int fd,
		    const unsigned int it)
{
	union bpf_attr attr = {};
	struct landlock_context ctx;
	const char *what;
	int expected = 0, err;
	__u32 size;

	rand_ctx(&ctx);
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (uintptr_t)&ctx;
	attr.test.ctx_size_in = sizeof(ctx);
	switch (rnd(12)) {
	case 0:
		what = "no context";
		attr.test.ctx_in = 0;
		attr.test.ctx_size_in = 0;
		break;
	case 1:
		what = "short context";
		attr.test.ctx_size_in = 1 + rnd(sizeof(ctx) - 1);
		break;
	case 2:
	case 3:
		what = "long context with a zero tail";
		size = sizeof(ctx) + 1 + rnd(64);
		memset(ctx_buf, 0, size);
		memcpy(ctx_buf, &ctx, sizeof(ctx));
		if (rnd(2)) {
			what = "long context with a non-zero tail";
			ctx_buf[sizeof(ctx) + rnd(size - sizeof(ctx))] =
				1 + rnd(255);
			expected = E2BIG;
		}
		attr.test.ctx_in = (uintptr_t)ctx_buf;
		attr.test.ctx_size_in = size;
		break;
	case 4:
		what = "context over a page";
		size = 4097 + rnd(4096);
		memset(ctx_buf, 0, size);
		attr.test.ctx_in = (uintptr_t)ctx_buf;
		attr.test.ctx_size_in = size;
		expected = E2BIG;
		break;
	case 5:
		what = "context without a size";
		attr.test.ctx_size_in = 0;
		expected = EINVAL;
		break;
	case 6:
		what = "size without a context";
		attr.test.ctx_in = 0;
		expected = EINVAL;
		break;
	case 7:
		what = "repeat";
		attr.test.repeat = 2 + rnd(1000);
		expected = EINVAL;
		break;
	case 8:
		what = "flags";
		attr.test.flags = 1U << rnd(32);
		expected = EINVAL;
		break;
	case 9:
		what = "data or ctx_out";
		switch (rnd(3)) {
		case 0:
			attr.test.data_in = (uintptr_t)ctx_buf;
			attr.test.data_size_in = 1 + rnd(64);
			break;
		case 1:
			attr.test.data_out = (uintptr_t)ctx_buf;
			attr.test.data_size_out = 64;
			break;
		default:
			attr.test.ctx_out = (uintptr_t)ctx_buf;
			attr.test.ctx_size_out = sizeof(ctx);
			break;
		}
		expected = EINVAL;
		break;
	case 10:
		what = "cpu or batch_size";
		if (rnd(2))
			attr.test.cpu = 1 + rnd(8);
		else
			attr.test.batch_size = 1 + rnd(8);
		expected = EINVAL;
		break;
	default:
		what = "not a program";
		if (rnd(2)) {
			attr.test.prog_fd = fz.imaps[0];
			expected = EINVAL;
		} else {
			attr.test.prog_fd = CLOSED_FD;
			expected = EBADF;
		}
		break;
	}
	fz.runs++;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr) ? errno : 0;
	if (err != expected)
		FUZZ_FAIL("it %u: test run, %s: %s instead of %s", it, what,
			  strerror(err), strerror(expected));
	else if (!err && attr.test.retval > LANDLOCK_RET_DENY)
		FUZZ_FAIL("it %u: test run, %s: verdict %u", it, what,
			  attr.test.retval);
}

/* What a confined process may see: success, or a denial. */
static bool denied_or_not(const int err)
{
	return !err || err == EACCES || err == EPERM || err == EXDEV;
}

static int ret_errno(const int ret)
{
	return ret < 0 ? errno : 0;
}

#define FUZZ_DIR "/tmp/ll_fuzz_d"
#define FUZZ_FILE "/tmp/ll_fuzz_f"

/*
 * In a child confined by a random program: a few file operations, which
 * may succeed or be denied.  Returns 0, or the number of the first
 * operation that went otherwise.
 */
static int touch_files(const char *const true_path)
{
	char dir[64], file[64], moved[80];
	int fd, err, n;

	snprintf(dir, sizeof(dir), FUZZ_DIR ".%d", getpid());
	snprintf(file, sizeof(file), FUZZ_FILE ".%d", getpid());
	snprintf(moved, sizeof(moved), "%s/f", dir);

	if (!denied_or_not(open_errno("/tmp", O_RDONLY | O_DIRECTORY)))
		return 1;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		if (!denied_or_not(errno))
			return 2;
	} else {
		err = ret_errno(ioctl(fd, FIONREAD, &n));
		close(fd);
		if (!denied_or_not(err) && err != ENOTTY)
			return 3;
	}
	if (!denied_or_not(ret_errno(stat("/tmp", &(struct stat){}))))
		return 4;
	if (!denied_or_not(open_errno(true_path, O_RDONLY)))
		return 5;
	err = ret_errno(mkdir(dir, 0700));
	if (!denied_or_not(err))
		return 6;
	fd = open(file, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (!denied_or_not(errno))
			return 7;
	} else {
		close(fd);
		/* A move across directories: REFER checks. */
		if (!err &&
		    !denied_or_not(ret_errno(rename(file, moved))))
			return 8;
	}
	/* What is left, if anything. */
	err = ret_errno(unlink(moved));
	if (!denied_or_not(err) && err != ENOENT)
		return 9;
	err = ret_errno(unlink(file));
	if (!denied_or_not(err) && err != ENOENT)
		return 10;
	err = ret_errno(rmdir(dir));
	if (!denied_or_not(err) && err != ENOENT)
		return 11;
	return 0;
}

/* What the confined children may have left behind. */
static void clean_files(const pid_t pid)
{
	char path[80];

	snprintf(path, sizeof(path), FUZZ_DIR ".%d/f", pid);
	unlink(path);
	snprintf(path, sizeof(path), FUZZ_DIR ".%d", pid);
	rmdir(path);
	snprintf(path, sizeof(path), FUZZ_FILE ".%d", pid);
	unlink(path);
}

/*
 * Enforce @prog_fd in a child (twice if @twice): with @touch, the child
 * then runs touch_files(); it must exit normally, with 0.  Returns the
 * child's exit status, or -1.
 */
static int enforce_in_child(const int prog_fd, const bool twice,
			    const bool touch)
{
	int status;
	const pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(100);
		if (prepend_prog(prog_fd)) {
			/* EPERM: a map its loader could not freeze either. */
			if (errno == EPERM)
				_exit(ENFORCE_EPERM);
			fprintf(stderr, "# prepend: %s\n", strerror(errno));
			_exit(101);
		}
		if (twice && prepend_prog(prog_fd)) {
			fprintf(stderr, "# prepend again: %s\n",
				strerror(errno));
			_exit(102);
		}
		_exit(touch ? touch_files(fz.true_path) : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	clean_files(pid);
	return status;
}

static const __u32 prog_flag_bits[] = {
	BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT,	BPF_F_TEST_RND_HI32,
	BPF_F_TEST_STATE_FREQ,	BPF_F_SLEEPABLE,	BPF_F_XDP_HAS_FRAGS,
	BPF_F_XDP_DEV_BOUND_ONLY, BPF_F_TEST_REG_INVARIANTS, BPF_F_TOKEN_FD,
};

static __u32 known_prog_flags(void)
{
	__u32 flags = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prog_flag_bits); i++)
		flags |= prog_flag_bits[i];
	return flags;
}

/* Record the outcome of a load, and check it is a clean one. */
static void prog_outcome(struct __test_metadata *const _metadata,
			 const int fd, const int err, const unsigned int it,
			 const char *const origin,
			 const struct bpf_insn *const insns, const __u32 cnt)
{
	fz.loads++;
	if (fd >= 0) {
		fz.loaded++;
		return;
	}
	count_errno(fz.prog_errs, err);
	if (!in_set(err, prog_errnos, ARRAY_SIZE(prog_errnos))) {
		FUZZ_FAIL("it %u: load of %s (%u insns): %s (%d)", it, origin,
			  cnt, strerror(err), err);
		dump_prog(_metadata, insns, cnt);
	}
}

/* Load with random attributes; returns the program or -1. */
static int load_random_attrs(struct __test_metadata *const _metadata,
			     const struct bpf_insn *const insns,
			     const __u32 cnt, const char *const origin,
			     const unsigned int it)
{
	static const __u32 levels[] = { 1, 2, 4, 1 | 4, 2 | 4, 8 | 1,
					8 | 2, 0, 16, 31 };
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_LANDLOCK,
		.insns = (uintptr_t)insns,
		.insn_cnt = cnt,
		.license = (uintptr_t)(one_in(20) ? "Proprietary" : "GPL"),
	};
	bool logged = false;
	__u32 size = 0, r, i;
	int fd, err;

	r = rnd(10);
	if (r >= 9)
		attr.expected_attach_type = rnd64();
	else if (r >= 7)
		attr.expected_attach_type = BPF_CGROUP_LANDLOCK;
	if (one_in(10)) {
		for (r = 1 + rnd(3); r; r--)
			attr.prog_flags |= PICK(prog_flag_bits);
		if (one_in(4))
			attr.prog_flags = rnd64();
		if (attr.prog_flags & BPF_F_TOKEN_FD)
			attr.prog_token_fd = rnd(2) ? CLOSED_FD : fz.imaps[0];
	}
	if (one_in(10)) {
		for (i = 0; i < sizeof(attr.prog_name); i++)
			attr.prog_name[i] = rnd(2) ? 'a' + rnd(26) : rnd(256);
	}
	r = rnd(10);
	if (r == 5) {
		/* No buffer: the kernel only computes log_true_size. */
		attr.log_level = 1 + rnd(2);
	} else if (r > 5) {
		logged = true;
		attr.log_level = cnt > CORPUS_INSNS ? 1 : PICK(levels);
		switch (rnd(4)) {
		case 0:
			size = 1 + rnd(64);
			break;
		case 1:
			size = 128 + rnd(2048);
			break;
		case 2:
			size = LOG_MAX;
			break;
		default:
			size = one_in(4) ? 0 : 256 + rnd(LOG_MAX - 256);
			break;
		}
		memset(log_buf, CANARY, size + LOG_CANARY);
		attr.log_buf = (uintptr_t)log_buf;
		attr.log_size = size;
	}

	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	err = errno;
	prog_outcome(_metadata, fd, err, it, origin, insns, cnt);

	if (logged) {
		for (i = size; i < size + LOG_CANARY; i++) {
			if ((unsigned char)log_buf[i] != CANARY) {
				FUZZ_FAIL("it %u: log written past log_size %u",
					  it, size);
				break;
			}
		}
		if (size && (unsigned char)log_buf[0] != CANARY &&
		    !memchr(log_buf, '\0', size))
			FUZZ_FAIL("it %u: log not terminated within %u bytes",
				  it, size);
	}
	if (fd < 0) {
		if (err == ENOSPC && (!logged || attr.log_true_size <= size))
			FUZZ_FAIL("it %u: ENOSPC, log_size %u, log_true_size %u",
				  it, size, attr.log_true_size);
		return -1;
	}

	/* What must have been refused. */
	if (attr.expected_attach_type &&
	    attr.expected_attach_type != BPF_CGROUP_LANDLOCK)
		FUZZ_FAIL("it %u: loaded with expected_attach_type %u", it,
			  attr.expected_attach_type);
	if (cnt > BPF_MAXINSNS)
		FUZZ_FAIL("it %u: loaded %u instructions", it, cnt);
	if (attr.prog_flags & (BPF_F_SLEEPABLE | ~known_prog_flags()))
		FUZZ_FAIL("it %u: loaded with prog_flags %#x", it,
			  attr.prog_flags);
	if (logged && !size)
		FUZZ_FAIL("it %u: loaded with a log buffer of size 0", it);
	return fd;
}

/* Every corpus program must load as is, and run. */
static void check_corpus(struct __test_metadata *const _metadata)
{
	struct landlock_context ctx = {};
	unsigned int i;
	__u32 retval;
	int fd, err;

	for (i = 0; i < fz.corpus_cnt; i++) {
		const struct corpus_prog *const c = &fz.corpus[i];

		fd = load_prog_attach(c->insns, c->cnt, 0, log_buf, LOG_MAX);
		if (fd < 0) {
			FUZZ_FAIL("corpus program %s refused: %s\n%s", c->name,
				  strerror(errno), log_buf);
			continue;
		}
		err = test_run(fd, &ctx, &retval);
		if (err || retval > LANDLOCK_RET_DENY)
			FUZZ_FAIL("corpus program %s: test run: %s, verdict %u",
				  c->name, strerror(err), retval);
		EXPECT_EQ(0, close(fd));
	}
}

static void programs_user(struct __test_metadata *const _metadata)
{
	const int fds = count_fds();
	unsigned int it;

	seed_prng(0);
	setup_corpus_maps(_metadata);
	build_corpus();
	TH_LOG("%u corpus programs, %u iterations", fz.corpus_cnt, fz.iters);
	check_corpus(_metadata);

	for (it = 0; it < fz.iters; it++) {
		const struct corpus_prog *const c =
			&fz.corpus[rnd(fz.corpus_cnt)];
		const __u32 r = rnd(100);
		const char *origin = c->name;
		__u32 cnt;
		int fd, status;

		if (over_budget()) {
			TH_LOG("time budget spent after %u iterations", it);
			break;
		}
		if (r < 30) {
			cnt = gen_random(work);
			origin = "random";
		} else if (r < 95) {
			memcpy(work, c->insns, c->cnt * sizeof(*work));
			cnt = mutate(work, c->cnt, CORPUS_INSNS);
		} else if (r < 99) {
			memcpy(work, c->insns, c->cnt * sizeof(*work));
			cnt = c->cnt;
		} else {
			cnt = gen_long(work);
			origin = "long";
		}

		fd = load_random_attrs(_metadata, work, cnt, origin, it);
		if (fd < 0)
			continue;
		run_prog(_metadata, fd, it);
		if (rnd(2))
			odd_run(_metadata, fd, it);
		if ((fz.loaded - 1) % ENFORCE_EVERY == 0) {
			status = enforce_in_child(fd, rnd(2), true);
			fz.enforced++;
			if (status) {
				FUZZ_FAIL("it %u: confined child: status %#x",
					  it, status);
				dump_prog(_metadata, work, cnt);
			}
		}
		EXPECT_EQ(0, close(fd));
	}

	close_corpus_maps(_metadata);
	EXPECT_EQ(fds, count_fds());
	TH_LOG("%lu loads: %lu loaded, %lu test runs, %lu enforced, in %ld s",
	       fz.loads, fz.loaded, fz.runs, fz.enforced, elapsed());
	log_counts(_metadata, "loads", fz.prog_errs);
}

/* Map fuzzing. */

/* A descriptor to use as a key: any kind, open or not. */
static int pick_key_fd(void)
{
	const struct map_slot *slot;

	switch (rnd(20)) {
	case 0:
		return -1;
	case 1:
		return CLOSED_FD;
	case 2:
		return INT_MAX;
	case 3:
		return rnd(64);
	case 4:
	case 5:
		slot = &fz.slots[rnd(NR_SLOTS)];
		return slot->fd;
	case 6:
		return (int)rnd64();
	default:
		return fz.keys[rnd(fz.nkeys)];
	}
}

/* A map descriptor, and its slot; or another descriptor, and NULL. */
static int pick_map_fd(struct map_slot **const slot)
{
	if (one_in(10)) {
		*slot = NULL;
		return pick_key_fd();
	}
	*slot = &fz.slots[rnd(NR_SLOTS)];
	if ((*slot)->fd < 0)
		*slot = NULL;
	return *slot ? (*slot)->fd : -1;
}

static void *pick_key(const struct map_slot *const slot)
{
	unsigned int i;

	for (i = 0; i < BATCH_MAX; i++) {
		if (slot && slot->type == BPF_MAP_TYPE_ARRAY)
			key_buf[i] = rnd(4) ? rnd(slot->max_entries + 2) :
					      (__u32)rnd64();
		else
			key_buf[i] = pick_key_fd();
	}
	return one_in(40) ? NULL : key_buf;
}

static void pick_value(void)
{
	const __u64 value = rnd(3) ? rnd(1 << 16) : rnd64();
	unsigned int i;

	memcpy(value_buf, &value, sizeof(value));
	for (i = sizeof(value); i < 64; i++)
		value_buf[i] = rnd(256);
}

static __u64 pick_elem_flags(void)
{
	static const __u64 flags[] = { BPF_ANY, BPF_ANY, BPF_ANY, BPF_NOEXIST,
				       BPF_EXIST, BPF_F_LOCK, 3 };

	return one_in(10) ? 1ULL << rnd(64) : PICK(flags);
}

static int map_cmd(const int cmd, const int map_fd, const void *const key,
		   void *const value, const __u64 flags)
{
	union bpf_attr attr = {};

	attr.map_fd = map_fd;
	attr.key = (uintptr_t)key;
	/* Also next_key. */
	attr.value = (uintptr_t)value;
	attr.flags = flags;
	return sys_bpf(cmd, &attr);
}

/* Record the outcome of a map command: 0 or its errno. */
static int map_outcome(struct __test_metadata *const _metadata, const int ret,
		       const char *const what, const unsigned int it)
{
	const int err = ret < 0 ? errno : 0;

	fz.map_ops++;
	if (!err) {
		fz.map_ok++;
		return 0;
	}
	count_errno(fz.map_errs, err);
	if (!in_set(err, map_errnos, ARRAY_SIZE(map_errnos)))
		FUZZ_FAIL("op %u: %s: %s (%d)", it, what, strerror(err), err);
	return err;
}

static void close_slot(struct __test_metadata *const _metadata,
		       struct map_slot *const slot)
{
	if (slot->fd >= 0)
		EXPECT_EQ(0, close(slot->fd));
	slot->fd = -1;
}

/*
 * Random attributes; arrays and inode maps are kept small (under 1 MiB),
 * unless their sizes are refused before any allocation (key_size, a value_size over
 * INT_MAX, max_entries over 2^31): the allocation is charged to the
 * guest's memory, and a failing one would be ENOMEM.
 */
static void map_create_op(struct __test_metadata *const _metadata,
			  const unsigned int it)
{
	static const __u32 other_types[] = {
		BPF_MAP_TYPE_HASH,	     BPF_MAP_TYPE_PERCPU_ARRAY,
		BPF_MAP_TYPE_ARRAY_OF_MAPS,  BPF_MAP_TYPE_RINGBUF,
		BPF_MAP_TYPE_CGROUP_STORAGE, BPF_MAP_TYPE_QUEUE,
		BPF_MAP_TYPE_LPM_TRIE,	     BPF_MAP_TYPE_SOCKMAP,
		__MAX_BPF_MAP_TYPE,	     __MAX_BPF_MAP_TYPE + 1,
		~0U,
	};
	static const __u32 key_sizes[] = { 0, 1, 2, 3, 5, 8, 16, 64, ~0U };
	static const __u32 inode_values[] = { 0, 4, 7, 9, 16, 1U << 30, ~0U };
	/* Over INT_MAX: E2BIG before any allocation. */
	static const __u32 array_values[] = { 1,    4,	  8,	  12,
					      16,   64,	  100,	  4096,
					      VALUE_MAX, 0, 1U << 31, ~0U };
	static const __u32 entries[] = { 0,	1,	 2,	   3,
					 4,	8,	 16,	   1000,
					 65536, 1U << 20, 1U << 31, ~0U };
	static const __u32 flags[] = {
		BPF_F_NO_PREALLOC, BPF_F_MMAPABLE,  BPF_F_NUMA_NODE,
		BPF_F_INNER_MAP,   BPF_F_TOKEN_FD,  BPF_F_RDONLY | BPF_F_WRONLY,
		BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG,
	};
	static const __u32 access[] = { BPF_F_RDONLY_PROG, BPF_F_RDONLY_PROG,
					BPF_F_WRONLY_PROG, BPF_F_RDONLY,
					BPF_F_WRONLY };
	union bpf_attr attr = {};
	struct map_slot *slot;
	__u32 r = rnd(10), i;
	__u64 bytes;
	int fd;

	if (r < 6)
		attr.map_type = BPF_MAP_TYPE_LANDLOCK_INODE;
	else if (r < 9)
		attr.map_type = BPF_MAP_TYPE_ARRAY;
	else
		attr.map_type = PICK(other_types);
	attr.key_size = rnd(8) ? 4 : PICK(key_sizes);
	if (attr.map_type == BPF_MAP_TYPE_LANDLOCK_INODE)
		attr.value_size = rnd(6) ? 8 : PICK(inode_values);
	else
		attr.value_size = PICK(array_values);
	attr.max_entries = PICK(entries);
	r = rnd(12);
	if (r < 3)
		attr.map_flags = PICK(access);
	else if (r < 5)
		attr.map_flags = one_in(4) ? rnd64() : PICK(flags);
	if (attr.map_flags & BPF_F_NUMA_NODE)
		attr.numa_node = rnd(2) ? 0 : rnd64();
	if (attr.map_flags & BPF_F_TOKEN_FD)
		attr.map_token_fd = pick_key_fd();
	if (one_in(20))
		attr.map_extra = rnd64();
	if (one_in(20)) {
		attr.btf_key_type_id = 1;
		if (rnd(2)) {
			attr.btf_value_type_id = 1;
			attr.btf_fd = pick_key_fd();
		}
	}
	if (one_in(10)) {
		for (i = 0; i < sizeof(attr.map_name); i++)
			attr.map_name[i] = rnd(2) ? 'a' + rnd(26) : rnd(256);
	}
	/* Arrays: max_entries is rounded up to a power of two. */
	if (attr.map_type == BPF_MAP_TYPE_ARRAY && attr.key_size == 4 &&
	    attr.value_size && attr.value_size <= VALUE_MAX &&
	    attr.max_entries && attr.max_entries <= 1U << 31) {
		bytes = (attr.value_size + 7) & ~7U;
		for (i = 1; i < attr.max_entries; i *= 2)
			bytes *= 2;
		if (bytes > 1 << 20)
			attr.max_entries = 1;
	}

	/* Inode maps: one bucket (8 bytes) per entry, likewise rounded up. */
	if (attr.map_type == BPF_MAP_TYPE_LANDLOCK_INODE &&
	    attr.max_entries > 1U << 17 && attr.max_entries <= 1U << 31)
		attr.max_entries = 1U << 17;

	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (map_outcome(_metadata, fd, "create", it))
		return;
	if ((attr.map_type != BPF_MAP_TYPE_LANDLOCK_INODE &&
	     attr.map_type != BPF_MAP_TYPE_ARRAY) ||
	    (attr.map_type == BPF_MAP_TYPE_LANDLOCK_INODE &&
	     (attr.key_size != 4 || attr.value_size != 8)) ||
	    attr.value_size > VALUE_MAX)
		FUZZ_FAIL("op %u: created a map of type %u, key %u, value %u",
			  it, attr.map_type, attr.key_size, attr.value_size);
	slot = &fz.slots[rnd(NR_SLOTS)];
	close_slot(_metadata, slot);
	slot->fd = fd;
	slot->type = attr.map_type;
	slot->value_size = attr.value_size;
	slot->max_entries = attr.max_entries;
	slot->flags = attr.map_flags;
}

/* Right after a successful update or delete, a lookup must agree. */
static void check_lookup(struct __test_metadata *const _metadata,
			 const struct map_slot *const slot, const void *key,
			 const bool present, const unsigned int it)
{
	int err;

	err = map_cmd(BPF_MAP_LOOKUP_ELEM, slot->fd, key, out_buf, 0) ? errno :
									 0;
	if (slot->flags & BPF_F_WRONLY) {
		if (err != EPERM)
			FUZZ_FAIL("op %u: lookup on a write-only map: %s", it,
				  strerror(err));
	} else if (present && err) {
		FUZZ_FAIL("op %u: lookup after update: %s", it, strerror(err));
	} else if (present && memcmp(out_buf, value_buf, slot->value_size)) {
		FUZZ_FAIL("op %u: lookup after update: another value", it);
	} else if (!present && err != ENOENT) {
		FUZZ_FAIL("op %u: lookup after delete: %s", it, strerror(err));
	}
}

static void map_batch_op(struct __test_metadata *const _metadata,
			 const unsigned int it)
{
	static const int cmds[] = {
		BPF_MAP_LOOKUP_BATCH,
		BPF_MAP_LOOKUP_AND_DELETE_BATCH,
		BPF_MAP_UPDATE_BATCH,
		BPF_MAP_DELETE_BATCH,
	};
	const int cmd = PICK(cmds);
	const bool reads = cmd == BPF_MAP_LOOKUP_BATCH ||
			   cmd == BPF_MAP_LOOKUP_AND_DELETE_BATCH;
	union bpf_attr attr = {};
	struct map_slot *slot;
	__u32 in_batch = rnd(4), out_batch;
	int fd;

	fd = pick_map_fd(&slot);
	pick_key(slot);
	pick_value();
	attr.batch.map_fd = fd;
	attr.batch.in_batch = rnd(2) ? (uintptr_t)&in_batch : 0;
	attr.batch.out_batch = (uintptr_t)&out_batch;
	attr.batch.keys = (uintptr_t)(reads ? out_keys : key_buf);
	attr.batch.values = (uintptr_t)(reads ? out_buf : value_buf);
	attr.batch.count = rnd(BATCH_MAX + 1);
	attr.batch.elem_flags = rnd(4) ? 0 : pick_elem_flags();
	attr.batch.flags = rnd(8) ? 0 : rnd64();
	if (!map_outcome(_metadata, sys_bpf(cmd, &attr), "batch", it) &&
	    slot && slot->type == BPF_MAP_TYPE_LANDLOCK_INODE)
		FUZZ_FAIL("op %u: batch command %d on an inode map", it, cmd);
}

/*
 * Load a program that uses a slot's map, run it, and now and then enforce
 * it: from then on, the map is frozen.
 */
static void map_in_prog(struct __test_metadata *const _metadata,
			const unsigned int it)
{
	static const int helpers[] = {
		BPF_FUNC_landlock_fs_beneath,
		BPF_FUNC_landlock_fs_beneath_peer,
		BPF_FUNC_landlock_fs_lookup,
	};
	const struct map_slot *const slot = &fz.slots[rnd(NR_SLOTS)];
	struct bpf_insn insns[16];
	struct landlock_context ctx;
	__u32 cnt, retval;
	int fd, err, status;

	if (rnd(2))
		cnt = helper_prog(insns, PICK(helpers), slot->fd);
	else
		cnt = array_prog(insns, slot->fd, 8 * rnd(3));
	fd = load_prog(insns, cnt);
	prog_outcome(_metadata, fd, errno, it, "map program", insns, cnt);
	if (fd < 0)
		return;

	rand_ctx(&ctx);
	err = test_run(fd, &ctx, &retval);
	if (err || retval > LANDLOCK_RET_DENY)
		FUZZ_FAIL("op %u: test run: %s, verdict %u", it, strerror(err),
			  retval);
	if (one_in(6)) {
		status = enforce_in_child(fd, false, false);
		fz.enforced++;
		if (WIFEXITED(status) && WEXITSTATUS(status) == ENFORCE_EPERM &&
		    (slot->flags & BPF_F_RDONLY)) {
			/* Given to its loader read-only: cannot be frozen. */
		} else if (status) {
			FUZZ_FAIL("op %u: confined child: status %#x", it,
				  status);
		} else {
			/* Frozen, for everybody. */
			key_buf[0] = slot->type == BPF_MAP_TYPE_ARRAY ?
					     0 :
					     fz.keys[1];
			pick_value();
			err = map_cmd(BPF_MAP_UPDATE_ELEM, slot->fd, key_buf,
				      value_buf, BPF_ANY) ?
				      errno :
				      0;
			if (err != EPERM)
				FUZZ_FAIL("op %u: update after enforcement: %s",
					  it, strerror(err));
		}
	}
	EXPECT_EQ(0, close(fd));
}

static void map_op(struct __test_metadata *const _metadata,
		   const unsigned int it)
{
	const __u32 r = rnd(100);
	struct map_slot *slot;
	void *key;
	int fd, err;

	if (r < 15) {
		map_create_op(_metadata, it);
	} else if (r < 20) {
		close_slot(_metadata, &fz.slots[rnd(NR_SLOTS)]);
	} else if (r < 45) {
		fd = pick_map_fd(&slot);
		key = pick_key(slot);
		pick_value();
		err = map_outcome(_metadata,
				  map_cmd(BPF_MAP_UPDATE_ELEM, fd, key,
					  value_buf, pick_elem_flags()),
				  "update", it);
		if (!err && slot)
			check_lookup(_metadata, slot, key, true, it);
	} else if (r < 60) {
		fd = pick_map_fd(&slot);
		key = pick_key(slot);
		map_outcome(_metadata,
			    map_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, out_buf,
				    rnd(6) ? 0 : pick_elem_flags()),
			    "lookup", it);
	} else if (r < 70) {
		fd = pick_map_fd(&slot);
		key = pick_key(slot);
		err = map_outcome(_metadata,
				  map_cmd(BPF_MAP_DELETE_ELEM, fd, key, NULL,
					  one_in(20) ? rnd64() : 0),
				  "delete", it);
		if (!err && slot)
			check_lookup(_metadata, slot, key, false, it);
	} else if (r < 75) {
		fd = pick_map_fd(&slot);
		key = rnd(4) ? pick_key(slot) : NULL;
		err = map_outcome(_metadata,
				  map_cmd(BPF_MAP_GET_NEXT_KEY, fd, key,
					  out_keys, 0),
				  "get_next_key", it);
		if (!err && slot && slot->type == BPF_MAP_TYPE_LANDLOCK_INODE)
			FUZZ_FAIL("op %u: listed an inode map", it);
	} else if (r < 78) {
		fd = pick_map_fd(&slot);
		err = map_outcome(_metadata,
				  map_cmd(BPF_MAP_FREEZE, fd, NULL, NULL, 0),
				  "freeze", it);
		if (!err && slot) {
			key_buf[0] = slot->type == BPF_MAP_TYPE_ARRAY ?
					     0 :
					     fz.keys[1];
			err = map_cmd(BPF_MAP_UPDATE_ELEM, fd, key_buf,
				      value_buf, BPF_ANY) ?
				      errno :
				      0;
			if (err != EPERM)
				FUZZ_FAIL("op %u: update after freeze: %s", it,
					  strerror(err));
		}
	} else if (r < 82) {
		fd = pick_map_fd(&slot);
		key = pick_key(slot);
		map_outcome(_metadata,
			    map_cmd(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key,
				    out_buf, rnd(4) ? 0 : pick_elem_flags()),
			    "lookup_and_delete", it);
	} else if (r < 90) {
		map_batch_op(_metadata, it);
	} else {
		map_in_prog(_metadata, it);
	}
}

/* Best effort: the more kinds of keys, the better. */
static void add_key(struct __test_metadata *const _metadata, const int fd,
		    const char *const what)
{
	if (fd < 0) {
		TH_LOG("no %s key: %s", what, strerror(errno));
		return;
	}
	if (fz.nkeys < NR_KEYS)
		fz.keys[fz.nkeys++] = fd;
	else
		close(fd);
}

/*
 * Descriptors of every kind: directories and files (also unlinked ones),
 * /proc files, pipes, sockets, a namespace, a memfd, an eventfd, a
 * program.
 */
static void setup_keys(struct __test_metadata *const _metadata)
{
	const struct bpf_insn allow[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};
	char path[64];
	int pair[2];

	add_key(_metadata, open("/", O_PATH | O_CLOEXEC), "/");
	/* fz.keys[1]: a key every inode map accepts. */
	add_key(_metadata, open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC),
		"/tmp");
	add_key(_metadata, open("/proc", O_PATH | O_CLOEXEC), "/proc");
	add_key(_metadata, open("/proc/self/status", O_RDONLY | O_CLOEXEC),
		"/proc/self/status");
	add_key(_metadata, open("/dev/null", O_RDWR | O_CLOEXEC),
		"/dev/null");
	add_key(_metadata, open(fz.true_path, O_RDONLY | O_CLOEXEC),
		fz.true_path);
	add_key(_metadata, open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC),
		"/proc/self/ns/user");
	if (!pipe2(pair, O_CLOEXEC)) {
		add_key(_metadata, pair[0], "pipe");
		add_key(_metadata, pair[1], "pipe");
	}
	if (!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair)) {
		add_key(_metadata, pair[0], "socket");
		add_key(_metadata, pair[1], "socket");
	}
	add_key(_metadata, memfd_create("ll_fuzz", MFD_CLOEXEC), "memfd");
	add_key(_metadata, eventfd(0, EFD_CLOEXEC), "eventfd");
	add_key(_metadata, load_prog(allow, ARRAY_SIZE(allow)), "program");

	snprintf(path, sizeof(path), FUZZ_FILE ".key.%d", getpid());
	add_key(_metadata,
		open(path, O_CREAT | O_RDWR | O_EXCL | O_CLOEXEC, 0600),
		"unlinked file");
	EXPECT_EQ(0, unlink(path));
	snprintf(path, sizeof(path), FUZZ_DIR ".key.%d", getpid());
	EXPECT_EQ(0, mkdir(path, 0700));
	add_key(_metadata, open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC),
		"removed directory");
	EXPECT_EQ(0, rmdir(path));
}

static void maps_user(struct __test_metadata *const _metadata)
{
	const int fds = count_fds();
	const unsigned int ops = fz.iters * 2;
	unsigned int it, i;

	seed_prng(0x9e3779b97f4a7c15ULL);
	for (i = 0; i < NR_SLOTS; i++)
		fz.slots[i].fd = -1;
	/* For the ld_imm64 of random instructions. */
	fz.imaps[0] = -1;
	fz.imaps[1] = -1;
	fz.ro_array = -1;
	fz.rw_array = -1;
	setup_keys(_metadata);
	TH_LOG("%u operations", ops);

	for (it = 0; it < ops; it++) {
		if (over_budget()) {
			TH_LOG("time budget spent after %u operations", it);
			break;
		}
		map_op(_metadata, it);
	}

	for (i = 0; i < NR_SLOTS; i++)
		close_slot(_metadata, &fz.slots[i]);
	for (i = 0; i < fz.nkeys; i++)
		EXPECT_EQ(0, close(fz.keys[i]));
	EXPECT_EQ(fds, count_fds());
	TH_LOG("%lu map commands, %lu succeeded; %lu programs loaded, %lu enforced; in %ld s",
	       fz.map_ops, fz.map_ok, fz.loaded, fz.enforced, elapsed());
	log_counts(_metadata, "map commands", fz.map_errs);
	log_counts(_metadata, "loads", fz.prog_errs);
}

/* Run @fn as uid 1000 (no capability) in a child, and check it passed. */
static void as_user(struct __test_metadata *const _metadata,
		    void (*fn)(struct __test_metadata *const _metadata))
{
	int status;
	pid_t pid;

	fz.seed = env_ull("LANDLOCK_FUZZ_SEED", DEFAULT_SEED);
	fz.iters = env_ull("LANDLOCK_FUZZ_ITERS", DEFAULT_ITERS);
	snprintf(fz.true_path, sizeof(fz.true_path), "%s", bin_path("true"));
	clock_gettime(CLOCK_MONOTONIC, &fz.start);
	TH_LOG("seed %#llx (LANDLOCK_FUZZ_SEED), %u iterations (LANDLOCK_FUZZ_ITERS)",
	       (unsigned long long)fz.seed, fz.iters);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		drop_privileges(_metadata);
		fn(_metadata);
		EXPECT_EQ(0, fz.failures);
		_exit(_metadata->exit_code);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
	{
		TH_LOG("the unprivileged fuzzer ended with status %#x", status);
	}
}

FIXTURE(fuzz)
{
	struct unpriv_sysctls saved;
};

FIXTURE_SETUP(fuzz)
{
	unpriv_sysctls_set(_metadata, &self->saved);
}

/* In the parent: the fuzzer's children may fail and exit early. */
FIXTURE_TEARDOWN_PARENT(fuzz)
{
	unpriv_sysctls_restore(_metadata, &self->saved);
}

TEST_F_TIMEOUT(fuzz, programs, TIMEOUT)
{
	as_user(_metadata, programs_user);
}

TEST_F_TIMEOUT(fuzz, maps, TIMEOUT)
{
	as_user(_metadata, maps_user);
}

TEST_HARNESS_MAIN
