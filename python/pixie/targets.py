"""Targets for the original PIXIE API: which tiers PIXIECompiler builds.

pixie builds a fixed, tested tier table per platform (spec/targets.md). The
original API named a baseline CPU and extra feature targets; here both name
tiers of the host's architecture family:

    x86-64:  linux-64 + win-64     tiers x86-64, x86-64-v2, x86-64-v3, x86-64-v4
    aarch64: linux-aarch64         tiers armv8-a, armv8.2-a+fp16+dotprod, neoverse-v1, neoverse-v2
    arm64 macOS: osx-arm64         tiers apple-m1 ... apple-m4
"""
import platform as _platform
import sys


def _table():
    from . import _pixie_build
    return _pixie_build.platforms()


def host_family():
    """The platforms that share the host's tiers."""
    machine = _platform.machine().lower()
    if machine in ("x86_64", "amd64"):
        return ["linux-64", "win-64"]
    if machine in ("aarch64", "arm64"):
        return ["osx-arm64"] if sys.platform == "darwin" else ["linux-aarch64"]
    raise ValueError(f"pixie has no tiers for this machine ({machine})")


def _tiers(platforms):
    table = {p["name"]: p for p in _table()}
    return table[platforms[0]]["tiers"]


def tier_names():
    """The tier names PIXIECompiler accepts on this machine, baseline first."""
    return [t["name"] for t in _tiers(host_family())]


def get_default_configuration():
    """Keyword arguments for PIXIECompiler that build every tier of the host's family."""
    names = tier_names()
    return {"baseline_cpu": names[0], "baseline_features": (), "targets_features": tuple(names[1:])}


def _names(value, kwarg):
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (tuple, list)):
        out = []
        for v in value:
            out.extend(_names(v, kwarg))
        return out
    raise TypeError(f"{kwarg} should be a string or a tuple of strings, got {type(value).__name__}")


def _resolve(baseline_cpu, baseline_features, targets_features):
    """(platforms, tiers) for PIXIECompiler's keyword arguments."""
    platforms = host_family()
    tiers = {t["name"]: t for t in _tiers(platforms)}
    by_cpu = {t["cpu"]: name for name, t in tiers.items()}
    valid = ", ".join(tiers)

    def tier(name, kwarg):
        found = tiers.get(name) or tiers.get(by_cpu.get(name, ""))
        if found is None:
            raise ValueError(f"'{name}' (offending argument supplied to {kwarg}) is not a tier of "
                             f"{'/'.join(platforms)}; valid tiers: {valid}")
        return found

    baseline = tier(baseline_cpu, "baseline_cpu")
    missing = [f for f in _names(baseline_features, "baseline_features") if f not in baseline["required"]]
    if missing:
        raise ValueError(f"baseline tier {baseline['name']} does not provide {', '.join(missing)} "
                         f"(it requires only: {', '.join(baseline['required']) or 'nothing'}); "
                         f"name a tier that does as baseline_cpu")
    chosen = [baseline["name"]]
    for name in _names(targets_features, "targets_features"):
        t = tier(name, "targets_features")
        if t["name"] not in chosen:
            chosen.append(t["name"])
    return platforms, chosen
