#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make series-check: every patch of the series builds.

Lays the tree after each patch (harness/tree.py) into build/series/linux,
writing only the files that changed, and builds with W=1 in build/series/obj
(the configuration of build/obj) the directories the patch touches, and the
whole kernel at the last patch; libbpf, bpftool, the samples and the
selftests when the patch touches them.  Fails on a build error, or on a
warning in a file that the series changes.
"""

import json
import os
import re
import shutil
import subprocess

import tree
from tree import BUILD, die, log, read

# Kernel directories built for a patch that only changes headers.
HEADER_USERS = ["kernel/bpf/", "security/landlock/"]


def build_dirs(paths):
    """Kbuild directories to build for the files a patch changes."""
    dirs = set()
    for p in paths:
        top = p.split("/", 1)[0]
        if top in ("Documentation", "tools", "samples", "scripts"):
            continue
        if top in ("include", "arch") or not p.endswith((".c", "Makefile",
                                                         "Kconfig")):
            dirs.update(HEADER_USERS)
        else:
            dirs.add(os.path.dirname(p) + "/")
    return sorted(d for d in dirs if d != "/")


def tools(src, top):
    """How to build the tools the series changes, by directory."""
    hdr = os.path.join(BUILD, "obj", "usr", "include")
    return {
        "tools/lib/bpf": ["make", "-C", os.path.join(src, "tools/lib/bpf"),
                          f"OUTPUT={top}/libbpf/", "-s"],
        "tools/bpf/bpftool": [
            "make", "-C", os.path.join(src, "tools/bpf/bpftool"),
            f"OUTPUT={top}/bpftool/", "-s", "feature-clang-bpf-co-re=0",
            "feature-llvm=0", "feature-libbfd=0", "feature-libcap=0"],
        "tools/testing/selftests/landlock": [
            "make", "-C", os.path.join(src, "tools/testing/selftests/landlock"),
            f"OUTPUT={top}/selftests", "-s", f"KHDR_INCLUDES=-isystem {hdr}"],
        "samples/landlock": [
            "make", "-C", os.path.join(src, "samples/landlock"),
            f"OUTPUT={top}/samples", "-s", f"KHDR_INCLUDES=-isystem {hdr}"],
    }


def main():
    tree.ensure_base()
    top = os.path.join(BUILD, "series")
    src, obj = os.path.join(top, "linux"), os.path.join(top, "obj")
    config = os.path.join(BUILD, "obj", ".config")
    if not os.path.exists(config):
        die("no build/obj/.config: run 'make kernel' first")
    os.makedirs(obj, exist_ok=True)
    tree.copy_base(src)
    shutil.copy(config, os.path.join(obj, ".config"))
    make = ["make", "-C", src, f"O={obj}", "ARCH=x86_64", "W=1",
            f"-j{os.cpu_count() + 1}"]
    state_file = os.path.join(top, "laid.json")
    previous = json.loads(read(state_file, "r")) if os.path.exists(
        state_file) else []
    s = tree.Series()
    # FROM=N starts at patch N, the tree being laid as it was after N - 1
    # (after a failure there, say).
    start = int(os.environ.get("FROM", "1")) - 1
    # TO=N stops after patch N (the patches a change touched).
    stop = int(os.environ.get("TO", str(len(s.items))))
    for k, item, laid in s.stages():
        if k >= stop:
            log(f"stopped after patch {stop} (TO={stop})")
            return
        changed = tree.lay(laid, src, previous)
        previous = list(laid)
        with open(state_file, "w") as f:
            json.dump(previous, f)
        if k < start:
            continue
        if k == start and start:
            changed = sorted(set(changed) | {
                f for f in laid if s.owner.get(f) == k or f in item.targets})
        last = k == len(s.items) - 1
        dirs = [] if last else build_dirs(changed)
        jobs = [make + (["bzImage"] if last else dirs)] if last or dirs else []
        what = ["the whole kernel"] if last else list(dirs)
        # Tools only when this patch changes them, not when a rerun puts
        # them back to the base (upstream's selftests need more libraries).
        own = [f for f in changed if s.owner.get(f) == k or f in item.targets]
        for prefix, cmd in tools(src, top).items():
            # A patch that removes a tool (the old sample) builds nothing.
            if not os.path.exists(os.path.join(src, prefix, "Makefile")):
                continue
            if any(tree.under(f, prefix) for f in own):
                jobs.append(cmd)
                what.append(prefix + "/")
        log(f"[{k + 1}/{len(s.items)}] {item.subject}: "
            + (" ".join(what) or "nothing to build"))
        if not jobs:
            continue
        subprocess.run(make + ["-s", "olddefconfig"], check=True,
                       capture_output=True)
        for cmd in jobs:
            for arg in cmd:
                if arg.startswith("OUTPUT="):
                    os.makedirs(arg[len("OUTPUT="):], exist_ok=True)
            r = subprocess.run(cmd, capture_output=True, text=True)
            out = r.stdout + r.stderr
            where = obj if cmd[2] == src else cmd[2]
            ours = [line for line in out.splitlines()
                    if re.search(r": (warning|error):", line)
                    and os.path.relpath(os.path.join(
                        where, line.split(":", 1)[0]), src) in laid]
            for line in ours:
                print("  " + line)
            if r.returncode or ours:
                if r.returncode:
                    print("\n".join(out.splitlines()[-30:]))
                die(f"patch {k + 1} ({item.name}) does not build cleanly")
    log("every patch of the series builds, W=1 clean in its files")


if __name__ == "__main__":
    main()
