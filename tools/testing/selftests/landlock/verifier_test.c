// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock selftests - What the verifier accepts in a Landlock program
 */

#include <arpa/inet.h>

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
	/* ABI 2 */
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(family)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(sock_type)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(protocol)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(port)));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(addr[0])));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(addr[1])));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(addr[2])));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(addr[3])));
	EXPECT_ACCEPTED(READ_CTX(W, CTX_OFF(signal)));
}

/* The layout of ABI 2, as user space and the verifier both see it. */
TEST(abi2_layout)
{
	int off;

	EXPECT_EQ(72, sizeof(struct landlock_context));
	EXPECT_EQ(32, CTX_OFF(family));
	EXPECT_EQ(36, CTX_OFF(sock_type));
	EXPECT_EQ(40, CTX_OFF(protocol));
	EXPECT_EQ(44, CTX_OFF(port));
	EXPECT_EQ(48, CTX_OFF(addr));
	EXPECT_EQ(64, CTX_OFF(signal));
	/* Each 4-byte field, at its offset: nothing moved. */
	for (off = 0; off < 68; off += 4)
		EXPECT_ACCEPTED(READ_CTX(W, off));
}

/* The address may be read 8 bytes at a time, nothing else may. */
TEST(abi2_wide_reads)
{
	EXPECT_ACCEPTED(READ_CTX(DW, CTX_OFF(addr[0])));
	EXPECT_ACCEPTED(READ_CTX(DW, CTX_OFF(addr[2])));
	/* port and addr[0] */
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(port)),
			"invalid bpf_context access");
	/* signal and the padding */
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(signal)),
			"invalid bpf_context access");
	/* Aligned, two fields: family and sock_type, protocol and port. */
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(family)),
			"invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(protocol)),
			"invalid bpf_context access");
	/* Inside addr but unaligned for 8 bytes. */
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(addr[1])),
			"invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(DW, CTX_OFF(sock_type)),
			"invalid bpf_context access");
}

/* Bytes 68-71 are padding: no read of any size. */
TEST(abi2_padding)
{
	int off;

	for (off = 68; off < 72; off++)
		EXPECT_REJECTED(READ_CTX(B, off), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(H, 68), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(H, 70), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(W, 68), "invalid bpf_context access");
}

TEST(abi2_narrow_reads)
{
	int off;

	for (off = 32; off < 68; off++)
		EXPECT_ACCEPTED(READ_CTX(B, off));
	for (off = 32; off < 68; off += 2)
		EXPECT_ACCEPTED(READ_CTX(H, off));
}

TEST(abi2_write_context)
{
	EXPECT_REJECTED(LOAD(BPF_ST_MEM(BPF_W, BPF_REG_1, CTX_OFF(port), 0),
			     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()),
			"invalid bpf_context access");
	EXPECT_REJECTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_0,
					 CTX_OFF(addr[1])),
			     BPF_EXIT_INSN()),
			"invalid bpf_context access");
	EXPECT_REJECTED(LOAD(BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0,
					 CTX_OFF(addr[0])),
			     BPF_EXIT_INSN()),
			"invalid bpf_context access");
	EXPECT_REJECTED(LOAD(BPF_ST_MEM(BPF_B, BPF_REG_1, CTX_OFF(signal), 1),
			     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()),
			"invalid bpf_context access");
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

/* The context ends at 72 since ABI 2 (it was 32). */
TEST(read_past_end)
{
	EXPECT_REJECTED(READ_CTX(W, 72), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(B, 72), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(DW, 72), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(W, 4096), "invalid bpf_context access");
	EXPECT_REJECTED(READ_CTX(W, -4), "invalid bpf_context access");
	/* flags and family */
	EXPECT_REJECTED(READ_CTX(DW, 28), "invalid bpf_context access");
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

/* deny (1) unless the W field at @off equals @val. */
#define FIELD_IS(off, val)                                       \
	LOAD(BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, off),      \
	     BPF_MOV64_IMM(BPF_REG_0, 0),                        \
	     BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, val, 1),            \
	     BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN())

/* The return value of @fd run on the first @size bytes of @ctx. */
static int test_run(struct __test_metadata *const _metadata, const int fd,
		    const struct landlock_context *const ctx,
		    const __u32 size)
{
	union bpf_attr attr = {};

	attr.test.prog_fd = fd;
	attr.test.ctx_in = (uintptr_t)ctx;
	attr.test.ctx_size_in = size;
	EXPECT_EQ(0, sys_bpf(BPF_PROG_TEST_RUN, &attr))
	{
		TH_LOG("size %u: %s", size, strerror(errno));
	}
	return attr.test.retval;
}

/*
 * BPF_PROG_TEST_RUN takes a context of ABI 1 (32 bytes, the rest reads as
 * 0) or of ABI 2 (72 bytes), and the program reads what was passed.
 */
TEST(test_run_abi2_fields)
{
	const int port = FIELD_IS(CTX_OFF(port), 8080);
	const int no_port = FIELD_IS(CTX_OFF(port), 0);
	const int sig = FIELD_IS(CTX_OFF(signal), 10);
	const int family = FIELD_IS(CTX_OFF(family), 10);
	struct landlock_context ctx = {
		.access = LANDLOCK_ACCESS_SOCK_CONNECT,
		.family = 10,
		.port = 8080,
		.signal = 10,
	};
	__u64 addr_hi;
	int addr;

	ASSERT_LE(0, port);
	ASSERT_LE(0, no_port);
	ASSERT_LE(0, sig);
	ASSERT_LE(0, family);
	EXPECT_EQ(0, test_run(_metadata, port, &ctx, sizeof(ctx)));
	EXPECT_EQ(1, test_run(_metadata, no_port, &ctx, sizeof(ctx)));
	EXPECT_EQ(0, test_run(_metadata, sig, &ctx, sizeof(ctx)));
	EXPECT_EQ(0, test_run(_metadata, family, &ctx, sizeof(ctx)));
	/* Only the first 32 bytes: the ABI 2 fields read as 0. */
	EXPECT_EQ(1, test_run(_metadata, port, &ctx, 32));
	EXPECT_EQ(0, test_run(_metadata, no_port, &ctx, 32));
	EXPECT_EQ(1, test_run(_metadata, sig, &ctx, 32));
	ctx.port = 8081;
	EXPECT_EQ(1, test_run(_metadata, port, &ctx, sizeof(ctx)));

	/* ::ffff:127.0.0.1, its second half read at once. */
	ctx.addr[2] = htonl(0xffff);
	ctx.addr[3] = htonl(0x7f000001);
	memcpy(&addr_hi, &ctx.addr[2], sizeof(addr_hi));
	addr = LOAD(BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(addr[2])),
		    BPF_LD_IMM64(BPF_REG_3, addr_hi),
		    BPF_MOV64_IMM(BPF_REG_0, 0),
		    BPF_JMP_REG(BPF_JEQ, BPF_REG_2, BPF_REG_3, 1),
		    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	ASSERT_LE(0, addr)
	{
		TH_LOG("log: %s", log_buf);
	}
	EXPECT_EQ(0, test_run(_metadata, addr, &ctx, sizeof(ctx)));
	ctx.addr[3] = htonl(0x7f000002);
	EXPECT_EQ(1, test_run(_metadata, addr, &ctx, sizeof(ctx)));
	close(addr);
	close(port);
	close(no_port);
	close(sig);
	close(family);
}

/*
 * Allow ::ffff:127.0.0.1 port 443 only, in straight-line code: a rule on
 * an address and a port as an unprivileged user writes it.
 */
static int load_addr_port_rule(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_DENY),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, CTX_OFF(port)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 443, 9),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(addr[0])),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, 7),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, CTX_OFF(addr[2])),
		BPF_JMP32_IMM(BPF_JNE, BPF_REG_2, htonl(0xffff), 5),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, CTX_OFF(addr[3])),
		BPF_JMP32_IMM(BPF_JNE, BPF_REG_2, htonl(0x7f000001), 3),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, CTX_OFF(addr[2])),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, LANDLOCK_RET_ALLOW),
		BPF_EXIT_INSN(),
	};

	return load_prog_attach(insns, ARRAY_SIZE(insns), 0, log_buf,
				LOG_SIZE);
}

static void unpriv_addr_port_user(struct __test_metadata *const _metadata)
{
	EXPECT_ACCEPTED(load_addr_port_rule());
}

TEST(unpriv_addr_port_rule)
{
	struct landlock_context ctx = {
		.access = LANDLOCK_ACCESS_SOCK_CONNECT,
		.port = 443,
	};
	struct unpriv_sysctls saved;
	const int fd = load_addr_port_rule();

	ASSERT_LE(0, fd)
	{
		TH_LOG("log: %s", log_buf);
	}
	/* What it means. */
	ctx.addr[2] = htonl(0xffff);
	ctx.addr[3] = htonl(0x7f000001);
	EXPECT_EQ(0, test_run(_metadata, fd, &ctx, sizeof(ctx)));
	ctx.port = 444;
	EXPECT_EQ(1, test_run(_metadata, fd, &ctx, sizeof(ctx)));
	ctx.port = 443;
	ctx.addr[0] = 1;
	EXPECT_EQ(1, test_run(_metadata, fd, &ctx, sizeof(ctx)));
	ctx.addr[0] = 0;
	ctx.addr[3] = htonl(0x7f000002);
	EXPECT_EQ(1, test_run(_metadata, fd, &ctx, sizeof(ctx)));
	close(fd);

	unpriv_sysctls_set(_metadata, &saved);
	AS_USER(unpriv_addr_port_user(_metadata));
	unpriv_sysctls_restore(_metadata, &saved);
}

TEST_HARNESS_MAIN
