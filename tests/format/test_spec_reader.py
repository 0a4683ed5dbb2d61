#!/usr/bin/env python3
"""spec/reader.py must read what the C++ writer writes, and the hex dump in
spec/format.md must be exactly what the writer writes today."""
import json
import os
import subprocess
import sys
import tempfile

import xxhash

write_samples, root = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "spec"))
import reader  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([write_samples, tmp], check=True)
    sample = reader.PixieFile(open(os.path.join(tmp, "sample.pixie"), "rb").read())
    expect = json.load(open(os.path.join(tmp, "sample.expect.json")))
    variants = sample.metadata["variants"]
    assert len(variants) == len(expect["variants"]) == 5
    for v, digest in zip(variants, expect["variants"]):
        assert "%016x" % xxhash.xxh3_64_intdigest(sample.read(v["section"])) == digest, v
    assert variants[3]["section"] == variants[4]["section"], "identical images must share a section"
    assert sample.sections[variants[1]["section"]].base == variants[0]["section"]

    tiny = open(os.path.join(tmp, "tiny.pixie"), "rb").read()
    dump = reader.hexdump(reader.PixieFile(tiny))

    # A file the Python reader must reject: one flipped byte in the table.
    bad = bytearray(tiny)
    bad[64 + 48 + 9] ^= 1
    try:
        reader.PixieFile(bytes(bad))
        raise AssertionError("a corrupted table was accepted")
    except reader.FormatError:
        pass

spec = open(os.path.join(root, "spec", "format.md")).read()
begin, end = "<!-- hexdump:begin -->\n```\n", "```\n<!-- hexdump:end -->"
assert begin in spec and end in spec, "spec/format.md lost its hex dump markers"
in_spec = spec[spec.index(begin) + len(begin):spec.index(end)]
if in_spec != dump + "\n":
    sys.exit("spec/format.md's hex dump is stale; regenerate it with:\n"
             "  tests/format/regen_hexdump.sh build/tests/format/format_write_samples")
print("ok: reader.py agrees with the writer; the spec's hex dump is current")
