import os

import numpy as np
import pytest

import pixie
from conftest import ROOT


def test_build_writes_a_fat_binary_with_every_platform(tmp_path):
    seen = []
    result = pixie.build(tmp_path / "sieve.pixie", [os.path.join(ROOT, "examples", "kernels", "sieve.c")],
                         ["primes=sieve_primes:i64(u8*, i64)"],
                         progress=lambda *report: seen.append(report[:2]))
    assert result["path"] == str(tmp_path / "sieve.pixie")
    platforms = {v["platform"] for v in result["variants"]}
    assert platforms == {"linux-64", "linux-aarch64", "osx-arm64", "win-64"}
    assert len(seen) == len(result["variants"]) == 16
    lib = pixie.load(tmp_path / "sieve.pixie")
    flags = np.zeros(1000, np.uint8)
    assert lib.primes(flags, 1000) == 168
    assert lib.metadata["build"]["options"] == ["pixie.build"]


def test_build_errors_are_build_errors_and_leave_nothing(tmp_path):
    with pytest.raises(pixie.BuildError) as err:
        pixie.build(tmp_path / "x.pixie", [os.path.join(ROOT, "examples", "kernels", "sieve.c")],
                    ["primes=sieve_primes:i64(long, i64)"], platforms="linux-64")
    assert "'long' is 64-bit on Linux and macOS but 32-bit on Windows; use i64 or i32" in str(err.value)
    assert os.listdir(tmp_path) == []
    with pytest.raises(ValueError, match="is not NAME=SYMBOL:SIGNATURE"):
        pixie.build(tmp_path / "x.pixie", [], ["nonsense"])


def test_clang_warnings_become_python_warnings(tmp_path):
    src = tmp_path / "w.c"
    src.write_text("#include <stdint.h>\nint64_t f(int64_t x) { int unused_but_set = 0; unused_but_set++; "
                   "return x + (1 << 40); }\n")
    with pytest.warns(pixie.BuildWarning, match="shift count >= width of type"):
        result = pixie.build(tmp_path / "w.pixie", [src], ["f=f:i64(i64)"], platforms="linux-64")
    assert any("shift count" in w for w in result["warnings"])
