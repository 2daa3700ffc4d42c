#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What a sandbox costs (make bench), in guest instructions per operation.
#
#   make bench          build this project's kernel and the pristine base (with
#                       upstream's Landlock) with one release configuration
#                       (tinyconfig and harness/bench/release.config, in
#                       build/bench/ours and
#                       build/bench/pristine), boot each with ICOUNT=1, run the
#                       same static benchmark (harness/bench/bench.c) in both,
#                       and write build/bench/bench.md and bench.png
#   make bench QUICK=1  smoke test: this project's test kernel (build/obj, from
#                       make build), few iterations, no second kernel
#   make bench PROFILE="CONFIG WORKLOAD"
#                       where the instructions go: this project's kernel runs
#                       WORKLOAD without a sandbox and under CONFIG, each under
#                       a QEMU plugin that counts the instructions of every
#                       kernel function (harness/bench/tbcount.c); prints, and
#                       writes to build/bench/profile.txt, what CONFIG adds per
#                       operation in each function
#
# With ICOUNT=1 the guest clock advances one nanosecond per instruction:
# the figures are instructions, and a run repeats them exactly.
# Environment: ITERATIONS, ROUNDS (bench -n, -r), QUICK, PROFILE.
set -euo pipefail
root=$(dirname "$(dirname "$(readlink -f "$0")")")
out=$root/build/bench
quick=${QUICK:-0}
ours_configs="none type-only allowlist 16-programs cgroup port-rule"
pristine_configs="none upstream-1 upstream-16 upstream-port"
fragments=$root/harness/bench/release.config
mkdir -p "$out"

if [ "$quick" = 1 ]; then
	ours_build=$root/build
	iterations=${ITERATIONS:-20}
	rounds=${ROUNDS:-1}
	[ -f "$ours_build/obj/arch/x86/boot/bzImage" ] ||
		{ echo "bench: QUICK=1 needs the test kernel: run make build" >&2; exit 2; }
else
	ours_build=$out/ours
	iterations=${ITERATIONS:-2000}
	rounds=${ROUNDS:-5}
	echo "bench: this project's kernel, release configuration"
	BUILD_DIR=$ours_build SRC_DIR=$root/build/linux FRAGMENTS=$fragments \
		"$root/harness/kernel.sh"
	echo "bench: the pristine base, release configuration"
	BUILD_DIR=$out/pristine SRC_DIR=$root/build/base FRAGMENTS=$fragments OWN_FILES=0 \
		"$root/harness/kernel.sh"
fi

# One static binary for both kernels, built against this project's uapi
# (which keeps upstream's ruleset definitions); the test build's libbpf and
# bpftool if there are, else its own.
bin=$out/bin
tools=()
st=$root/build/selftests/landlock
if [ -f "$st/libbpf/libbpf.a" ] && [ -x "$st/bpftool" ]; then
	tools=(LIBBPF_OUT="$st/libbpf" BPFTOOL="$st/bpftool")
fi
echo "bench: building the benchmark (log in build/bench/build.log)"
make -C "$root/harness/bench" OUTPUT="$bin" SRCTREE="$root/build/linux" \
	KHDR_INCLUDES="-isystem $ours_build/obj/usr/include" "${tools[@]}" \
	>"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; exit 1; }

stage=$out/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,bench}
cp /bin/busybox "$stage/bin/busybox"
install -m 755 "$root/harness/guest/init" "$stage/init"
install -m 755 "$bin/bench" "$bin/true" "$stage/bench/"
[ "$(id -u)" -ne 0 ] || mknod -m 600 "$stage/dev/console" c 5 1
(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) >"$out/initramfs.cpio"

# run BUILD CONFIGS RESULT: boot BUILD's kernel, run the benchmark.
run() {
	local build=$1 configs=$2 result=$3 rc=0
	echo "bench: booting $(basename "$build") with ICOUNT=1: $configs"
	BUILD_DIR=$build INITRD=$out/initramfs.cpio ICOUNT=1 \
		TIMEOUT=${TIMEOUT:-1500} "$root/harness/boot.sh" run \
		"echo bench: kernel \$(uname -r); /bench/bench -n $iterations -r $rounds $configs" \
		>"$result.log" 2>&1 || rc=$?
	tr -d '\r' <"$result.log" | grep '^bench: ' >"$result" || true
	if [ "$rc" -ne 0 ] || grep -qE 'BUG:|WARNING:|Kernel panic' "$result.log"; then
		cat "$result.log" >&2
		echo "bench: the run on $(basename "$build") failed (status $rc)" >&2
		exit 1
	fi
	# Every configuration ran every workload.
	local want c
	want=$(grep -c '^bench: none ' "$result")
	for c in $configs; do
		if [ "$want" -eq 0 ] || [ "$(grep -c "^bench: $c " "$result")" -ne "$want" ]; then
			echo "bench: $c did not report every workload on $(basename "$build")" >&2
			exit 1
		fi
	done
}

if [ -n "${PROFILE:-}" ]; then
	read -r pconfig pworkload <<<"$PROFILE"
	[ -n "$pworkload" ] || { echo "bench: PROFILE=\"CONFIG WORKLOAD\"" >&2; exit 2; }
	make -s -C "$root/harness/bench" OUTPUT="$bin" plugin
	n=${ITERATIONS:-20000}
	for c in none "$pconfig"; do
		echo "bench: profiling $pworkload under $c ($n operations)"
		QEMU_ARGS="-plugin $bin/tbcount.so,out=$out/profile-$c.tb" \
			BUILD_DIR=$ours_build INITRD=$out/initramfs.cpio ICOUNT=1 \
			"$root/harness/boot.sh" run "/bench/bench -n $n -r 1 -w $pworkload $c" \
			>"$out/profile-$c.log" 2>&1 ||
			{ cat "$out/profile-$c.log" >&2; exit 1; }
	done
	# One warm-up round and one measured: twice the operations.
	python3 "$root/harness/bench/profile.py" "$ours_build/obj/System.map" \
		"$out/profile-none.tb" "$out/profile-$pconfig.tb" $((2 * n)) 40 |
		tee "$out/profile.txt"
	exit 0
fi

start=$(date +%s)
run "$ours_build" "$ours_configs" "$out/ours.txt"
results=("$out/ours.txt")
if [ "$quick" != 1 ]; then
	run "$out/pristine" "$pristine_configs" "$out/pristine.txt"
	results+=("$out/pristine.txt")
fi
echo "bench: ran in $(($(date +%s) - start)) s"
cmd="make bench" note=
if [ "$quick" = 1 ]; then
	cmd="make bench QUICK=1"
	note="A smoke test: the debug kernel (KASAN, lockdep), $iterations iterations; the figures mean nothing."
fi
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
python3 "$root/harness/bench/report.py" --command "$cmd" --commit "$commit" --note "$note" \
	--out "$out" "${results[@]}"
