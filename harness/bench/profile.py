#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions per function that a configuration adds (harness/bench.sh).

profile.py SYSTEM.MAP BASE.txt RUN.txt OPS [TOP]

BASE.txt and RUN.txt are what harness/bench/tbcount.c wrote for a run
without a sandbox and a run with one, of the same workload; OPS is the
number of operations each ran.  Prints, per kernel function, the
instructions the sandbox added per operation, largest first (code outside
the kernel image, such as JIT-compiled programs, counts as "(jit)").
"""

import bisect
import collections
import sys


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    syms = []
    with open(sys.argv[1]) as f:
        for line in f:
            addr, kind, name = line.split()[:3]
            if kind in "tTwW":
                syms.append((int(addr, 16), name))
    syms.sort()
    addrs = [a for a, _ in syms]
    end = max((a for a, n in syms if n == "_etext"), default=None)

    def load(path):
        per = collections.Counter()
        with open(path) as f:
            for line in f:
                va, n, count = line.split()
                va = int(va, 16)
                i = bisect.bisect_right(addrs, va) - 1
                name = syms[i][1] if i >= 0 and (end is None or va < end) else "(jit)"
                per[name] += int(n) * int(count)
        return per

    base, run = load(sys.argv[2]), load(sys.argv[3])
    ops = float(sys.argv[4])
    top = int(sys.argv[5]) if len(sys.argv) > 5 else 30
    diff = {k: (run[k] - base[k]) / ops for k in set(base) | set(run)}
    print(f"{sum(diff.values()):8.0f} in all, per operation")
    for name, n in sorted(diff.items(), key=lambda x: -abs(x[1]))[:top]:
        if abs(n) >= 1:
            print(f"{n:8.0f} {name}")


if __name__ == "__main__":
    main()
