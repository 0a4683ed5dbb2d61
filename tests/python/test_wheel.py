"""examples/python-package builds ONE py3-none-any wheel holding all 4 platforms."""
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


def run(cmd, **kwargs):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def platforms_in(pixie_bytes, tmp_path):
    path = tmp_path / "from_wheel.pixie"
    path.write_bytes(pixie_bytes)
    out = run([sys.executable, os.path.join(ROOT, "spec", "reader.py"), "--extract", "0", str(path)])
    return {v["platform"] for v in json.loads(out.stdout)["variants"]}


def test_one_wheel_for_every_platform(tmp_path):
    project = tmp_path / "primekit-src"
    shutil.copytree(os.path.join(ROOT, "examples", "python-package"), project)
    # The example reads the kernel from the repository's examples/kernels.
    shutil.copytree(os.path.join(ROOT, "examples", "kernels"), tmp_path / "kernels")
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index",
         "-w", str(dist), str(project)])
    wheels = os.listdir(dist)
    assert wheels == ["primekit-1.0.0-py3-none-any.whl"]
    wheel = dist / wheels[0]
    with zipfile.ZipFile(wheel) as z:
        assert "Root-Is-Purelib: true" in z.read("primekit-1.0.0.dist-info/WHEEL").decode()
        assert not [n for n in z.namelist() if n.endswith((".so", ".pyd", ".dylib"))]
        assert platforms_in(z.read("primekit/sieve.pixie"), tmp_path) == {
            "linux-64", "linux-aarch64", "osx-arm64", "win-64"}

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    python = str(venv / "bin" / "python")
    run([python, "-m", "pip", "install", "--no-index", "--no-deps", str(wheel)])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run([python, "-c", "import primekit; print(primekit.primes_below(30)); print(primekit.selected_isa); "
                             "print(primekit.__file__)"], cwd=elsewhere)
    primes, isa, location = out.stdout.splitlines()
    assert primes == "[2, 3, 5, 7, 11, 13, 17, 19, 23, 29]"
    assert isa.startswith("x86-64")
    assert location.startswith(str(venv))
