#!/usr/bin/env python3
"""The main job, end to end: import prebuilt kernels from a fat binary, check
them against NumPy, and compare the tier selected for this CPU with the
baseline tier and with NumPy.

usage: PYTHONPATH=build/python examples/demo.py DIR_WITH_kernels.pixie
"""
import os
import sys
import timeit

import numpy as np

import pixie


def best(stmt, **names):
    timer = timeit.Timer(stmt, globals=names)
    number = max(1, int(0.05 / max(timer.timeit(1), 1e-9)))
    return min(timer.repeat(5, number)) / number


def main(directory):
    sys.path.insert(0, directory)
    import kernels  # kernels.pixie, found by pixie's import hook

    host = pixie.host()
    print(f"host: {host['platform']}, {host['description']} ({host['cpu']})")
    print(f"kernels.pixie offers {', '.join(kernels.available_isas)} here; selected: {kernels.selected_isa}")
    baseline = pixie.load(os.path.join(directory, "kernels.pixie"), isa=kernels.available_isas[0])

    n = 100_000
    flags = np.zeros(n, np.uint8)
    count = kernels.primes(flags, n)
    reference = np.ones(n, bool)
    reference[:2] = False
    for i in range(2, int(n ** 0.5) + 1):
        if reference[i]:
            reference[i * i::i] = False
    assert count == reference.sum() and (flags.astype(bool) == reference).all()
    print(f"\nprimes({n}) = {count}  (matches NumPy)")

    m = 1_000_000
    rng = np.random.default_rng(0)
    a, b, out = rng.normal(size=m), rng.normal(size=m), np.empty(m, np.uint8)
    kernels.fused(a, b, out, m)
    assert (out.astype(bool) == (a * b - 4.1 * a > 2.5 * b)).all()
    print(f"fused a*b - 4.1*a > 2.5*b over {m} float64: matches NumPy")
    assert abs(kernels.dot(a, b, m) - np.dot(a, b)) < 1e-9 * m

    # Timed on 100k elements (1.6 MB of input), where the CPU, not memory, sets the pace.
    t = 100_000
    a, b, out = a[:t].copy(), b[:t].copy(), out[:t].copy()
    print(f"\n{'kernel':<28}{kernels.selected_isa:>14}{baseline.selected_isa + ' (baseline)':>22}{'NumPy':>12}")
    rows = [
        ("primes(100000)", "k.primes(f, n)", dict(f=flags, n=n), "np_sieve(n)"),
        ("fused, 1e5 float64", "k.fused(a, b, o, m)", dict(a=a, b=b, o=out, m=t), "a * b - 4.1 * a > 2.5 * b"),
        ("dot, 1e5 float64", "k.dot(a, b, m)", dict(a=a, b=b, m=t), "np.dot(a, b)"),
    ]

    def np_sieve(n):
        f = np.ones(n, np.uint8)
        f[:2] = 0
        for i in range(2, int(n ** 0.5) + 1):
            if f[i]:
                f[i * i::i] = 0
        return f

    for name, stmt, names, numpy_stmt in rows:
        selected = best(stmt, k=kernels, **names)
        base = best(stmt, k=baseline, **names)
        ref = best(numpy_stmt, np=np, np_sieve=np_sieve, **names)
        print(f"{name:<28}{selected * 1e6:>11.1f} us{base * 1e6:>19.1f} us{ref * 1e6:>9.1f} us"
              f"   selected is {base / selected:.2f}x baseline, {ref / selected:.1f}x NumPy")
    print("\nwhy this tier:")
    print(kernels.explain())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
