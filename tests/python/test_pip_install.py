"""`pip install --no-build-isolation ./python` gives a working pixie in a fresh venv.

The install reuses this build's CMake tree (PIXIE_CMAKE_BUILD_DIR), so the
test checks packaging, not a second compile of LLVM-linked code.
"""
import os
import shutil
import subprocess
import sys

from conftest import BUILD_DIR, ROOT


def test_pip_install_into_a_venv(tmp_path, kernels_path):
    source = tmp_path / "python"
    shutil.copytree(os.path.join(ROOT, "python"), source)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIXIE_CMAKE_BUILD_DIR"] = BUILD_DIR
    proc = subprocess.run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index", str(source)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code = ("import pixie, sys; lib = pixie.load(%r); f = bytearray(100); "
            "print(lib.primes(f, 100), pixie.__file__.startswith(sys.prefix))" % kernels_path)
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["25", "True"]
