#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The benchmark's table and chart (harness/bench.sh).

report.py --command CMD --out DIR OURS.txt [PRISTINE.txt]

Reads the "bench: CONFIG WORKLOAD N" lines of each run (and its "bench:
kernel RELEASE" line), writes DIR/bench.md (a Markdown table: instructions
per operation, and above the same kernel without a sandbox; then the ratios
the targets are stated in) and DIR/bench.png (gnuplot), and prints the table.
"""

import argparse
import datetime
import os
import subprocess
import sys

# Columns: (kernel, configuration, heading).
COLUMNS = [
    ("pristine", "none", "pristine, no sandbox"),
    ("pristine", "upstream-1", "upstream, 1 layer"),
    ("pristine", "upstream-16", "upstream, 16 layers"),
    ("pristine", "upstream-port", "upstream, TCP port rule"),
    ("ours", "none", "this kernel, no rules"),
    ("ours", "type-only", "type-only program"),
    ("ours", "allowlist", "allowlist, 1 program"),
    ("ours", "16-programs", "16 programs"),
    ("ours", "cgroup", "cgroup program"),
    ("ours", "port-rule", "TCP port program"),
]
COLUMNS_BY_CONFIG = [(c[1], c[2]) for c in COLUMNS if c[1] != "none"]
# Ratios of overheads: (heading, ours, pristine).
RATIOS = [
    ("allowlist / upstream 1 layer", "allowlist", "upstream-1"),
    ("16 programs / upstream 16 layers", "16-programs", "upstream-16"),
    ("cgroup program / upstream 1 layer", "cgroup", "upstream-1"),
    ("TCP port program / upstream port rule", "port-rule", "upstream-port"),
]


def parse(path):
    kernel, results, order = "?", {}, []
    with open(path) as f:
        for line in f:
            words = line.split()
            if words[:2] == ["bench:", "kernel"] and len(words) == 3:
                kernel = words[2]
            elif len(words) == 4 and words[0] == "bench:":
                results[(words[1], words[2])] = int(words[3])
                if words[2] not in order:
                    order.append(words[2])
    return kernel, results, order


def rst(lines):
    """The Markdown of the report as reStructuredText list-tables."""
    out, rows = [], []

    def flush():
        if rows:
            out.extend([".. list-table::", "   :header-rows: 1", ""])
            for row in rows:
                for i, c in enumerate(row):
                    out.append(("   * - " if i == 0 else "     - ") +
                               (c.replace("`", "``") or ".."))
            out.append("")
            rows.clear()

    for line in lines:
        if line.startswith("|---"):
            continue
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split(" | ")])
            continue
        flush()
        out.append(line.replace("`", "``"))
    flush()
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--command", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--commit", default="?")
    ap.add_argument("--note", default="")
    ap.add_argument("runs", nargs="+")
    args = ap.parse_args()

    kernels, data, workloads = {}, {}, []
    for name, path in zip(["ours", "pristine"], args.runs):
        kernels[name], results, order = parse(path)
        for (config, workload), n in results.items():
            data[(name, config, workload)] = n
        workloads += [w for w in order if w not in workloads]
    columns = [c for c in COLUMNS
               if any((c[0], c[1], w) in data for w in workloads)]
    if not workloads or not columns:
        sys.exit("report: no results")

    def cell(kernel, config, workload):
        n = data.get((kernel, config, workload))
        if n is None:
            return "–"
        if config == "none":
            return f"{n:,}"
        base = data.get((kernel, "none", workload))
        return f"{n:,} ({n - base:+,})" if base is not None else f"{n:,}"

    def overhead(kernel, config, workload):
        n = data.get((kernel, config, workload))
        base = data.get((kernel, "none", workload))
        return None if n is None or base is None else n - base

    names = {"ours": f"this project's at {args.commit}", "pristine": "pristine base"}
    versions = ", ".join(f"{names[k]}: {v}" for k, v in kernels.items())
    lines = [
        f"Instructions per operation (guest instructions, QEMU TCG with "
        f"`-icount shift=0,sleep=off -smp 1`); in parentheses, above the same "
        f"kernel without a sandbox.  {datetime.date.today().isoformat()}, "
        f"`{args.command}`; kernels {versions}." + (f"  {args.note}" if args.note else ""),
        "",
        "| workload | " + " | ".join(c[2] for c in columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for w in workloads:
        lines.append(f"| {w} | " +
                     " | ".join(cell(c[0], c[1], w) for c in columns) + " |")
    if "pristine" in kernels:
        lines += ["", "Ratios (of the overheads above; no rules: of the totals):",
                  "",
                  "| workload | no rules / pristine | " +
                  " | ".join(r[0] for r in RATIOS) + " |",
                  "|---" * (len(RATIOS) + 2) + "|"]
        for w in workloads:
            ours, base = data.get(("ours", "none", w)), data.get(("pristine", "none", w))
            row = [f"{(ours - base) / base:+.2%}" if ours and base else "–"]
            for _, mine, theirs in RATIOS:
                a, b = overhead("ours", mine, w), overhead("pristine", theirs, w)
                row.append(f"{a / b:.2f}x" if a is not None and b else "–")
            lines.append(f"| {w} | " + " | ".join(row) + " |")
    # The shape: what a check costs at depth 1, per ancestor (from depth 1
    # to 30), per program or layer (from 1 to 16, at depth 1).
    shape = []
    for kernel, one, many, what in [("ours", "allowlist", "16-programs", "program"),
                                    ("pristine", "upstream-1", "upstream-16", "layer")]:
        d1 = overhead(kernel, one, "open-depth-1")
        d30 = overhead(kernel, one, "open-depth-30")
        m1 = overhead(kernel, many, "open-depth-1")
        if None in (d1, d30, m1):
            continue
        shape.append(f"- {dict(COLUMNS_BY_CONFIG)[one]}: {d1:,} at depth 1, "
                     f"{(d30 - d1) / 29:,.0f} per ancestor, "
                     f"{(m1 - d1) / 15:,.0f} per further {what}.")
    if shape:
        lines += ["", "Shape (open+close; overheads):", ""] + shape
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "bench.md"), "w") as f:
        f.write(table)
    print(table, end="")
    # The same tables for the documentation (reStructuredText).
    with open(os.path.join(args.out, "bench.rst"), "w") as f:
        f.write(rst(lines))

    # The chart: what each sandbox adds, per workload.
    bars = [c for c in columns if c[1] != "none"]
    dat = os.path.join(args.out, "bench.dat")
    with open(dat, "w") as f:
        f.write("workload " + " ".join(f'"{c[2]}"' for c in bars) + "\n")
        for w in workloads:
            vals = [overhead(c[0], c[1], w) for c in bars]
            f.write(w + " " + " ".join("0" if v is None else str(v)
                                       for v in vals) + "\n")
    png = os.path.join(args.out, "bench.png")
    script = f"""
set terminal pngcairo size 1200,600 noenhanced
set output '{png}'
set title 'Instructions a sandbox adds per operation ({args.command})'
set ylabel 'guest instructions above no sandbox'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set xtics rotate by -30
set xrange [-0.5:{len(workloads) - 0.5}]
set grid ytics
plot for [i=2:{len(bars) + 1}] '{dat}' using i:xtic(1) title columnheader(i)
"""
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        print(f"report: {os.path.relpath(png)}, {os.path.relpath(dat)}")
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"report: gnuplot failed: {e}")


if __name__ == "__main__":
    main()
