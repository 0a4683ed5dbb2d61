"""pixie.build: the compiler library in-process, with pixie-build's options."""
import json
import os


def _export(spec):
    """'NAME=SYMBOL:SIGNATURE' or (name, symbol, signature[, metadata])."""
    if isinstance(spec, str):
        name, sep, rest = spec.partition("=")
        symbol, sep2, signature = rest.partition(":")
        if not (sep and sep2 and name and symbol and signature):
            raise ValueError(f"export {spec!r} is not NAME=SYMBOL:SIGNATURE")
        return (name, symbol, signature, "null")
    if isinstance(spec, (tuple, list)) and len(spec) in (3, 4):
        meta = json.dumps(spec[3]) if len(spec) == 4 else "null"
        return (str(spec[0]), str(spec[1]), str(spec[2]), meta)
    raise TypeError(f"an export is 'NAME=SYMBOL:SIGNATURE' or (name, symbol, signature[, metadata]), got {spec!r}")


def build(output, inputs, exports, *, library=None, platforms=(), tiers=(), opt=3, passes="",
          pass_plugins=(), clang_args=(), jobs=0, uuid=None, progress=None, loop_vectorize=None,
          slp_vectorize=None, header=None):
    """Build a fat binary, exactly as pixie-build does, and write it to `output`.

    inputs:    paths of .ll, .bc, .c, .cpp files (linked into one module)
    exports:   'NAME=SYMBOL:SIGNATURE' strings or (name, symbol, signature[, metadata]) tuples;
               several entries with one name are overloads
    platforms, tiers: subsets of spec/targets.md (default: everything)
    progress:  called as progress(platform, tier, seconds, bytes, done, total) per variant
    loop_vectorize, slp_vectorize: force LLVM's vectorisers on or off (default: on from opt=2)
    header:    also write the exports' C header there, as pixie-build --header does (prototypes
               as the signatures lower, element macros, checked host calls; before the build, so
               a failed build still leaves it)
    Returns {'path', 'uuid', 'size', 'variants': [{'platform', 'tier', 'bytes', 'seconds'}], 'warnings'};
    clang's warnings are also issued as Python warnings (pixie.BuildWarning).
    Raises pixie.BuildError with the compiler's located message on failure.
    """
    from . import _pixie_build
    output = os.fspath(output)
    if library is None:
        library = _pixie_build.library_name(output)
    if isinstance(platforms, str):
        platforms = platforms.split(",")
    if isinstance(tiers, str):
        tiers = tiers.split(",")
    if header is not None:
        text = _pixie_build.c_header(library, [_export(e) for e in exports])
        header = os.fspath(header)
        tmp = header + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, header)
    result = _pixie_build.build(output, library, [os.fspath(p) for p in inputs], [_export(e) for e in exports],
                                list(platforms), list(tiers), int(opt), passes,
                                [os.fspath(p) for p in pass_plugins], list(clang_args), int(jobs), uuid or "",
                                ["pixie.build"], progress, loop_vectorize, slp_vectorize)
    if result["warnings"]:
        import warnings
        for text in result["warnings"]:
            warnings.warn(text, BuildWarning, stacklevel=2)
    return result


class BuildWarning(UserWarning):
    """A warning from the compiler's front end (clang) during pixie.build."""
