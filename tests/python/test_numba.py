"""Exports are callable from Numba's nopython mode through __PIXIE__'s ctypes
function objects (Debian's python3-numba)."""
import numba  # python3-numba, installed by make deps: missing is a failure, not a skip
import numpy as np

import pixie


def test_njit_calls_pixie_kernels(kernels_path):
    lib = pixie.load(kernels_path)
    symbols = lib.__PIXIE__["symbols"]
    dot = symbols["dot"]["f64(const f64*, const f64*, i64)"]["cfunc"]
    primes = symbols["primes"]["i64(u8*, i64)"]["cfunc"]

    @numba.njit
    def twice_dot(a, b):
        return 2.0 * dot(a.ctypes, b.ctypes, a.size)

    @numba.njit
    def count_primes(n):
        flags = np.zeros(n, np.uint8)
        return primes(flags.ctypes, n)

    a, b = np.arange(10.0), np.ones(10)
    assert twice_dot(a, b) == 90.0
    assert count_primes(1000) == 168
    assert twice_dot.nopython_signatures  # compiled in nopython mode, not object mode
