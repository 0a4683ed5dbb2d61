#!/usr/bin/python3
"""Compares two libm result files written by libc_driver.c ("libc-driver libm").

    libm_compare.py REFERENCE.bin RESULT.bin LABEL

Every function's N outputs must be bit-identical to the reference's (NaNs are
already canonicalised by the driver). For each function that differs, prints
its name, how many inputs differ, the first differing input with both results
(as hex floats) and the largest distance in units in the last place; exits 1.
Also fails when the inputs themselves differ: then the driver's input
generation is not the same on both platforms, and nothing else can be trusted.
"""
import struct
import sys


class Results:
    def __init__(self, path):
        data = open(path, "rb").read()
        if data[:8] != b"PXLIBM01":
            sys.exit(f"FAIL: {path} is not a libc-driver libm file")
        self.n, n64, n32 = struct.unpack_from("<3I", data, 8)
        at = 20
        self.functions = []  # (name, arity, bits, width)
        entries = []
        for k in range(n64 + n32):
            name = data[at:at + 24].split(b"\0")[0].decode()
            (arity,) = struct.unpack_from("<I", data, at + 24)
            entries.append((name, arity, 64 if k < n64 else 32))
            at += 28
        n = self.n
        self.inputs = {}
        for width, fmt, size in ((64, "Q", 8), (32, "I", 4)):
            for key in ("ux", "px", "py", "pz"):
                self.inputs[(width, key)] = struct.unpack_from(f"<{n}{fmt}", data, at)
                at += n * size
        for name, arity, width in entries:
            fmt, size = ("Q", 8) if width == 64 else ("I", 4)
            self.functions.append((name, arity, width, struct.unpack_from(f"<{n}{fmt}", data, at)))
            at += n * size
        if at != len(data):
            sys.exit(f"FAIL: {path}: {len(data) - at} unexpected bytes at the end")


def as_float(bits, width):
    if width == 64:
        return struct.unpack("<d", struct.pack("<Q", bits))[0]
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def show(bits, width):
    v = as_float(bits, width)
    return f"{v.hex() if v == v else 'nan'} ({v!r}, 0x{bits:0{width // 4}x})"


def ordered(bits, width):
    sign = 1 << (width - 1)
    return -(bits & (sign - 1)) if bits & sign else bits


def is_nan(bits, width):
    exp, man = (0x7ff0000000000000, 0xfffffffffffff) if width == 64 else (0x7f800000, 0x7fffff)
    return bits & exp == exp and bits & man != 0


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    ref, got, label = Results(argv[1]), Results(argv[2]), argv[3]
    if ref.n != got.n or [f[:3] for f in ref.functions] != [f[:3] for f in got.functions]:
        sys.exit(f"FAIL: {label}: a different function table or input count than the reference")
    if ref.inputs != got.inputs:
        bad = [k for k in ref.inputs if ref.inputs[k] != got.inputs[k]]
        sys.exit(f"FAIL: {label}: the driver generated different inputs ({bad}): fix libc_driver.c")
    failures = []
    for (name, arity, width, want), (_, _, _, have) in zip(ref.functions, got.functions):
        if want == have:
            continue
        diff = [i for i in range(ref.n) if want[i] != have[i]]
        i = diff[0]
        keys = ["ux"] if arity == 1 else ["px", "py", "pz"][:arity]
        args = ", ".join(show(ref.inputs[(width, k)][i], width) for k in keys)
        ulps = [abs(ordered(want[j], width) - ordered(have[j], width)) for j in diff
                if not is_nan(want[j], width) and not is_nan(have[j], width)]
        worst = f"at most {max(ulps)} ulp" if ulps else "only NaN against a number"
        if ulps and len(ulps) < len(diff):
            worst += f", and {len(diff) - len(ulps)} NaN against a number"
        failures.append(f"{label}: {name} differs on {len(diff)} of {ref.n} inputs ({worst}); first: "
                        f"{name}({args}) = {show(want[i], width)} on the reference, {show(have[i], width)} here")
    for line in failures:
        print("FAIL: " + line, file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"{label}: {len(ref.functions)} functions x {ref.n} inputs bit-identical to the reference")


if __name__ == "__main__":
    main(sys.argv)
