// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - What the verifier accepts in a Landlock program
 */

#include "common.h"

#define LOG_SIZE 65536
static char log_buf[LOG_SIZE];

#define LOAD(...)                                                           \
	({                                                                  \
		const struct bpf_insn __insns[] = { __VA_ARGS__ };          \
		load_prog_attach(__insns, ARRAY_SIZE(__insns), 0, log_buf, \
				 LOG_SIZE);                                  \
	})

/* The program must fail to load with EACCES or EINVAL, logging @msg. */
#define EXPECT_REJECTED(fd, msg)                                            \
	do {                                                                \
		const int __fd = (fd);                                      \
		EXPECT_EQ(-1, __fd);                                        \
		if (__fd >= 0)                                              \
			close(__fd);                                        \
		EXPECT_TRUE(errno == EACCES || errno == EINVAL);            \
		EXPECT_NE(NULL, strstr(log_buf, msg))                       \
		{                                                           \
			TH_LOG("log: %s", log_buf);                         \
		}                                                           \
	} while (0)

#define EXPECT_ACCEPTED(fd)                                                 \
	do {                                                                \
		const int __fd = (fd);                                      \
		EXPECT_LE(0, __fd)                                          \
		{                                                           \
			TH_LOG("log: %s", log_buf);                         \
		}                                                           \
		if (__fd >= 0)                                              \
			close(__fd);                                        \
	} while (0)

/* Read @size bytes at @off of the context, return them masked to 0 or 1. */
#define READ_CTX(size, off)                                  \
	LOAD(BPF_LDX_MEM(BPF_##size, BPF_REG_0, BPF_REG_1, off), \
	     BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1), BPF_EXIT_INSN())

TEST(whole_fields)
{
	EXPECT_ACCEPTED(READ_CTX(DW, CTX_OFF(access)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(mode)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(uid)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(gid)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(open_flags)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(ioctl_cmd)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(flags)));
}

TEST(narrow_reads)
{
	int off;

	for (off = 0; off < 8; off++)
		EXPECT_ACCEPTED(READ_CTX(B, off));
	for (off = 0; off < 8; off += 2)
		EXPECT_ACCEPTED(READ_CTX(H, off));
	EXPECT_ACCEPTED(READ_CTX(W, 4));
	for (off = 8; off < 32; off++)
		EXPECT_ACCEPTED(READ_CTX(B, off));
	for (off = 8; off < 32; off += 2)
		EXPECT_ACCEPTED(READ_CTX(H, off));
}

/* Narrow reads read the right bytes (checked with BPF_PROG_TEST_RUN). */
TEST(narrow_reads_run)
{
	const int fd = READ_CTX(B, 1);
	const int fd2 = READ_CTX(H, CTX_OFF(ioctl_cmd) + 2);
	struct landlock_context ctx = { .access = 1ULL << 8 };
	union bpf_attr attr = {};

	ASSERT_LE(0, fd);
	ASSERT_LE(0, fd2);
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (uintptr_t)&ctx;
	attr.test.ctx_size_in = sizeof(ctx);
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(1, attr.test.retval);
	ctx.access = 1;
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(0, attr.test.retval);

	attr.test.prog_fd = fd2;
	ctx.ioctl_cmd = 0x10000;
	ASSERT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr));
	EXPECT_EQ(1, attr.test.retval);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, close(fd2));
}

TEST(write_context)
{
	EXPECT_REJECTED(LOAD(BPF_ST_MEM(BPF_W, BPF_REG_1, CTX_OFF(mode), 0),
			     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()),
			"invalid bpf_context access");
	EXPECT_REJECTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, CTX_OFF(access)),
			     BPF_EXIT_INSN()),
			"invalid bpf_context access");
}

TEST(read_past_end)
{
	EXPECT_REJECTED(READ_CTX(W, 32), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(B, 32), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(DW, 28), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(W, -4), "invalid bpf_context access");
}

TEST(unaligned_or_spanning)
{
	/* Unaligned. */
	EXPECT_REJECTED(READ_CTX(W, 2), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(H, 9), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(DW, 4), "invalid bpf_context access");
	/* Aligned, but across two fields. */
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(mode)),
			"invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(open_flags)),
			"invalid bpf_context access");
}

TEST(return_range)
{
	EXPECT_ACCEPTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()));
	EXPECT_ACCEPTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN()));
	EXPECT_REJECTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN()),
			"At program exit the register R0 has");
	EXPECT_REJECTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, -1), BPF_EXIT_INSN()),
			"At program exit the register R0 has");
	/* An unknown value may be anything. */
	EXPECT_REJECTED(LOAD(BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, CTX_OFF(mode)),
			     BPF_EXIT_INSN()),
			"At program exit the register R0 has");
	/* Nor may a pointer be returned (a leak for unprivileged loaders). */
	EXPECT_REJECTED(LOAD(BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN()),
			"At program exit the register R0 is not a known value");
}

TEST(helpers_not_offered)
{
	EXPECT_REJECTED(LOAD(BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32),
			     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()),
			"program of this type cannot use helper bpf_get_prandom_u32");
	EXPECT_REJECTED(LOAD(BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
			     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()),
			"program of this type cannot use helper bpf_ktime_get_ns");
	EXPECT_REJECTED(LOAD(BPF_EMIT_CALL(BPF_FUNC_trace_printk),
			     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()),
			"program of this type cannot use helper bpf_trace_printk");
}

TEST_HARNESS_MAIN
