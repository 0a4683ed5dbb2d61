"""Issue 18, the Python side: objects that outlive their library, a one-element
ctypes pointer array, exports named like module dunders, and the trust given to
a <name>_pixie_specialized.pixie sibling."""
import ctypes
import os
import shutil
import sys
import textwrap

import numpy as np
import pytest

import pixie
from conftest import pixie_build, run_python

DOT = "f64(const f64*, const f64*, i64)"


def build_identity(directory, library, exports, *, add=0, uuid=None, out=None):
    """A linux-64 x86-64 library whose exports all return their i64 argument plus `add`."""
    ll = directory / f"{out or library}.ll"
    ll.write_text(f"define i64 @ident(i64 %x) {{\n  %r = add i64 %x, {add}\n  ret i64 %r\n}}\n")
    path = directory / f"{out or library}.pixie"
    args = ["--platform=linux-64", "--tier=x86-64", f"--library={library}", "-o", str(path)]
    args += [f"--export={name}=ident:i64(i64 x)" for name in exports]
    if uuid:
        args.append(f"--uuid={uuid}")
    pixie_build(*args, str(ll))
    return path


# --- item 4: nothing handed out outlives the loaded code -----------------------------------------

KEEPALIVE = """
import ctypes, gc, sys
import numpy as np
import pixie
a, b = np.arange(4.0), np.arange(4.0) + 1
pa, pb = (x.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) for x in (a, b))
lib = pixie.load(sys.argv[1])
entry = lib.__PIXIE__["symbols"]["dot"][{sig!r}]
{take}
del lib, entry
gc.collect()
for _ in range(3):
    gc.collect()
print({call})
"""


@pytest.mark.parametrize("take, call", [
    ("f = entry['cfunc']", "f(pa, pb, 4)"),
    ("T = entry['ctypes_cfunctype']; address = int(entry['address'])", "T(address)(pa, pb, 4)"),
    ("f = entry['ctypes_cfunctype'](entry['address'])", "f(pa, pb, 4)"),
    ("address = entry['address']",
     "ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)(address)(pa, pb, 4)"),
    ("k = lib.dot", "k(a, b, 4)"),
], ids=["cfunc", "ctypes_cfunctype", "cfunctype-instance", "address", "kernel"])
def test_what_pixie_dict_hands_out_keeps_the_library_loaded(kernels_path, take, call):
    # In a child: before the fix the call ran unmapped code (SIGSEGV).
    proc = _run_with_path(KEEPALIVE.format(sig=DOT, take=take, call=call), kernels_path)
    assert proc.returncode == 0, (proc.returncode, proc.stderr)
    assert float(proc.stdout) == 20.0


def _run_with_path(code, path):
    import subprocess
    return subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                          env=dict(os.environ))


def test_address_is_an_int_that_holds_the_library(kernels_path):
    lib = pixie.load(kernels_path)
    entry = lib.__PIXIE__["symbols"]["dot"][DOT]
    address = entry["address"]
    assert isinstance(address, int) and address == int(address) and repr(address) == repr(int(address))
    assert isinstance(entry["cfunc"], entry["ctypes_cfunctype"])
    assert issubclass(entry["ctypes_cfunctype"], ctypes._CFuncPtr)


# --- item 6: a one-element ctypes pointer array is an array, not a pointer -----------------------

def test_a_one_element_array_of_pointers_is_not_a_pointer(kernels_path):
    lib = pixie.load(kernels_path)
    x = ctypes.c_double(3.0)
    assert lib.norm(ctypes.pointer(x), 1) == 3.0  # a real pointer still is one
    with pytest.raises(TypeError):
        lib.norm((ctypes.POINTER(ctypes.c_double) * 1)(ctypes.pointer(x)), 1)
    flags = (ctypes.c_uint8 * 16)()
    with pytest.raises(TypeError):
        lib.primes((ctypes.c_void_p * 1)(ctypes.addressof(flags)), 16)
    assert bytes(flags) == bytes(16)
    assert lib.primes(ctypes.cast(flags, ctypes.c_void_p), 16) == 6


# --- item 6: exports named like module dunders ---------------------------------------------------

def test_exports_named_like_module_dunders_do_not_break_import(tmp_path):
    build_identity(tmp_path, "dunders", ["__getattr__", "__spec__", "__file__", "__dir__", "plain"])
    sys.path.insert(0, str(tmp_path))
    try:
        import dunders
        assert dunders.plain(4) == 4
        assert dunders.__spec__.name == "dunders"
        assert dunders.__file__ == str(tmp_path / "dunders.pixie")
        assert not isinstance(dunders.__dict__.get("__getattr__"), pixie.Kernel)
        with pytest.raises(AttributeError):
            dunders.missing
        assert "plain" in dir(dunders)
        kernels = dunders.__PIXIE__["kernels"]
        assert kernels["__getattr__"](5) == 5 and kernels["__spec__"](6) == 6 and kernels["plain"] is dunders.plain
        assert set(dunders.__PIXIE__["symbols"]) == {"__getattr__", "__spec__", "__file__", "__dir__", "plain"}
        assert dunders.selected_isa == "x86-64"
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("dunders", None)


# --- item 6: a _pixie_specialized sibling is trusted only as a copy of the file ------------------

UUID = "33333333-3333-4333-8333-333333333333"


def _import(directory, name):
    sys.path.insert(0, str(directory))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(directory))
        sys.modules.pop(name, None)


def test_a_sibling_with_the_same_uuid_but_other_code_is_not_used(tmp_path):
    build_identity(tmp_path, "sib", ["f"], uuid=UUID)
    build_identity(tmp_path, "sib", ["f"], uuid=UUID, add=1000, out="sib_pixie_specialized")
    with pytest.warns(UserWarning, match="bitcode differs"):
        mod = _import(tmp_path, "sib")
    assert mod.f(1) == 1


def test_a_sibling_with_the_same_uuid_but_other_exports_is_not_used(tmp_path):
    build_identity(tmp_path, "sib2", ["f"], uuid=UUID)
    build_identity(tmp_path, "sib2", ["f", "g"], uuid=UUID, out="sib2_pixie_specialized")
    with pytest.warns(UserWarning, match="exports differ"):
        mod = _import(tmp_path, "sib2")
    assert not hasattr(mod, "g")


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_genuine_copy_is_used_only_if_no_one_else_can_write_it(tmp_path):
    path = build_identity(tmp_path, "sib3", ["f"])
    tuned = tmp_path / "sib3_pixie_specialized.pixie"
    shutil.copyfile(path, tuned)  # a copy of the file itself: same origin by every test
    os.chmod(path, 0o644)
    os.chmod(tuned, 0o646)
    with pytest.warns(UserWarning, match="writable by group or others"):
        mod = _import(tmp_path, "sib3")
    assert mod.__file__ == str(path)
    os.chmod(tuned, 0o644)
    mod = _import(tmp_path, "sib3")
    assert mod.__file__ == str(tuned)
    os.unlink(tuned)
    os.symlink(path, tuned)
    with pytest.warns(UserWarning, match="not a regular file"):
        mod = _import(tmp_path, "sib3")
    assert mod.__file__ == str(path)


def test_a_sibling_that_fails_to_load_falls_back_to_the_file(tmp_path):
    path = build_identity(tmp_path, "sib4", ["f"])
    tuned = tmp_path / "sib4_pixie_specialized.pixie"
    shutil.copyfile(path, tuned)
    # Forces the copy through a load that fails (its tier does not exist): the
    # original is loaded instead, with a warning.
    code = textwrap.dedent(f"""
        import sys, warnings
        sys.path.insert(0, {str(tmp_path)!r})
        import pixie
        import pixie._library as L
        orig_init = L.Library.__init__
        def init(self, name, path, **kw):
            if path.endswith("_specialized.pixie"):
                kw["isa"] = "no-such-tier"
            orig_init(self, name, path, **kw)
        L.Library.__init__ = init
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            import sib4
        print(sib4.__file__, sib4.f(2), any("fails to load" in str(x.message) for x in w))
    """)
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(path), "2", "True"]


# --- item 5: loading is linear in the number of exports ------------------------------------------

def _many_exports(directory, n):
    ll = directory / f"many{n}.ll"
    ll.write_text("".join(f"define i64 @f{i}(i64 %x) {{\n  %r = add i64 %x, {i}\n  ret i64 %r\n}}\n"
                          for i in range(n)))
    manifest = directory / f"many{n}.json"
    import json
    manifest.write_text(json.dumps({"library": f"many{n}", "inputs": [str(ll)], "exports": [
        {"name": f"e{i}", "symbol": f"f{i}", "signature": "i64(i64 x)"} for i in range(n)]}))
    path = directory / f"many{n}.pixie"
    pixie_build("--platform=linux-64", "--tier=x86-64", "-o", str(path), "--manifest", str(manifest))
    return path


def _load_time(path):
    import time
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        pixie.load(path)
        best = min(best, time.perf_counter() - start)
    return best


def test_loading_is_linear_in_the_number_of_exports(tmp_path):
    small, large = _many_exports(tmp_path, 1024), _many_exports(tmp_path, 8192)
    ratio = _load_time(large) / _load_time(small)
    # 8x the exports: ~8x the time when linear; it was ~25x (quadratic: every
    # export looked up by name among all of them while loading).
    print(f"load time ratio, 8192 to 1024 exports: {ratio:.1f}")
    assert ratio < 14, ratio
    lib = pixie.load(large)
    assert lib.e8191(1) == 8192 and lib.e0(5) == 5
    assert lib.e8191 is lib.e8191 and "e8191" in vars(lib)
    assert len(lib.__all__) == 8192 and "e4000" in dir(lib)
    with pytest.raises(AttributeError):
        lib.e8192


def test_star_import_and_dir_list_every_export(kernels_dir, on_path):
    import kernels
    assert set(kernels.__all__) == {"primes", "fused", "saxpy", "dot", "norm"}
    assert {"primes", "fused", "saxpy", "dot", "norm"} <= set(dir(kernels))
    namespace = {}
    exec("from kernels import *", namespace)
    assert isinstance(namespace["dot"], pixie.Kernel) and namespace["dot"] is kernels.dot
