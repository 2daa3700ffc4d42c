#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of harness/results.py on canned logs; prints TAP.

Each case writes a boot directory as harness/boot.sh would and checks that
results.py reaches the expected verdict: a failing test, a missing result,
a hang, a crash, a leak or a kernel splat must each fail the run.
"""

import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402

GOOD_TAP = """TAP version 13
1..2
# Starting 2 tests from 1 test cases.
ok 1 global.a
ok 2 global.b # SKIP not here
# PASSED: 2 / 2 tests passed.
"""

GOOD_KUNIT = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: landlock_x
    1..2
    ok 1 test_one
    ok 2 test_two # SKIP no
ok 1 landlock_x
"""

CONSOLE = "[    0.000000] Linux version 6.12\n[    1.0] landlock: Up\n"


def boot(tmp, name, results_log, console=CONSOLE, status="exited"):
    d = os.path.join(tmp, name)
    os.makedirs(d)
    with open(os.path.join(d, "results.log"), "w") as f:
        f.write(results_log)
    with open(os.path.join(d, "console.log"), "w") as f:
        f.write(console)
    with open(os.path.join(d, "status"), "w") as f:
        f.write(status + "\n")
    return d


def block(name, body, rc=0):
    return f"### BEGIN {name}\n{body}### END {name} rc={rc}\n"


def verdict(results_log, **kw):
    with tempfile.TemporaryDirectory() as tmp:
        d = boot(tmp, "b", results_log, **kw)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = results.main([d])
    return rc, out.getvalue().splitlines()[-1]


OK_RUN = block("t/a", GOOD_TAP) + block("kunit/x", GOOD_KUNIT) + \
    block("kmemleak", "") + "### DONE\n"

CASES = [
    ("passing run", OK_RUN, {}, 0, "2 passed, 0 failed, 2 skipped"),
    ("failing test case",
     block("t/a", GOOD_TAP.replace("ok 1 global.a", "not ok 1 global.a"),
           1) + "### DONE\n", {}, 1, None),
    ("failing kunit case",
     block("kunit/x", GOOD_KUNIT.replace("    ok 1", "    not ok 1"))
     + "### DONE\n", {}, 1, None),
    ("kunit cases indented with a tab, with parameters",
     block("kunit/x", GOOD_KUNIT.replace("    ", "\t").replace(
         "\tok 2 test_two # SKIP no\n",
         "\t\tok 1 param-a\n\t\tnot ok 2 param-b\n\tnot ok 2 test_two\n"))
     + "### DONE\n", {}, 1, "1 passed, 1 failed, 0 skipped"),
    ("missing result", block("t/a", GOOD_TAP.replace("ok 2 global.b # SKIP "
                                                     "not here\n", ""))
     + "### DONE\n", {}, 1, None),
    ("no TAP at all", block("t/a", "segfault\n", 139) + "### DONE\n", {}, 1,
     None),
    ("bad exit status", block("t/a", GOOD_TAP, 139) + "### DONE\n", {}, 1,
     None),
    ("test binary cut short", "### BEGIN t/a\nTAP version 13\n1..2\n", {}, 1,
     None),
    ("plan not finished", block("t/a", GOOD_TAP), {}, 1, None),
    ("guest timeout", OK_RUN, {"status": "timeout"}, 1, None),
    ("kernel WARNING", OK_RUN, {"console": CONSOLE +
                                "[    2.0] WARNING: CPU: 0 PID: 1 at x\n"},
     1, None),
    ("KASAN report", OK_RUN, {"console": CONSOLE +
                              "[    2.0] BUG: KASAN: slab-use-after-free\n"},
     1, None),
    ("lockdep report", OK_RUN, {"console": CONSOLE + "WARNING: possible "
                                "circular locking dependency detected\n"},
     1, None),
    ("busy inodes at unmount", OK_RUN, {"console": CONSOLE + "[    2.0] "
                                        "VFS: Busy inodes after unmount of "
                                        "tmpfs (tmpfs)\n"}, 1, None),
    ("kernel panic", OK_RUN, {"console": CONSOLE +
                              "Kernel panic - not syncing: x\n"}, 1, None),
    ("kmemleak report", block("t/a", GOOD_TAP) + block(
        "kmemleak", "unreferenced object 0xffff8880 (size 64):\n") +
     "### DONE\n", {}, 1, None),
]


def main():
    print("TAP version 13")
    print(f"1..{len(CASES)}")
    failed = 0
    for i, (name, log, kw, want_rc, want_last) in enumerate(CASES, 1):
        rc, last = verdict(log, **kw)
        good = rc == want_rc and (want_last is None or last == want_last)
        if not good:
            failed += 1
            print(f"# got rc={rc}, last line '{last}'")
        print(f"{'ok' if good else 'not ok'} {i} {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
