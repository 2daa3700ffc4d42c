#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the files of security/landlock/ are layered without cycles.

A module is a .c file and the header of the same name; setup.h and
common.h only declare what every layer shares (blob offsets, the module's
name) and are leaves.  A module depends on another when one of its files
includes the other's header.  Print the modules bottom-up, or the cycle.

Usage: layers.py [DIR]   (default: security/landlock of this repository)
"""

import os
import re
import sys

LEAVES = {"setup.h", "common.h"}


def node(name):
    return name if name in LEAVES else os.path.splitext(name)[0]


def graph(directory):
    deps = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".c", ".h")):
            continue
        with open(os.path.join(directory, name)) as f:
            included = re.findall(r'^#include "([^"/]+\.h)"', f.read(), re.M)
        mine = deps.setdefault(node(name), set())
        mine.update(node(h) for h in included if node(h) != node(name))
    return deps


def order(deps):
    """Modules bottom-up, or raise ValueError with a cycle."""
    done, out = set(), []

    def visit(n, path):
        if n in done:
            return
        if n in path:
            cycle = path[path.index(n):] + [n]
            raise ValueError(" -> ".join(cycle))
        for d in sorted(deps.get(n, ())):
            visit(d, path + [n])
        done.add(n)
        out.append(n)

    for n in sorted(deps):
        visit(n, [])
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "security", "landlock")
    try:
        layers = order(graph(directory))
    except ValueError as e:
        print(f"layers: dependency cycle: {e}")
        return 1
    print("layers: no cycle; bottom-up: " + " ".join(layers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
