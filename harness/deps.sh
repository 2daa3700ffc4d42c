#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, idempotently: nothing is
# downloaded when everything is already there.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
pin=$(sed -n 's/^LINUX_SOURCE_VERSION=//p' "$here/pin")

packages=(
	"linux-source-6.12=$pin"
	build-essential bc bison flex cpio kmod rsync python3 perl git
	libelf-dev libssl-dev zlib1g-dev libzstd-dev libcap-dev
	xz-utils zstd
	clang-19 llvm-19 lld-19 dwarves
	qemu-system-x86 busybox-static
	python3-sphinx gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
	name=${p%%=*}
	want=${p#*=}
	have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
	case "$have" in
	"install ok installed "*)
		if [ "$want" = "$p" ] || [ "${have##* }" = "$want" ]; then
			continue
		fi
		;;
	esac
	missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends --allow-downgrades \
	"${missing[@]}" >/dev/null
echo "deps: done"
