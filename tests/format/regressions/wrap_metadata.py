#!/usr/bin/env python3
"""Wraps a metadata_fuzzer input (a line naming the section table, one letter
per section: m metadata, b bitcode, v variant; then the JSON) into a .pixie
whose metadata section is that JSON, stored raw, and whose other sections are
empty, every checksum correct: the reader then meets the document exactly as
the fuzzer did.

    wrap_metadata.py CRASH_INPUT OUT.pixie
"""
import struct
import sys

import xxhash

KINDS = {"m": 1, "b": 2, "v": 3}


def main():
    data = open(sys.argv[1], "rb").read()
    letters, json_text = data.split(b"\n", 1)
    contents = [json_text] + [b""] * (len(letters) - 1)
    kinds = [KINDS.get(chr(c), 0x7F) for c in letters]
    offset = 64 + 48 * len(kinds)
    table, body = b"", b""
    for kind, content in zip(kinds, contents):
        pad = (-offset) % 16
        body += bytes(pad)
        offset += pad
        table += struct.pack("<IBBHQQQQII", kind, 0, 4, 0, offset, len(content), len(content),
                             xxhash.xxh3_64_intdigest(content), 0xFFFFFFFF, 0)
        body += content
        offset += len(content)
    header = struct.pack("<8sHHIIIQQ", b"\x89PIXIE\r\n", 1, 0, 0, 64, len(kinds), 64, offset)
    index = xxhash.xxh3_64_intdigest(header[0:40] + bytes(16) + table)
    open(sys.argv[2], "wb").write(header + struct.pack("<Q", index) + bytes(16) + table + body)


if __name__ == "__main__":
    main()
