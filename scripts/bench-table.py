#!/usr/bin/env python3
"""Markdown tables of a `scripts/bench commands` run, from hyperfine's JSON
and GNU time's peak memory in target/bench-captures/.

    scripts/bench-table.py target/bench-captures 10M 100M 500M
"""
import json
import os
import sys

d, sizes = sys.argv[1], sys.argv[2:]
for size in sizes:
    runs = json.load(open(f"{d}/hyperfine-{size}.json"))["results"]
    mem = dict(line.rstrip("\n").split("\t") for line in open(f"{d}/memory-{size}.txt"))
    mb = os.path.getsize(f"{d}/mail-{size}.pcap") / 1e6
    ours = [r for r in runs if r["command"].startswith("postscope")]
    print(f"\n### {size} ({mb:.1f} MB, {len(runs[0]['times'])} runs each)\n")
    head = "| command | median s | min–max s | CPU s (user+sys) | MB/s | MB per CPU s | peak RSS MiB |"
    head += "".join(f" {o['command']} ÷ this |" for o in ours)
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in runs:
        kb = int(mem.get(r["command"], "0"))
        ratios = "".join(f" {o['median'] / r['median']:.2f} |" for o in ours)
        cpu = r["user"] + r["system"]
        print(
            f"| {r['command']} | {r['median']:.3f} | {r['min']:.3f}–{r['max']:.3f} | {cpu:.3f} | {mb / r['median']:.0f} | {mb / max(cpu, 1e-9):.0f} | {kb / 1024:.0f} |{ratios}"
        )
