#!/usr/bin/env python3
"""libm speed: loops of exp, log, sin, cos, pow, tanh and erf over 10^6
float64 and float32 elements, in ns per element, side by side in one run:

  * pixie at the tier it selects here, and at the x86-64 baseline tier
    (the loops of bench/libm/kernels.c; the vectoriser calls pixie's vector
    libm, compiler/libc/vmath);
  * the same C built natively: clang-19 -O3 -march=native -fno-math-errno
    -fveclib=libmvec, linked against glibc's libm and libmvec;
  * NumPy's ufuncs (np.exp(x, out=y)) and Numba @njit loops.

Native code is called through ctypes alike, one call per array. Repetitions
are interleaved (every implementation once per round, the order rotating),
and each figure is the median over the rounds.

usage: PYTHONPATH=build/python bench/libm_bench.py [--build-dir build] [--quick]
"""
import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

import pixie

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libm_common as lc  # noqa: E402

N = 1_000_000
# (function, dtype): input domains; pow takes x and y
CASES = ["exp", "log", "sin", "cos", "pow", "tanh", "erf"]
NUMPY = {"exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos, "pow": np.power, "tanh": np.tanh}
NATIVE_FLAGS = ["clang-19", "-O3", "-march=native", "-fno-math-errno", "-fveclib=libmvec",
                "-Wno-invalid-feature-combination", "-shared", "-fPIC"]

NUMBA_SOURCE = '''
import math, numba
@numba.njit
def exp(x, y):
    for i in range(x.shape[0]):
        y[i] = math.exp(x[i])
@numba.njit
def log(x, y):
    for i in range(x.shape[0]):
        y[i] = math.log(x[i])
@numba.njit
def sin(x, y):
    for i in range(x.shape[0]):
        y[i] = math.sin(x[i])
@numba.njit
def cos(x, y):
    for i in range(x.shape[0]):
        y[i] = math.cos(x[i])
@numba.njit
def tanh(x, y):
    for i in range(x.shape[0]):
        y[i] = math.tanh(x[i])
@numba.njit
def erf(x, y):
    for i in range(x.shape[0]):
        y[i] = math.erf(x[i])
@numba.njit
def pow(x, z, y):
    for i in range(x.shape[0]):
        y[i] = math.pow(x[i], z[i])
'''


def inputs(fn, dtype, n=N, seed=0):
    """Realistic domains: exp [-50, 50], log (0, 1e6], sin/cos [-100, 100],
    pow x (0, 100] y [-4, 4], tanh [-10, 10], erf [-5, 5]."""
    rng = np.random.default_rng(seed)
    t = np.float64 if dtype == "f64" else np.float32
    u = lambda a, b: rng.uniform(a, b, n).astype(t)  # noqa: E731
    if fn == "exp":
        return [u(-50, 50)]
    if fn == "log":
        return [(1e6 * (1.0 - rng.random(n))).astype(t)]
    if fn in ("sin", "cos"):
        return [u(-100, 100)]
    if fn == "pow":
        return [(100 * (1.0 - rng.random(n))).astype(t), u(-4, 4)]
    if fn == "tanh":
        return [u(-10, 10)]
    if fn == "erf":
        return [u(-5, 5)]
    raise ValueError(fn)


def vectorised_kernels(so):
    """Kernel -> the _ZGV vector functions its code calls (from the disassembly)."""
    out, fn = {}, None
    dis = subprocess.run(["llvm-objdump-19", "-d", "--no-show-raw-insn", so], capture_output=True, text=True).stdout
    for line in dis.splitlines():
        if line.endswith(">:"):
            fn = line.split("<", 1)[1][:-2]
            out.setdefault(fn, set())
        elif fn and "call" in line and "<_ZGV" in line:
            out[fn].add(line.rsplit("<", 1)[1].split("@")[0].rstrip(">"))
    return out


class LibmTable:
    """The whole libm speed comparison as one report.py section: text,
    Markdown and a chart of speed ratios."""

    def __init__(self, selected, impls, results, vector_calls, numba_note):
        self.selected, self.impls, self.results = selected, impls, results
        self.vector_calls, self.numba_note = vector_calls, numba_note
        self.rows = list(results)  # report.py sizes the figure by len(rows)
        self.title = f"libm loops, {N:,} elements: ns/element (median), and speed of pixie {selected} " \
                     "relative to each (= its time / pixie's time)"

    def ns(self, case, impl):
        return self.results[case].get(impl, (float("nan"),) * 3)[0] * 1e9 / N

    def speedup(self, case, impl):
        """pixie's speed / impl's speed = impl's time / pixie's time."""
        return self.ns(case, impl) / self.ns(case, self.impls[0])

    def goals(self):
        sel = self.impls[0]
        np_fail = [f"{f} {t}" for (f, t) in self.results if "numpy" in self.results[(f, t)] and
                   self.speedup((f, t), "numpy") < 1]
        nb_fail = [f"{f} {t}" for (f, t) in self.results if "numba @njit" in self.results[(f, t)] and
                   self.speedup((f, t), "numba @njit") < 2]
        cases = len(self.results)
        line = lambda name, fail, n: (f"* {name}: **{'met' if not fail else 'not met'}**" +  # noqa: E731
                                      (f" ({n - len(fail)} of {n}; short on {', '.join(fail)})" if fail else
                                       f" on all {n} cases"))
        n_np = sum("numpy" in r for r in self.results.values())
        return [line(f"pixie {sel.split()[1]} >= NumPy's speed", np_fail, n_np),
                line("pixie >= 2x Numba's speed", nb_fail, cases)]

    def markdown(self, link=True):
        cols = self.impls
        head = ["function", "dtype"] + [f"{c} ns/el" for c in cols] + \
            ["vs NumPy", "vs Numba", "vs clang native", "vs pixie x86-64", "libmvec vectorised?"]
        lines = [f"**{self.title}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 3)
                 + "---|"]
        for (f, t), r in self.results.items():
            cells = [f, t] + [f"{self.ns((f, t), c):.2f}" if c in r else "n/a" for c in cols]
            for other in ("numpy", "numba @njit", "clang native (libmvec)", "pixie x86-64 (baseline)"):
                cells.append(f"{self.speedup((f, t), other):.2f}x" if other in r else "n/a")
            calls = self.vector_calls.get(lc.kernel("v", f, t), set())
            cells.append(", ".join(sorted(calls)) if calls else "**no** (scalar glibc calls)")
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", "Goals:", ""] + self.goals() + ["", self.numba_note]
        if link:
            lines += ["", "The accuracy of the same functions, in ulps: [LIBM.md](LIBM.md)."]
        return "\n".join(lines)

    def text(self):
        out = [self.title, f"  {'case':<12}" + "".join(f"{c[:22]:>24}" for c in self.impls)]
        for case, r in self.results.items():
            out.append(f"  {case[0] + ' ' + case[1]:<12}" + "".join(
                f"{self.ns(case, c):>24.2f}" if c in r else f"{'n/a':>24}" for c in self.impls))
        out.append("  speed of pixie relative to: " + ", ".join(self.impls[1:]))
        for case, r in self.results.items():
            out.append(f"  {case[0] + ' ' + case[1]:<12}" + "".join(
                f"{self.speedup(case, c):>24.2f}" if c in r else f"{'n/a':>24}" for c in self.impls[1:]))
        return "\n".join(out + ["  " + g[2:].replace("**", "") for g in self.goals()])

    def plot(self, ax):
        cases = list(self.results)
        others = [c for c in self.impls[1:]]
        h = 0.8 / len(others)
        colors = ["#8c8c8c", "#dd8452", "#55a868", "#c44e52"]
        for j, other in enumerate(others):
            vals = [self.speedup(c, other) if other in self.results[c] else 0 for c in cases]
            ax.barh([i + j * h for i in range(len(cases))], vals, height=h, label=other, color=colors[j % 4])
        ax.set_yticks([i + 0.4 - h / 2 for i in range(len(cases))], [f"{f} {t}" for f, t in cases], fontsize=8)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.axvline(1, color="k", lw=0.8)
        ax.axvline(2, color="k", lw=0.5, ls="--")
        ax.set_xlabel(f"speed of pixie {self.selected} relative to (x, log scale; >1: pixie faster)")
        ax.legend(fontsize=7, loc="lower right")
        ax.set_title(self.title, fontsize=8)


def run(quick=False, build_dir=None, functions=CASES, repeat=None):
    try:
        import numba
    except ImportError:
        numba = None
    repeat = repeat or (5 if quick else 11)
    with tempfile.TemporaryDirectory() as tmp:
        path = lc.build(os.path.join(tmp, "libm.pixie"), functions, kinds="v", build_dir=build_dir)
        selected = pixie.load(path)
        baseline = pixie.load(path, isa="x86-64")
        so = os.path.join(tmp, "native.so")
        subprocess.run(NATIVE_FLAGS + ["-o", so, lc.KERNELS_C, "-lmvec", "-lm"], check=True)
        native = ctypes.CDLL(so)
        vector_calls = vectorised_kernels(so)
        sel_name = f"pixie {selected.selected_isa}"
        impls = [sel_name, "pixie x86-64 (baseline)", "clang native (libmvec)", "numpy", "numba @njit"]
        scope = {}
        if numba:
            exec(NUMBA_SOURCE, scope)
        results = {}
        for fn in functions:
            for dtype in ("f64", "f32"):
                args = inputs(fn, dtype)
                y = np.empty_like(args[0])
                ptrs = [lc.pointer(a) for a in args] + [lc.pointer(y)]
                mine = lc.pixie_cfunc(selected, "v", fn, dtype)
                calls = {
                    sel_name: (lambda f=mine: f(N, *ptrs)),
                    impls[1]: (lambda f=lc.pixie_cfunc(baseline, "v", fn, dtype): f(N, *ptrs)),
                    impls[2]: (lambda f=lc.ctypes_like(native, lc.kernel("v", fn, dtype), mine): f(N, *ptrs)),
                }
                if fn in NUMPY:
                    calls["numpy"] = (lambda f=NUMPY[fn]: f(*args, out=y))
                if numba:
                    calls["numba @njit"] = (lambda f=scope[fn]: f(*args, y))
                names = list(calls)
                for name in names:  # warm up (Numba compiles here, for this dtype)
                    calls[name]()
                samples = {name: [] for name in names}
                for r in range(repeat):
                    for name in names[r % len(names):] + names[:r % len(names)]:
                        t0 = time.perf_counter()
                        calls[name]()
                        samples[name].append(time.perf_counter() - t0)
                results[(fn, dtype)] = {name: (statistics.median(s), min(s), max(s)) for name, s in samples.items()}
        numba_note = ""
        if numba:
            numba_note = (f"Numba {numba.__version__}, SVML {'used' if numba.config.USING_SVML else 'not available'}"
                          " (its loops call the scalar libm); NumPy " + np.__version__ +
                          " (no erf ufunc). Rounds: " + str(repeat) + ", interleaved.")
        return LibmTable(selected.selected_isa, impls, results, vector_calls, numba_note)


def sections(quick=False, build_dir=None):
    return [run(quick, build_dir)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--build-dir", default=None)
    ap.add_argument("--repeat", type=int, default=None)
    ap.add_argument("--markdown", action="store_true", help="print the Markdown table too")
    ap.add_argument("functions", nargs="*", default=CASES)
    args = ap.parse_args()
    table = run(args.quick, args.build_dir, args.functions, args.repeat)
    print(table.text())
    if args.markdown:
        print(table.markdown())


if __name__ == "__main__":
    sys.exit(main())
