#!/usr/bin/env python3
"""Python-side benchmark: call overhead, the talk's two kernels, and process
start to first result. Every comparison is a ratio measured side by side in
this run.

usage: PYTHONPATH=build/python bench/python_bench.py [--build-dir build] [--quick]
"""
import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
import textwrap
import time
import statistics

import numpy as np

import pixie
from measure import Section, measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The sieve as a Numba user writes it: timed in-process, and imported from a
# module with cache=True for the start-up comparison.
NUMBA_SIEVE = textwrap.dedent("""
    import numpy as np, numba
    @numba.njit(cache=True)
    def primes(flags, n):
        flags[:] = 1
        flags[0] = flags[1] = 0
        i = 2
        while i * i < n:
            if flags[i]:
                flags[i * i::i] = 0
            i += 1
        return flags.sum()
""")

CALL_KERNELS = """
#include <stdint.h>
int64_t zero(void) { return 0; }
double mix3(double a, double b, double c) { return a * b + c; }
void add3(const double *a, const double *b, double *out) { out[0] = a[0] + b[0]; }
void addn(const double *a, const double *b, double *out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}
"""


def build_bench_library(tmp):
    src = os.path.join(tmp, "calls.c")
    with open(src, "w") as f:
        f.write(CALL_KERNELS)
    kernels = os.path.join(ROOT, "examples", "kernels")
    inputs = [src] + [os.path.join(kernels, k) for k in ("sieve.c", "fused.c")]
    exports = ["zero=zero:i64()", "mix3=mix3:f64(f64, f64, f64)", "add3=add3:void(const f64*, const f64*, f64*)",
               # One kernel, two signatures: extents checked from the arrays, and the old pointers.
               "addn=addn:void(const f64[n] a, const f64[n] b, f64[n] out)",
               "addn_ptr=addn:void(const f64*, const f64*, f64*, i64)",
               "primes=sieve_primes:i64(u8*, i64)", "fused=fused_expr:void(const f64*, const f64*, u8*, i64)"]
    path = os.path.join(tmp, "benchlib.pixie")
    pixie.build(path, inputs, exports, platforms="linux-64")
    return path


def extract_selected(path, tmp, build_dir):
    """The variant pixie selects here, as a plain .so, for the ctypes baseline."""
    lib = pixie.load(path)
    out = os.path.join(tmp, "selected.so")
    subprocess.run([os.path.join(build_dir, "tools", "pixie-inspect", "pixie-inspect"), path, "--extract",
                    f"linux-64/{lib.selected_isa}", "-o", out], check=True, capture_output=True)
    return out


def call_sections(lib, so, numba, quick):
    number, repeat = (20000, 5) if quick else (200000, 9)
    c = ctypes.CDLL(so)
    c.zero.restype = ctypes.c_int64
    c.mix3.restype, c.mix3.argtypes = ctypes.c_double, [ctypes.c_double] * 3
    c.add3.argtypes = [ctypes.c_void_p] * 3
    a, b, out = np.ones(1), np.ones(1), np.zeros(1)
    arrays = dict(a=a, b=b, o=out)
    cases = [("call, no arguments", "f()", c.zero, lib.zero, "def f(): return 0"),
             ("call, 3 scalar arguments", "f(1.0, 2.0, 3.0)", c.mix3, lib.mix3, "def f(a, b, c): return a * b + c"),
             ("call, 3 array arguments", "f(a, b, o)", c.add3, lib.add3,
              "def f(a, b, o): o[0] = a[0] + b[0]")]
    out_sections = []
    for title, stmt, cfn, pfn, numba_src in cases:
        s = Section(title, "ns")
        cstmt = "f(a.ctypes.data, b.ctypes.data, o.ctypes.data)" if "array" in title else stmt
        s.add("ctypes", measure(cstmt, repeat, number, f=cfn, **arrays))
        s.add("pixie typed call", measure(stmt, repeat, number, f=pfn, **arrays))
        if numba:
            scope = {}
            exec(numba_src, scope)
            nfn = numba.njit(scope["f"])
            s.add("numba dispatcher (@njit)", measure(stmt, repeat, number, f=nfn, **arrays))
            s.note = (f"pixie: {s.ratio('pixie typed call'):.2f} of ctypes' time (goal <= 0.33), "
                      f"{s.ratio('pixie typed call') / s.ratio('numba dispatcher (@njit)'):.2f} of numba's (goal <= 1)")
        out_sections.append(s)
    out_sections += array_call_sections(lib, c, numba, number, repeat)
    return out_sections


def array_call_sections(lib, c, numba, number, repeat):
    """The array signature: 3 arrays, extent n read from their shapes and
    checked, against the same kernel behind a pointer signature (n passed by
    hand, unchecked), ctypes and Numba; then an omitted output (allocated and
    returned) against a passed one."""
    c.addn.argtypes = [ctypes.c_void_p] * 3 + [ctypes.c_int64]
    a, b, out = np.ones(1), np.ones(1), np.zeros(1)
    names = dict(a=a, b=b, o=out, n=1)
    s = Section("call, 3 arrays with a checked extent (void(const f64[n] a, const f64[n] b, f64[n] out))", "ns")
    s.add("ctypes (pointers + n)", measure("f(a.ctypes.data, b.ctypes.data, o.ctypes.data, n)", repeat, number,
                                           f=c.addn, **names))
    s.add("pixie, array signature", measure("f(a, b, o)", repeat, number, f=lib.addn, **names))
    s.add("pixie, pointer signature (n by hand)", measure("f(a, b, o, n)", repeat, number, f=lib.addn_ptr, **names))
    if numba:
        @numba.njit
        def nf(a, b, o):
            for i in range(a.shape[0]):
                o[i] = a[i] + b[i]
        s.add("numba dispatcher (@njit)", measure("f(a, b, o)", repeat, number, f=nf, **names))
        s.note = (f"pixie array signature: {s.ratio('pixie, array signature') / s.ratio('numba dispatcher (@njit)'):.2f}"
                  " of numba's time (goal <= 0.5), "
                  f"{s.ratio('pixie, array signature') / s.ratio('pixie, pointer signature (n by hand)'):.2f}"
                  " of the pointer signature's")
    s2 = Section("call, an output omitted (allocated and returned) vs passed", "ns")
    s2.add("pixie, output passed: f(a, b, o)", measure("f(a, b, o)", repeat, number, f=lib.addn, **names))
    s2.add("pixie, output omitted: o = f(a, b)", measure("f(a, b)", repeat, number, f=lib.addn, **names))
    s2.add("np.zeros(1) alone", measure("z(1)", repeat, number, z=np.zeros))
    s2.add("numpy: np.add(a, b)", measure("f(a, b)", repeat, number, f=np.add, **names))
    s2.note = (f"omitting the output costs {(s2.rows[1][1][0] - s2.rows[0][1][0]) * 1e9:.0f} ns more than passing it "
               f"(x{s2.ratio('pixie, output omitted: o = f(a, b)'):.2f})")
    return [s, s2]


def kernel_sections(lib, numba, quick):
    repeat = 5 if quick else 11
    n = 100_000
    flags = np.zeros(n, np.uint8)
    s1 = Section(f"primes({n})", "us")
    s1.add("pixie", measure("f(flags, n)", repeat, 20, f=lib.primes, flags=flags, n=n))
    if numba:
        scope = {}
        exec(NUMBA_SIEVE.replace("cache=True", "cache=False"), scope)
        assert scope["primes"](flags, n) == lib.primes(flags, n)
        s1.add("numba @njit", measure("f(flags, n)", repeat, 20, f=scope["primes"], flags=flags, n=n))

    def npsieve():
        f = np.ones(n, np.uint8)
        f[:2] = 0
        for i in range(2, int(n ** 0.5) + 1):
            if f[i]:
                f[i * i::i] = 0
        return int(f.sum())

    def pysieve():
        f = [1] * n
        f[0] = f[1] = 0
        for i in range(2, int(n ** 0.5) + 1):
            if f[i]:
                f[i * i::i] = [0] * len(range(i * i, n, i))
        return sum(f)

    s1.add("numpy", measure("f()", repeat, 5, f=npsieve))
    s1.add("pure python", measure("f()", 3, 1, f=pysieve))

    m = 1_000_000
    rng = np.random.default_rng(0)
    a, b, out = rng.normal(size=m), rng.normal(size=m), np.empty(m, np.uint8)
    s2 = Section(f"a*b - 4.1*a > 2.5*b, {m} float64", "us")
    s2.add("pixie", measure("f(a, b, o, m)", repeat, 5, f=lib.fused, a=a, b=b, o=out, m=m))
    if numba:
        @numba.njit
        def nf(a, b, o, n):
            for i in range(n):
                o[i] = a[i] * b[i] - 4.1 * a[i] > 2.5 * b[i]
        s2.add("numba @njit", measure("f(a, b, o, m)", repeat, 5, f=nf, a=a, b=b, o=out, m=m))
    s2.add("numpy", measure("a * b - 4.1 * a > 2.5 * b", repeat, 5, a=a, b=b))
    return [s1, s2]


def startup_section(path, so, tmp, numba_ok, quick):
    runs = 5 if quick else 15
    d = os.path.dirname(path)
    scripts = {
        "ctypes + plain .so": f"import ctypes; c = ctypes.CDLL({so!r}); f = bytearray(100); "
                              "c.sieve_primes.restype = ctypes.c_int64; "
                              "assert c.sieve_primes((ctypes.c_char * 100).from_buffer(f), ctypes.c_int64(100)) == 25",
        "pixie import": f"import sys; sys.path.insert(0, {d!r}); import pixie, benchlib; "
                        "f = bytearray(100); assert benchlib.primes(f, 100) == 25",
        "pixie import, re-JIT cache hit": f"import os, sys; sys.path.insert(0, {d!r}); os.environ['PIXIE_JIT'] = 'always'; "
                                          f"os.environ['PIXIE_CACHE_DIR'] = {os.path.join(tmp, 'jit-cache')!r}; "
                                          "import pixie, benchlib; f = bytearray(100); assert benchlib.primes(f, 100) == 25",
        "python -c pass (the interpreter alone)": "pass",
    }
    # The cold JIT start: a fresh cache directory each run.
    cold = (f"import os, sys, tempfile; sys.path.insert(0, {d!r}); os.environ['PIXIE_JIT'] = 'always'; "
            "os.environ['PIXIE_CACHE_DIR'] = tempfile.mkdtemp(); "
            "import pixie, benchlib; f = bytearray(100); assert benchlib.primes(f, 100) == 25")
    scripts["pixie import, re-JIT cold (empty cache)"] = cold
    if numba_ok:
        with open(os.path.join(tmp, "nsieve_mod.py"), "w") as f:
            f.write(NUMBA_SIEVE)
        numba_script = (f"import sys; sys.path.insert(0, {tmp!r}); import numpy as np, nsieve_mod; "
                        "assert nsieve_mod.primes(np.zeros(100, np.uint8), 100) == 25")
        subprocess.run([sys.executable, "-c", numba_script], check=True)  # fills Numba's cache
        scripts["numba cache=True (warm)"] = numba_script
    samples = {name: [] for name in scripts}
    for _ in range(runs):  # interleaved, so drift hits every case alike
        for name, code in scripts.items():
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples[name].append(time.perf_counter() - t)
    s = Section("process start to first result", "ms")
    for name, xs in samples.items():
        s.add(name, (statistics.median(xs), min(xs), max(xs)))
    s.note = (f"pixie: {s.ratio('pixie import'):.2f}x ctypes (goal <= 1.5); re-JIT cache hit: "
              f"{s.ratio('pixie import, re-JIT cache hit') / s.ratio('pixie import'):.2f}x a prebuilt import (goal <= 2)")
    if numba_ok:
        s.note += f", numba warm cache takes {s.ratio('numba cache=True (warm)') / s.ratio('pixie import'):.0f}x pixie's time (goal >= 20)"
    return s


def sections(build_dir, quick=False):
    try:
        import numba
    except ImportError:
        numba = None
    with tempfile.TemporaryDirectory() as tmp:
        path = build_bench_library(tmp)
        so = extract_selected(path, tmp, build_dir)
        lib = pixie.load(path)
        return (call_sections(lib, so, numba, quick) + kernel_sections(lib, numba, quick) +
                [startup_section(path, so, tmp, numba is not None, quick)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    for s in sections(args.build_dir, args.quick):
        print(s.text())


if __name__ == "__main__":
    main()
