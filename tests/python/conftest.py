"""Fixtures: fat binaries built by the real pixie-build for this test session.

Environment (set by ctest): PIXIE_BUILD = the pixie-build executable,
PIXIE_BUILD_DIR = the CMake build tree, PIXIE_SOURCE_DIR = the repository root; PYTHONPATH holds the built package.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.environ.get("PIXIE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.environ.get("PIXIE_BUILD_DIR", os.path.join(ROOT, "build"))
PIXIE_BUILD = os.environ.get("PIXIE_BUILD", os.path.join(BUILD_DIR, "tools", "pixie-build"))


def check_example_kernels(lib, n=1001, seed=1):
    """The bundled example kernels against NumPy, on n elements."""
    primes = [i for i in range(2, n) if all(i % d for d in range(2, int(i ** 0.5) + 1))]
    flags = np.zeros(n, np.uint8)
    assert lib.primes(flags, n) == len(primes)
    assert list(np.flatnonzero(flags)) == primes
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=n), rng.normal(size=n)
    out = np.empty(n, np.uint8)
    lib.fused(a, b, out, n)
    np.testing.assert_array_equal(out, (a * b - 4.1 * a > 2.5 * b).astype(np.uint8))
    assert lib.dot(a, b, n) == pytest.approx(np.dot(a, b), rel=1e-12)
    assert lib.norm(a, n) == pytest.approx(np.linalg.norm(a), rel=1e-12)


def pixie_build(*args):
    result = subprocess.run([PIXIE_BUILD, "--quiet", *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"pixie-build {' '.join(args)} failed:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def kernels_dir(tmp_path_factory):
    """kernels.pixie: the bundled example kernels for linux-64 (all tiers)."""
    out = tmp_path_factory.mktemp("kernels")
    pixie_build("--platform=linux-64", "-o", str(out / "kernels.pixie"), "--manifest",
                os.path.join(ROOT, "examples", "kernels", "kernels.json"))
    return out


@pytest.fixture(scope="session")
def kernels_path(kernels_dir):
    return str(kernels_dir / "kernels.pixie")


@pytest.fixture
def on_path(kernels_dir):
    """Puts the kernels directory on sys.path for one test and forgets the import after."""
    sys.path.insert(0, str(kernels_dir))
    yield kernels_dir
    sys.path.remove(str(kernels_dir))
    sys.modules.pop("kernels", None)


def run_python(code, env=None):
    """Runs code in a fresh interpreter (for start-up and environment tests)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env)
