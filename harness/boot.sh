#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel and initramfs in QEMU (TCG).
#
#   boot.sh check PLAN   run harness/plans/PLAN; logs in build/logs/PLAN/
#   boot.sh run [CMD]    run CMD (or $CMD; default: a Landlock demo) and exit
#                        with its status
#   boot.sh shell        interactive shell on the serial console
#
# Environment: BUILD_DIR (where obj/ and initramfs.cpio are), INITRD (another
# initramfs), SHARE=DIR (host directory at /mnt/share, read-write),
# TIMEOUT=seconds (check and run; default 900), INJECT=fail|hang|warn
# (check), APPEND="kernel args", ICOUNT=1 (deterministic instruction-count
# clock, one CPU: for benchmarks), QEMU_ARGS (more QEMU options).
set -uo pipefail
root=$(dirname "$(dirname "$(readlink -f "$0")")")
build=${BUILD_DIR:-$root/build}
mode=${1:-run}
kernel=$build/obj/arch/x86/boot/bzImage
initrd=${INITRD:-$build/initramfs.cpio}
timeout=${TIMEOUT:-900}

for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "boot: $f is missing: run make build" >&2; exit 2; }
done

# pci=noacpi: PCI interrupts (virtio-9p) through the legacy routing; the
# ACPI _PRT method times out under TCG.  ACPI still lists the CPUs.
append="console=ttyS0 panic=-1 printk.devkmsg=on pci=noacpi ${APPEND:-}"
qemu=(qemu-system-x86_64 -accel tcg -m 2048 -no-reboot
	-kernel "$kernel" -initrd "$initrd" -display none -monitor none)
if [ "${ICOUNT:-0}" = 1 ]; then
	qemu+=(-cpu max -smp 1 -icount shift=0,sleep=off)
else
	qemu+=(-cpu max -smp 2)
fi
# QEMU_ARGS: more QEMU options (harness/bench.sh PROFILE=: a TCG plugin).
# shellcheck disable=SC2206
[ -z "${QEMU_ARGS:-}" ] || qemu+=($QEMU_ARGS)
if [ -n "${SHARE:-}" ]; then
	[ -d "$SHARE" ] || { echo "boot: SHARE=$SHARE is not a directory" >&2; exit 2; }
	qemu+=(-virtfs "local,path=$(readlink -f "$SHARE"),mount_tag=share,security_model=none,id=share")
fi

case "$mode" in
check)
	plan=${2:?plan name}
	planfile=$root/harness/plans/$plan
	[ -f "$planfile" ] || { echo "boot: no plan $planfile" >&2; exit 2; }
	extra=$(sed -n 's/^# cmdline: *//p' "$planfile")
	logs=$build/logs/$plan
	rm -rf "$logs" && mkdir -p "$logs"
	append+=" harness_mode=check harness_plan=$plan $extra"
	[ -n "${INJECT:-}" ] && append+=" harness_inject=$INJECT"
	echo "boot: $plan (kernel args: $append)"
	start=$(date +%s)
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" -append "$append" \
		-serial stdio -serial "file:$logs/results.log" </dev/null |
		tee "$logs/console.log" |
		grep --line-buffered -E 'harness: starting|Kernel panic|BUG:|WARNING:' |
		sed -u 's/^\[[ 0-9.]*\] /  /'
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "timeout" >"$logs/status"
		echo "boot: $plan: the guest did not finish within ${timeout}s" >&2
	else
		echo "exited" >"$logs/status"
	fi
	echo "boot: $plan done in $(($(date +%s) - start)) s"
	;;
run)
	shift
	cmd=${*:-${CMD:-}}
	append+=" quiet harness_mode=run"
	[ -n "$cmd" ] && append+=" harness_cmd=$(printf '%s' "$cmd" | base64 -w0)"
	mkdir -p "$build/logs"
	log=$build/logs/run.log
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" -append "$append" \
		-serial stdio </dev/null | tee "$log" |
		grep -v --line-buffered -E '^### EXIT|reboot: Restarting system'
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 124 ]; then
		echo "boot: the guest did not finish within ${timeout}s" >&2
		exit 124
	fi
	status=$(tr -d '\r' <"$log" | sed -n 's/^### EXIT \([0-9]*\)$/\1/p' | tail -1)
	[ -n "$status" ] || { echo "boot: the command did not report an exit status" >&2; exit 125; }
	exit "$status"
	;;
shell)
	append+=" harness_mode=shell"
	exec "${qemu[@]}" -append "$append" -serial mon:stdio
	;;
*)
	echo "usage: boot.sh check PLAN | run [CMD] | shell" >&2
	exit 2
	;;
esac
