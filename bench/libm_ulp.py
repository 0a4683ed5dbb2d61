#!/usr/bin/env python3
"""Accuracy of pixie's libm as it is compiled into the variants: for each of
the 20 functions of the vector libm, double and float, the loop kernels of
bench/libm/kernels.c are built into a linux-64 .pixie by the real pixie-build,
loaded through pixie, and run over >= 10^6 inputs (random over the common and
extreme parts of the domain, plus special values; all pairs of them for pow
and atan2):

  * scalar: the loop with vectorisation disabled (musl's libm, compiled for the tier)
  * vector: the vectorised loop (compiler/libc/vmath) at the selected tier, at
    x86-64-v3 when the host has a higher tier, and at the x86-64 baseline
  * glibc: the host's own double/float function on the same inputs

Errors are in ulps of the result's format against glibc's long double (x87,
64-bit mantissa) function, computed together with the errors by a small C
helper (bench/libm/ref.c) built for the host with clang-19. scalar-vs-vector
is the largest distance between the two results in representable numbers.

usage: PYTHONPATH=build/python bench/libm_ulp.py [--build-dir build] [-n 1000000] [functions...]
       ... bench/libm_ulp.py --out bench/LIBM.md --with-speed     (what make bench writes)
"""
import argparse
import ctypes
import datetime
import os
import subprocess
import sys
import tempfile

import numpy as np

import pixie

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libm_common as lc  # noqa: E402

REF_C = os.path.join(lc.BENCH, "libm", "ref.c")

# Vector bounds documented in compiler/libc/vmath/README.md: 1 ulp, except
# glibc's documented 2 ulp for double tanh, sinh and cosh.
PAD = 64  # >= the widest vector loop step: 16 float lanes x interleave 4

VECTOR_BOUND = {("tanh", "f64"): 2, ("sinh", "f64"): 2, ("cosh", "f64"): 2}

# Input segments (after bench/ulp/ulp.c): (kind, a, b, weight); kind U: uniform
# on [a, b]; L: |x| log-uniform on [a, b], random sign; LP: log-uniform, positive.
U, L, LP = "U", "L", "LP"
DOMAINS = {
    # fn: (double x, double y, float x, float y)
    "exp": ([(U, -708, 708, 4), (U, -2, 2, 3), (L, 1e-20, 1, 1)], None,
            [(U, -103, 88.7, 4), (U, -2, 2, 3), (L, 1e-20, 1, 1)], None),
    "exp2": ([(U, -1020, 1020, 4), (U, -2, 2, 3), (L, 1e-20, 1, 1)], None,
             [(U, -149, 127.9, 4), (U, -2, 2, 3), (L, 1e-20, 1, 1)], None),
    "expm1": ([(U, -60, 709, 2), (U, -1, 1, 2), (L, 1e-30, 1, 1)], None,
              [(U, -20, 88, 2), (U, -1, 1, 2), (L, 1e-30, 1, 1)], None),
    "log": ([(LP, 1e-300, 1e300, 4), (U, 0.5, 2, 3), (U, 0.999999, 1.000001, 1)], None,
            [(LP, 1e-37, 1e38, 4), (U, 0.5, 2, 3), (U, 0.999, 1.001, 1)], None),
    "log1p": ([(U, -1, 1, 2), (LP, 1e-30, 1e300, 2), (L, 1e-30, 0.9, 1)], None,
              [(U, -1, 1, 2), (LP, 1e-30, 1e38, 2), (L, 1e-30, 0.9, 1)], None),
    "sin": ([(U, -10, 10, 4), (U, -1048576, 1048576, 2), (L, 1e-10, 1, 1)], None,
            [(U, -10, 10, 4), (U, -1048576, 1048576, 2), (L, 1e-10, 1, 1)], None),
    "tanh": ([(U, -20, 20, 2), (U, -2, 2, 2), (L, 1e-10, 1, 1)], None,
             [(U, -10, 10, 2), (U, -2, 2, 2), (L, 1e-10, 1, 1)], None),
    "sinh": ([(U, -709, 709, 1), (U, -5, 5, 3), (L, 1e-10, 1, 1)], None,
             [(U, -89, 89, 1), (U, -5, 5, 3), (L, 1e-10, 1, 1)], None),
    "atan": ([(L, 1e-10, 1e10, 2), (U, -3, 3, 2)], None, [(L, 1e-10, 1e10, 2), (U, -3, 3, 2)], None),
    "asin": ([(U, -1, 1, 2), (L, 1e-10, 1, 1)], None, [(U, -1, 1, 2), (L, 1e-10, 1, 1)], None),
    "erf": ([(U, -6, 6, 2), (U, -1, 1, 2), (L, 1e-10, 1, 1)], None,
            [(U, -4, 4, 2), (U, -1, 1, 2), (L, 1e-10, 1, 1)], None),
    "cbrt": ([(L, 1e-300, 1e300, 2), (U, -10, 10, 2)], None, [(L, 1e-37, 1e38, 2), (U, -10, 10, 2)], None),
    "pow": ([(LP, 1e-10, 1e10, 2), (U, 0.5, 2, 1), (LP, 1e-300, 1e300, 1)],
            [(U, -30, 30, 2), (U, -1000, 1000, 1), (L, 1e-3, 2, 1)],
            [(LP, 1e-5, 1e5, 2), (U, 0.5, 2, 1)], [(U, -8, 8, 2), (U, -100, 100, 1)]),
    "atan2": ([(L, 1e-5, 1e5, 2), (U, -1, 1, 1)], [(L, 1e-5, 1e5, 2), (U, -1, 1, 1)],
              [(L, 1e-5, 1e5, 2), (U, -1, 1, 1)], [(L, 1e-5, 1e5, 2), (U, -1, 1, 1)]),
}
for _a, _b in (("log2", "log"), ("log10", "log"), ("cos", "sin"), ("tan", "sin"), ("cosh", "sinh"),
               ("acos", "asin")):
    DOMAINS[_a] = DOMAINS[_b]

# Special values: every function gets the common ones; domain edges per function.
_D = np.finfo(np.float64)
_F = np.finfo(np.float32)
COMMON = {"f64": [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, float(_D.tiny), -float(_D.tiny),
                  float(_D.max), -float(_D.max), 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1e-300, 1e300,
                  1.0000000000000002, 0.9999999999999999, 1e-17, 100.0, -100.0],
          "f32": [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, float(_F.tiny), -float(_F.tiny),
                  float(_F.max), -float(_F.max), 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1e-38, 1e38,
                  1.0000001, 0.99999994, 1e-8, 100.0, -100.0]}
EDGES = {
    "exp": ([709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, -708.3964185322641,
             708.0, -708.0, 707.9999], [88.72283, 88.72284, -103.97207, -103.97208, -87.33654, -88.0]),
    "exp2": ([1024.0, 1023.9999999999999, -1074.0, -1075.0, -1022.0, -1022.5, 1020.0], [128.0, 127.99999, -149.0,
                                                                                        -150.0, -126.0, -126.5]),
    "expm1": ([709.782712893384, 709.79, -40.0, -60.0, 1e-300, -37.5], [88.72283, 88.73, -17.0, -20.0, 1e-38]),
    "log": ([1.0000000000000004, 0.9999999999999998, 4.9e-324, 2.2250738585072014e-308], [1.0000001, 0.9999999]),
    "log1p": ([-1.0, -0.9999999999999999, -1e-300, 1e-300, 1e308], [-1.0, -0.99999994, -1e-38, 1e38]),
    "sin": ([np.pi / 2, np.pi, 2 * np.pi, 1048575.9, 1048576.0, 1048577.0, 1e22, 7e22, 1e300],
            [np.float32(np.pi / 2), np.float32(np.pi), 1048576.0, 1048577.0, 1e20, 3e38]),
    "tanh": ([22.0, 21.9, 19.06, 1e-8, -1e-8, 0.55, 710.0], [9.01, 10.0, 22.0, 1e-4, 0.55]),
    "sinh": ([710.4758600739439, 710.475860073944, 709.0, 709.78, 256.0, 256.1, -710.4758600739439],
             [89.415985, 89.41599, 88.7, -89.415985]),
    "atan": ([2.0 ** 500, 2.0 ** 501, 0.41421356237309503, 2.414213562373095], [1e19, 0.41421357, 2.4142137]),
    "asin": ([1.0, -1.0, 0.9999999999999999, 0.5, 0.5000000000000001, 1.0000000000000002],
             [1.0, -1.0, 0.99999994, 0.5, 1.0000001]),
    "erf": ([5.92, 5.9, 6.0, 0.5, -0.5, 0.49999999999999994], [3.92, 4.0, 0.5, -0.5]),
    "cbrt": ([2.0 ** -1022, 2.0 ** 1020, 8.0, 27.0, -27.0, 2.0 ** 1021], [8.0, 27.0, -27.0, 1e-40]),
    "pow": ([1024.0, -1075.0, -1074.0, 1 / 3, 0.3333333333333333, 1e6, -1e6, 2.0 ** 900, 709.0],
            [128.0, -150.0, 1 / 3, 1e6, -1e6]),
    "atan2": ([1e-300, 2.0 ** 500, 2.0 ** -500, 2.0 ** 501, 2.0 ** -501], [1e-30, 1e30]),
}
for _a, _b in (("log2", "log"), ("log10", "log"), ("cos", "sin"), ("tan", "sin"), ("cosh", "sinh"),
               ("acos", "asin")):
    EDGES[_a] = EDGES[_b]


def _segments(rng, segs, n, t):
    w = np.array([s[3] for s in segs], float)
    which = rng.choice(len(segs), n, p=w / w.sum())
    out = np.empty(n)
    for i, (kind, a, b, _) in enumerate(segs):
        m = which == i
        k = int(m.sum())
        if kind == U:
            out[m] = rng.uniform(a, b, k)
        else:
            v = np.exp(rng.uniform(np.log(a), np.log(b), k))
            out[m] = v if kind == LP else v * rng.choice([-1.0, 1.0], k)
    return out.astype(t)


def inputs(fn, dtype, n, seed=1):
    """n random inputs over the domain and the special values (all pairs for
    two-argument functions), as arrays of the dtype (x, and z or None)."""
    rng = np.random.default_rng(seed)
    t = np.float64 if dtype == "f64" else np.float32
    dx, dz, fx, fz = DOMAINS[fn]
    sx, sz = (dx, dz) if dtype == "f64" else (fx, fz)
    specials = COMMON[dtype] + EDGES[fn][0 if dtype == "f64" else 1]
    specials = np.array(specials + [-v for v in specials], np.float64).astype(t)
    x = _segments(rng, sx, n, t)
    if lc.FUNCTIONS[fn] == 1:
        x, z = np.concatenate([x, specials]), None
    else:
        px, pz = np.meshgrid(specials, specials)
        x, z = np.concatenate([x, px.ravel()]), np.concatenate([_segments(rng, sz, n, t), pz.ravel()])
    # The vectorised loop computes the last n % (lanes x interleave) elements
    # with the scalar function: shuffle the special values into the body, and
    # pad with zeros (exact everywhere) to a multiple of 64 elements, so every
    # graded input really goes through the vector function.
    order = rng.permutation(len(x))
    pad = np.zeros(-len(x) % PAD, t)
    return np.concatenate([x[order], pad]), None if z is None else np.concatenate([z[order], pad])


class Reference:
    """bench/libm/ref.c, built for this host."""

    def __init__(self, tmp):
        so = os.path.join(tmp, "libm_ref.so")
        subprocess.run(["clang-19", "-O2", "-fno-builtin", "-shared", "-fPIC", "-o", so, REF_C, "-lm"], check=True)
        self.lib = ctypes.CDLL(so)
        vp, lg = ctypes.c_void_p, ctypes.c_long
        self.lib.lm_find.argtypes = [ctypes.c_char_p]
        for name in ("lm_ref", "lm_glibc_d", "lm_glibc_f"):
            getattr(self.lib, name).argtypes = [ctypes.c_int, lg, vp, vp, vp]
        for name in ("lm_ulp_d", "lm_ulp_f"):
            getattr(self.lib, name).argtypes = [lg, vp, vp, vp]

    def index(self, fn):
        i = self.lib.lm_find(fn.encode())
        assert i >= 0, fn
        return i

    def reference(self, fn, x, z):
        x64 = np.ascontiguousarray(x, np.float64)
        z64 = None if z is None else np.ascontiguousarray(z, np.float64)
        ref = np.empty(len(x), np.longdouble)
        self.lib.lm_ref(self.index(fn), len(x), x64.ctypes.data, None if z64 is None else z64.ctypes.data,
                        ref.ctypes.data)
        return ref

    def glibc(self, fn, x, z):
        y = np.empty_like(x)
        f = self.lib.lm_glibc_d if x.dtype == np.float64 else self.lib.lm_glibc_f
        f(self.index(fn), len(x), x.ctypes.data, None if z is None else z.ctypes.data, y.ctypes.data)
        return y

    def ulps(self, ref, got):
        err = np.empty(len(got))
        f = self.lib.lm_ulp_d if got.dtype == np.float64 else self.lib.lm_ulp_f
        f(len(got), ref.ctypes.data, got.ctypes.data, err.ctypes.data)
        return err


def distance(a, b):
    """Distance between two result arrays in representable numbers (0 for two
    NaNs or +0/-0, +Inf when only one is NaN)."""
    it = np.int64 if a.dtype == np.float64 else np.int32
    mask = np.iinfo(it).max
    ia, ib = a.view(it), b.view(it)
    ma, mb = (ia & mask).astype(np.int64), (ib & mask).astype(np.int64)
    same = (ia < 0) == (ib < 0)
    d = np.where(same, np.abs(ma - mb).astype(np.float64), ma.astype(np.float64) + mb.astype(np.float64))
    na, nb = np.isnan(a), np.isnan(b)
    d[na & nb] = 0
    d[na ^ nb] = np.inf
    return d


def call(cfunc, x, z):
    y = np.empty_like(x)
    args = [x] + ([] if z is None else [z]) + [y]
    cfunc(len(x), *[lc.pointer(a) for a in args])
    return y


class Stat:
    """Max finite error, where it happens, and how many results are non-finite mismatches."""

    def __init__(self, err, x, z):
        finite = np.isfinite(err)
        self.bad = int((~finite).sum())
        e = np.where(finite, err, -1)
        k = int(np.argmax(e))
        self.max = float(e[k]) if e[k] >= 0 else 0.0
        self.where = (x[k], None if z is None else z[k])
        self.bad_where = None
        if self.bad:
            j = int(np.flatnonzero(~finite)[0])
            self.bad_where = (x[j], None if z is None else z[j])

    def cell(self, fmt="{:.3f}"):
        return fmt.format(self.max) + (f" (+{self.bad} wrong special{'s' if self.bad > 1 else ''})" if self.bad
                                       else "")

    @staticmethod
    def arg(w):
        return f"{w[0]!r}" if w[1] is None else f"({w[0]!r}, {w[1]!r})"


def load_tiers(path):
    """selected library, and the vector tiers to grade: selected, x86-64-v3 when
    the host has a higher tier, x86-64."""
    sel = pixie.load(path)
    tiers = [sel.selected_isa]
    if sel.selected_isa not in ("x86-64", "x86-64-v2", "x86-64-v3"):
        tiers.append("x86-64-v3")
    if "x86-64" not in tiers:
        tiers.append("x86-64")
    return sel, {t: (sel if t == sel.selected_isa else pixie.load(path, isa=t)) for t in tiers}


def grade(libs, selected, ref_lib, fn, dtype, n):
    """One row: the Stat of every result and the scalar-vs-vector distances."""
    x, z = inputs(fn, dtype, n)
    ref = ref_lib.reference(fn, x, z)
    scalar = call(lc.pixie_cfunc(libs[selected], "s", fn, dtype), x, z)
    row = {"inputs": len(x), "scalar": Stat(ref_lib.ulps(ref, scalar), x, z)}
    row["glibc"] = Stat(ref_lib.ulps(ref, ref_lib.glibc(fn, x, z)), x, z)
    dmax, sdiff, vdiff, first = 0.0, 0.0, 0.0, None
    for tier, lib in libs.items():
        vec = call(lc.pixie_cfunc(lib, "v", fn, dtype), x, z)
        if first is None:
            first = vec
        else:
            vdiff = max(vdiff, float(distance(first, vec).max()))
        row[f"vector {tier}"] = Stat(ref_lib.ulps(ref, vec), x, z)
        d = distance(scalar, vec)
        if d.max() > dmax or "dist_where" not in row:
            k = int(np.argmax(d))
            row["dist_where"] = (x[k], None if z is None else z[k])
        dmax = max(dmax, float(d.max()))
        if tier != selected:  # the scalar loop at this tier: the same musl code, compiled for it
            sdiff = max(sdiff, float(distance(scalar, call(lc.pixie_cfunc(lib, "s", fn, dtype), x, z)).max()))
    row["dist"], row["scalar_tiers"], row["vector_tiers"] = dmax, sdiff, vdiff
    return row


def run(n=1_000_000, build_dir=None, functions=None, dtypes=("f64", "f32")):
    functions = functions or list(lc.FUNCTIONS)
    with tempfile.TemporaryDirectory() as tmp:
        path = lc.build(os.path.join(tmp, "ulp.pixie"), functions, build_dir=build_dir)
        ref_lib = Reference(tmp)
        sel, libs = load_tiers(path)
        rows = {}
        for dtype in dtypes:
            for fn in functions:
                rows[(fn, dtype)] = grade(libs, sel.selected_isa, ref_lib, fn, dtype, n)
        return sel.selected_isa, list(libs), rows


def markdown(selected, tiers, rows):
    vt = [f"vector {t}" for t in tiers]
    head = ["function", "dtype", "inputs", f"scalar (musl) {selected}"] + vt + \
        ["glibc", "vector bound", "max scalar-vs-vector", "scalar same at every tier", "vector same at every tier"]
    out = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for (fn, dtype), r in rows.items():
        bound = VECTOR_BOUND.get((fn, dtype), 1)
        vmax = max(r[v].max for v in vt)
        cells = [fn, dtype, f"{r['inputs']:,}", r["scalar"].cell()] + \
            [("**" + r[v].cell() + "**") if r[v].max > bound or r[v].bad else r[v].cell() for v in vt] + \
            [r["glibc"].cell(), f"{bound}" + (" ✗" if vmax > bound else ""), f"{r['dist']:.0f}" if np.isfinite(
                r['dist']) else "inf", "yes" if r["scalar_tiers"] == 0 else f"no ({r['scalar_tiers']:.0f} ulp)",
                 "yes" if r["vector_tiers"] == 0 else f"no ({r['vector_tiers']:.0f} ulp)"]
        out.append("| " + " | ".join(cells) + " |")
    worst = ["| function | dtype | scalar worst input | vector worst input | largest scalar-vs-vector at |",
             "|---|---|---|---|---|"]
    for (fn, dtype), r in rows.items():
        v = max((r[f"vector {t}"] for t in tiers), key=lambda s: s.max)
        worst.append(f"| {fn} | {dtype} | {Stat.arg(r['scalar'].where)} ({r['scalar'].max:.3f}) | "
                     f"{Stat.arg(v.where)} ({v.max:.3f}) | {Stat.arg(r['dist_where'])} ({r['dist']:.0f}) |")
    bad = [f"* {fn} {dtype} {k}: {r[k].bad} non-finite mismatches, first at {Stat.arg(r[k].bad_where)}"
           for (fn, dtype), r in rows.items() for k in ["scalar", "glibc"] + vt if r[k].bad]
    return "\n".join(out), "\n".join(worst), bad


def summary(tiers, rows):
    vt = [f"vector {t}" for t in tiers]
    over = [f"{fn} {dt} ({max(r[v].max for v in vt):.3f} > {VECTOR_BOUND.get((fn, dt), 1)})"
            for (fn, dt), r in rows.items() if max(r[v].max for v in vt) > VECTOR_BOUND.get((fn, dt), 1)
            or any(r[v].bad for v in vt)]
    listing = lambda key, cond: ", ".join(  # noqa: E731
        f"{fn} {dt} ({r[key].max:.2f})" for (fn, dt), r in rows.items() if cond(r)) or "none"
    dist = ", ".join(f"{fn} {dt} ({r['dist']:.0f})" for (fn, dt), r in rows.items() if r["dist"] > 1) or "none"
    vdiff = ", ".join(f"{fn} {dt}" for (fn, dt), r in rows.items() if r["vector_tiers"] > 0) or "none"
    sdiff = ", ".join(f"{fn} {dt}" for (fn, dt), r in rows.items() if r["scalar_tiers"] > 0) or "none"
    return [f"* vector libm within its documented bound, special values included: "
            f"{'**yes**, every function at every tier' if not over else '**no**: ' + ', '.join(over)}",
            f"* scalar libm (musl) above 1 ulp: {listing('scalar', lambda r: r['scalar'].max > 1)}",
            f"* glibc above 1 ulp on the same inputs: {listing('glibc', lambda r: r['glibc'].max > 1)}",
            f"* scalar and vector results more than 1 ulp apart: {dist}",
            f"* vector results that differ between tiers (FMA at x86-64-v3 and up, exact products without it): "
            f"{vdiff}",
            f"* scalar results that differ between tiers: {sdiff}"]


def write_libm_md(path, selected, tiers, rows, speed=None, quick=False):
    """bench/LIBM.md: the accuracy table, and the speed table when given."""
    table, worst, bad = markdown(selected, tiers, rows)
    md = ["# pixie's libm: accuracy (and speed)", "",
          f"Generated by bench/libm_ulp.py (accuracy) and bench/libm_bench.py (speed), which `make bench` runs "
          f"through bench/report.py ({'quick' if quick else 'full'} run) on {datetime.date.today().isoformat()}. "
          "Do not edit: regenerate.", "",
          "## Accuracy", "",
          "Max error in ulps of the result's format, against glibc's long double (x87, 64-bit mantissa) "
          "function, over the inputs of bench/libm_ulp.py (random over the common and extreme parts of each "
          "domain, plus special values and domain edges, all pairs of them for pow and atan2). The loops of "
          "bench/libm/kernels.c are built into a linux-64 .pixie by pixie-build and called through pixie: "
          "*scalar* is the loop with vectorisation disabled (musl's libm, compiled for the tier), *vector* the "
          "vectorised loop (compiler/libc/vmath) at each tier named. *glibc* is the host's own function on the "
          "same inputs. *max scalar-vs-vector* is the largest distance between the two results in representable "
          "numbers, over all vector tiers; the last two columns compare each tier's results with the selected "
          "tier's, bit for bit (the distance in ulp where they differ). *inputs* counts the zeros that pad each "
          "array to a multiple of 64 elements: the vectorised loop computes the last n % (lanes x interleave) "
          "elements with the scalar function, so the special values are shuffled into the arrays and the "
          "arrays padded, for every graded input to go through the vector function. *Wrong specials* are results that are NaN or infinite where the "
          "reference is not (or the reverse). The vector bound is the one compiler/libc/vmath/README.md "
          "documents (1 ulp; glibc's 2 ulp for double tanh, sinh, cosh).", "",
          table, ""]
    if bad:
        md += ["Non-finite mismatches:", ""] + bad + [""]
    md += ["In short:", ""] + summary(tiers, rows) + [""]
    md += ["Where the maxima are (input, and its error in ulp):", "", worst, ""]
    if speed is not None:
        md += ["## Speed", "", speed.markdown(link=False), ""]
    with open(path, "w") as f:
        f.write("\n".join(md))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=None)
    ap.add_argument("-n", type=int, default=1_000_000, help="random inputs per function and dtype")
    ap.add_argument("--out", help="write this Markdown file, like bench/LIBM.md")
    ap.add_argument("--with-speed", action="store_true", help="run bench/libm_bench.py too, for --out's speed part")
    ap.add_argument("--quick", action="store_true", help="with --with-speed: fewer rounds")
    ap.add_argument("--dtype", choices=["f64", "f32"], action="append")
    ap.add_argument("functions", nargs="*")
    args = ap.parse_args()
    selected, tiers, rows = run(args.n, args.build_dir, args.functions or None, args.dtype or ("f64", "f32"))
    table, worst, bad = markdown(selected, tiers, rows)
    print(table, worst, "\n".join(bad), sep="\n\n")
    if args.out:
        speed = None
        if args.with_speed:
            import libm_bench
            speed = libm_bench.run(args.quick, args.build_dir)
            print(speed.text())
        write_libm_md(args.out, selected, tiers, rows, speed, args.quick or args.n < 10 ** 6)


if __name__ == "__main__":
    sys.exit(main())
