#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Lay this project on top of the pinned Debian kernel tree, as a series.

The files at kernel paths here (security/, include/, tools/, Documentation/)
are the final tree's new files, the one source of truth; patches/ cuts the
series from them, one file per patch, numbered densely from 0001 and named
after its subject:

  NNNN-subject.patch    a `git format-patch` edit of upstream files;
  NNNN-subject.overlay  a commit message, a '---' line, then one item per
                        line: PATH (its files; the longest match over all
                        units wins), PATH: REGEX or PATH: /FROM/,/TO/ (the
                        lines this patch adds to a file of an earlier unit),
                        -PATH (upstream files deleted), and last, optionally,
                        a diff of upstream files.  A file appears without
                        the lines later units claim: that is how setup.c,
                        the Makefiles and Kconfig grow along the series.

Every command computes one thing, the tree after each patch:
  prepare            build/linux := the tree after the last patch (writing
                     only what changed, so Kbuild rebuilds only that);
  refresh PATCH [F]  regenerate PATCH, the last patch touching its files
                     (and F), from build/linux;
  patchset           format the series into build/patchset/, check that it
                     applies to a pristine extraction, yields build/linux,
                     and that checkpatch.pl --strict has no error or warning;
  stage N DIR        write the tree after patch N into DIR, for editing.
harness/series_check.py builds the tree after each patch.
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

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="Landlock eBPF developers",
               GIT_AUTHOR_EMAIL="landlock-ebpf@lists.invalid",
               GIT_COMMITTER_NAME="Landlock eBPF developers",
               GIT_COMMITTER_EMAIL="landlock-ebpf@lists.invalid",
               GIT_AUTHOR_DATE="2026-11-28T00:00:00Z",
               GIT_COMMITTER_DATE="2026-11-28T00:00:00Z")


def die(msg):
    print("tree: error: " + msg, file=sys.stderr)
    sys.exit(1)


def log(msg):
    print("tree: " + msg, flush=True)


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def pinned_version():
    for line in read(PIN_FILE, "r").splitlines():
        if line.startswith("LINUX_SOURCE_VERSION="):
            return line.split("=", 1)[1].strip()
    die("no LINUX_SOURCE_VERSION in harness/pin")


def extract(dest):
    """Extract the pinned tarball into dest (a fresh directory)."""
    pin = pinned_version()
    have = subprocess.run(["dpkg-query", "-W", "-f=${Version}",
                           "linux-source-6.12"], capture_output=True,
                          text=True).stdout.strip()
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
    if os.path.exists(stamp) and read(stamp, "r").strip() == pinned_version():
        return
    extract(BASE)
    # A new base invalidates every tree made from the old one.
    for d in ("linux", "patchset-git", "series"):
        shutil.rmtree(os.path.join(BUILD, d), ignore_errors=True)
    if os.path.exists(MANAGED):
        os.unlink(MANAGED)


# --- The series -----------------------------------------------------------

def slug(subject):
    """The file name `git format-patch` derives from a subject."""
    return re.sub(r"[^A-Za-z0-9_.]+", "-", subject).strip("-.")


class Item:
    """One patch of the series: an upstream edit or an overlay unit."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.is_patch = path.endswith(".patch")
        text = read(path, "r")
        if self.is_patch:
            m = re.search(r"^Subject: (?:\[PATCH[^]]*\] )?(.*?)\n\n(.*?)"
                          r"^---$", text, re.M | re.S)
            if not m:
                die(f"{self.name}: no Subject or no '---' line")
            self.message = m.group(1) + "\n\n" + m.group(2).strip() + "\n"
            self.diff = text
            self.paths, self.claims, self.deletes = [], [], []
        else:
            if "\n---\n" not in text:
                die(f"{self.name}: no '---' line between message and paths")
            msg, spec = text.split("\n---\n", 1)
            spec, diff, rest = spec.partition("diff --git ")
            self.diff = diff + rest
            self.message = msg.strip() + "\n"
            self.paths, self.claims, self.deletes = [], [], []
            for line in spec.splitlines():
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("-"):
                    self.deletes.append(line[1:].rstrip("/"))
                elif ": " in line:
                    path, pattern = line.split(": ", 1)
                    self.claims.append((path, pattern))
                else:
                    self.paths.append(line.rstrip("/"))
        self.subject = self.message.split("\n", 1)[0]
        self.targets = sorted(set(re.findall(
            r"^(?:---|\+\+\+) [ab]/(\S+)", self.diff, re.M)))


def series():
    names = sorted(f for f in os.listdir(PATCHES)
                   if re.match(r"^\d{4}-.*\.(patch|overlay)$", f))
    items = [Item(os.path.join(PATCHES, f)) for f in names]
    for i, item in enumerate(items, 1):
        want = f"{i:04d}-{slug(item.subject)}"
        if os.path.splitext(item.name)[0] != want:
            die(f"{item.name}: patch {i} of the series, with the subject "
                f"'{item.subject}', must be named {want}.*")
    return items


def repo_files():
    """Overlay files tracked by git (or present, outside a checkout)."""
    out = subprocess.run(["git", "-C", ROOT, "ls-files", "--cached",
                          "--others", "--exclude-standard", "--"] +
                         OVERLAY_DIRS, capture_output=True, text=True)
    if out.returncode != 0:
        die("git ls-files failed: " + out.stderr)
    return sorted(p for p in out.stdout.splitlines()
                  if os.path.isfile(os.path.join(ROOT, p)))


def under(path, prefix):
    return path == prefix or path.startswith(prefix + "/")


def base_files(rel):
    """Every file of the base tree under rel (a file or directory)."""
    full = os.path.join(BASE, rel)
    if os.path.isfile(full):
        return [rel]
    return sorted(os.path.relpath(os.path.join(d, n), BASE)
                  for d, _, names in os.walk(full) for n in names)


def claimed_lines(lines, pattern):
    """Indexes of the lines a claim names."""
    m = re.fullmatch(r"/(.+)/,/(.+)/", pattern)
    if not m:
        return {i for i, line in enumerate(lines) if re.search(pattern, line)}
    start, end, out, inside = re.compile(m[1]), re.compile(m[2]), set(), False
    for i, line in enumerate(lines):
        if not inside and start.search(line):
            inside = True
        elif inside and end.search(line):
            out.add(i)
            inside = False
        if inside:
            out.add(i)
    return out


class Series:
    """The series and, file by file, what each of its items lays down."""

    def __init__(self):
        self.items = series()
        files = repo_files()
        self.owner = {}
        for f in files:
            best, best_len = None, -1
            for k, item in enumerate(self.items):
                for p in item.paths:
                    if under(f, p) and len(p) > best_len:
                        best, best_len = k, len(p)
            if best is None:
                die(f"{f} is in no overlay unit of patches/")
            self.owner[f] = best
        # For each file, the item that adds each of its lines.
        self.line_items = {}
        for k, item in enumerate(self.items):
            for path, pattern in item.claims:
                if self.owner.get(path, len(self.items)) >= k:
                    die(f"{item.name} claims lines of {path}, which no "
                        "earlier unit adds")
                lines = read(os.path.join(ROOT, path), "r").splitlines(True)
                hits = claimed_lines(lines, pattern)
                if not hits:
                    die(f"{item.name}: '{pattern}' matches no line of {path}")
                owners = self.line_items.setdefault(
                    path, [self.owner[path]] * len(lines))
                for i in hits:
                    owners[i] = max(owners[i], k)

    def content(self, path, k):
        """What the repository file path holds after item k, or None."""
        if self.owner[path] > k:
            return None
        data = read(os.path.join(ROOT, path))
        if path not in self.line_items:
            return data
        lines = data.decode().splitlines(keepends=True)
        return "".join(line for line, item in
                       zip(lines, self.line_items[path])
                       if item <= k).encode()

    def stages(self):
        """Yield (k, item, tree): tree maps every path the series changed up
        to item k to its content (None for a deleted file)."""
        tree = {}
        for k, item in enumerate(self.items):
            if item.diff:
                apply_patch(item, tree)
            for d in item.deletes:
                for f in base_files(d):
                    tree[f] = None
            for f in self.owner:
                if self.owner[f] <= k and (self.owner[f] == k or
                                           f in self.line_items):
                    tree[f] = self.content(f, k)
            yield k, item, tree

    def tree_after(self, n):
        tree = {}
        for k, _, tree in self.stages():
            if k + 1 == n:
                break
        return dict(tree)


def current(tree, path):
    if path in tree:
        return tree[path]
    full = os.path.join(BASE, path)
    return read(full) if os.path.exists(full) else None


def apply_patch(item, tree):
    """Apply an upstream edit to tree (in place)."""
    with tempfile.TemporaryDirectory(dir=BUILD) as stage:
        for t in item.targets:
            data = current(tree, t)
            if data is not None:
                dst = os.path.join(stage, t)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "wb") as f:
                    f.write(data)
        r = subprocess.run(["patch", "-p1", "--batch", "--silent",
                            "--no-backup-if-mismatch", "-d", stage],
                           input=item.diff, capture_output=True, text=True)
        if r.returncode != 0:
            die(f"{item.name} does not apply:\n" + r.stdout + r.stderr)
        for t in item.targets:
            full = os.path.join(stage, t)
            tree[t] = read(full) if os.path.exists(full) else None


def file_mode(path):
    for src in (os.path.join(ROOT, path), os.path.join(BASE, path)):
        if os.path.exists(src):
            return os.stat(src).st_mode
    return None


def write_if_changed(path, data, mode=None):
    """Make path hold data (None: absent); return whether it changed."""
    if data is None:
        if os.path.lexists(path):
            os.unlink(path)
            return True
        return False
    try:
        if read(path) == data:
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


def lay(tree, dest, previous=()):
    """Make dest (a copy of the base) hold tree; paths of previous that tree
    no longer names go back to their base content.  Return what changed."""
    changed = []
    for f in sorted(set(previous) | set(tree)):
        data = tree[f] if f in tree else current({}, f)
        if write_if_changed(os.path.join(dest, f), data, file_mode(f)):
            changed.append(f)
    return changed


def digest(path):
    try:
        return hashlib.sha256(read(path)).hexdigest()
    except FileNotFoundError:
        return None


def copy_base(dest):
    if not os.path.isdir(dest):
        log(f"copying the base tree to {os.path.relpath(dest, ROOT)}")
        subprocess.run(["cp", "-a", BASE, dest + ".tmp"], check=True)
        os.rename(dest + ".tmp", dest)
        return True
    return False


# --- Commands -------------------------------------------------------------

def cmd_prepare():
    ensure_base()
    if copy_base(LINUX) and os.path.exists(MANAGED):
        os.unlink(MANAGED)
    s = Series()
    tree = s.tree_after(len(s.items))
    previous = {}
    if os.path.exists(MANAGED):
        previous = json.loads(read(MANAGED, "r"))
    # Never overwrite a hand edit of build/linux: it belongs in a patch.
    edited = [f for f, d in previous.items()
              if d and digest(os.path.join(LINUX, f)) not in (d, None)
              and current(tree, f) != read(os.path.join(LINUX, f))]
    if edited:
        die("these files of build/linux were edited by hand: "
            + ", ".join(edited) + "\nsave them into their patch with 'make "
            "refresh PATCH=patches/NNNN-x.patch [FILES=...]', or delete them "
            "to discard the edit")
    changed = lay(tree, LINUX, previous)
    with open(MANAGED, "w") as f:
        json.dump({f: digest(os.path.join(LINUX, f)) for f in tree}, f,
                  indent=0, sort_keys=True)
    log(f"build/linux up to date ({len(changed)} file(s) changed)")
    for f in changed[:20]:
        print("  " + f)
    if len(changed) > 20:
        print(f"  ... and {len(changed) - 20} more")


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
    if r.returncode > 1:
        die(r.stderr)
    return head + r.stdout if r.returncode else ""


def cmd_refresh(patch, extra):
    s = Series()
    names = [i.path for i in s.items]
    patch = os.path.abspath(patch)
    if patch not in names or not patch.endswith(".patch"):
        die(f"{patch} is not a .patch of the series")
    k = names.index(patch)
    item = s.items[k]
    targets = sorted(set(item.targets) | set(extra))
    later = [i.name for i in s.items[k + 1:] if set(i.targets) & set(targets)]
    if later:
        die(f"{', '.join(later)} also change files of {item.name}: edit "
            f"with 'tree.py stage {k} DIR' and regenerate by hand")
    before = s.tree_after(k)
    text = read(patch, "r")
    header = text[:text.index("\n---\n") + 5]
    with tempfile.TemporaryDirectory(dir=BUILD) as stage:
        lay({t: current(before, t) for t in targets}, stage)
        body = "".join(unified_diff(os.path.join(stage, t),
                                    os.path.join(LINUX, t), t)
                       for t in targets)
    stat = subprocess.run(["git", "apply", "--stat"], input=body,
                          capture_output=True, text=True).stdout
    with open(patch, "w") as f:
        f.write(header + stat + "\n" + body + "-- \n2.39.5\n\n")
    log(f"refreshed {os.path.relpath(patch, ROOT)}")


def cmd_stage(n, dest):
    ensure_base()
    s = Series()
    tree = s.tree_after(int(n)) if int(n) else {}
    lay({f: d for f, d in tree.items() if d is not None}, dest)
    log(f"wrote the tree after patch {n} ({len(tree)} changed paths) "
        f"into {dest}")


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo] + list(args), check=True,
                          env=GIT_ENV, **kw)


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
    previous = {}
    for _, item, tree in Series().stages():
        changed = lay(tree, repo, previous)
        previous = dict(tree)
        if changed:
            git(repo, "add", "-A", "-f", "--", *changed)
        git(repo, "commit", "-q", "--allow-empty", "-F", "-",
            input=item.message, text=True)
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
    subject, blurb = read(os.path.join(PATCHES, "cover-letter.txt"),
                          "r").split("\n", 1)
    text = read(cover, "r").replace("*** SUBJECT HERE ***", subject.strip())
    with open(cover, "w") as f:
        f.write(text.replace("*** BLURB HERE ***", blurb.strip()))


def verify(patches):
    """Apply to a pristine extraction, compare with build/linux, checkpatch."""
    fresh = os.path.join(BUILD, "patchset-verify")
    extract(fresh)
    # Keep git from finding a repository above the fresh tree.
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=BUILD)
    for p in patches[1:]:
        r = subprocess.run(["git", "apply", "--whitespace=error-all", p],
                           cwd=fresh, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            die(f"{os.path.basename(p)} does not apply to a pristine "
                f"extraction:\n{r.stderr}")
    log(f"the series applies to a fresh extraction of {TARBALL}")
    if os.path.exists(MANAGED):
        diff = [f for f in json.loads(read(MANAGED, "r"))
                if current({}, os.path.join(fresh, f)) !=
                current({}, os.path.join(LINUX, f))]
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
    totals = [0, 0, 0]
    for m in re.finditer(r"total: (\d+) errors, (\d+) warnings, "
                         r"(?:(\d+) checks, )?", r.stdout):
        for i in range(3):
            totals[i] += int(m.group(i + 1) or 0)
    log(f"checkpatch --strict: {totals[0]} errors, {totals[1]} warnings, "
        f"{totals[2]} checks (details in {os.path.relpath(report, ROOT)})")
    shutil.rmtree(fresh, ignore_errors=True)
    if totals[0] or totals[1]:
        print(r.stdout)
        die("checkpatch reports errors or warnings")


def main():
    os.makedirs(BUILD, exist_ok=True)
    args = sys.argv[1:]
    if args == ["prepare"]:
        cmd_prepare()
    elif len(args) >= 2 and args[0] == "refresh":
        cmd_refresh(args[1], args[2:])
    elif args == ["patchset"]:
        cmd_patchset()
    elif len(args) == 3 and args[0] == "stage":
        cmd_stage(args[1], args[2])
    else:
        die("usage: tree.py prepare | refresh PATCH [FILE...] | patchset | "
            "stage N DIR")


if __name__ == "__main__":
    main()
