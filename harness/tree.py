#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Lay this project on top of the pinned Debian kernel tree.

The repository holds two kinds of kernel changes, listed in patches/ in the
order of the patch series:

  NNNN-name.overlay  new files of this project, kept at their kernel paths in
                     the repository (security/landlock/, include/, ...); the
                     unit names them (paths or directories; the longest match
                     wins) and carries the commit message.  A unit that names
                     a directory the project replaces (REPLACED below) also
                     owns the deletion of the upstream files there.
  NNNN-name.patch    a `git format-patch` edit of upstream files.

Commands:
  prepare            build/linux := base tree + series, writing only files
                     whose content changed (so Kbuild rebuilds only those).
  refresh PATCH [F]  regenerate PATCH's diff from what build/linux now holds
                     for the files it touches (plus the extra files F).
  patchset           git format-patch the series (with a cover letter) into
                     build/patchset/, check that it applies to a pristine
                     extraction, yields exactly build/linux, and that
                     checkpatch.pl --strict finds no error.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
PIN_FILE = os.path.join(ROOT, "harness", "pin")
TARBALL = "/usr/src/linux-source-6.12.tar.xz"
TOPDIR = "linux-source-6.12"
# BASE_DIR lets a second build (harness/coverage.sh) share the extracted base.
BASE = os.path.realpath(os.environ.get("BASE_DIR", os.path.join(BUILD, "base")))
LINUX = os.path.join(BUILD, "linux")
MANAGED = os.path.join(BUILD, "linux.managed.json")
PATCHES = os.path.join(ROOT, "patches")

# Directories of the repository that are laid over the kernel tree.
OVERLAY_DIRS = ["Documentation", "include", "samples", "security", "tools"]

# Upstream files and directories that this project replaces as a whole.
REPLACED = [
    "Documentation/security/landlock.rst",
    "Documentation/userspace-api/landlock.rst",
    "security/landlock",
    "tools/testing/selftests/landlock",
]

AUTHOR = "Landlock eBPF developers <landlock-ebpf@lists.invalid>"


def die(msg):
    print("tree: error: " + msg, file=sys.stderr)
    sys.exit(1)


def log(msg):
    print("tree: " + msg, flush=True)


def pinned_version():
    with open(PIN_FILE) as f:
        for line in f:
            if line.startswith("LINUX_SOURCE_VERSION="):
                return line.split("=", 1)[1].strip()
    die("no LINUX_SOURCE_VERSION in harness/pin")


def installed_version():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}",
                          "linux-source-6.12"], capture_output=True, text=True)
    return out.stdout.strip()


def extract(dest):
    """Extract the pinned tarball into dest (a fresh directory)."""
    pin = pinned_version()
    have = installed_version()
    if have != pin:
        die(f"linux-source-6.12 {have or 'not installed'} is installed, the "
            f"harness pins {pin}: run harness/deps.sh")
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    log(f"extracting {TARBALL} ({pin}) into {os.path.relpath(dest, ROOT)}")
    subprocess.run(["tar", "-C", tmp, "-xf", TARBALL], check=True)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(os.path.join(tmp, TOPDIR), dest)
    os.rmdir(tmp)
    with open(os.path.join(dest, ".debian-version"), "w") as f:
        f.write(pin + "\n")


def ensure_base():
    stamp = os.path.join(BASE, ".debian-version")
    pin = pinned_version()
    if os.path.exists(stamp) and open(stamp).read().strip() == pin:
        return
    extract(BASE)
    # A new base invalidates the working tree and the patchset repository.
    shutil.rmtree(LINUX, ignore_errors=True)
    shutil.rmtree(os.path.join(BUILD, "patchset-git"), ignore_errors=True)
    if os.path.exists(MANAGED):
        os.unlink(MANAGED)


def repo_files():
    """Overlay files tracked by git (or present, outside a checkout)."""
    out = subprocess.run(["git", "-C", ROOT, "ls-files", "--cached",
                          "--others", "--exclude-standard", "--"] +
                         OVERLAY_DIRS, capture_output=True, text=True)
    if out.returncode != 0:
        die("git ls-files failed: " + out.stderr)
    return sorted(p for p in out.stdout.splitlines()
                  if os.path.isfile(os.path.join(ROOT, p)))


def series():
    items = sorted(f for f in os.listdir(PATCHES)
                   if re.match(r"^\d{4}-.*\.(patch|overlay)$", f))
    return [os.path.join(PATCHES, f) for f in items]


def parse_unit(path):
    """An overlay unit: commit message, then a '---' line, then paths."""
    with open(path) as f:
        text = f.read()
    if "\n---\n" not in text:
        die(f"{path}: no '---' line between message and paths")
    msg, paths = text.split("\n---\n", 1)
    paths = [p.strip() for p in paths.splitlines()
             if p.strip() and not p.startswith("#")]
    return msg.strip() + "\n", [p.rstrip("/") for p in paths]


def under(path, prefix):
    return path == prefix or path.startswith(prefix + "/")


def owner_map(units, files):
    """Map each file to the unit whose listed path matches it best."""
    owners = {}
    for f in files:
        best, best_len = None, -1
        for unit, (_, paths) in units.items():
            for p in paths:
                if under(f, p) and len(p) > best_len:
                    best, best_len = unit, len(p)
        if best is None:
            die(f"{f} is in no overlay unit of patches/")
        owners[f] = best
    return owners


def patch_targets(path):
    """Files a unified diff touches (old name, new name)."""
    files = set()
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"^(---|\+\+\+) (?:a|b)/(\S+)", line)
            if m:
                files.add(m.group(2))
    return sorted(files)


def base_files(rel):
    """Every file of the base tree under rel (a file or directory)."""
    full = os.path.join(BASE, rel)
    if os.path.isfile(full):
        return [rel]
    out = []
    for d, _, names in os.walk(full):
        for n in names:
            out.append(os.path.relpath(os.path.join(d, n), BASE))
    return sorted(out)


def apply_patches(patches, stage):
    """Apply patches in order on copies of their targets under stage.

    Return the set of base files the patches delete.
    """
    deleted = set()
    for p in patches:
        for t in patch_targets(p):
            dst = os.path.join(stage, t)
            src = os.path.join(BASE, t)
            if not os.path.exists(dst) and os.path.exists(src):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy2(src, dst)
        present = [t for t in patch_targets(p)
                   if os.path.exists(os.path.join(stage, t))]
        with open(p) as f:
            r = subprocess.run(["patch", "-p1", "--batch", "--silent",
                                "--no-backup-if-mismatch", "-d", stage],
                               stdin=f, capture_output=True, text=True)
        if r.returncode != 0:
            die(f"{os.path.relpath(p, ROOT)} does not apply:\n"
                + r.stdout + r.stderr)
        for t in present:
            if not os.path.exists(os.path.join(stage, t)):
                deleted.add(t)
    return deleted


def desired_tree(stage):
    """What build/linux must differ from base by: {path: bytes or None}."""
    want = {}
    units = [p for p in series() if p.endswith(".overlay")]
    files = repo_files()
    owner_map({u: parse_unit(u) for u in units}, files)
    for rel in REPLACED:
        for f in base_files(rel):
            want[f] = None
    for f in files:
        with open(os.path.join(ROOT, f), "rb") as fh:
            want[f] = fh.read()
    for f in apply_patches([p for p in series() if p.endswith(".patch")],
                           stage):
        want[f] = None
    for d, _, names in os.walk(stage):
        for n in names:
            full = os.path.join(d, n)
            with open(full, "rb") as fh:
                want[os.path.relpath(full, stage)] = fh.read()
    return want


def same_content(path, data):
    if data is None:
        return False
    with open(path, "rb") as f:
        return f.read() == data


def file_digest(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None


def write_if_changed(path, data, mode=None):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                if mode is not None and os.stat(path).st_mode != mode:
                    os.chmod(path, mode)
                return False
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tree-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, path)
    return True


def cmd_prepare():
    ensure_base()
    if not os.path.isdir(LINUX):
        log("copying the base tree to build/linux")
        subprocess.run(["cp", "-a", BASE, LINUX + ".tmp"], check=True)
        os.rename(LINUX + ".tmp", LINUX)
        if os.path.exists(MANAGED):
            os.unlink(MANAGED)
    with tempfile.TemporaryDirectory(dir=BUILD) as stage:
        want = desired_tree(stage)
    previous = {}
    if os.path.exists(MANAGED):
        with open(MANAGED) as f:
            previous = json.load(f)
        if isinstance(previous, list):
            previous = dict.fromkeys(previous)
    # Never overwrite a hand edit of build/linux: it belongs in a patch.
    edited = [f for f, digest in previous.items()
              if digest and os.path.exists(os.path.join(LINUX, f))
              and file_digest(os.path.join(LINUX, f)) != digest
              and not same_content(os.path.join(LINUX, f), want.get(f))]
    if edited:
        die("these files of build/linux were edited by hand: "
            + ", ".join(edited) + "\nsave them into their patch with 'make "
            "refresh PATCH=patches/NNNN-x.patch [FILES=...]', or delete them "
            "to discard the edit")
    changed = []
    # Files we managed before and no longer do go back to their base state.
    for f in previous:
        if f in want:
            continue
        src = os.path.join(BASE, f)
        dst = os.path.join(LINUX, f)
        if os.path.exists(src):
            with open(src, "rb") as fh:
                if write_if_changed(dst, fh.read(), os.stat(src).st_mode):
                    changed.append(f)
        elif os.path.exists(dst):
            os.unlink(dst)
            changed.append(f)
    for f, data in sorted(want.items()):
        dst = os.path.join(LINUX, f)
        if data is None:
            if os.path.exists(dst):
                os.unlink(dst)
                changed.append(f)
            continue
        # Keep the mode of the overlay file, or of the upstream file a
        # patch changed (scripts must stay executable).
        mode = None
        for src in (os.path.join(ROOT, f), os.path.join(BASE, f)):
            if os.path.exists(src):
                mode = os.stat(src).st_mode
                break
        if write_if_changed(dst, data, mode):
            changed.append(f)
    with open(MANAGED, "w") as f:
        json.dump({f: file_digest(os.path.join(LINUX, f)) for f in want},
                  f, indent=0, sort_keys=True)
    log(f"build/linux up to date ({len(changed)} file(s) changed)")
    for f in changed[:20]:
        print("  " + f)
    if len(changed) > 20:
        print(f"  ... and {len(changed) - 20} more")


def cmd_refresh(patch, extra):
    patch = os.path.abspath(patch)
    items = [p for p in series() if p.endswith(".patch")]
    if patch not in items:
        die(f"{patch} is not a patch of the series")
    earlier = items[:items.index(patch)]
    with open(patch) as f:
        text = f.read()
    m = re.search(r"^diff --git ", text, re.M)
    header = text[:m.start()] if m else text
    # Drop the old diffstat: everything after the '---' separator line.
    if "\n---\n" in header:
        header = header.split("\n---\n", 1)[0] + "\n---\n"
    targets = sorted(set(patch_targets(patch)) | set(extra))
    with tempfile.TemporaryDirectory(dir=BUILD) as stage:
        apply_patches(earlier, stage)
        body = ""
        for t in targets:
            old = os.path.join(stage, t)
            if not os.path.exists(old):
                old = os.path.join(BASE, t)
            body += unified_diff(old, os.path.join(LINUX, t), t)
    stat = subprocess.run(["git", "apply", "--stat"], input=body,
                          capture_output=True, text=True).stdout
    with open(patch, "w") as f:
        f.write(header + stat + "\n" + body + "-- \n2.39.5\n\n")
    log(f"refreshed {os.path.relpath(patch, ROOT)}")


def unified_diff(old, new, rel):
    """A git-style diff of one file (old or new may not exist)."""
    head = f"diff --git a/{rel} b/{rel}\n"
    args = ["diff", "-u", "-p", "--label", f"a/{rel}", "--label", f"b/{rel}"]
    if not os.path.exists(old):
        head += "new file mode 100644\n"
        args[4], old = "/dev/null", "/dev/null"
    elif not os.path.exists(new):
        head += "deleted file mode 100644\n"
        args[6], new = "/dev/null", "/dev/null"
    r = subprocess.run(args + [old, new], capture_output=True, text=True)
    if r.returncode == 0:
        return ""
    if r.returncode != 1:
        die(r.stderr)
    return head + r.stdout


def git(repo, *args, **kw):
    env = dict(os.environ, GIT_AUTHOR_NAME="Landlock eBPF developers",
               GIT_AUTHOR_EMAIL="landlock-ebpf@lists.invalid",
               GIT_COMMITTER_NAME="Landlock eBPF developers",
               GIT_COMMITTER_EMAIL="landlock-ebpf@lists.invalid",
               GIT_AUTHOR_DATE="2026-11-28T00:00:00Z",
               GIT_COMMITTER_DATE="2026-11-28T00:00:00Z")
    return subprocess.run(["git", "-C", repo] + list(args), check=True,
                          env=env, **kw)


def cmd_patchset():
    ensure_base()
    repo = os.path.join(BUILD, "patchset-git")
    out_dir = os.path.join(BUILD, "patchset")
    if not os.path.isdir(os.path.join(repo, ".git")):
        log("making a git repository of the base tree (once)")
        shutil.rmtree(repo, ignore_errors=True)
        subprocess.run(["cp", "-a", BASE, repo], check=True)
        git(repo, "init", "-q", "-b", "pristine")
        git(repo, "add", "-A", "-f", ".")
        git(repo, "commit", "-q", "-m", "Debian linux-source " +
            pinned_version())
        git(repo, "tag", "base")
    git(repo, "checkout", "-q", "-f", "-B", "series", "base")
    git(repo, "clean", "-q", "-fdx")
    units = {u: parse_unit(u) for u in series() if u.endswith(".overlay")}
    files = repo_files()
    owners = owner_map(units, files)
    deletions = {}
    for rel in REPLACED:
        for f in base_files(rel):
            if f not in owners:
                deletions[f] = owner_map(units, [f])[f]
    for item in series():
        name = os.path.relpath(item, ROOT)
        if item.endswith(".patch"):
            r = subprocess.run(["git", "-C", repo, "am", "-q", "--keep-cr",
                                item], capture_output=True, text=True)
            if r.returncode != 0:
                subprocess.run(["git", "-C", repo, "am", "--abort"])
                die(f"{name} does not apply with git am:\n{r.stderr}")
            continue
        msg, _ = units[item]
        for f, u in deletions.items():
            if u == item and os.path.exists(os.path.join(repo, f)):
                git(repo, "rm", "-q", "--", f)
        for f, u in owners.items():
            if u != item:
                continue
            dst = os.path.join(repo, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, f), dst)
            git(repo, "add", "-f", "--", f)
        git(repo, "commit", "-q", "--allow-empty", "-F", "-",
            input=msg, text=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    git(repo, "format-patch", "-q", "--cover-letter", "-o", out_dir,
        "base..series")
    fill_cover_letter(out_dir)
    patches = sorted(os.path.join(out_dir, f) for f in os.listdir(out_dir)
                     if f.endswith(".patch"))
    log(f"wrote {len(patches)} files to {os.path.relpath(out_dir, ROOT)}/")
    verify(patches)


def fill_cover_letter(out_dir):
    cover = os.path.join(out_dir, "0000-cover-letter.patch")
    with open(os.path.join(PATCHES, "cover-letter.txt")) as f:
        subject, blurb = f.read().split("\n", 1)
    with open(cover) as f:
        text = f.read()
    text = text.replace("*** SUBJECT HERE ***", subject.strip())
    text = text.replace("*** BLURB HERE ***", blurb.strip())
    with open(cover, "w") as f:
        f.write(text)


def verify(patches):
    """Apply to a pristine extraction, compare with build/linux, checkpatch."""
    fresh = os.path.join(BUILD, "patchset-verify")
    extract(fresh)
    for p in patches[1:]:
        # Keep git from finding this repository above the fresh tree.
        env = dict(os.environ, GIT_CEILING_DIRECTORIES=BUILD)
        r = subprocess.run(["git", "apply", "--whitespace=error-all", p],
                           cwd=fresh, capture_output=True, text=True,
                           env=env)
        if r.returncode != 0:
            die(f"{os.path.basename(p)} does not apply to a pristine "
                f"extraction:\n{r.stderr}")
    log(f"the series applies to a fresh extraction of {TARBALL}")
    if os.path.exists(MANAGED):
        with open(MANAGED) as f:
            managed = json.load(f)
        diff = [f for f in managed if differs(os.path.join(fresh, f),
                                               os.path.join(LINUX, f))]
        if diff:
            die("the series and build/linux disagree on: " + ", ".join(diff)
                + " (run 'make prepare' or 'tree.py refresh')")
        log("the patched tree is identical to build/linux")
    r = subprocess.run(["perl", "scripts/checkpatch.pl", "--strict",
                        "--summary-file", "--show-types"] + patches[1:],
                       cwd=fresh, capture_output=True, text=True)
    report = os.path.join(os.path.dirname(patches[0]), "checkpatch.txt")
    with open(report, "w") as f:
        f.write(r.stdout + r.stderr)
    errors = warnings = checks = 0
    for m in re.finditer(r"total: (\d+) errors, (\d+) warnings, "
                         r"(?:(\d+) checks, )?", r.stdout):
        errors += int(m.group(1))
        warnings += int(m.group(2))
        checks += int(m.group(3) or 0)
    log(f"checkpatch --strict: {errors} errors, {warnings} warnings, "
        f"{checks} checks (details in {os.path.relpath(report, ROOT)})")
    shutil.rmtree(fresh, ignore_errors=True)
    if errors:
        print(r.stdout)
        die("checkpatch reports errors")


def differs(a, b):
    ea, eb = os.path.exists(a), os.path.exists(b)
    if ea != eb:
        return True
    if not ea:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() != fb.read()


def main():
    if len(sys.argv) < 2:
        die("usage: tree.py prepare | refresh PATCH [FILE...] | patchset")
    cmd = sys.argv[1]
    os.makedirs(BUILD, exist_ok=True)
    if cmd == "prepare":
        cmd_prepare()
    elif cmd == "refresh" and len(sys.argv) >= 3:
        cmd_refresh(sys.argv[2], sys.argv[3:])
    elif cmd == "patchset":
        cmd_patchset()
    else:
        die("usage: tree.py prepare | refresh PATCH [FILE...] | patchset")


if __name__ == "__main__":
    main()
