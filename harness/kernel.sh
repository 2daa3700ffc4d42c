#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the guest kernel in build/obj, and install its uapi
# headers in build/obj/usr/include.  The configuration is tinyconfig plus
# tools/testing/selftests/landlock/config and harness/config/*.config (or
# $FRAGMENTS); it is regenerated only when a fragment changes,
# and every option of the fragments must survive olddefconfig.
set -euo pipefail
root=$(dirname "$(dirname "$(readlink -f "$0")")")
build=${BUILD_DIR:-$root/build}
# SRC_DIR: another source tree (harness/bench.sh builds the pristine base).
src=${SRC_DIR:-$build/linux}
obj=$build/obj
jobs=${JOBS:-$(($(nproc) + 1))}
mkdir -p "$obj"

# What the tests need (the kselftest fragment), then the guest and debug
# options of the harness.
fragments=("$root"/tools/testing/selftests/landlock/config "$root"/harness/config/*.config)
# FRAGMENTS: a list replacing these (harness/bench.sh: the release build).
# shellcheck disable=SC2206
[ -z "${FRAGMENTS:-}" ] || fragments=($FRAGMENTS)
# EXTRA_CONFIG: more fragments, for special builds (harness/coverage.sh).
# shellcheck disable=SC2206
[ -z "${EXTRA_CONFIG:-}" ] || fragments+=($EXTRA_CONFIG)
sum=$(cat "${fragments[@]}" "$root/harness/pin" | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.fragments.sum" 2>/dev/null)" != "$sum" ]; then
	echo "kernel: configuring (tinyconfig + ${fragments[*]##*/})"
	tmp=$build/config.tmp
	rm -rf "$tmp" && mkdir -p "$tmp"
	make -s -C "$src" O="$tmp" ARCH=x86_64 tinyconfig >/dev/null
	KCONFIG_CONFIG="$tmp/.config" "$src"/scripts/kconfig/merge_config.sh -m \
		-O "$tmp" "$tmp/.config" "${fragments[@]}" >"$tmp/merge.log"
	make -s -C "$src" O="$tmp" ARCH=x86_64 olddefconfig >/dev/null
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) want=$line ;;
		"# CONFIG_"*" is not set") want=$line ;;
		*) continue ;;
		esac
		opt=${want#\# }
		opt=${opt%%[= ]*}
		got=$(grep -E "^($opt=|# $opt is not set)" "$tmp/.config" || true)
		if [ "$want" = "# $opt is not set" ] && [ -z "$got" ]; then
			continue
		fi
		if [ "$got" != "$want" ]; then
			echo "kernel: config: wanted '$want', got '${got:-unset}'" >&2
			bad=1
		fi
	done < <(cat "${fragments[@]}")
	[ $bad -eq 0 ] || { echo "kernel: config fragment not satisfied" >&2; exit 1; }
	if ! cmp -s "$tmp/.config" "$obj/.config"; then
		cp "$tmp/.config" "$obj/.config"
	fi
	echo "$sum" >"$obj/.fragments.sum"
	rm -rf "$tmp"
fi

echo "kernel: building bzImage (make -j$jobs, log in build/kernel-build.log)"
start=$(date +%s)
if ! make -C "$src" O="$obj" ARCH=x86_64 -j"$jobs" W=1 bzImage \
	>"$build/kernel-build.log" 2>&1; then
	grep -E -B5 -A5 'error|Error' "$build/kernel-build.log" | tail -60 >&2
	echo "kernel: build failed, see build/kernel-build.log" >&2
	exit 1
fi
# W=1 warnings in the files this project owns are errors for us (not in
# the pristine base's: OWN_FILES=0).
if [ "${OWN_FILES:-1}" = 1 ] && grep -E '^([^ ]*/)?(security/landlock|include/(uapi/)?linux/landlock\.h)[^ ]*: warning:' \
	"$build/kernel-build.log" >&2; then
	echo "kernel: W=1 warnings in Landlock files" >&2
	exit 1
fi
echo "kernel: built in $(($(date +%s) - start)) s"
make -s -C "$src" O="$obj" ARCH=x86_64 headers_install >/dev/null
