#!/usr/bin/env python3
"""Python-side benchmark: call overhead, kernel speed, process start to first
result. Every comparison is a ratio measured side by side in this run.

usage: PYTHONPATH=build/python bench/python_bench.py [--build-dir build] [--quick]
"""
import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import timeit

import numpy as np

import pixie

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


def measure(stmt, repeat, number, **names):
    """Per-call seconds of `stmt` (code text, compiled once by timeit, so no
    wrapper call is timed): median, min, max over `repeat` batches."""
    timer = timeit.Timer(stmt, globals=names)
    timer.timeit(1)
    samples = [t / number for t in timer.repeat(repeat, number)]
    return statistics.median(samples), min(samples), max(samples)


def fmt(stats, unit=1e9, suffix="ns"):
    med, lo, hi = stats
    return f"{med * unit:9.1f} {suffix} [{lo * unit:.1f}-{hi * unit:.1f}]"


def row(name, stats, base=None, unit=1e9, suffix="ns"):
    ratio = f"  x{stats[0] / base[0]:.2f}" if base else ""
    print(f"  {name:<34} {fmt(stats, unit, suffix)}{ratio}")


def build_bench_library(tmp):
    src = os.path.join(tmp, "bench.c")
    with open(src, "w") as f:
        f.write("#include <stdint.h>\nint64_t add_i64(int64_t a, int64_t b) { return a + b; }\n")
    kernels = os.path.join(ROOT, "examples", "kernels")
    inputs = [src] + [os.path.join(kernels, k) for k in ("sieve.c", "fused.c")]
    exports = ["add=add_i64:i64(i64, i64)", "primes=sieve_primes:i64(u8*, i64)",
               "fused=fused_expr:void(const f64*, const f64*, u8*, i64)"]
    path = os.path.join(tmp, "benchlib.pixie")
    pixie.build(path, inputs, exports, platforms="linux-64")
    return path


def extract_selected(path, tmp, build_dir):
    """The variant pixie selects here, as a plain .so, for the ctypes baseline."""
    lib = pixie.load(path)
    out = os.path.join(tmp, "selected.so")
    subprocess.run([os.path.join(build_dir, "tools", "pixie-inspect", "pixie-inspect"), path, "--extract",
                    f"linux-64/{lib.selected_isa}", "-o", out], check=True, capture_output=True)
    return out, lib.selected_isa


def call_overhead(lib, so, numba, quick):
    print("\n1. Call overhead (per call, median [min-max])")
    number, repeat = (20000, 5) if quick else (200000, 9)
    c = ctypes.CDLL(so)
    add = c.add_i64
    add.argtypes, add.restype = [ctypes.c_int64, ctypes.c_int64], ctypes.c_int64
    fused = c.fused_expr
    fused.argtypes = [ctypes.c_void_p] * 3 + [ctypes.c_int64]
    a, b, out = np.ones(3), np.ones(3), np.zeros(3, np.uint8)

    padd, pfused = lib.add, lib.fused
    print(" scalar kernel add(i64, i64):")
    base = measure("f(1, 2)", repeat, number, f=add)
    row("ctypes CFUNCTYPE", base)
    mine = measure("f(1, 2)", repeat, number, f=padd)
    row("pixie typed call", mine, base)
    if numba:
        nadd = numba.njit(lambda x, y: x + y)
        nb = measure("f(1, 2)", repeat, number, f=nadd)
        row("numba dispatcher (@njit)", nb, base)
    print(" 3-array kernel fused(a, b, out, n):")
    base3 = measure("f(a.ctypes.data, b.ctypes.data, o.ctypes.data, 3)", repeat, number, f=fused, a=a, b=b, o=out)
    row("ctypes (arr.ctypes.data)", base3)
    mine3 = measure("f(a, b, o, 3)", repeat, number, f=pfused, a=a, b=b, o=out)
    row("pixie typed call", mine3, base3)
    if numba:
        @numba.njit
        def nfused(x, y, o, n):
            for i in range(n):
                o[i] = x[i] * y[i] - 4.1 * x[i] > 2.5 * y[i]
        nb3 = measure("f(a, b, o, 3)", repeat, number, f=nfused, a=a, b=b, o=out)
        row("numba dispatcher (@njit)", nb3, base3)
    print(f"  goal: pixie <= 1/3 of ctypes: scalar {mine[0] / base[0]:.2f}, arrays {mine3[0] / base3[0]:.2f}")
    if numba:
        print(f"  goal: pixie <= numba dispatcher: scalar {mine[0] / nb[0]:.2f}, arrays {mine3[0] / nb3[0]:.2f}")


def kernels(lib, numba, quick):
    print("\n2. The talk's kernels (per call, median [min-max])")
    repeat = 5 if quick else 11
    n = 100000
    flags = np.zeros(n, np.uint8)
    print(f" primes({n}):")
    base = measure("f(flags, n)", repeat, 10, f=lib.primes, flags=flags, n=n)
    row("pixie", base, unit=1e6, suffix="us")
    if numba:
        scope = {}
        exec(NUMBA_SIEVE.replace("cache=True", "cache=False"), scope)
        nsieve = scope["primes"]
        assert nsieve(flags, n) == lib.primes(flags, n)
        row("numba @njit", measure("f(flags, n)", repeat, 10, f=nsieve, flags=flags, n=n), base, 1e6, "us")

    def npsieve():
        f = np.ones(n, np.uint8)
        f[:2] = 0
        for i in range(2, int(n ** 0.5) + 1):
            if f[i]:
                f[i * i::i] = 0
        return int(f.sum())
    row("numpy", measure("f()", repeat, 3, f=npsieve), base, 1e6, "us")

    def pysieve():
        f = [1] * n
        f[0] = f[1] = 0
        for i in range(2, int(n ** 0.5) + 1):
            if f[i]:
                f[i * i::i] = [0] * len(range(i * i, n, i))
        return sum(f)
    row("pure python", measure("f()", 3, 1, f=pysieve), base, 1e6, "us")

    m = 1000000
    rng = np.random.default_rng(0)
    a, b, out = rng.normal(size=m), rng.normal(size=m), np.empty(m, np.uint8)
    print(f" a*b - 4.1*a > 2.5*b over {m} float64:")
    base = measure("f(a, b, o, m)", repeat, 5, f=lib.fused, a=a, b=b, o=out, m=m)
    row("pixie", base, unit=1e6, suffix="us")
    if numba:
        @numba.njit
        def nf(a, b, o, n):
            for i in range(n):
                o[i] = a[i] * b[i] - 4.1 * a[i] > 2.5 * b[i]
        row("numba @njit", measure("f(a, b, o, m)", repeat, 5, f=nf, a=a, b=b, o=out, m=m), base, 1e6, "us")
    row("numpy", measure("a * b - 4.1 * a > 2.5 * b", repeat, 5, a=a, b=b), base, 1e6, "us")


def startup(path, so, tmp, numba_ok, quick):
    print("\n3. Process start to first result (median [min-max] of fresh interpreters)")
    runs = 5 if quick else 11
    d = os.path.dirname(path)
    env = dict(os.environ)
    scripts = {
        "python -c pass (interpreter alone)": "pass",
        "ctypes + plain .so": f"import ctypes; c = ctypes.CDLL({so!r}); f = bytearray(100); "
                              "c.sieve_primes.restype = ctypes.c_int64; "
                              "assert c.sieve_primes((ctypes.c_char * 100).from_buffer(f), ctypes.c_int64(100)) == 25",
        "pixie import": f"import sys; sys.path.insert(0, {d!r}); import pixie, benchlib; "
                        "f = bytearray(100); assert benchlib.primes(f, 100) == 25",
    }
    if numba_ok:
        mod = os.path.join(tmp, "nsieve_mod.py")
        with open(mod, "w") as f:
            f.write(NUMBA_SIEVE)
        numba_script = (f"import sys; sys.path.insert(0, {tmp!r}); import numpy as np, nsieve_mod; "
                        "assert nsieve_mod.primes(np.zeros(100, np.uint8), 100) == 25")
        subprocess.run([sys.executable, "-c", numba_script], check=True, env=env)  # fills the cache
        scripts["numba cache=True (warm)"] = numba_script
    results = {}
    for name, code in scripts.items():
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            samples.append(time.perf_counter() - t)
        results[name] = (statistics.median(samples), min(samples), max(samples))
    base = results["ctypes + plain .so"]
    for name, stats in results.items():
        row(name, stats, base if name != "ctypes + plain .so" else None, 1e3, "ms")
    p = results["pixie import"][0]
    print(f"  goal: pixie within 1.5x of ctypes: {p / base[0]:.2f}x", end="")
    if "numba cache=True (warm)" in results:
        print(f"; >= 20x faster than numba warm cache: {results['numba cache=True (warm)'][0] / p:.1f}x")
    else:
        print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    try:
        import numba
    except ImportError:
        numba = None
    host = pixie.host()
    print(f"machine: {host['description']} ({host['cpu']}), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = build_bench_library(tmp)
        so, isa = extract_selected(path, tmp, args.build_dir)
        print(f"selected tier: {isa}; numba {'%s' % numba.__version__ if numba else 'not installed'}")
        lib = pixie.load(path)
        call_overhead(lib, so, numba, args.quick)
        kernels(lib, numba, args.quick)
        startup(path, so, tmp, numba is not None, args.quick)


if __name__ == "__main__":
    main()
