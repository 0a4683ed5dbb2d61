"""Array signatures from Python (issue 14, items 3, 4 and 6): extents read from
the arrays and checked before the kernel runs, N-D kernels against NumPy at
every tier this CPU runs, omitted outputs, keyword arguments,
inspect.signature/help, overload resolution by NumPy's casting rules, and
old pointer signatures unchanged."""
import inspect
import os
import pydoc
import textwrap

import numpy as np
import pytest

import pixie
from conftest import pixie_build, run_python

SOURCE = r"""
#include <stdint.h>
static int64_t g_calls;
int64_t calls(void) { return g_calls; }

void axpy(int64_t n, double a, const double *x, double *y) {
  ++g_calls;
  for (int64_t i = 0; i < n; ++i) y[i] += a * x[i];
}
/* Writes n elements of y: called with a y shorter than x it would write far
   past y's end (the test arrays are 32 MiB against 8 bytes). */
void copy(const double *x, double *y, int64_t n) {
  ++g_calls;
  for (int64_t i = 0; i < n; ++i) y[i] = x[i];
}
double dot(const double *x, const double *y, int64_t n) {
  ++g_calls;
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += x[i] * y[i];
  return s;
}
void mm_f32(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n) {
  ++g_calls;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float s = 0;
      for (int64_t p = 0; p < k; ++p) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
}
void mm_f64(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n) {
  ++g_calls;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t p = 0; p < k; ++p) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
}
/* 7-point Laplacian inside, the input copied on the boundary. */
void stencil(const double *u, double *v, int64_t nx, int64_t ny, int64_t nz) {
  ++g_calls;
  for (int64_t i = 0; i < nx; ++i)
    for (int64_t j = 0; j < ny; ++j)
      for (int64_t k = 0; k < nz; ++k) {
        int64_t at = (i * ny + j) * nz + k;
        if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == nz - 1) {
          v[at] = u[at];
          continue;
        }
        v[at] = u[at - ny * nz] + u[at + ny * nz] + u[at - nz] + u[at + nz] + u[at - 1] + u[at + 1] - 6 * u[at];
      }
}
double sumsq(const double *x, double *sq, int64_t n) {
  ++g_calls;
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += sq[i] = x[i] * x[i];
  return s;
}
void split(const double *x, double *lo, double *hi, int64_t n) {
  ++g_calls;
  for (int64_t i = 0; i < n; ++i) { lo[i] = x[i] < 0 ? x[i] : 0; hi[i] = x[i] > 0 ? x[i] : 0; }
}
void rotate(const double *r, const double *p, double *out, int64_t n) {
  ++g_calls;
  for (int64_t i = 0; i < n; ++i)
    for (int j = 0; j < 3; ++j)
      out[i * 3 + j] = r[j * 3 + 0] * p[i * 3 + 0] + r[j * 3 + 1] * p[i * 3 + 1] + r[j * 3 + 2] * p[i * 3 + 2];
}
void fill_u8(uint8_t n, double *out, double v) {
  ++g_calls;
  for (int i = 0; i < n; ++i) out[i] = v;
}
void scale_f32(float a, float *x, int64_t n) { ++g_calls; for (int64_t i = 0; i < n; ++i) x[i] *= a; }
void scale_f64(double a, double *x, int64_t n) { ++g_calls; for (int64_t i = 0; i < n; ++i) x[i] *= a; }
int64_t which_f32(float x) { (void)x; return 32; }
int64_t which_f64(double x) { (void)x; return 64; }
int64_t pick_i32(int32_t x) { (void)x; return 32; }
int64_t pick_i64(int64_t x) { (void)x; return 64; }
int64_t pick_u8(uint8_t x) { (void)x; return 8; }
float half_f32(float x) { return x / 2; }
int8_t neg_i8(int8_t x) { return (int8_t)-x; }
int64_t asum_f32(const float *x, int64_t n) { int64_t s = 0; for (int64_t i = 0; i < n; ++i) s += (int64_t)x[i]; return s; }
int64_t asum_i64(const int64_t *x, int64_t n) { int64_t s = 0; for (int64_t i = 0; i < n; ++i) s += x[i]; return s; }
/* Busy for `iters` rounds, whatever the data. */
int64_t spin(int64_t iters) { volatile int64_t s = 0; for (int64_t i = 0; i < iters; ++i) s += i; return s; }
int64_t spin_data(const uint8_t *x, int64_t iters, int64_t n) {
  volatile int64_t s = 0;
  for (int64_t i = 0; i < iters; ++i) s += x[i % n];
  return s;
}
/* Nine scalars: more than the registers, so libffi calls it. */
double many(double a, double b, double c, double d, double e, double f, double g, double h, double i, int64_t j) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * (double)j;
}
"""

EXPORTS = [
    "calls=calls:i64()",
    "axpy=axpy:void(i64 n, f64 a, const f64[n] x, f64[n] y)",
    "copy=copy:void(const f64[n] x, f64[n] y)",
    "dot=dot:f64(const f64[n] x, const f64[n] y)#The dot product of x and y (both of length n).",
    "mm=mm_f32:void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)",
    "mm=mm_f64:void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)",
    "stencil=stencil:void(const f64[nx, ny, nz] u, f64[nx, ny, nz] v)",
    "sumsq=sumsq:f64(const f64[n] x, f64[n] sq)",
    "split=split:void(const f64[n] x, f64[n] lo, f64[n] hi)",
    "rotate=rotate:void(const f64[3, 3] r, const f64[n, 3] p, f64[n, 3] out)",
    "fill=fill_u8:void(u8 n, f64[n] out, f64 v)",
    "scale=scale_f32:void(f32 a, f32[n] x)",
    "scale=scale_f64:void(f64 a, f64[n] x)",
    "which=which_f32:i64(f32)",
    "which=which_f64:i64(f64)",
    "pick=pick_i32:i64(i32)",
    "pick=pick_i64:i64(i64)",
    "pick=pick_u8:i64(u8)",
    "half=half_f32:f32(f32)",
    "neg=neg_i8:i8(i8)",
    "asum=asum_f32:i64(const f32[n] x)",
    "asum=asum_i64:i64(const i64[n] x)",
    "many=many:f64(f64, f64, f64, f64, f64, f64, f64, f64, f64, i64)",
    "spin=spin:i64(i64 iters)",
    "spin_data=spin_data:i64(const u8[n] x, i64 iters)",
    # The same symbols with the old pointer signatures.
    "copy_ptr=copy:void(const f64*, f64*, i64)",
    "dot_ptr=dot:f64(const f64*, const f64*, i64)",
]

TIERS = ["x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"]


@pytest.fixture(scope="module")
def arrays_path(tmp_path_factory):
    d = tmp_path_factory.mktemp("arrays")
    src = d / "arrays.c"
    src.write_text(SOURCE)
    args = ["--platform=linux-64", "-o", str(d / "arrays.pixie"), str(src)]
    for e in EXPORTS:
        args += ["--export", e]
    pixie_build(*args)
    return str(d / "arrays.pixie")


@pytest.fixture(scope="module")
def lib(arrays_path):
    return pixie.load(arrays_path)


def signature_error(fn, *args, **kwargs):
    with pytest.raises(pixie.SignatureError) as err:
        fn(*args, **kwargs)
    assert isinstance(err.value, TypeError)
    return str(err.value)


def value_error(fn, *args, **kwargs):
    with pytest.raises(ValueError) as err:
        fn(*args, **kwargs)
    return str(err.value)


# --- extents from the arrays -------------------------------------------------

def test_extents_come_from_the_arrays(lib):
    x, y = np.arange(5.0), np.ones(5)
    assert lib.axpy(2.0, x, y) is None
    np.testing.assert_array_equal(y, 1 + 2 * np.arange(5.0))
    assert lib.dot(x, x) == 30.0
    assert lib.dot(np.empty(0), np.empty(0)) == 0.0


def test_wrong_lengths_are_caught_before_the_kernel_runs(lib):
    before = lib.calls()
    big, small = np.ones(1 << 22), np.zeros(1)
    assert value_error(lib.copy, big, small) == (
        "copy(): the arrays disagree on extent n (4194304 vs 1): x has shape (4194304,), y has shape (1,)")
    assert value_error(lib.copy, x=small, y=big) == (
        "copy(): the arrays disagree on extent n (1 vs 4194304): x has shape (1,), y has shape (4194304,)")
    assert value_error(lib.axpy, 1.0, np.ones(3), np.ones(4)) == (
        "axpy(): the arrays disagree on extent n (3 vs 4): x has shape (3,), y has shape (4,)")
    a, b = np.ones((3, 4), np.float32), np.ones((5, 2), np.float32)
    assert value_error(lib.mm, a, b) == (
        "mm(): the arrays disagree on extent k (4 vs 5): a has shape (3, 4), b has shape (5, 2)")
    assert value_error(lib.mm, a, np.ones((4, 2), np.float32), np.ones((3, 3), np.float32)) == (
        "mm(): the arrays disagree on extent n (2 vs 3): b has shape (4, 2), c has shape (3, 3)")
    assert value_error(lib.stencil, np.ones((2, 3, 4)), np.ones((2, 4, 3))) == (
        "stencil(): the arrays disagree on extent ny (3 vs 4): u has shape (2, 3, 4), v has shape (2, 4, 3)")
    assert value_error(lib.rotate, np.eye(3), np.ones((4, 3)), np.ones((5, 3))) == (
        "rotate(): the arrays disagree on extent n (4 vs 5): p has shape (4, 3), out has shape (5, 3)")
    assert lib.calls() == before
    np.testing.assert_array_equal(small, [0.0])


def test_fixed_extents(lib):
    r = np.array([[0.0, -1, 0], [1, 0, 0], [0, 0, 1]])
    p = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(lib.rotate(r, p), p @ r.T)
    before = lib.calls()
    assert value_error(lib.rotate, np.eye(4), p) == (
        "rotate(): argument 1 (const f64[3, 3] r) has shape (4, 4), but its extent 1 is fixed at 3")
    assert value_error(lib.rotate, r, np.ones((4, 2))) == (
        "rotate(): argument 2 (const f64[n, 3] p) has shape (4, 2), but its extent 2 is fixed at 3")
    assert lib.calls() == before


def test_an_extent_into_a_narrow_integer_parameter(lib):
    out = np.zeros(200)
    lib.fill(out, 2.5)
    assert (out == 2.5).all()
    before = lib.calls()
    assert value_error(lib.fill, np.zeros(300), 1.0) == (
        "fill(): extent n is 300, which does not fit argument 1 (u8 n)")
    assert lib.calls() == before
    # n is known from no other array, so out cannot be omitted.
    assert signature_error(lib.fill, v=1.0) == (
        "fill(): no signature accepts these arguments:\n"
        "  void(u8 n, f64[n] out, f64 v): argument 2 (f64[n] out): not given, and it cannot be allocated: "
        "extent n not known from the other arrays")


# --- what an array parameter accepts -----------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda x: None, "expected a 1-d float64 array, got None"),
    (lambda x: [1.0, 2.0, 3.0], "expected a 1-d float64 array, got list"),
    (lambda x: 3.0, "expected a 1-d float64 array, got float"),
    (lambda x: 3, "expected a 1-d float64 array, got int"),
    (lambda x: "abc", "expected a 1-d float64 array, got str"),
    (lambda x: x.astype(np.float32), "expected float64 data, got float32"),
    (lambda x: x.astype(">f8"), "expected float64 data, got byte-swapped float64"),
    (lambda x: x.astype(np.complex128), "expected float64 data, got complex128"),
    (lambda x: x.reshape(1, 3), "expected a 1-d array, got a 2-d array"),
    (lambda x: np.float64(1.0), "expected a 1-d float64 array, got numpy.float64"),
    (lambda x: np.arange(6.0)[::2], "the array is not C-contiguous; pass np.ascontiguousarray(x)"),
    (lambda x: np.asfortranarray(np.ones((3, 3)))[:, 0], None),  # a contiguous column of a Fortran array: fine
    (lambda x: np.asfortranarray(np.ones((3, 3)))[0], "the array is not C-contiguous; pass np.ascontiguousarray(x)"),
    (lambda x: x.ctypes.data_as(__import__("ctypes").POINTER(__import__("ctypes").c_double)),
     "expected a 1-d float64 array, got a ctypes pointer, which has no shape"),
    (lambda x: memoryview(b"\0" * 24).cast("d"), None),  # another buffer of doubles: fine
    (lambda x: memoryview(b"\0" * 24).cast("B"), "expected float64 data, got uint8"),
])
def test_array_arguments_are_checked(lib, make, message):
    x = np.arange(3.0)
    arg = make(x)
    if message is None:
        assert lib.dot(arg, x) == float(np.dot(np.asarray(arg), x))
        return
    before = lib.calls()
    assert signature_error(lib.dot, arg, x) == (
        "dot(): no signature accepts these arguments:\n"
        f"  f64(const f64[n] x, const f64[n] y): argument 1 (const f64[n] x): {message}")
    assert lib.calls() == before


def test_outputs_must_be_writable_and_c_contiguous(lib):
    x = np.arange(4.0)
    ro = np.ones(4)
    ro.flags.writeable = False
    assert signature_error(lib.copy, x, ro).endswith(
        "argument 2 (f64[n] y): the array is read-only but the kernel writes to it")
    assert signature_error(lib.copy, x, b"\0" * 32).endswith(
        "argument 2 (f64[n] y): expected float64 data, got uint8")
    assert lib.dot(ro, ro) == 4.0  # const elements: read-only arrays are fine
    f = np.zeros((3, 4), np.float32, order="F")
    assert signature_error(lib.mm, np.ones((3, 2), np.float32), np.ones((2, 4), np.float32), f) == (
        "mm(): no signature accepts these arguments:\n"
        "  void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c): argument 3 (f32[m, n] c): "
        "the array is not C-contiguous; pass np.ascontiguousarray(c)\n"
        "  void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c): argument 1 (const f64[m, k] a): "
        "expected float64 data, got float32")


# --- N-D kernels against NumPy at every tier ---------------------------------

@pytest.mark.parametrize("tier", TIERS)
def test_matmul_and_stencil_at_every_tier(arrays_path, tier):
    try:
        lib = pixie.load(arrays_path, isa=tier)
    except pixie.NoVariantError:
        pytest.skip(f"this CPU cannot run {tier}")
    assert lib.selected_isa == tier
    rng = np.random.default_rng(7)
    for dtype, tol in ((np.float32, 1e-5), (np.float64, 1e-12)):
        a, b = rng.normal(size=(13, 29)).astype(dtype), rng.normal(size=(29, 7)).astype(dtype)
        c = lib.mm(a, b)
        assert c.dtype == dtype and c.shape == (13, 7)
        np.testing.assert_allclose(c, a @ b, rtol=tol, atol=tol * 30)
        out = np.full((13, 7), np.nan, dtype)
        assert lib.mm(a, b, out) is None
        np.testing.assert_array_equal(out, c)
    u = rng.normal(size=(6, 9, 11))
    expected = u.copy()
    expected[1:-1, 1:-1, 1:-1] = (u[:-2, 1:-1, 1:-1] + u[2:, 1:-1, 1:-1] + u[1:-1, :-2, 1:-1] + u[1:-1, 2:, 1:-1]
                                  + u[1:-1, 1:-1, :-2] + u[1:-1, 1:-1, 2:] - 6 * u[1:-1, 1:-1, 1:-1])
    np.testing.assert_allclose(lib.stencil(u), expected, rtol=1e-12, atol=1e-12)
    v = np.empty_like(u)
    lib.stencil(v=v, u=u)
    np.testing.assert_allclose(v, expected, rtol=1e-12, atol=1e-12)


# --- omitted outputs -----------------------------------------------------------

def test_omitted_outputs_are_allocated_and_returned(lib):
    x = np.array([-2.0, 1.0, 3.0])
    y = lib.copy(x)
    assert isinstance(y, np.ndarray) and y.dtype == np.float64 and y.shape == (3,)
    np.testing.assert_array_equal(y, x)
    assert lib.copy(x, None).tolist() == x.tolist()  # None: allocate, as NumPy's out=None
    # An in/out array starts from zeros, never from stale memory.
    for _ in range(3):
        np.testing.assert_array_equal(lib.axpy(2.0, x), 2 * x)
    lo, hi = lib.split(x)
    assert lo.tolist() == [-2.0, 0.0, 0.0] and hi.tolist() == [0.0, 1.0, 3.0]
    hi2 = np.empty(3)
    assert lib.split(x, hi=hi2).tolist() == [-2.0, 0.0, 0.0]  # only the omitted one is returned
    assert hi2.tolist() == [0.0, 1.0, 3.0]
    total, sq = lib.sumsq(x)  # (value, arrays...)
    assert total == 14.0 and sq.tolist() == [4.0, 1.0, 9.0]
    assert lib.sumsq(x, np.empty(3)) == 14.0
    assert lib.mm(np.ones((2, 3), np.float32), np.ones((3, 4), np.float32)).dtype == np.float32
    assert lib.copy(np.empty(0)).shape == (0,)


# --- keyword arguments, inspect.signature, help ---------------------------------

def test_keyword_arguments(lib):
    x, y = np.arange(3.0), np.zeros(3)
    lib.axpy(a=2.0, x=x, y=y)
    lib.axpy(1.0, y=y, x=x)
    np.testing.assert_array_equal(y, 3 * x)
    assert lib.dot(y=x, x=x) == 5.0
    assert signature_error(lib.axpy, 1.0, x, z=y) == (
        "axpy(): no signature accepts these arguments:\n"
        "  void(i64 n, f64 a, const f64[n] x, f64[n] y): no parameter is named 'z'")
    assert signature_error(lib.axpy, 1.0, x, x=y) == (
        "axpy(): no signature accepts these arguments:\n"
        "  void(i64 n, f64 a, const f64[n] x, f64[n] y): got two values for 'x'")
    assert signature_error(lib.axpy, 1.0, y=y) == (
        "axpy(): no signature accepts these arguments:\n"
        "  void(i64 n, f64 a, const f64[n] x, f64[n] y): missing argument 3 (const f64[n] x)")
    assert signature_error(lib.axpy, 1.0) == (
        "axpy(): no signature accepts these arguments:\n"
        "  void(i64 n, f64 a, const f64[n] x, f64[n] y): takes 2 to 3 arguments, 1 given")
    assert signature_error(lib.axpy, 3, 1.0, x, y) == (
        "axpy(): no signature accepts these arguments:\n"
        "  void(i64 n, f64 a, const f64[n] x, f64[n] y): takes 2 to 3 arguments, 4 given")
    # Unnamed parameters are positional only.
    assert "no parameter is named 'arg1'" in signature_error(lib.which, arg1=1.0)


def test_inspect_signature_and_help(lib):
    assert str(inspect.signature(lib.axpy)) == "(a: 'f64', x: 'const f64[n]', y: 'f64[n]' = None) -> 'void'"
    # Several overloads: the first one's.
    assert str(inspect.signature(lib.mm)) == (
        "(a: 'const f32[m, k]', b: 'const f32[k, n]', c: 'f32[m, n]' = None) -> 'void'")
    assert str(inspect.signature(lib.fill)) == "(out: 'f64[n]', v: 'f64') -> 'void'"
    assert str(inspect.signature(lib.copy_ptr)) == "(arg1: 'const f64*', arg2: 'f64*', arg3: 'i64', /) -> 'void'"
    assert str(inspect.signature(lib.calls)) == "() -> 'i64'"
    assert lib.mm.__doc__ == textwrap.dedent("""\
        pixie kernel 'mm', 2 signatures (chosen by the arguments' types, never by their order):

          void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)
            Python: mm(a, b, c=None)
            C: void mm_f32(const f32* a, const f32* b, f32* c, i64 m, i64 k, i64 n)
            m, k, n are read from the arrays' shapes
            c is an output that may be omitted (or None): allocated (zeroed) and returned

          void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)
            Python: mm(a, b, c=None)
            C: void mm_f64(const f64* a, const f64* b, f64* c, i64 m, i64 k, i64 n)
            m, k, n are read from the arrays' shapes
            c is an output that may be omitted (or None): allocated (zeroed) and returned
        """)
    text = pydoc.render_doc(lib.mm, renderer=pydoc.plaintext)
    assert "mm(a: 'const f32[m, k]', b: 'const f32[k, n]', c: 'f32[m, n]' = None) -> 'void'" in text
    assert "void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)" in text
    assert "C: void axpy(i64 n, f64 a, const f64* x, f64* y)" in lib.axpy.__doc__
    assert lib.mm.__name__ == "mm"
    # The export's docstring (--export ...#DOC, the manifest's "doc") comes first.
    assert lib.dot.__doc__.startswith("The dot product of x and y (both of length n).\n\n"
                                      "pixie kernel 'dot', 1 signature:\n")
    assert "The dot product of x and y" in pydoc.render_doc(lib.dot, renderer=pydoc.plaintext)

    class Holder:  # a kernel on a class stays a plain function
        mm = lib.mm
    assert Holder().mm is lib.mm


# --- overload resolution -----------------------------------------------------

def test_overloads_are_chosen_by_casting_rules_not_order(lib):
    # i64(f32) is declared first; a float64 never goes to f32.
    assert lib.which(np.float64(1.0)) == 64
    assert lib.which(1.0) == 64           # a Python float is a double: f64 exactly
    assert lib.which(np.float32(1.0)) == 32
    assert lib.which(3) == 64             # int -> f64 beats int -> f32
    assert lib.which(np.array(2.0, np.float32)) == 32  # a 0-d array rates as its dtype
    # Python ints: i64 exactly; another integer type when it holds the value.
    assert lib.pick(3) == 64
    assert lib.pick(True) == 64
    assert lib.pick(np.int32(3)) == 32
    assert lib.pick(np.int64(3)) == 64
    assert lib.pick(np.uint8(3)) == 8
    assert lib.pick(np.uint32(3)) == 64   # u32 -> i64 is safe, u32 -> i32 and u8 are not
    assert lib.pick(np.int64(-1)) == 64
    # Arrays pick by dtype; a Python float follows the array's precision (NEP 50).
    x32, x64 = np.ones(3, np.float32), np.ones(3)
    lib.scale(2.0, x32)
    lib.scale(2.0, x64)
    assert x32.tolist() == [2.0] * 3 and x64.tolist() == [2.0] * 3
    lib.scale(np.float32(2.0), x64)  # f32 -> f64 is safe
    assert x64.tolist() == [4.0] * 3


def test_unsafe_casts_are_refused(lib):
    x32 = np.ones(3, np.float32)
    assert signature_error(lib.scale, np.float64(2.0), x32) == (
        "scale(): no signature accepts these arguments:\n"
        "  void(f32 a, f32[n] x): argument 1 (f32 a): float64 cannot be cast safely to f32\n"
        "  void(f64 a, f64[n] x): argument 2 (f64[n] x): expected float64 data, got float32")
    # An int32 array never goes to an i64 (or f32) array parameter: arrays pass by pointer.
    assert signature_error(lib.asum, np.ones(3, np.int32)) == (
        "asum(): no signature accepts these arguments:\n"
        "  i64(const f32[n] x): argument 1 (const f32[n] x): expected float32 data, got int32\n"
        "  i64(const i64[n] x): argument 1 (const i64[n] x): expected int64 data, got int32")
    assert lib.asum(np.arange(4, dtype=np.int64)) == 6
    assert lib.asum(np.arange(4, dtype=np.float32)) == 6
    # Signed never goes to unsigned; values out of every range are refused.
    assert signature_error(lib.pick, np.int8(-1)) == (
        "pick(): 2 signatures fit these arguments equally well (by a safe cast), and the declaration order "
        "does not choose; pass arrays or NumPy scalars of the intended dtype (e.g. np.float32(x)):\n"
        "  i64(i32): fits by a safe cast\n"
        "  i64(i64): fits by a safe cast\n"
        "  i64(u8): argument 1 (u8): int8 cannot be cast safely to u8")
    assert signature_error(lib.pick, 2 ** 64) == (
        "pick(): no signature accepts these arguments:\n"
        "  i64(i32): argument 1 (i32): 18446744073709551616 is out of range for i32\n"
        "  i64(i64): argument 1 (i64): 18446744073709551616 is out of range for i64\n"
        "  i64(u8): argument 1 (u8): 18446744073709551616 is out of range for u8")
    assert signature_error(lib.pick, 1.5) == (
        "pick(): no signature accepts these arguments:\n"
        "  i64(i32): argument 1 (i32): expected an integer, got float\n"
        "  i64(i64): argument 1 (i64): expected an integer, got float\n"
        "  i64(u8): argument 1 (u8): expected an integer, got float")
    assert signature_error(lib.which, np.complex128(1)) == (
        "which(): no signature accepts these arguments:\n"
        "  i64(f32): argument 1 (f32): expected a real number, got numpy.complex128\n"
        "  i64(f64): argument 1 (f64): expected a real number, got numpy.complex128")


def test_ambiguity_is_an_error_listing_every_overload(lib):
    # int16 -> i32 and int16 -> i64 are equally safe: the declaration order does not choose.
    assert signature_error(lib.pick, np.int16(3)) == (
        "pick(): 2 signatures fit these arguments equally well (by a safe cast), and the declaration order "
        "does not choose; pass arrays or NumPy scalars of the intended dtype (e.g. np.float32(x)):\n"
        "  i64(i32): fits by a safe cast\n"
        "  i64(i64): fits by a safe cast\n"
        "  i64(u8): argument 1 (u8): int16 cannot be cast safely to u8")
    assert lib.pick(np.int32(3)) == 32


def test_scalar_results_and_registers(lib):
    assert lib.half(3.0) == 1.5
    assert lib.neg(5) == -5
    assert lib.neg(-128) == -128
    assert lib.many(1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1) == 55.0


def test_libffi_and_direct_calls_agree(arrays_path):
    code = textwrap.dedent(f"""
        import numpy as np, pixie
        lib = pixie.load({arrays_path!r})
        a, b = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
        x = np.array([-2.0, 1.0, 3.0])
        print(lib.mm(a, b).tolist(), lib.half(3.0), lib.neg(5), lib.many(1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1),
              lib.sumsq(x)[0], lib.which(np.float32(1)), lib.calls() >= 0)
    """)
    direct = run_python(code)
    ffi = run_python(code, {"PIXIE_PYTHON_LIBFFI": "1"})
    assert direct.returncode == 0, direct.stderr
    assert ffi.returncode == 0, ffi.stderr
    assert direct.stdout == ffi.stdout
    assert "1.5 -5 55.0 14.0 32 True" in direct.stdout


def ticks_during(call):
    """How often another Python thread ran while call() ran, and for how long it ran."""
    import threading
    import time
    ticks, stop = [], threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    call()
    end = time.perf_counter()
    stop.set()
    t.join()
    return len([x for x in ticks if start < x < end]), end - start


def test_the_gil_is_released_only_for_calls_passing_16_kib(lib):
    # Rates, not counts: the other thread ticks every millisecond while the
    # GIL is free, and at most at a switch before or after the call when it
    # is held; 100 and 20 ticks a second keep a wide margin on a loaded machine.
    iters = 300_000_000
    during, took = ticks_during(lambda: lib.spin_data(np.ones(16384, np.uint8), iters))
    assert took > 0.05 and during >= 100 * took, (during, took)
    during, took = ticks_during(lambda: lib.spin_data(np.ones(16383, np.uint8), iters))
    assert took > 0.05 and during <= max(2, 20 * took), (during, took)
    during, took = ticks_during(lambda: lib.spin(iters))  # scalars only: the GIL stays held
    assert took > 0.05 and during <= max(2, 20 * took), (during, took)


# --- old pointer signatures ----------------------------------------------------

def test_pointer_signatures_are_unchanged(lib):
    x, y = np.arange(4.0), np.zeros(4)
    lib.copy_ptr(x, y, 4)
    assert y.tolist() == x.tolist()
    assert lib.dot_ptr(x, x, 4) == 14.0
    assert lib.dot_ptr(None, None, 0) == 0.0  # None is NULL, as before
    assert "argument 1 (const f64*): expected float64 data, got float32" in signature_error(
        lib.dot_ptr, x.astype(np.float32), x, 4)
    assert "takes 3 arguments, 2 given" in signature_error(lib.dot_ptr, x, x)


def test_a_pointer_only_file_loads_and_calls(tmp_path):
    src = tmp_path / "old.c"
    src.write_text("double dot(const double *x, const double *y, long long n) {"
                   " double s = 0; for (long long i = 0; i < n; ++i) s += x[i] * y[i]; return s; }\n")
    path = tmp_path / "old.pixie"
    pixie_build("--platform=linux-64", "-o", str(path), str(src), "--export", "dot=dot:f64(const f64*, const f64*, i64)")
    with open(path, "rb") as f:
        header = f.read(12)
    assert header[8:12] == b"\x01\x00\x00\x00"  # format 1.0: readable by readers from before arrays
    old = pixie.load(str(path))
    x = np.arange(3.0)
    assert old.dot(x, x, 3) == 5.0
    d = old.__PIXIE__["symbols"]["dot"]["f64(const f64*, const f64*, i64)"]
    p = x.ctypes.data_as(__import__("ctypes").POINTER(__import__("ctypes").c_double))
    assert d["cfunc"](p, p, 3) == 5.0


def test_pixie_dict_shows_array_signatures(lib):
    d = lib.__PIXIE__
    entry = d["symbols"]["axpy"]["void(i64 n, f64 a, const f64[n] x, f64[n] y)"]
    import ctypes
    assert entry["ctypes_cfunctype"]._argtypes_ == (
        ctypes.c_int64, ctypes.c_double, ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double))
    x, y = np.arange(3.0), np.zeros(3)
    pointer = ctypes.POINTER(ctypes.c_double)
    entry["cfunc"](3, 2.0, x.ctypes.data_as(pointer), y.ctypes.data_as(pointer))  # the lowered C ABI, unchecked
    assert y.tolist() == [0.0, 2.0, 4.0]
    assert set(d["symbols"]["mm"]) == {"void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)",
                                       "void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)"}
    mm = d["symbols"]["mm"]["void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)"]["ctypes_cfunctype"]
    assert len(mm._argtypes_) == 6 and mm._argtypes_[3:] == (ctypes.c_int64,) * 3
    header = d["c_header"]
    assert ("/* void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c) */\n"
            "void mm_f32(const float* a, const float* b, float* c, int64_t m, int64_t k, int64_t n);") in header
    assert "void copy(const double*, double*, int64_t);" in header


def test_original_api_takes_array_signatures(tmp_path):
    import ctypes
    src = tmp_path / "k.c"
    src.write_text("#include <stdint.h>\n"
                   "void copy(const double *x, double *y, int64_t n) { for (int64_t i = 0; i < n; ++i) y[i] = x[i]; }\n")
    cfg = pixie.ExportConfiguration()
    cfg.add_symbol(symbol_name="copy", python_name="copy", signature="void(const double[n] x, double[n] y)")
    path = pixie.PIXIECompiler(library_name="origarrays", translation_units=[pixie.TranslationUnit.from_c_source(
        str(src))], export_configuration=cfg, baseline_cpu="x86-64", python_cext=False,
        output_dir=str(tmp_path)).compile()
    lib = pixie.load(path)
    assert lib.copy(np.arange(3.0)).tolist() == [0.0, 1.0, 2.0]
    d = lib.__PIXIE__
    entry = d["symbols"]["copy"]["void(const f64[n] x, f64[n] y)"]  # canonical, as written
    assert entry["ctypes_cfunctype"]._argtypes_ == (
        ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double), ctypes.c_int64)
    assert "/* void(const f64[n] x, f64[n] y) */\nvoid copy(const double* x, double* y, int64_t n);" in d["c_header"]


def test_random_arguments_never_crash(lib):
    """Every checked kernel called with random arguments: mostly plausible ones
    (arrays of the parameter's dtype and rank with random extents, scalars of its
    kind), else arrays of every dtype, rank and order, NumPy and Python scalars,
    None, lists; by position and by keyword. Each call either runs on
    arguments that fit or raises TypeError or ValueError, and guard bytes
    around every array stay untouched."""
    rng = np.random.default_rng(14)
    checked = ["axpy", "copy", "dot", "mm", "stencil", "sumsq", "split", "rotate", "fill", "scale", "which",
               "pick", "half", "neg", "asum"]
    sigs = {name: list(inspect.signature(getattr(lib, name)).parameters.values()) for name in checked}
    dtypes = {"f64": np.float64, "f32": np.float32, "i64": np.int64, "i32": np.int32, "u8": np.uint8, "i8": np.int8}
    scalars = [None, [1.0, 2.0], 1.5, 3, -1, 2 ** 70, np.float32(2), np.float64(2), np.int16(3), "x"]

    def guarded(shape, dtype):
        """An array inside a larger buffer whose edges hold a pattern."""
        size, itemsize = int(np.prod(shape)), np.dtype(dtype).itemsize
        base = np.zeros(size * itemsize + 64, np.uint8)
        base[:32] = base[-32:] = 0xA5
        a = base[32:32 + size * itemsize].view(dtype).reshape(shape)
        a[...] = rng.integers(0, 3, size=shape).astype(dtype)
        guards.append(base)
        return a

    def value(annotation):
        if rng.integers(0, 4):  # plausible
            elem = annotation.replace("const ", "").split("[")[0]
            if "[" not in annotation:
                return float(rng.integers(0, 3)) if elem.startswith("f") else int(rng.integers(0, 3))
            ndim = annotation.count(",") + 1
            return guarded(tuple(int(x) for x in rng.choice([2, 3], size=ndim)), dtypes[elem])
        if rng.integers(0, 2):
            ndim = int(rng.choice([0, 1, 2, 3]))
            a = guarded(tuple(int(x) for x in rng.choice([0, 2, 3], size=ndim)),
                        list(dtypes.values())[rng.integers(0, len(dtypes))])
            if ndim >= 2 and rng.integers(0, 2):
                a = a.T
            if rng.integers(0, 4) == 0:
                a.flags.writeable = False
            return a
        return scalars[rng.integers(0, len(scalars))]

    ran = 0
    for _ in range(4000):
        guards = []
        name = checked[rng.integers(0, len(checked))]
        params = sigs[name]
        n = int(rng.integers(max(0, len(params) - 2), len(params) + 2))
        args = [value(params[min(i, len(params) - 1)].annotation if params else "f64") for i in range(n)]
        kwargs = {}
        if n and rng.integers(0, 3) == 0 and all(p.kind == p.POSITIONAL_OR_KEYWORD for p in params):
            k = int(rng.integers(0, min(n, len(params)) + 1))
            kwargs = {params[i].name: args[i] for i in range(k)}
            args = args[k:]
        try:
            getattr(lib, name)(*args, **kwargs)
            ran += 1
        except (TypeError, ValueError):
            pass
        for base in guards:
            assert (base[:32] == 0xA5).all() and (base[-32:] == 0xA5).all(), name
    assert ran > 400, ran
