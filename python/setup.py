"""pip install --no-build-isolation ./python

Builds pixie's native modules with CMake (the repository's own build, from
Debian's LLVM 19 and friends) and installs them with the pure-Python package.
PIXIE_CMAKE_BUILD_DIR=<dir> reuses an existing build tree instead of
configuring a new one.
"""
import glob
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NATIVE = ("_pixie", "_pixie_build")


class CMakeBuild(build_ext):
    def run(self):
        build_dir = os.environ.get("PIXIE_CMAKE_BUILD_DIR")
        if not build_dir:
            build_dir = os.path.join(os.path.abspath(self.build_temp), "cmake")
            subprocess.check_call(["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                                   f"-DPYTHON_EXECUTABLE={sys.executable}", f"-DPython3_EXECUTABLE={sys.executable}"])
            subprocess.check_call(["cmake", "--build", build_dir, "-j2", "--target", "pixie_python",
                                   "pixie_python_build", "pixie_jit"])
        for ext in self.extensions:
            name = ext.name.split(".")[-1]
            built = glob.glob(os.path.join(build_dir, "python", "pixie", name + ".*so"))
            if not built:
                raise RuntimeError(f"{name} was not built in {build_dir}")
            target = self.get_ext_fullpath(ext.name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(built[0], target)
        # The JIT library is dlopened by the loader from next to the module.
        for jit in glob.glob(os.path.join(build_dir, "python", "pixie", "libpixie_jit*")):
            shutil.copy2(jit, os.path.join(os.path.dirname(self.get_ext_fullpath("pixie._pixie")),
                                           os.path.basename(jit)))


setup(ext_modules=[Extension(f"pixie.{n}", sources=[]) for n in NATIVE], cmdclass={"build_ext": CMakeBuild})
