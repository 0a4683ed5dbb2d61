import threading
import time

import numpy as np
import pytest

import pixie
from conftest import check_example_kernels, run_python


@pytest.fixture(scope="module")
def lib(kernels_path):
    return pixie.load(kernels_path)


def test_load_selects_a_tier_of_this_platform(lib):
    assert lib.available_isas == ["x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"]
    assert lib.selected_isa in lib.available_isas
    host = set(pixie.host()["features"])
    expected = "x86-64-v4" if "avx512f" in host else "x86-64-v3" if "avx2" in host else "x86-64-v2"
    assert lib.selected_isa == expected
    assert "decision: " + lib.selected_isa in lib.explain()


def test_results_are_correct(lib):
    check_example_kernels(lib)


def test_overloads_are_chosen_by_dtype(lib):
    for dtype in (np.float32, np.float64):
        x, y = np.arange(10, dtype=dtype), np.ones(10, dtype=dtype)
        lib.saxpy(2.0, x, y, 10)
        np.testing.assert_array_equal(y, 2 * np.arange(10) + 1)
    with pytest.raises(TypeError) as err:
        lib.saxpy(2.0, np.ones(3, np.int32), np.ones(3, np.int32), 3)
    assert str(err.value) == (
        "saxpy(): no signature accepts these arguments:\n"
        "  void(f32, const f32*, f32*, i64): argument 2 (const f32*): expected float32 data, got int32\n"
        "  void(f64, const f64*, f64*, i64): argument 2 (const f64*): expected float64 data, got int32")


@pytest.mark.parametrize("args, message", [
    (lambda a: (a.astype(np.float32), a, 3), "argument 1 (const f64*): expected float64 data, got float32"),
    (lambda a: (a[::2], a[::2], 2), "argument 1 (const f64*): the array is not C-contiguous"),
    (lambda a: (a, a), "takes 3 arguments, 2 given"),
    (lambda a: (a.astype(">f8"), a, 3), "argument 1 (const f64*): expected float64 data, got byte-swapped float64"),
    (lambda a: (a, a.astype(np.complex128), 3), "argument 2 (const f64*): expected float64 data, got complex128"),
    (lambda a: (a, memoryview(b"x" * 48).cast("d"), 3), None),
    (lambda a: (a, a, 2.5), "argument 3 (i64): expected an integer, got float"),
    (lambda a: (a, a, 2 ** 63), "argument 3 (i64): 9223372036854775808 is out of range for i64"),
    (lambda a: (a, "abc", 3), "argument 2 (const f64*): expected an array (buffer protocol), a ctypes pointer or None, got str"),
    (lambda a: (a, b"abcdefgh", 1), "argument 2 (const f64*): expected float64 data, got uint8"),
    (lambda a: (a, 7, 3), "argument 2 (const f64*): expected an array (buffer protocol), a ctypes pointer or None, got int"),
])
def test_wrong_arguments_are_type_errors(lib, args, message):
    a = np.arange(6.0)
    if message is None:  # a control: the same call with acceptable arguments
        lib.dot(*args(a))
        return
    with pytest.raises(pixie.SignatureError) as err:
        lib.dot(*args(a))
    assert isinstance(err.value, TypeError)
    assert message in str(err.value)


def test_readonly_arrays_only_for_const_pointers(lib):
    a = np.arange(4.0)
    a.flags.writeable = False
    assert lib.dot(a, a, 4) == 14.0  # const f64*: fine
    with pytest.raises(TypeError, match="argument 3 \\(f64\\*\\): the array is read-only"):
        lib.saxpy(1.0, a, a, 4)
    with pytest.raises(TypeError, match="read-only"):
        lib.primes(b"\0" * 10, 10)  # bytes are read-only buffers


def test_other_buffers_and_ctypes_pointers(lib):
    import array
    import ctypes
    flags = bytearray(20)
    assert lib.primes(flags, 20) == 8
    buf = array.array("d", [1.0, 2.0, 3.0])
    assert lib.dot(buf, buf, 3) == 14.0
    a = np.arange(3.0)
    assert lib.dot(a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), a, 3) == 5.0
    assert lib.dot(ctypes.c_void_p(a.ctypes.data), a, 3) == 5.0
    with pytest.raises(TypeError, match="expected float64 data, got a ctypes pointer to float32"):
        lib.dot(a.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), a, 3)


def test_scalar_conversions(lib):
    x, y = np.ones(2, np.float32), np.zeros(2, np.float32)
    lib.saxpy(np.float32(3), x, y, np.int64(2))  # NumPy scalars via __float__ / __index__
    assert list(y) == [3.0, 3.0]
    with pytest.raises(TypeError, match="1e\\+300 is out of range for f32|out of range for f32"):
        lib.saxpy(1e300, x, y, 2)


def test_gil_is_released_while_native_code_runs(lib):
    n = 200_000_000
    flags = np.empty(n, np.uint8)
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    lib.primes(flags, n)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # With the GIL held the thread could not run at all during the call.
    assert end - start > 0.05
    assert len(during) >= 10, f"{len(during)} ticks during a {end - start:.3f} s call"


def test_forced_isa_from_python_and_environment(kernels_path):
    lib = pixie.load(kernels_path, isa="x86-64-v2")
    assert lib.selected_isa == "x86-64-v2"
    flags = np.zeros(50, np.uint8)
    assert lib.primes(flags, 50) == 15
    with pytest.raises(pixie.NoVariantError) as err:
        pixie.load(kernels_path, isa="x86-64-v9")
    assert "x86-64-v9" in str(err.value) and "x86-64-v4" in str(err.value)
    proc = run_python(f"import pixie; print(pixie.load({kernels_path!r}).selected_isa)",
                      env={"PIXIE_USE_ISA": "x86-64"})
    assert proc.stdout.strip() == "x86-64", proc.stderr


def test_bad_files_raise_clear_errors(tmp_path, kernels_path):
    with pytest.raises(pixie.LoadError) as err:
        pixie.load(tmp_path / "missing.pixie")
    assert isinstance(err.value, OSError) and err.value.code == "io"
    data = open(kernels_path, "rb").read()
    (tmp_path / "cut.pixie").write_bytes(data[:len(data) // 2])
    with pytest.raises(pixie.FormatError) as err:
        pixie.load(tmp_path / "cut.pixie")
    assert err.value.code == "truncated"
    bad = bytearray(data)
    bad[70] ^= 0xFF
    (tmp_path / "bad.pixie").write_bytes(bytes(bad))
    with pytest.raises(pixie.FormatError, match="checksum"):
        pixie.load(tmp_path / "bad.pixie")


def test_kernels_keep_their_library_alive(kernels_path):
    import gc
    dot = pixie.load(kernels_path).dot
    gc.collect()
    a = np.arange(3.0)
    assert dot(a, a, 3) == 5.0
