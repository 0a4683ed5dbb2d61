"""pixie: prebuilt, CPU-tuned kernels shipped as one portable fat binary.

    import pixie
    lib = pixie.load("kernels.pixie")      # or: import kernels  (kernels.pixie on sys.path)
    lib.primes(sieve_buffer, n)
    lib.selected_isa, lib.explain()

Importing pixie loads no NumPy, no ctypes and no LLVM: kernels accept any
buffer-protocol object, ctypes objects are built only when __PIXIE__ is
first read, and the compiler is imported only by the build API.

Calling a kernel (pixie.Kernel; the full rules are in python/src/kernel.cpp):

* Array parameters (``void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)``)
  take NumPy arrays or other buffers of exactly the element type, with as
  many dimensions as extents, C-contiguous (else TypeError saying
  ``np.ascontiguousarray(x)``), writable unless const. The integer
  parameters that carry an extent are not passed: every extent is read from
  the shapes, and arrays that disagree raise ValueError naming them and their
  shapes before the kernel runs. None, lists, scalars and ctypes pointers are
  TypeErrors. A non-const array may be omitted (or passed as None) when the
  other arrays give its extents: it is allocated with numpy.zeros and
  returned (one array; a tuple of them in parameter order; ``(value,
  arrays...)`` when the kernel also returns a value): ``c = lib.mm(a, b)``.
* Pointer parameters (``f64*``, signatures from before arrays) behave as
  they always did: any buffer of the pointee type, a ctypes pointer, or None
  for NULL; their lengths are not checked.
* Named parameters can be passed by keyword. ``inspect.signature(kernel)``
  shows the first overload's parameters; ``help(kernel)`` every signature,
  the C function it lowers to, and the export's docstring.
* Overloads are chosen like NumPy's casting: an exact match (an array's or
  NumPy scalar's dtype; Python int -> i64; Python float -> f64) beats a safe
  cast (a NumPy scalar into a wider type of its kind; a Python int into any
  integer type holding its value), which beats an integer-to-float
  conversion, which beats rounding a Python number to f32 (NEP 50's weak
  Python scalars: ``lib.scale(2.0, float32_array)`` works). Never float64 to
  f32, signed to unsigned, or an array of another dtype. A tie raises
  SignatureError (a TypeError) listing every overload: declaration order
  never decides.
* The GIL is released while the kernel runs when its arrays hold 16 KiB or
  more (or a ctypes pointer of unknown length is passed); shorter calls keep
  it, as Numba's dispatcher does.
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
