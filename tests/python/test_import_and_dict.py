import json
import sys

import numpy as np

import pixie
from conftest import run_python


def test_import_finds_pixie_files_on_sys_path(on_path):
    import kernels
    assert isinstance(kernels, pixie.Library)
    assert kernels.__file__ == str(on_path / "kernels.pixie")
    assert sys.modules["kernels"] is kernels
    flags = np.zeros(10, np.uint8)
    assert kernels.primes(flags, 10) == 4


def test_import_does_not_load_numpy_ctypes_or_llvm(kernels_dir):
    code = ("import sys; sys.path.insert(0, %r); import kernels; "
            "f = bytearray(10); assert kernels.primes(f, 10) == 4; "
            "maps = open('/proc/self/maps').read(); "
            "print(sorted(m for m in ('numpy', 'ctypes', 'json') if m in sys.modules), 'libLLVM' in maps)"
            % str(kernels_dir))
    proc = run_python("import pixie; " + code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[] False"


def test_pixie_dict_has_the_original_layout(on_path):
    import ctypes
    import kernels
    d = kernels.__PIXIE__
    for key in ("symbols", "c_header", "linkage", "bitcode", "uuid", "is_specialized", "available_isas",
                "selected_isa"):
        assert key in d
    assert set(d["symbols"]) == {"primes", "fused", "saxpy", "dot", "norm"}
    assert set(d["symbols"]["saxpy"]) == {"void(f32, const f32*, f32*, i64)", "void(f64, const f64*, f64*, i64)"}
    entry = d["symbols"]["dot"]["f64(const f64*, const f64*, i64)"]
    assert set(entry) == {"symbol", "address", "cfunc", "ctypes_cfunctype", "metadata", "module", "source_file"}
    assert entry["symbol"] == "dot_f64" and entry["module"] is kernels
    a = np.arange(4.0)
    ptr = a.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    assert entry["cfunc"](ptr, ptr, 4) == 14.0
    assert entry["ctypes_cfunctype"]._restype_ is ctypes.c_double
    assert d["symbols"]["primes"]["i64(u8*, i64)"]["metadata"]["doc"].startswith("flags[i] = 1")
    assert d["bitcode"][:4] == b"BC\xc0\xde"
    assert d["uuid"] == kernels.metadata["uuid"] == kernels.uuid
    assert "double dot_f64(const double*, const double*, int64_t);" in d["c_header"]
    assert d["selected_isa"] == kernels.selected_isa


def test_metadata_and_explanation(kernels_path):
    lib = pixie.load(kernels_path)
    meta = lib.metadata
    assert meta["library"] == "kernels"
    assert len(meta["variants"]) == 4
    assert "loaded via: memfd" in lib.explain()
    json.dumps(meta)
