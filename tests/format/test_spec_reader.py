#!/usr/bin/env python3
"""spec/reader.py must read what the C++ writer writes, and the hex dump in
spec/format.md must be exactly what the writer writes today."""
import json
import os
import struct
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

    # The compression-ratio limit (spec/format.md, "Limits"): a delta's raw
    # size is at most 1024 x its stored size plus its base's raw size, the
    # rule the C++ reader applies (issue 18: not 1024 x (stored + base raw)).
    def with_raw_size(data, index, raw):
        f = bytearray(data)
        table = sample.table_offset
        struct.pack_into("<Q", f, table + 48 * index + 24, raw)
        end = table + 48 * len(sample.sections)
        struct.pack_into("<Q", f, 40, xxhash.xxh3_64_intdigest(bytes(f[0:40] + f[48:64] + f[table:end])))
        return bytes(f)

    data = open(os.path.join(tmp, "sample.pixie"), "rb").read()
    delta = sample.sections[variants[1]["section"]]
    base = sample.sections[delta.base]
    limit = 1024 * delta.stored_size + base.raw_size
    reader.PixieFile(with_raw_size(data, delta.index, limit))
    for raw in (limit + 1, 1024 * (delta.stored_size + base.raw_size)):
        try:
            reader.PixieFile(with_raw_size(data, delta.index, raw))
            raise AssertionError("a delta of raw size %d (limit %d) was accepted" % (raw, limit))
        except reader.FormatError as e:
            assert "compression ratio limit" in str(e), e

    tiny = open(os.path.join(tmp, "tiny.pixie"), "rb").read()
    dump = reader.hexdump(reader.PixieFile(tiny))

    # Non-zero padding (spec/format.md): the file opens and its sections read,
    # as in the C++ reader, but verifying the whole file refuses it, as
    # ContainerReader::verifyAll does (issue 18: reader.py refused it at open,
    # the C++ reader only in verifyAll).
    tiny_file = reader.PixieFile(tiny)
    tiny_file.verify_all()
    gaps = [(prev.offset + prev.stored_size, s) for prev, s in zip(tiny_file.sections, tiny_file.sections[1:])
            if s.offset > prev.offset + prev.stored_size]
    assert gaps, "tiny.pixie has no padding to test"
    padded = bytearray(tiny)
    padded[gaps[0][1].offset - 1] = 0xAA
    padded_file = reader.PixieFile(bytes(padded))
    for s in padded_file.sections:
        padded_file.read(s.index)
    try:
        padded_file.verify_all()
        raise AssertionError("non-zero padding passed verify_all")
    except reader.FormatError as e:
        assert str(e) == "non-zero padding before section %d" % gaps[0][1].index, e

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
