#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the logs of test boots into one verdict.

Usage: results.py BOOT_DIR...

Each BOOT_DIR (build/logs/<plan>/) holds:
  results.log  what the guest init wrote on its second serial port: blocks
               "### BEGIN <name>" ... "### END <name> rc=<n>" holding TAP
               (selftests) or KTAP (KUnit), a kmemleak report, "### DONE";
  console.log  the kernel console;
  status       "exited" or "timeout", written by harness/boot.sh.

Prints one line per test case (PASS, FAIL or SKIP), then each problem, then
a last line "N passed, N failed, N skipped".  Exit status 1 on any failure:
a failing or missing test case, a test binary that did not report or exited
badly, a guest that did not finish, a kmemleak report, or a kernel splat in
the console, even if every test passed.
"""

import os
import re
import sys

# What a kernel splat looks like on the console (after the time stamp).
SPLAT = re.compile(
    r"^(?:\[[ 0-9.]+\] )?(?:"
    r"BUG: |WARNING: |INFO: |UBSAN: |"
    r"Oops|general protection fault|Kernel panic|kernel BUG at|"
    r"Unable to handle kernel|VFS: Busy inodes|"
    r"kmemleak: \d+ new suspected memory leaks|"
    r"------------\[ cut here \]------------)")

TAP_RESULT = re.compile(r"^(not )?ok (\d+)(?: -)? ?([^#]*?)\s*(#.*)?$")
KTAP_RESULT = re.compile(r"^(\s*)(not )?ok (\d+)(?: -)? ?([^#]*?)\s*(#.*)?$")


class Verdict:
    def __init__(self):
        self.cases = []  # (status, name)
        self.problems = []

    def case(self, status, name):
        self.cases.append((status, name))

    def problem(self, msg):
        self.problems.append(msg)

    def failed(self):
        return (sum(1 for s, _ in self.cases if s == "FAIL")
                + len(self.problems))


def directive_is_skip(directive):
    return bool(directive) and re.match(r"#\s*skip", directive, re.I)


def parse_tap(v, name, lines, rc):
    plan = None
    seen = 0
    failed = 0
    for line in lines:
        m = re.match(r"^1\.\.(\d+)", line)
        if m:
            plan = int(m.group(1))
            continue
        m = TAP_RESULT.match(line)
        if not m:
            continue
        seen += 1
        case = f"{name}: {m.group(3) or m.group(2)}"
        if m.group(1):
            failed += 1
            v.case("FAIL", case)
        elif directive_is_skip(m.group(4)):
            v.case("SKIP", case)
        else:
            v.case("PASS", case)
    if plan is None:
        v.problem(f"{name}: no TAP plan (did it run at all?)")
    elif seen != plan:
        v.problem(f"{name}: planned {plan} results, reported {seen}")
    if rc not in (0, 4) and not failed:
        v.problem(f"{name}: exited with status {rc} without a failing test")
    if rc == 0 and failed:
        v.problem(f"{name}: exited with status 0 despite failures")


def parse_ktap(v, name, lines):
    """A suite's KTAP: its own result outermost, its cases one level in
    (however KUnit indents them), parameters deeper (not counted)."""
    results = [(len(m.group(1).expandtabs()), m)
               for m in map(KTAP_RESULT.match, lines) if m]
    levels = sorted({indent for indent, _ in results})
    case_level = levels[1] if len(levels) > 1 else None
    seen = 0
    suite_failed = False
    for indent, m in results:
        if indent == case_level:
            seen += 1
            case = f"{name}: {m.group(4)}"
            if m.group(2):
                v.case("FAIL", case)
            elif directive_is_skip(m.group(5)):
                v.case("SKIP", case)
            else:
                v.case("PASS", case)
        elif indent == levels[0] and m.group(2):
            suite_failed = True
    if not seen:
        v.problem(f"{name}: no test case reported")
    if suite_failed and not any(s == "FAIL" and c.startswith(name + ":")
                                for s, c in v.cases):
        v.problem(f"{name}: suite failed")


def parse_results(v, boot, path):
    try:
        with open(path, errors="replace") as f:
            lines = [line.rstrip("\r\n") for line in f]
    except FileNotFoundError:
        v.problem(f"{boot}: no results at all")
        return
    current, body = None, []
    done = False
    for line in lines:
        m = re.match(r"^### BEGIN (\S+)", line)
        if m:
            if current:
                v.problem(f"{boot}: {current} did not finish")
            current, body = m.group(1), []
            continue
        m = re.match(r"^### END (\S+) rc=(\d+)", line)
        if m and current:
            finish_block(v, boot, current, body, int(m.group(2)))
            current = None
            continue
        if line.startswith("### DONE"):
            done = True
            continue
        if line.startswith("### FATAL"):
            v.problem(f"{boot}: {line[4:]}")
            continue
        if current:
            body.append(line)
    if current:
        v.problem(f"{boot}: {current} did not finish (crash or hang)")
    if not done:
        v.problem(f"{boot}: the guest did not run its plan to the end")


def finish_block(v, boot, name, body, rc):
    if name == "kmemleak":
        leaks = [b for b in body if b.startswith("unreferenced object")]
        if leaks:
            v.problem(f"{boot}: kmemleak reports {len(leaks)} leak(s): "
                      + leaks[0])
        return
    if name.startswith("kunit/"):
        parse_ktap(v, name, body)
        return
    parse_tap(v, name, body, rc)


def parse_console(v, boot, path):
    try:
        with open(path, errors="replace") as f:
            lines = [line.rstrip("\r\n") for line in f]
    except FileNotFoundError:
        v.problem(f"{boot}: no console log")
        return
    splats = []
    for line in lines:
        if SPLAT.match(line):
            splats.append(line.strip())
    if splats:
        v.problem(f"{boot}: {len(splats)} kernel splat line(s) in the "
                  f"console, first: {splats[0]}")


def main(dirs):
    v = Verdict()
    for d in dirs:
        boot = os.path.basename(os.path.normpath(d))
        status = ""
        try:
            with open(os.path.join(d, "status")) as f:
                status = f.read().strip()
        except FileNotFoundError:
            pass
        if status == "timeout":
            v.problem(f"{boot}: the guest timed out")
        elif status != "exited" and status != "host":
            v.problem(f"{boot}: unknown boot status '{status}'")
        parse_results(v, boot, os.path.join(d, "results.log"))
        if status != "host":
            parse_console(v, boot, os.path.join(d, "console.log"))
    for status, name in v.cases:
        print(f"{status} {name}")
    for p in v.problems:
        print(f"PROBLEM {p}")
    passed = sum(1 for s, _ in v.cases if s == "PASS")
    skipped = sum(1 for s, _ in v.cases if s == "SKIP")
    failed = v.failed()
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
