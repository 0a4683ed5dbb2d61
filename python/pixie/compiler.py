"""The original PIXIE build API, on top of pixie.build.

Code written for numba/pixie runs unchanged:

    from pixie import PIXIECompiler, TranslationUnit, ExportConfiguration
    tu = TranslationUnit("foo", llvm_ir_text)            # or bitcode bytes
    tu = TranslationUnit.from_c_source("foo.c")
    cfg = ExportConfiguration()
    cfg.add_symbol(symbol_name="foo_d", python_name="foo", signature="void(double*, double*, double*)")
    PIXIECompiler(library_name="foo_library", translation_units=[tu], export_configuration=cfg,
                  baseline_cpu="x86-64", output_dir=".").compile()
    import foo_library                                   # foo_library.__PIXIE__ as before

What changes underneath: the output is foo_library.pixie (a fat binary for
every platform of the host's architecture family: linux-64 and win-64 on x86,
linux-aarch64 on Arm, osx-arm64 on Apple) plus, with python_cext=True, a
two-line foo_library.py that imports it even before `import pixie`.
baseline_cpu and targets_features name tiers of spec/targets.md.
"""
import json
import os
import re
import tempfile
from collections import namedtuple

_pixie_export = namedtuple("_pixie_export", "symbol_name python_name signature metadata")

# LLVM 17 removed typed pointers from the IR parser; the original PIXIE's
# examples (and Numba's IR of that era) still spell them. Rewrite `T*` to
# `ptr` for the scalar, named and aggregate types those modules use.
_TYPED_POINTER = re.compile(r'(?:\bi\d+|\bhalf|\bbfloat|\bfloat|\bdouble|\bfp128|\bx86_fp80|\bptr'
                            r'|%"[^"]*"|%[-\w.$]+|\[[^\[\]]*\]|<[^<>]*>|\{[^{}]*\})\s*\*+')


def _upgrade_typed_pointers(text):
    previous = None
    while previous != text:  # pointers to pointers to aggregates need a pass per level
        previous, text = text, _TYPED_POINTER.sub("ptr", text)
    return text


class TranslationUnit:
    """One source: LLVM IR text (str), LLVM bitcode (bytes), or a C file."""

    def __init__(self, name, source):
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        if not isinstance(source, (str, bytes)):
            raise TypeError(f"Expected string or bytes for source, got {type(source).__name__}.")
        self._name = name
        self._source = source
        self._c_path = None
        self._extra_flags = ()

    @classmethod
    def from_c_source(cls, path_to_c_file, name="", extra_flags=()):
        if not os.path.isfile(path_to_c_file):
            raise FileNotFoundError(f"C source {path_to_c_file!r} does not exist")
        tu = cls(name or os.fspath(path_to_c_file), "")
        tu._c_path = os.path.abspath(path_to_c_file)
        tu._extra_flags = tuple(extra_flags)
        return tu

    def _materialise(self, directory, index):
        """The path pixie.build compiles for this unit."""
        if self._c_path is not None:
            return self._c_path
        if isinstance(self._source, bytes):
            path = os.path.join(directory, f"tu{index}.bc")
            with open(path, "wb") as f:
                f.write(self._source)
        else:
            path = os.path.join(directory, f"tu{index}.ll")
            with open(path, "w") as f:
                f.write(_upgrade_typed_pointers(self._source))
        return path


class ExportConfiguration:
    def __init__(self):
        self._data = []

    def add_symbol(self, symbol_name, python_name, signature, metadata=None):
        self._data.append(_pixie_export(symbol_name, python_name, signature, metadata))


_OPT_FLAGS = {"loop_vectorize", "slp_vectorize"}


class PIXIECompiler:
    def __init__(self, library_name=None, translation_units=(), export_configuration=None, baseline_cpu="",
                 baseline_features=(), targets_features=(), python_cext=True, uuid=None, opt=3, opt_flags={},
                 output_dir="."):
        if not isinstance(library_name, str):
            raise TypeError(f"kwarg library_name should be a string, got {type(library_name).__name__}")
        if library_name == "":
            raise ValueError("kwarg library_name cannot be an empty string")
        if not isinstance(translation_units, (tuple, list)):
            raise TypeError("kwarg translation_units should be a tuple or list, got "
                            f"{type(translation_units).__name__}")
        if len(translation_units) == 0:
            raise ValueError("kwarg translation_units is an empty tuple, no translation units were given, "
                             "there is nothing to compile!")
        if export_configuration is not None and not isinstance(export_configuration, ExportConfiguration):
            raise TypeError("kwarg export_configuration must be of type None or a pixie.ExportConfiguration "
                            f"instance, got {type(export_configuration).__name__}")
        if baseline_cpu == "":
            raise ValueError("The baseline_cpu kwarg must be supplied and also be a valid cpu name.\n"
                             "For a list of valid names, see pixie.targets.tier_names()")
        if not isinstance(python_cext, bool):
            raise TypeError(f"kwarg python_cext should be a bool type, got {type(python_cext).__name__}")
        if isinstance(uuid, str):
            from uuid import UUID
            UUID(uuid)
        elif uuid is not None:
            raise TypeError("kwarg uuid must be a string representation of a uuid4 or None")
        if opt not in (0, 1, 2, 3):
            raise ValueError(f"kwarg opt must be an integer value in (0, 1, 2, 3), got {opt}")
        if not isinstance(opt_flags, dict):
            raise TypeError(f"kwarg opt_flags should be a dict, got {type(opt_flags).__name__}")
        if unknown := set(opt_flags) - _OPT_FLAGS:
            raise ValueError(f"kwarg opt_flags has unknown keys {sorted(unknown)}; known: {sorted(_OPT_FLAGS)}")
        if not isinstance(output_dir, (str, bytes, os.PathLike)):
            raise TypeError(f"kwarg output_dir should be a string, bytes or os.PathLike, got "
                            f"{type(output_dir).__name__}")
        from . import targets
        self._platforms, self._tiers = targets._resolve(baseline_cpu, baseline_features, targets_features)
        self._library_name = library_name
        self._translation_units = tuple(translation_units)
        self._export_configuration = export_configuration or ExportConfiguration()
        self._python_cext = python_cext
        self._uuid = str(uuid).lower() if uuid else None
        self._opt = opt
        self._opt_flags = dict(opt_flags)
        self._output_dir = os.fsdecode(output_dir)

    def compile(self):
        from ._build import build
        exports = [(e.python_name, e.symbol_name, e.signature, e.metadata)
                   for e in self._export_configuration._data]
        clang_args = [flag for tu in self._translation_units for flag in tu._extra_flags]
        os.makedirs(self._output_dir, exist_ok=True)
        output = os.path.join(self._output_dir, self._library_name + ".pixie")
        with tempfile.TemporaryDirectory() as tmp:
            inputs = [tu._materialise(tmp, i) for i, tu in enumerate(self._translation_units)]
            build(output, inputs, exports, library=self._library_name, platforms=self._platforms,
                  tiers=self._tiers, opt=self._opt, clang_args=clang_args, uuid=self._uuid,
                  loop_vectorize=self._opt_flags.get("loop_vectorize"),
                  slp_vectorize=self._opt_flags.get("slp_vectorize"))
        if self._python_cext:
            _write_import_shim(self._output_dir, self._library_name)
        return output


def _write_import_shim(directory, name):
    """name.py next to name.pixie, so `import name` works before `import pixie`."""
    path = os.path.join(directory, name + ".py")
    with open(path, "w") as f:
        f.write(f'"""pixie library {name}: loads {name}.pixie from this directory."""\n'
                "import os, sys, pixie\n"
                f"sys.modules[__name__] = pixie._finder.import_pixie(__name__, "
                f"os.path.join(os.path.dirname(__file__), {name + '.pixie'!r}))\n")
    return path
