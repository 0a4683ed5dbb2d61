#!/usr/bin/python3
"""Build benchmark: pixie-build on the bundled example kernels.

    bench/build_bench.py [--pixie-build PATH] [--runs N]

Times the whole 16-variant build (the pixie-build process, wall clock) at -j1
and -j2, with the driver's own phase times, and compares the .pixie size with
the raw variants it holds, read back with spec/reader.py (independent of the
C++ reader). Prints ratios against the issue's goals; it is a benchmark, not
a timed test, so it never fails on a slow machine.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "spec"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import reader  # noqa: E402  (spec/reader.py)
from measure import Section  # noqa: E402

MANIFEST = os.path.join(ROOT, "examples", "kernels", "kernels.json")


def build(tool, out, jobs):
    cmd = [tool, "-o", out, "--manifest", MANIFEST, "-j%d" % jobs, "--quiet", "--time-phases"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    phases = {m.group(1).strip(): float(m.group(2)) / 1000
              for m in re.finditer(r"^phase (.+?)\s+([0-9.]+) ms$", proc.stdout, re.M)}
    return wall, phases


def measure_builds(tool, runs):
    """(times by -j, the .pixie bytes) of `runs` builds at -j1 and -j2."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "kernels.pixie")
        build(tool, out, 2)  # warm the page cache and clang
        times = {jobs: [build(tool, out, jobs) for _ in range(runs)] for jobs in (1, 2)}
        return times, open(out, "rb").read()


def sections(tool, runs):
    """The report's two tables: build time, and size against the raw variants."""
    times, data = measure_builds(tool, runs)
    t = Section("16-variant build of examples/kernels", "s")
    for jobs in (1, 2):
        walls = [w for w, _ in times[jobs]]
        t.add(f"pixie-build -j{jobs}", (statistics.median(walls), min(walls), max(walls)))
    t.note = f"-j2 build: {t.rows[1][1][0]:.2f} s (goal < 3 s)"
    f = reader.PixieFile(data)
    variants = [f.sections[v["section"]].raw_size for v in f.metadata["variants"]]
    size = Section("size", "KiB")
    size.add(".pixie file (16 variants + bitcode + metadata)", (len(data),) * 3)
    size.add("sum of the 16 raw variants", (sum(variants),) * 3)
    size.add("largest raw variant", (max(variants),) * 3)
    size.add("smallest raw variant", (min(variants),) * 3)
    size.note = f".pixie = {len(data) / max(variants):.2f}x the largest variant (goal <= 2)"
    return [t, size]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pixie-build", default=os.path.join(ROOT, "build", "tools", "pixie-build"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    times, data = measure_builds(args.pixie_build, args.runs)
    f = reader.PixieFile(data)
    meta = f.metadata
    variants = [(v["platform"] + "/" + v["tier"], f.sections[v["section"]].raw_size)
                for v in meta["variants"]]
    bitcode_raw = sum(f.sections[b["section"]].raw_size for b in meta["bitcode"])
    raw_sum = sum(size for _, size in variants)
    largest = max(variants, key=lambda v: v[1])
    smallest = min(variants, key=lambda v: v[1])
    stored_variants = sum(s.stored_size for s in f.sections if s.kind == 3)

    inputs = len(json.load(open(MANIFEST))["inputs"])
    symbols = sum(len(e["overloads"]) for e in meta["exports"])
    print("pixie-build, examples/kernels: %d inputs, %d exports (%d symbols), %d variants, %d cores"
          % (inputs, len(meta["exports"]), symbols, len(variants), os.cpu_count()))
    print()
    print("%-6s %5s %9s %9s   %s" % ("jobs", "runs", "min s", "median s", "median phases (s)"))
    for jobs, runs in times.items():
        walls = [w for w, _ in runs]
        names = runs[0][1].keys()
        phases = ", ".join("%s %.3f" % (n, statistics.median(p[n] for _, p in runs)) for n in names)
        print("%-6s %5d %9.3f %9.3f   %s" % ("-j%d" % jobs, len(runs), min(walls),
                                             statistics.median(walls), phases))
    j1 = statistics.median(w for w, _ in times[1])
    j2 = statistics.median(w for w, _ in times[2])
    print("speed-up -j2 over -j1: %.2fx" % (j1 / j2))
    print()
    print("%-44s %9d B" % (".pixie file", len(data)))
    print("%-44s %9d B   file/sum = %.3f" % ("sum of the 16 raw variants", raw_sum, len(data) / raw_sum))
    print("%-44s %9d B   file/one = %.2f" % ("largest raw variant (%s)" % largest[0], largest[1],
                                              len(data) / largest[1]))
    print("%-44s %9d B   file/one = %.2f" % ("smallest raw variant (%s)" % smallest[0], smallest[1],
                                              len(data) / smallest[1]))
    print("%-44s %9d B" % ("variant sections as stored (zstd)", stored_variants))
    print("%-44s %9d B" % ("bitcode, 4 platforms, raw", bitcode_raw))
    print()
    print("goal: 16-variant build under 3 s at -j2: %.3f s -> %s" % (j2, "met" if j2 < 3 else "NOT met"))
    ratio = len(data) / largest[1]
    print("goal: .pixie no bigger than 2x one raw variant (largest): %.2fx -> %s"
          % (ratio, "met" if ratio <= 2 else "NOT met"))


if __name__ == "__main__":
    main()
