#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Line coverage of security/landlock/ by the selftests of the default plan
# (make coverage).  Builds a second kernel in build/cov/ with
# CONFIG_GCOV_KERNEL and GCOV_PROFILE for security/landlock/ only, runs the
# tests in the guest, fetches the .gcda files over 9p and summarizes gcov's
# per-file figures in build/cov/coverage.txt.
set -euo pipefail
root=$(dirname "$(dirname "$(readlink -f "$0")")")
export BUILD_DIR=$root/build/cov
mkdir -p "$BUILD_DIR"
# Share the extracted base tree with the main build (read only).
export BASE_DIR=$root/build/base
mk=$BUILD_DIR/linux/security/landlock/Makefile
# Drop the previous run's addition, so that the tree is clean for prepare.
[ -f "$mk" ] && grep -q '^GCOV_PROFILE' "$mk" && rm -f "$mk"
python3 "$root/harness/tree.py" prepare
echo 'GCOV_PROFILE := y' >>"$mk"
EXTRA_CONFIG=$root/harness/config/coverage.extra "$root/harness/kernel.sh"
"$root/harness/initramfs.sh"
share=$BUILD_DIR/gcda
rm -rf "$share" && mkdir -p "$share"
SHARE=$share TIMEOUT=${TIMEOUT:-1200} "$root/harness/boot.sh" run /harness/coverage
obj=$BUILD_DIR/obj/security/landlock
cp "$share"/*.gcda "$obj/"
out=$BUILD_DIR/gcov
rm -rf "$out" && mkdir -p "$out"
(cd "$out" && gcov -o "$obj" "$BUILD_DIR"/linux/security/landlock/*.c >gcov.log 2>&1)
python3 - "$out/gcov.log" "$BUILD_DIR/coverage.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rows, total, hit = [], 0, 0
for name, pct, n in re.findall(
        r"File '([^']*security/landlock/[^']*\.c)'\nLines executed:([0-9.]+)% of (\d+)", text):
    n = int(n); h = round(float(pct) * n / 100)
    rows.append((name.split("security/landlock/")[1], h, n)); total += n; hit += h
with open(sys.argv[2], "w") as f:
    for name, h, n in sorted(rows):
        f.write(f"{name:16} {h:5}/{n:<5} {100.0 * h / n:5.1f}%\n")
    f.write(f"{'total':16} {hit:5}/{total:<5} {100.0 * hit / max(total, 1):5.1f}%\n")
print(open(sys.argv[2]).read(), end="")
PY
echo "coverage: annotated sources (*.c.gcov) in $out"
