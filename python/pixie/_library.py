"""A loaded .pixie file as a Python module object."""
import os
import types

from . import _pixie


class Library(types.ModuleType):
    """A module whose attributes are the exports of a .pixie file.

    An export is made into a kernel when it is first used, then kept in the
    module's __dict__, so `lib.kernel(...)` costs one dict lookup; loading
    a library costs time linear in its exports. Introspection (selected_isa,
    available_isas, explain(), metadata, bitcode, __PIXIE__) is served by
    __getattr__ after the exports: an export always wins a name clash.

    Except over the names Python gives meaning in a module: an export named
    like `__getattr__`, `__spec__` or `__file__` (any `__name__`) would break
    `import` or attribute lookup, so such exports are not attributes; they are
    called through `lib.__PIXIE__["kernels"][name]`.
    """

    def __init__(self, name, path, *, isa=None, jit=None):
        super().__init__(name)
        path = os.fspath(path)
        native = _pixie.Library(path, isa=isa, jit=jit)
        names = native.export_names()
        self.__file__ = path
        # Dunders: no export can replace them.
        self.__dict__["__pixie_native__"] = native
        self.__dict__["__pixie_exports__"] = {n: i for i, n in enumerate(names)}
        self.__dict__["__pixie_kernels__"] = {}
        self.__all__ = [n for n in names if not _is_dunder(n)]
        self.__doc__ = f"pixie library {native.name!r} ({native.selected_isa}) from {path}"

    def __getattr__(self, name):
        d = self.__dict__
        if name in d["__pixie_exports__"] and not _is_dunder(name):
            value = d[name] = _kernel(self, name)
            return value
        native = d["__pixie_native__"]
        if name in ("selected_isa", "available_isas", "is_specialized", "uuid"):
            return getattr(native, name)
        if name == "explain":
            return native.explain
        if name == "metadata":
            import json
            return json.loads(native.metadata_json)
        if name == "bitcode":
            return native.bitcode
        if name == "__PIXIE__":
            from ._pixie_dict import build
            value = build(self, native)
            self.__dict__["__PIXIE__"] = value
            return value
        raise AttributeError(f"pixie library {self.__name__!r} has no export or attribute {name!r}")

    def __dir__(self):
        return sorted(set(self.__dict__) | set(self.__all__))

    def __repr__(self):
        native = self.__dict__["__pixie_native__"]
        return f"<pixie library {self.__name__!r} ({native.selected_isa}) from {self.__file__!r}>"


def _kernel(module, name):
    """The kernel of export `name`, made on first use (dunder-named exports included)."""
    d = module.__dict__
    kernels = d["__pixie_kernels__"]
    kernel = kernels.get(name)
    if kernel is None:
        kernel = kernels[name] = d["__pixie_native__"].kernel(d["__pixie_exports__"][name])
    return kernel


def all_kernels(module):
    """name -> kernel for every export, in file order."""
    return {name: _kernel(module, name) for name in module.__dict__["__pixie_exports__"]}


def _is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def load(path, *, isa=None, jit=None, name=None):
    """Open a .pixie file and load the variant that fits this host best.

    isa: force a tier (as PIXIE_USE_ISA does); an absent or unrunnable tier
         raises NoVariantError listing what the file has and what the host lacks.
    jit: "never", "auto" or "always" (as PIXIE_JIT does).
    """
    if name is None:
        name = os.path.basename(os.fspath(path)).rsplit(".", 1)[0]
    return Library(name, path, isa=isa, jit=jit)
