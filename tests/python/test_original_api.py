"""Code written for the original numba/pixie runs unchanged."""
import ctypes
import os
import subprocess
import sys

import numpy as np
import pytest

import pixie
from pixie import ExportConfiguration, PIXIECompiler, TranslationUnit

# The original project's own test IR: typed pointers, as LLVM spelled them then.
LLVM_FOO_DOUBLE = """
    define void @"_Z3fooPdS_"(double* %".1", double* %".2", double* %".out")
    {
    entry:
        %.3 = load double, double * %.1
        %.4 = load double, double * %.2
        %"res" = fadd double %".3", %".4"
        store double %"res", double* %".out"
        ret void
    }
    """
LLVM_FOO_I64 = """
    define void @"_Z3fooPlS_"(i64* %".1", i64* %".2", i64* %".out")
    {
    entry:
        %.3 = load i64, i64 * %.1
        %.4 = load i64, i64 * %.2
        %"res" = add nsw i64 %".4", %".3"
        store i64 %"res", i64* %".out"
        ret void
    }
    """


@pytest.fixture(scope="module")
def foo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("foo")
    export_config = ExportConfiguration()
    export_config.add_symbol(python_name="foo", symbol_name="_Z3fooPlS_", signature="void(i64*, i64*, i64*)")
    export_config.add_symbol(python_name="foo", symbol_name="_Z3fooPdS_", signature="void(double*, double*, double*)")
    cfg = pixie.targets.get_default_configuration()
    PIXIECompiler(library_name="foo_library",
                  translation_units=[TranslationUnit("llvm_foo_double_double", LLVM_FOO_DOUBLE),
                                     TranslationUnit("llvm_foo_i64_i64", LLVM_FOO_I64)],
                  export_configuration=export_config,
                  baseline_cpu=cfg["baseline_cpu"], baseline_features=cfg["baseline_features"],
                  targets_features=cfg["targets_features"], python_cext=True, output_dir=str(out)).compile()
    return out


def test_two_symbols_under_one_python_name(foo_dir):
    sys.path.insert(0, str(foo_dir))
    try:
        import foo_library
        symbols = foo_library.__PIXIE__["symbols"]
        assert len(symbols) == 1 and len(symbols["foo"]) == 2
        # The original's canonical spelling of the signatures is the fixed-width one.
        assert set(symbols["foo"]) == {"void(i64*, i64*, i64*)", "void(f64*, f64*, f64*)"}
        a, b, out = np.array([1.5]), np.array([2.25]), np.zeros(1)
        foo_library.foo(a, b, out)
        assert out[0] == 3.75
        ia, ib, iout = np.array([3]), np.array([4]), np.zeros(1, np.int64)
        foo_library.foo(ia, ib, iout)
        assert iout[0] == 7
        cfunc = symbols["foo"]["void(f64*, f64*, f64*)"]["cfunc"]
        p = ctypes.POINTER(ctypes.c_double)
        cfunc(a.ctypes.data_as(p), b.ctypes.data_as(p), out.ctypes.data_as(p))
        assert out[0] == 3.75
        assert foo_library.__PIXIE__["bitcode"][:4] == b"BC\xc0\xde"
        assert foo_library.__PIXIE__["is_specialized"] is False
    finally:
        sys.path.remove(str(foo_dir))
        sys.modules.pop("foo_library", None)


def test_import_works_before_pixie_is_imported(foo_dir):
    code = ("import sys, numpy as np; sys.path.insert(0, %r); import foo_library; "
            "o = np.zeros(1); foo_library.foo(np.ones(1), np.ones(1), o); print(o[0], type(foo_library).__name__)"
            % str(foo_dir))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2.0", "Library"]


def test_c_source_translation_unit(tmp_path):
    src = tmp_path / "vec.c"
    src.write_text("void f(double* x, double* y, long long* n) {\n"
                   "  for (long long i = 0; i < *n; i++) x[i] = 2. * y[i] - 3. * (x[i] - y[i]) + 4. * y[i];\n}\n")
    cfg = ExportConfiguration()
    cfg.add_symbol(python_name="f", symbol_name="f", signature="void(double*, double*, i64*)",
                   metadata={"doc": "vectorisable"})
    PIXIECompiler(library_name="vect_loop", translation_units=[TranslationUnit.from_c_source(str(src))],
                  export_configuration=cfg, baseline_cpu="x86-64", targets_features=("x86-64-v3",),
                  python_cext=False, output_dir=str(tmp_path)).compile()
    assert sorted(os.listdir(tmp_path)) == ["vec.c", "vect_loop.pixie"]
    lib = pixie.load(tmp_path / "vect_loop.pixie")
    assert lib.available_isas == ["x86-64", "x86-64-v3"]
    x, y, n = 3 * np.ones(4), 2 * np.ones(4), np.array([4], np.int64)
    lib.f(x, y, n)
    np.testing.assert_allclose(x, 9.0 * np.ones(4))
    assert lib.__PIXIE__["symbols"]["f"]["void(f64*, f64*, i64*)"]["metadata"] == {"doc": "vectorisable"}


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(library_name=None), TypeError, "kwarg library_name should be a string, got NoneType"),
    (dict(library_name=""), ValueError, "kwarg library_name cannot be an empty string"),
    (dict(translation_units="x"), TypeError, "kwarg translation_units should be a tuple or list, got str"),
    (dict(translation_units=()), ValueError, "kwarg translation_units is an empty tuple"),
    (dict(export_configuration=1), TypeError, "kwarg export_configuration must be of type None or a pixie.ExportConfiguration instance, got int"),
    (dict(baseline_cpu=""), ValueError, "The baseline_cpu kwarg must be supplied"),
    (dict(python_cext=1), TypeError, "kwarg python_cext should be a bool type, got int"),
    (dict(uuid=5), TypeError, "kwarg uuid must be a string representation of a uuid4 or None"),
    (dict(uuid="nope"), ValueError, "badly formed hexadecimal UUID string"),
    (dict(opt=4), ValueError, "kwarg opt must be an integer value in (0, 1, 2, 3), got 4"),
    (dict(output_dir=1), TypeError, "kwarg output_dir should be a string, bytes or os.PathLike, got int"),
    (dict(baseline_cpu="pentium"), ValueError, "'pentium' (offending argument supplied to baseline_cpu) is not a tier of linux-64/win-64; valid tiers: x86-64, x86-64-v2, x86-64-v3, x86-64-v4"),
    (dict(baseline_features=("avx2",)), ValueError, "baseline tier x86-64 does not provide avx2"),
    (dict(opt_flags={"unroll": True}), ValueError, "kwarg opt_flags has unknown keys ['unroll']"),
])
def test_argument_validation_matches_the_original(kwargs, error, message):
    base = dict(library_name="x", translation_units=[TranslationUnit("t", LLVM_FOO_I64)], baseline_cpu="x86-64")
    base.update(kwargs)
    with pytest.raises(error) as err:
        PIXIECompiler(**base)
    assert message in str(err.value)


def test_translation_unit_validation():
    with pytest.raises(TypeError, match="name must be a string, got int"):
        TranslationUnit(1, "")
    with pytest.raises(TypeError, match="Expected string or bytes for source, got list."):
        TranslationUnit("x", [])


def test_invalid_ir_is_a_build_error_with_its_location(tmp_path):
    cfg = ExportConfiguration()
    cfg.add_symbol(python_name="f", symbol_name="f", signature="void()")
    compiler = PIXIECompiler(library_name="bad", translation_units=[TranslationUnit("t", "define void @f( {")],
                             export_configuration=cfg, baseline_cpu="x86-64", output_dir=str(tmp_path))
    with pytest.raises(pixie.BuildError) as err:
        compiler.compile()
    assert "tu0.ll:1:" in str(err.value)
    assert not (tmp_path / "bad.pixie").exists()


def test_specialize_builds_a_host_tuned_copy_that_later_imports_use(tmp_path):
    cfg = ExportConfiguration()
    cfg.add_symbol(python_name="foo", symbol_name="_Z3fooPdS_", signature="void(double*, double*, double*)")
    PIXIECompiler(library_name="spec_library", translation_units=[TranslationUnit("t", LLVM_FOO_DOUBLE)],
                  export_configuration=cfg, baseline_cpu="x86-64", output_dir=str(tmp_path)).compile()
    sys.path.insert(0, str(tmp_path))
    try:
        import spec_library
        original = spec_library.__PIXIE__
        assert original["is_specialized"] is False and original["selected_isa"] == "x86-64"
        report = original["specialize"]()
        assert report["path"] == str(tmp_path / "spec_library_pixie_specialized.pixie")
        sys.modules.pop("spec_library")
        import spec_library as tuned
        d = tuned.__PIXIE__
        assert d["is_specialized"] is True
        assert d["selected_isa"] == report["tier"] == "host-" + pixie.host()["cpu"]
        for key in ("bitcode", "c_header", "linkage", "uuid"):
            assert d[key] == original[key], key
        assert d["symbols"].keys() == original["symbols"].keys()
        out = np.zeros(1)
        tuned.foo(np.array([1.25]), np.array([2.5]), out)
        assert out[0] == 3.75
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("spec_library", None)


def test_a_specialized_copy_of_another_library_is_not_used(tmp_path):
    cfg = ExportConfiguration()
    cfg.add_symbol(python_name="foo", symbol_name="_Z3fooPdS_", signature="void(double*, double*, double*)")
    for uuid in ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"):
        PIXIECompiler(library_name="other_library", translation_units=[TranslationUnit("t", LLVM_FOO_DOUBLE)],
                      export_configuration=cfg, baseline_cpu="x86-64", uuid=uuid,
                      output_dir=str(tmp_path)).compile()
        if uuid.startswith("1"):
            pixie.load(tmp_path / "other_library.pixie").__PIXIE__["specialize"]()
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.warns(UserWarning, match="has another uuid"):
            import other_library
        assert other_library.__PIXIE__["is_specialized"] is False
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("other_library", None)


@pytest.mark.parametrize("flags, vectorised", [({}, True), ({"loop_vectorize": False, "slp_vectorize": False}, False)])
def test_opt_flags_switch_the_vectorisers(tmp_path, flags, vectorised):
    from conftest import BUILD_DIR
    src = tmp_path / "axpy.c"
    src.write_text("void axpy(double* x, const double* y, long long n) { for (long long i = 0; i < n; i++) "
                   "x[i] += 2.0 * y[i]; }\n")
    cfg = ExportConfiguration()
    cfg.add_symbol(python_name="axpy", symbol_name="axpy", signature="void(double*, const double*, i64)")
    PIXIECompiler(library_name="vec", translation_units=[TranslationUnit.from_c_source(str(src))],
                  export_configuration=cfg, baseline_cpu="x86-64-v3", opt_flags=flags,
                  output_dir=str(tmp_path)).compile()
    disasm = subprocess.run([os.path.join(BUILD_DIR, "tools", "pixie-inspect", "pixie-inspect"),
                             str(tmp_path / "vec.pixie"), "--disasm", "axpy", "--variant", "linux-64/x86-64-v3"],
                            capture_output=True, text=True, check=True).stdout
    assert ("ymm" in disasm) == vectorised
    x, y = np.ones(100), np.arange(100.0)
    pixie.load(tmp_path / "vec.pixie").axpy(x, y, 100)
    np.testing.assert_array_equal(x, 1 + 2 * np.arange(100.0))


def test_specialize_refuses_a_cpu_llvm_does_not_know(tmp_path):
    cfg = ExportConfiguration()
    cfg.add_symbol(python_name="foo", symbol_name="_Z3fooPdS_", signature="void(double*, double*, double*)")
    PIXIECompiler(library_name="cpu_library", translation_units=[TranslationUnit("t", LLVM_FOO_DOUBLE)],
                  export_configuration=cfg, baseline_cpu="x86-64", output_dir=str(tmp_path)).compile()
    lib = pixie.load(tmp_path / "cpu_library.pixie")
    with pytest.raises(pixie.ConfigError, match="baseline_cpu 'pentium9' is not a CPU LLVM knows for linux-64"):
        lib.__PIXIE__["specialize"](baseline_cpu="pentium9")
    assert not (tmp_path / "cpu_library_pixie_specialized.pixie").exists()
    report = lib.__PIXIE__["specialize"](baseline_cpu="nocona", baseline_features=("sse2", "sse3"))
    assert report["cpu"] == "nocona"
