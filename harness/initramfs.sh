#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the selftests and guest tools against the patched tree's uapi
# headers (statically linked), and pack them with busybox and the guest init
# into build/initramfs.cpio.
set -euo pipefail
root=$(dirname "$(dirname "$(readlink -f "$0")")")
build=${BUILD_DIR:-$root/build}
src=$build/linux
hdr=$build/obj/usr/include
out=$build/selftests
stage=$build/initramfs

[ -d "$hdr/linux" ] || { echo "initramfs: no headers in $hdr: build the kernel first" >&2; exit 1; }

echo "initramfs: building selftests"
targets=()
for dir in "$root"/tools/testing/selftests/*/; do
	targets+=("$(basename "$dir")")
done
for t in "${targets[@]}"; do
	mkdir -p "$out/$t"
	make -s -C "$src/tools/testing/selftests/$t" OUTPUT="$out/$t" \
		KHDR_INCLUDES="-isystem $hdr" >"$build/selftests-$t.log" 2>&1 || {
		cat "$build/selftests-$t.log" >&2
		echo "initramfs: building selftests/$t failed" >&2
		exit 1
	}
done

rm -rf "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,root,harness,selftests}
cp /bin/busybox "$stage/bin/busybox"
install -m 755 "$root/harness/guest/init" "$stage/init"
install -m 755 "$root/harness/guest/demo" "$stage/harness/demo"
install -m 755 "$root/harness/guest/run-plan" "$stage/harness/run-plan"
install -m 755 "$root/harness/guest/coverage" "$stage/harness/coverage"
cp -r "$root/harness/plans" "$stage/harness/plans"
gcc -static -O2 -Wall -isystem "$hdr" -o "$stage/harness/landlock-abi" \
	"$root/harness/guest/landlock-abi.c"
for t in "${targets[@]}"; do
	mkdir -p "$stage/selftests/$t"
	find "$out/$t" -maxdepth 1 -type f \( -perm -u+x -o -name '*.bpf.o' \) \
		-exec cp {} "$stage/selftests/$t/" \;
done
# The sandboxer, built with the selftests, is a command of the guest.
install -m 755 "$out/landlock/sandboxer" "$stage/bin/sandboxer"
# Every selftest binary must be run by some plan.
for bin in "$stage"/selftests/*/*_test; do
	name=${bin#"$stage/selftests/"}
	grep -qE "^$name( |$)" "$root"/harness/plans/* || {
		echo "initramfs: $name is in no plan of harness/plans/" >&2
		exit 1
	}
done
# The unprivileged test user.
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc-passwd"
mkdir -p "$stage/etc" && mv "$stage/etc-passwd" "$stage/etc/passwd"
printf 'user:x:1000:1000:user:/tmp:/bin/sh\n' >>"$stage/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' >"$stage/etc/group"
[ "$(id -u)" -ne 0 ] || mknod -m 600 "$stage/dev/console" c 5 1

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) \
	>"$build/initramfs.cpio.tmp"
mv "$build/initramfs.cpio.tmp" "$build/initramfs.cpio"
echo "initramfs: $(du -h "$build/initramfs.cpio" | cut -f1) with $(ls "$stage"/selftests/*/*_test | wc -l) test binaries"
