"""The `__PIXIE__` dictionary, laid out as the original PIXIE's.

Built on first access only: it is the one place the loader imports ctypes.

Signatures are keyed as written in the file, in canonical form, array
signatures included (`void(i64 n, const f64[n] x, f64[n] y)`). `cfunc`,
`ctypes_cfunctype` and `c_header` describe the exported C function, so for
an array signature they follow the lowered C ABI (spec/format.md, "Arrays"):
arrays are pointers, and each named extent an integer (its own parameter, or
an i64 appended after the declared ones): `void(i64 n, const f64* x, f64* y)`.
A ctypes call passes those itself and is not checked; the kernel object
(`library.name(...)`) is the checked call.

Nothing handed out here outlives the loaded code: `ctypes_cfunctype` is a
subclass, made for this library, of the plain `ctypes.CFUNCTYPE(...)` type
that holds the library, so `cfunc` and every function pointer made from it
(`ctypes_cfunctype(address)`) keep the code mapped; `address` is an int
(`Address`) that holds the library too. An address copied out as a plain int
(`int(address)`, arithmetic, a C caller) borrows it: it is valid while the
library, or anything above, is reachable.
"""
import ctypes

_CTYPES = {
    "void": None, "i8": ctypes.c_int8, "i16": ctypes.c_int16, "i32": ctypes.c_int32, "i64": ctypes.c_int64,
    "u8": ctypes.c_uint8, "u16": ctypes.c_uint16, "u32": ctypes.c_uint32, "u64": ctypes.c_uint64,
    "f32": ctypes.c_float, "f64": ctypes.c_double,
}
_C = {
    "void": "void", "i8": "int8_t", "i16": "int16_t", "i32": "int32_t", "i64": "int64_t",
    "u8": "uint8_t", "u16": "uint16_t", "u32": "uint32_t", "u64": "uint64_t", "f32": "float", "f64": "double",
}


def _parts(param):
    """'const f64* x' -> ('const f64*', 'x'); the name is '' when there is none."""
    text = param.strip()
    const = text.startswith("const ")
    typ, _, name = text[6 if const else 0:].partition(" ")
    return ("const " if const else "") + typ, name


def _split(signature):
    """A lowered (pointer-only) signature: its return type and parameter types."""
    ret, _, rest = signature.partition("(")
    params = rest[:-1]
    return ret, [_parts(p)[0] for p in params.split(", ")] if params else []


def _ctype(text):
    text = text.replace("const ", "")
    base = text.rstrip("*")
    depth = len(text) - len(base)
    t = _CTYPES[base]
    if depth == 0:
        return t
    t = ctypes.c_void_p if t is None else ctypes.POINTER(t)
    for _ in range(depth - 1):
        t = ctypes.POINTER(t)
    return t


def _c(text):
    const = text.startswith("const ")
    base = text.replace("const ", "").rstrip("*")
    stars = text.count("*")
    return ("const " if const else "") + _C[base] + ("*" * stars)


def _c_param(param):
    """'const f64* x' -> 'const double* x'."""
    typ, name = _parts(param)
    return _c(typ) + (" " + name if name else "")


def c_header(name, symbols):
    lines = [f"/* {name}: exports of a pixie library */", "#include <stdint.h>", ""]
    for _python, symbol, signature, _address, _meta, lowered in symbols:
        ret, _, rest = lowered.partition("(")
        params = rest[:-1].split(", ") if rest[:-1] else []
        if signature != lowered:
            lines.append(f"/* {signature} */")
        lines.append(f"{_c(ret)} {symbol}({', '.join(_c_param(p) for p in params) or 'void'});")
    return "\n".join(lines) + "\n"


class Address(int):
    """A function's address that keeps its library loaded while it exists."""

    def __new__(cls, value, library):
        self = super().__new__(cls, value)
        self._pixie_library = library
        return self

    def __repr__(self):
        return int.__repr__(self)


def _owning_cfunctype(plain, library):
    """A subclass of the ctypes function type `plain` whose instances keep `library` alive."""
    return type(plain)(plain.__name__, (plain,), {
        "_flags_": plain._flags_, "_argtypes_": plain._argtypes_, "_restype_": plain._restype_,
        "_pixie_library": library, "__module__": __name__,
    })


def build(module, native):
    import json
    from ._library import all_kernels
    symbols = native.symbols()
    table = {}
    types = {}
    for python_name, symbol, signature, address, meta, lowered in symbols:
        cfunctype = types.get(lowered)
        if cfunctype is None:
            ret, params = _split(lowered)
            plain = ctypes.CFUNCTYPE(_ctype(ret), *[_ctype(p) for p in params])
            cfunctype = types[lowered] = _owning_cfunctype(plain, native)
        table.setdefault(python_name, {})[signature] = {
            "symbol": symbol,
            "address": Address(address, native),
            "cfunc": cfunctype(address),
            "ctypes_cfunctype": cfunctype,
            "metadata": json.loads(meta),
            "module": module,
            "source_file": native.path,
        }

    def specialize(baseline_cpu="host", baseline_features=None, targets_features=None):
        return _specialize(module, native, baseline_cpu, baseline_features, targets_features)

    return {
        "symbols": table,
        "kernels": all_kernels(module),  # module dunders included
        "c_header": c_header(native.name, symbols),
        "linkage": "shared-library",
        "bitcode": native.bitcode,
        "uuid": native.uuid,
        "is_specialized": native.is_specialized,
        "available_isas": native.available_isas,
        "selected_isa": native.selected_isa,
        "specialize": specialize,
    }


def _specialize(module, native, baseline_cpu, baseline_features, targets_features):
    """The original PIXIE's specialize(): a copy of the library tuned for this
    machine, written next to it as <name>_pixie_specialized.pixie with the
    same uuid; later imports of <name> load it instead (is_specialized)."""
    from . import _pixie_build
    from ._finder import specialized_path
    cpu = "" if baseline_cpu == "host" else baseline_cpu
    if not isinstance(cpu, str):
        raise TypeError(f"baseline_cpu must be 'host' or a CPU name, got {type(baseline_cpu).__name__}")
    features = None
    if baseline_features is not None or targets_features is not None:
        features = []
        for group in (baseline_features, targets_features):
            if group is None:
                continue
            for f in ([group] if isinstance(group, str) else group):
                features.append(str(f))
    return _pixie_build.specialize(native.path, specialized_path(native.path), cpu, features, 3)
