"""The three PIXIE_JIT policies from Python (the loader's JIT route, libpixie_jit)."""
import os

import pytest

import pixie
from conftest import ROOT, check_example_kernels, pixie_build, run_python


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


def test_always_compiles_for_this_host_and_caches(kernels_path, cache):
    lib = pixie.load(kernels_path, jit="always")
    assert lib.selected_isa == "host-" + pixie.host()["cpu"]
    assert lib.is_specialized
    assert "compiled (from linux-64 bitcode, cpu " in lib.explain()
    check_example_kernels(lib)
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
    check_example_kernels(lib)


def test_never_refuses_with_the_reason(aarch64_only, cache):
    with pytest.raises(pixie.NoVariantError) as err:
        pixie.load(aarch64_only, jit="never")
    assert "linux-aarch64" in str(err.value)
    proc = run_python("import pixie; pixie.load(%r)" % aarch64_only, env={"PIXIE_JIT": "never"})
    assert proc.returncode != 0 and "NoVariantError" in proc.stderr


def test_a_bad_policy_is_a_config_error(kernels_path):
    with pytest.raises(pixie.ConfigError, match="sometimes"):
        pixie.load(kernels_path, jit="sometimes")
