#!/usr/bin/env python3
"""Median table from JMH text logs of the kernel benchmarks.

Usage: kernel_table.py LOG [LOG...]
Reads every "Iteration N: X ns/op" line of every fork in the logs (several runs may be
given), takes the median per (benchmark, params, impl), and prints a markdown table with
scalar, panama and the ratio scalar/panama.
"""
import re
import statistics
import sys
from collections import defaultdict

samples = defaultdict(list)
for path in sys.argv[1:]:
    bench = params = None
    for line in open(path, errors="replace"):
        m = re.match(r"# Benchmark: io\.quiver\.bench\.jmh\.(\S+)", line)
        if m:
            bench = m.group(1)
            continue
        m = re.match(r"# Parameters: \((.*)\)", line)
        if m:
            params = dict(kv.split(" = ") for kv in m.group(1).split(", "))
            continue
        m = re.match(r"Iteration\s+\d+: ([0-9.]+) ns/op", line)
        if m and bench and params is not None:
            impl = params.get("impl", "-")
            size = ",".join(f"{k}={v}" for k, v in params.items() if k != "impl")
            samples[(bench, size, impl)].append(float(m.group(1)))

rows = sorted({(b, s) for (b, s, _) in samples},
              key=lambda r: (r[0], int(re.sub(r"\D", "", r[1]) or 0)))
print("| benchmark | size | scalar ns | panama ns | scalar/panama | samples |")
print("|---|---|---:|---:|---:|---:|")
for bench, size in rows:
    sc = samples.get((bench, size, "scalar"), [])
    pa = samples.get((bench, size, "panama"), [])
    ms = statistics.median(sc) if sc else None
    mp = statistics.median(pa) if pa else None
    ratio = f"{ms / mp:.1f}x" if ms and mp else ""
    fmt = lambda v: f"{v:.2f}" if v is not None else ""
    print(f"| {bench} | {size} | {fmt(ms)} | {fmt(mp)} | {ratio} | {len(sc)}/{len(pa)} |")
