"""Builds primekit/sieve.pixie (all platforms and tiers) before packaging it.

The kernel is compiled here, once, on the packager's machine; the wheel holds
no Python extension, only the fat binary, so setuptools tags it py3-none-any
and every user on every supported platform installs the same file.
"""
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildKernels(build_py):
    def run(self):
        import pixie
        pixie.build(os.path.join(HERE, "primekit", "sieve.pixie"),
                    [os.path.join(HERE, "..", "kernels", "sieve.c")],  # the bundled example kernel
                    ["primes=sieve_primes:i64(u8*, i64)"], library="sieve")
        super().run()


setup(cmdclass={"build_py": BuildKernels})
