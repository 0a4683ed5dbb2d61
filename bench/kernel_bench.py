#!/usr/bin/env python3
"""Kernel speed: each example kernel as pixie ships it (the tier selected for
this CPU, and the x86-64 baseline tier) against the same C source built with
clang-19 -O3 -march=native as a plain shared library (the practical limit),
Numba @njit and NumPy. All native code is called through ctypes so the call
path is the same; sizes fit in L2 so the CPU, not memory, sets the pace.

usage: PYTHONPATH=build/python bench/kernel_bench.py [--quick]
"""
import argparse
import ctypes
import os
import subprocess
import sys
import tempfile

import numpy as np

import pixie
from measure import Section, auto_number, measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNELS = os.path.join(ROOT, "examples", "kernels")
SOURCES = ["sieve.c", "fused.c", "saxpy.c", "dot.c", "norm.c"]

NUMBA_SOURCE = '''
import numpy as np, numba, math
@numba.njit(fastmath=False)
def primes(flags, n):
    for i in range(n):
        flags[i] = 1
    flags[0] = 0
    flags[1] = 0
    i = 2
    while i * i < n:
        if flags[i]:
            for j in range(i * i, n, i):
                flags[j] = 0
        i += 1
    c = 0
    for i in range(n):
        c += flags[i]
    return c
@numba.njit
def fused(a, b, o, n):
    for i in range(n):
        o[i] = a[i] * b[i] - 4.1 * a[i] > 2.5 * b[i]
@numba.njit
def saxpy(a, x, y, n):
    for i in range(n):
        y[i] = a * x[i] + y[i]
@numba.njit
def dot(a, b, n):
    s = 0.0
    for i in range(n):
        s += a[i] * b[i]
    return s
@numba.njit
def norm(x, n):
    s = 0.0
    for i in range(n):
        s += x[i] * x[i]
    return math.sqrt(s)
'''


def cfuncs(lib):
    """ctypes functions of the five kernels in a loaded pixie library."""
    sym = lib.__PIXIE__["symbols"]
    return {"primes": sym["primes"]["i64(u8*, i64)"]["cfunc"],
            "fused": sym["fused"]["void(const f64*, const f64*, u8*, i64)"]["cfunc"],
            "saxpy": sym["saxpy"]["void(f64, const f64*, f64*, i64)"]["cfunc"],
            "dot": sym["dot"]["f64(const f64*, const f64*, i64)"]["cfunc"],
            "norm": sym["norm"]["f64(const f64*, i64)"]["cfunc"]}


def native_library(tmp, like):
    """The same sources with clang-19 -O3 -march=native, as one plain .so,
    with the ctypes prototypes of `like` (pixie's), so calls cost the same."""
    so = os.path.join(tmp, "native.so")
    # This host's CPU model reports AVX10.1/256, which clang 19 promotes to
    # /512 with a warning; the flag quiets the note, not a problem.
    subprocess.run(["clang-19", "-O3", "-march=native", "-Wno-invalid-feature-combination", "-shared", "-fPIC",
                    "-o", so] + [os.path.join(KERNELS, s) for s in SOURCES], check=True)
    c = ctypes.CDLL(so)
    symbols = {"primes": "sieve_primes", "fused": "fused_expr", "saxpy": "saxpy_f64", "dot": "dot_f64",
               "norm": "norm_f64"}
    out = {}
    for name, symbol in symbols.items():
        f = getattr(c, symbol)
        f.restype, f.argtypes = like[name].restype, like[name].argtypes
        out[name] = f
    return out


def sections(quick=False):
    try:
        import numba
    except ImportError:
        numba = None
    repeat = 5 if quick else 11
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "kernels.pixie")
        pixie.build(path, [os.path.join(KERNELS, s) for s in SOURCES],
                    ["primes=sieve_primes:i64(u8*, i64)", "fused=fused_expr:void(const f64*, const f64*, u8*, i64)",
                     "saxpy=saxpy_f64:void(f64, const f64*, f64*, i64)", "dot=dot_f64:f64(const f64*, const f64*, i64)",
                     "norm=norm_f64:f64(const f64*, i64)"], platforms="linux-64")
        selected = pixie.load(path)
        baseline = pixie.load(path, isa="x86-64")
        os.environ["PIXIE_CACHE_DIR"] = os.path.join(tmp, "cache")
        jit = pixie.load(path, jit="always")
        mine = cfuncs(selected)
        libs = [(f"pixie {selected.selected_isa} (selected)", mine),
                ("pixie x86-64 (baseline)", cfuncs(baseline)),
                (f"pixie re-JIT for this host ({jit.selected_isa})", cfuncs(jit)),
                ("clang-19 -O3 -march=native .so", native_library(tmp, mine))]
        scope = {}
        if numba:
            exec(NUMBA_SOURCE, scope)

        n = 100_000
        rng = np.random.default_rng(0)
        a, b = rng.normal(size=n), rng.normal(size=n)
        y, o, flags = np.zeros(n), np.zeros(n, np.uint8), np.zeros(n, np.uint8)
        dp, up = ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_uint8)
        pa, pb, py_ = (x.ctypes.data_as(dp) for x in (a, b, y))
        po, pf = (x.ctypes.data_as(up) for x in (o, flags))
        cases = {
            "primes": ("f(pf, n)", dict(pf=pf, n=n), "f(flags, n)", None),
            "fused": ("f(pa, pb, po, n)", dict(pa=pa, pb=pb, po=po, n=n), "f(a, b, o, n)",
                      "a * b - 4.1 * a > 2.5 * b"),
            "saxpy": ("f(2.0, pa, py, n)", dict(pa=pa, py=py_, n=n), "f(2.0, a, y, n)", "np.add(2.0 * a, y, out=y)"),
            "dot": ("f(pa, pb, n)", dict(pa=pa, pb=pb, n=n), "f(a, b, n)", "np.dot(a, b)"),
            "norm": ("f(pa, n)", dict(pa=pa, n=n), "f(a, n)", "np.linalg.norm(a)"),
        }
        out = []
        for name, (cstmt, cnames, pystmt, npstmt) in cases.items():
            s = Section(f"{name}, n = {n}", "us")
            for label, fns in libs:
                number = auto_number(cstmt, f=fns[name], **cnames)
                s.add(label, measure(cstmt, repeat, number, f=fns[name], **cnames))
            names = dict(a=a, b=b, y=y, o=o, flags=flags, n=n, np=np)
            if numba:
                fn = scope[name]
                s.add("numba @njit", measure(pystmt, repeat, auto_number(pystmt, f=fn, **names), f=fn, **names))
            if npstmt:
                s.add("numpy", measure(npstmt, repeat, auto_number(npstmt, **names), **names))
            # Speed relative to another row = its time / the selected tier's time.
            jit_speed = 1 / s.ratio(libs[2][0])
            s.note = (f"selected tier's speed: {s.ratio('clang-19 -O3 -march=native .so'):.3f}x -march=native "
                      f"(goal >= 0.97); re-JIT's speed: {jit_speed:.3f}x the selected tier's (goal >= 0.97)")
            if numba:
                s.note += f", {s.ratio('numba @njit'):.2f}x numba (goal >= 1)"
            out.append(s)
        return out, selected.selected_isa


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    secs, isa = sections(args.quick)
    print(f"selected tier: {isa}")
    for s in secs:
        print(s.text())


if __name__ == "__main__":
    sys.exit(main())
