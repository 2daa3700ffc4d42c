// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin for harness/bench.sh's PROFILE=: how many times each
 * translation block of the guest kernel ran, and how many instructions it
 * has, written at exit as "VADDR INSNS COUNT" lines to the file its out=
 * argument names.  harness/bench/profile.py turns two such files into
 * instructions per function.
 *
 * QEMU's plugin API (version 1, QEMU 7.2) is a C ABI; Debian ships no
 * header for it, so the few calls used are declared here.  One vCPU
 * (ICOUNT=1 boots with -smp 1), so the table needs no lock.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
__attribute__((visibility("default"))) int qemu_plugin_version = 1;
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op, void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *), void *userdata);

struct ent { uint64_t key, vaddr, n, count; };
/* Open addressing; a kernel boot translates far fewer blocks. */
#define SIZE (1u << 22)
static struct ent *tbs;
static const char *outpath = "/tmp/tbcount.txt";

static struct ent *find(uint64_t key)
{
	uint64_t h = (key * 0x9E3779B97F4A7C15ULL) >> 42;
	for (;; h = (h + 1) & (SIZE - 1)) {
		struct ent *e = &tbs[h & (SIZE - 1)];
		if (!e->key) { e->key = key; return e; }
		if (e->key == key) return e;
	}
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t va = qemu_plugin_tb_vaddr(tb);
	size_t n = qemu_plugin_tb_n_insns(tb);
	uint64_t key = va ^ ((uint64_t)n << 56);
	struct ent *e;

	if (va < 0xffff000000000000ULL)
		return;
	e = find(key);
	e->vaddr = va;
	e->n = n;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &e->count, 1);
}

static void dump(qemu_plugin_id_t id, void *p)
{
	FILE *f = fopen(outpath, "w");
	for (uint32_t i = 0; i < SIZE; i++) {
		struct ent *e = &tbs[i];
		if (e->count)
			fprintf(f, "%llx %llu %llu\n", (unsigned long long)e->vaddr,
				(unsigned long long)e->n, (unsigned long long)e->count);
	}
	fclose(f);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	if (argc > 0 && argv[0][0] == 'o')
		outpath = argv[0] + 4; /* out=PATH */
	tbs = calloc(SIZE, sizeof(*tbs));
	qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
	qemu_plugin_register_atexit_cb(id, dump, NULL);
	return 0;
}
