"""Kernels that use the C library (compiler/libc/README.md), built for the
host's platform and called through pixie, checked against NumPy/Python."""
import math
import os
import subprocess

import numpy as np
import pytest

from conftest import BUILD_DIR, ROOT, pixie_build
import pixie

HOSTED = os.path.join(ROOT, "tests", "libc", "hosted.c")
HOSTED_EXPORTS = [
    "--export", "logsumexp=kernel_logsumexp:void(i64, f64*, f64*)",
    "--export", "waves=kernel_waves:void(i64, f64*, f64*)",
    "--export", "activations=kernel_activations:void(i64, f32*, f32*)",
    "--export", "median=kernel_median:f64(i64, f64*)",
    "--export", "digits=kernel_digits:i64(u8*)",
]


def hosted_file(directory, platform):
    out = directory / f"hosted-{platform}.pixie"
    pixie_build(f"--platform={platform}", "-o", str(out), HOSTED, *HOSTED_EXPORTS)
    return str(out)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    return hosted_file(tmp_path_factory.mktemp("hosted"), "linux-64")


def check_hosted(lib):
    rng = np.random.default_rng(7)
    x = rng.uniform(-20, 20, 1003)
    out = np.zeros(1)
    lib.logsumexp(len(x), x, out)
    assert out[0] == pytest.approx(np.log(np.sum(np.exp(x))), rel=1e-14)
    y = np.empty_like(x)
    lib.waves(len(x), x, y)
    want = np.sin(x) * np.cos(0.5 * x) + (np.abs(x) + 1.0) ** 0.25 + np.hypot(x, 3.0)
    np.testing.assert_allclose(y, want, rtol=1e-14)
    xf = rng.uniform(-4, 4, 1001).astype(np.float32)
    yf = np.empty_like(xf)
    lib.activations(len(xf), xf, yf)
    xd = xf.astype(np.float64)
    wantf = np.tanh(xd) + 0.5 * np.array([math.erf(v) for v in xd]) + np.sqrt(np.abs(xd))
    np.testing.assert_allclose(yf, wantf, rtol=2e-6, atol=1e-6)  # each float term rounds alone
    assert lib.median(len(x), x) == np.median(x)
    s = np.frombuffer(b"12345\0", np.uint8).copy()
    assert lib.digits(s) == 12345 + 5
    s = np.frombuffer(b"-77\0", np.uint8).copy()
    assert lib.digits(s) == -77 + 3 + 1000


@pytest.mark.parametrize("isa", ["x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"])
def test_hosted_file_builds_unmodified_and_computes(hosted, isa, monkeypatch):
    monkeypatch.setenv("PIXIE_USE_ISA", isa)
    try:
        lib = pixie.load(hosted)
    except pixie.PixieError as e:  # a tier this CPU cannot run
        pytest.skip(str(e))
    check_hosted(lib)


def test_the_jit_links_the_c_library_too(tmp_path, monkeypatch):
    """Host-tuned code, and aarch64 bitcode retargeted to this host."""
    monkeypatch.setenv("PIXIE_CACHE_DIR", str(tmp_path / "cache"))
    check_hosted(pixie.load(hosted_file(tmp_path, "linux-64"), jit="always"))
    lib = pixie.load(hosted_file(tmp_path, "linux-aarch64"))
    assert "retargeted" in lib.explain()
    check_hosted(lib)


def test_user_definition_of_a_libm_function_wins(tmp_path):
    src = tmp_path / "own.c"
    src.write_text("#include <math.h>\n"
                   "double exp(double x) { return x + 1000.0; }\n"
                   "float expf(float x) { return x + 2000.0f; }\n"
                   "double f(double x) { return exp(x); }\n"
                   "float g(float x) { return expf(x); }\n")
    out = tmp_path / "own.pixie"
    pixie_build("--platform=linux-64", "-o", str(out), str(src),
                "--export", "f=f:f64(f64)", "--export", "g=g:f32(f32)")
    lib = pixie.load(str(out))
    assert lib.f(1.0) == 1001.0
    assert lib.g(1.0) == 2001.0


def test_allocation_in_kernels(tmp_path):
    src = tmp_path / "alloc.cpp"
    src.write_text(r"""
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <new>
extern "C" int64_t churn(int64_t rounds) {
  int64_t sum = 0;
  for (int64_t r = 0; r < rounds; r++) {
    char *p = (char *)malloc(100 + r);
    memset(p, 1, 100 + r);
    p = (char *)realloc(p, 5000 + r);
    p[4999 + r] = 2;
    double *a = (double *)aligned_alloc(64, 64 * 8);
    if ((uintptr_t)a % 64) return -1;
    int *z = (int *)calloc(1000, sizeof(int));
    for (int i = 0; i < 1000; i++) sum += z[i];
    double *v = new double[r + 1];
    v[r] = (double)r;
    sum += (int64_t)v[r] + p[0] + p[4999 + r];
    delete[] v;
    free(z); free(a); free(p);
  }
  return sum;
}
""")
    out = tmp_path / "alloc.pixie"
    pixie_build("--platform=linux-64", "-o", str(out), str(src), "--export", "churn=churn:i64(i64)")
    lib = pixie.load(str(out))
    rounds = 2000
    assert lib.churn(rounds) == sum(r + 3 for r in range(rounds))


def test_library_name_derived_from_an_output_name_that_is_not_an_identifier(tmp_path):
    src = tmp_path / "k.c"
    src.write_text("double k(double x) { return x; }\n")
    for stem, name in [("2mm", "_2mm"), ("fdtd-2d", "fdtd_2d")]:
        out = tmp_path / f"{stem}.pixie"
        pixie_build("--platform=linux-64", "--tier=x86-64", "-o", str(out), str(src),
                    "--export", "k=k:f64(f64)")
        lib = pixie.load(str(out))
        assert lib.k(2.5) == 2.5
        inspect = subprocess.run([os.path.join(BUILD_DIR, "tools", "pixie-inspect", "pixie-inspect"),
                                  str(out)], capture_output=True, text=True, check=True).stdout
        assert f"library '{name}'" in inspect
