"""Shared by bench/libm_bench.py (speed), bench/libm_ulp.py (accuracy) and
tests/python/test_libm_ulp.py: the loop kernels of bench/libm/kernels.c built
into a .pixie by the real pixie-build, and looked up as ctypes functions so
that every implementation is called the same way."""
import ctypes
import os
import subprocess

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
KERNELS_C = os.path.join(BENCH, "libm", "kernels.c")

# pixie's vector libm (compiler/libc/vmath): name -> number of arguments
FUNCTIONS = {f: 1 for f in "exp exp2 expm1 log log2 log10 log1p sin cos tan tanh sinh cosh "
             "atan asin acos erf cbrt".split()}
FUNCTIONS.update(pow=2, atan2=2)
DTYPES = {"f64": "", "f32": "f"}  # pixie type -> C suffix


def kernel(kind, fn, dtype):
    """Exported name of a kernel: kind 'v' (vectorisable loop) or 's' (scalar loop)."""
    return f"{kind}_{fn}{DTYPES[dtype]}"


def signature(fn, dtype):
    args = ", ".join(["i64"] + [f"const {dtype}*"] * FUNCTIONS[fn] + [f"{dtype}*"])
    return f"void({args})"


def build(out, functions=None, kinds="vs", platform="linux-64", tiers=None, build_dir=None, pixie_build=None):
    """Builds the kernels of `functions` (default all) into `out` with pixie-build."""
    pixie_build = pixie_build or os.environ.get("PIXIE_BUILD") or os.path.join(
        build_dir or os.path.join(ROOT, "build"), "tools", "pixie-build")
    exports = [f"--export={kernel(k, f, t)}={kernel(k, f, t)}:{signature(f, t)}"
               for f in (functions or FUNCTIONS) for t in DTYPES for k in kinds]
    cmd = [pixie_build, "--quiet", "-o", out, f"--platform={platform}", KERNELS_C] + exports
    if tiers:
        cmd.append(f"--tier={tiers}")
    subprocess.run(cmd, check=True)
    return out


def pixie_cfunc(lib, kind, fn, dtype):
    """The ctypes function pixie made for one kernel of a loaded library."""
    return lib.__PIXIE__["symbols"][kernel(kind, fn, dtype)][signature(fn, dtype)]["cfunc"]


def ctypes_like(so, name, like):
    """A function of a plain shared library with the prototype of `like`."""
    f = getattr(so, name)
    f.restype, f.argtypes = like.restype, like.argtypes
    return f


def pointer(a):
    """A ctypes pointer to a contiguous float64/float32 NumPy array, for the cfuncs above."""
    return a.ctypes.data_as(ctypes.POINTER(ctypes.c_double if a.dtype.itemsize == 8 else ctypes.c_float))
