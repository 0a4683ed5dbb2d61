#!/usr/bin/env python3
"""Regenerates the seed corpus of the fuzz targets (fuzz/README.md).

    make_corpus.py PIXIE_BUILD WRITE_SAMPLES

Seeds are real files: the example kernels from pixie-build (all platforms, and
three platform subsets), the spec's tiny.pixie from write_samples, and one
example re-stored with every section uncompressed so that mutations land on
the metadata text and the images directly. The metadata target gets each
file's document behind the line naming its section table; the signature
target gets the examples' signatures and a few C spellings.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import xxhash

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "spec"))
from reader import PixieFile  # noqa: E402  (the independent reader)

MANIFEST = os.path.join(ROOT, "examples", "kernels", "kernels.json")
BUILDS = {
    "kernels_all": [],
    "kernels_linux64": ["--platform=linux-64", "--tier=x86-64,x86-64-v3"],
    "kernels_aarch64": ["--platform=linux-aarch64", "--tier=armv8-a"],
    "kernels_win_osx": ["--platform=win-64,osx-arm64", "--tier=x86-64,apple-m1"],
}
SIGNATURES = ["i64(u8*, i64)", "void(const f64*, const f64*, u8*, i64)", "void(f32, const f32*, f32*, i64)",
              "f64(const f64*, i64)", "i32()", "void*(void*, const void*, size_t)",
              "unsigned long long(int64_t, const double *, float**)", "long(char*)"]


def uncompressed(data):
    """The same file with every section stored raw (compression 0, no base)."""
    f = PixieFile(data)
    raws = [f.read(i) for i in range(len(f.sections))]
    count = len(raws)
    offset = 64 + 48 * count
    table, body = b"", b""
    for s, raw in zip(f.sections, raws):
        pad = (-offset) % 16
        body += bytes(pad)
        offset += pad
        table += struct.pack("<IBBHQQQQII", s.kind, 0, 4, 0, offset, len(raw), len(raw),
                             xxhash.xxh3_64_intdigest(raw), 0xFFFFFFFF, 0)
        body += raw
        offset += len(raw)
    header = struct.pack("<8sHHIIIQQ", b"\x89PIXIE\r\n", 1, 0, 0, 64, count, 64, offset)
    index = xxhash.xxh3_64_intdigest(header[0:40] + bytes(16) + table)
    out = header + struct.pack("<Q", index) + bytes(16) + table + body
    PixieFile(out)  # the independent reader must accept what this wrote
    return out


def main():
    pixie_build, write_samples = sys.argv[1:3]
    files = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, flags in BUILDS.items():
            out = os.path.join(tmp, name + ".pixie")
            subprocess.run([pixie_build, "--quiet", "-j2", "--manifest=" + MANIFEST, "-o", out] + flags, check=True)
            files[name] = open(out, "rb").read()
        subprocess.run([write_samples, tmp], check=True)
        files["tiny"] = open(os.path.join(tmp, "tiny.pixie"), "rb").read()
    files["kernels_linux64_stored"] = uncompressed(files["kernels_linux64"])

    corpus = os.path.join(HERE, "corpus")
    shutil.rmtree(corpus, ignore_errors=True)
    for target in ("container_fuzzer", "inspect_fuzzer", "metadata_fuzzer", "signature_fuzzer"):
        os.makedirs(os.path.join(corpus, target))
    letters = {1: "m", 2: "b", 3: "v"}
    for name, data in sorted(files.items()):
        for target in ("container_fuzzer", "inspect_fuzzer"):
            open(os.path.join(corpus, target, name + ".pixie"), "wb").write(data)
        f = PixieFile(data)
        table = "".join(letters.get(s.kind, "x") for s in f.sections)
        if not name.endswith("_stored"):
            open(os.path.join(corpus, "metadata_fuzzer", name + ".txt"), "wb").write(
                table.encode() + b"\n" + f.read(0))
    for i, sig in enumerate(SIGNATURES):
        open(os.path.join(corpus, "signature_fuzzer", "sig%d.txt" % i), "w").write(sig)


if __name__ == "__main__":
    main()
