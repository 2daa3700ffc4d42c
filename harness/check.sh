#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: test the harness's own verdict logic on the host, boot the
# guest once per plan of harness/plans/, and judge every log together.
# The last line printed is "N passed, N failed, N skipped".
set -uo pipefail
root=$(dirname "$(dirname "$(readlink -f "$0")")")
build=${BUILD_DIR:-$root/build}
logs=$build/logs
rm -rf "$logs" && mkdir -p "$logs/harness"

# The verdict logic must itself catch failures, hangs, leaks and splats.
{
	echo "### BEGIN harness/results"
	python3 "$root/harness/test_results.py"
	echo "### END harness/results rc=$?"
	# security/landlock/ is layered without dependency cycles.
	echo "### BEGIN harness/layers"
	echo "TAP version 13"
	echo "1..1"
	if out=$(python3 "$root/harness/layers.py"); then
		echo "ok 1 layers # $out"
	else
		echo "not ok 1 layers # $out"
	fi
	echo "### END harness/layers rc=0"
	echo "### DONE"
} >"$logs/harness/results.log" 2>&1
echo host >"$logs/harness/status"

# PLANS="a b" runs those plans only; by default every plan but the ones
# marked "# manual" (long runs, see make stress).
dirs=("$logs/harness")
for planfile in "$root"/harness/plans/*; do
	plan=$(basename "$planfile")
	if [ -n "${PLANS:-}" ]; then
		case " $PLANS " in *" $plan "*) ;; *) continue ;; esac
	elif grep -q '^# manual$' "$planfile"; then
		continue
	fi
	"$root/harness/boot.sh" check "$plan"
	dirs+=("$logs/$plan")
done

echo
echo "=== results (logs in build/logs/) ==="
python3 "$root/harness/results.py" "${dirs[@]}"
