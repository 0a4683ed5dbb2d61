"""pixie: prebuilt, CPU-tuned kernels shipped as one portable fat binary.

    import pixie
    lib = pixie.load("kernels.pixie")      # or: import kernels  (kernels.pixie on sys.path)
    lib.primes(sieve_buffer, n)
    lib.selected_isa, lib.explain()

Importing pixie loads no NumPy, no ctypes and no LLVM: kernels accept any
buffer-protocol object, ctypes objects are built only when __PIXIE__ is
first read, and the compiler is imported only by the build API.
"""
from ._pixie import (  # noqa: F401  (re-exported)
    BuildError,
    ConfigError,
    FormatError,
    JitError,
    Kernel,
    LoadError,
    NoVariantError,
    PixieError,
    SignatureError,
    host,
)
from ._library import Library, load  # noqa: F401
from . import _finder

__version__ = "0.1.0"

_finder.install()

# The build side (and the original PIXIE API over it) imports the compiler
# module, which maps LLVM: resolve those names only when they are used.
_LAZY = {
    "build": ("._build", "build"),
    "BuildWarning": ("._build", "BuildWarning"),
    "PIXIECompiler": (".compiler", "PIXIECompiler"),
    "TranslationUnit": (".compiler", "TranslationUnit"),
    "ExportConfiguration": (".compiler", "ExportConfiguration"),
}


def __getattr__(name):
    if name in _LAZY:
        import importlib
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module, __name__), attr)
        globals()[name] = value
        return value
    if name == "targets":
        import importlib
        return importlib.import_module(".targets", __name__)
    raise AttributeError(f"module 'pixie' has no attribute '{name}'")
