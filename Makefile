# SPDX-License-Identifier: GPL-2.0
#
# Landlock (eBPF rules): build, boot and test harness.  See README.md.
#
# Variables (given on the command line, they reach the scripts through the
# environment): CMD, SHARE, INJECT, TIMEOUT, APPEND, ICOUNT, JOBS, PATCH,
# FILES, QUICK, ITERATIONS, ROUNDS, PROFILE, FROM, TO.

H := harness

.PHONY: help deps prepare kernel build check run shell patchset refresh \
	series-check clean distclean coverage stress docs bench

help:
	@echo "make check      build the kernel and the tests, boot, run every test"
	@echo "make run        boot and show Landlock at work; CMD='...' runs a command"
	@echo "                in the guest (exit status passed on), SHARE=DIR mounts DIR"
	@echo "                at /mnt/share"
	@echo "make shell      boot to an interactive guest shell (Ctrl-a x quits)"
	@echo "make patchset   write the patch series to build/patchset/ and check it"
	@echo "make series-check  build the tree at each patch of the series (W=1,"
	@echo "                build/series/): every patch must build cleanly"
	@echo "make refresh PATCH=patches/NNNN-x.patch [FILES='a/b.c']"
	@echo "                regenerate a patch from what build/linux holds"
	@echo "make build      only build (kernel, headers, tests, initramfs)"
	@echo "make stress     long fuzz and stress runs (harness/plans/stress)"
	@echo "make coverage   line coverage of security/landlock/ by the tests (gcov,"
	@echo "                second kernel in build/cov/)"
	@echo "make bench      instructions per operation with and without a sandbox,"
	@echo "                this kernel against upstream Landlock (two release"
	@echo "                kernels, ICOUNT boots; build/bench/); QUICK=1: smoke test"
	@echo "                on the test kernel"
	@echo "make docs       build the two Landlock documents as HTML in build/docs/"
	@echo "                (Sphinx, kernel-doc; any warning fails)"
	@echo "make clean      remove build output, keep the extracted trees"

deps:
	@$(H)/deps.sh

prepare: deps
	@python3 $(H)/tree.py prepare

kernel: prepare
	@$(H)/kernel.sh

build: kernel
	@$(H)/initramfs.sh

check: build
	@$(H)/check.sh

run: build
	@$(H)/boot.sh run

shell: build
	@$(H)/boot.sh shell

stress: build
	@PLANS=stress TIMEOUT=$${TIMEOUT:-5400} $(H)/check.sh

coverage: deps
	@$(H)/coverage.sh

patchset: prepare
	@python3 $(H)/tree.py patchset

docs: prepare
	@$(H)/docs.sh

bench: prepare
	@$(H)/bench.sh

series-check: kernel
	@python3 $(H)/series_check.py

refresh:
	@python3 $(H)/tree.py refresh $(PATCH) $(FILES)

clean:
	rm -rf build/obj build/logs build/selftests build/initramfs \
		build/initramfs.cpio build/patchset build/patchset-verify \
		build/series build/docs

distclean:
	rm -rf build
