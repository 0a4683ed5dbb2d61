"""The three PIXIE_JIT policies from Python (the loader's JIT route, libpixie_jit)."""
import os

import numpy as np
import pytest

import pixie
from conftest import ROOT, pixie_build, run_python


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PIXIE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def aarch64_only(tmp_path_factory):
    """The example kernels with linux-aarch64 variants and bitcode only."""
    out = tmp_path_factory.mktemp("arm") / "armkernels.pixie"
    pixie_build("--platform=linux-aarch64", "-o", str(out), "--manifest",
                os.path.join(ROOT, "examples", "kernels", "kernels.json"))
    return str(out)


def check_results(lib):
    flags = np.zeros(1000, np.uint8)
    assert lib.primes(flags, 1000) == 168
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=999), rng.normal(size=999)
    out = np.empty(999, np.uint8)
    lib.fused(a, b, out, 999)
    np.testing.assert_array_equal(out, (a * b - 4.1 * a > 2.5 * b).astype(np.uint8))
    assert lib.dot(a, b, 999) == pytest.approx(np.dot(a, b), rel=1e-12)


def test_always_compiles_for_this_host_and_caches(kernels_path, cache):
    lib = pixie.load(kernels_path, jit="always")
    assert lib.selected_isa == "host-" + pixie.host()["cpu"]
    assert lib.is_specialized
    assert "compiled (from linux-64 bitcode, cpu " in lib.explain()
    check_results(lib)
    # A second process start hits the cache and never maps LLVM.
    code = ("import pixie; lib = pixie.load(%r, jit='always'); f = bytearray(100); assert lib.primes(f, 100) == 25; "
            "print(lib.explain().splitlines()[-1]); print('libLLVM' in open('/proc/self/maps').read())"
            % kernels_path)
    proc = run_python(code, env={"PIXIE_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr
    route, llvm_mapped = proc.stdout.splitlines()
    assert "cache hit" in route
    assert llvm_mapped == "False"


def test_auto_compiles_when_no_variant_fits(aarch64_only, cache):
    lib = pixie.load(aarch64_only)  # PIXIE_JIT=auto is the default
    assert lib.selected_isa.startswith("host-")
    assert "retargeted" in lib.explain()
    check_results(lib)


def test_never_refuses_with_the_reason(aarch64_only, cache):
    with pytest.raises(pixie.NoVariantError) as err:
        pixie.load(aarch64_only, jit="never")
    assert "linux-aarch64" in str(err.value)
    proc = run_python("import pixie; pixie.load(%r)" % aarch64_only, env={"PIXIE_JIT": "never"})
    assert proc.returncode != 0 and "NoVariantError" in proc.stderr


def test_a_bad_policy_is_a_config_error(kernels_path):
    with pytest.raises(pixie.ConfigError, match="sometimes"):
        pixie.load(kernels_path, jit="sometimes")
