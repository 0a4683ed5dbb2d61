#!/usr/bin/env python3
"""An independent .pixie reader written from spec/format.md alone.

It shares no code with the C++ library: if the two disagree, one of them
breaks the spec. Needs python3-xxhash and python3-zstandard (Debian).

    reader.py FILE              validate everything, print a summary
    reader.py --hexdump FILE    the annotated hex dump used in the spec
    reader.py --extract N FILE  write section N's raw content to stdout
"""
import json
import struct
import sys

import xxhash
import zstandard

MAGIC = b"\x89PIXIE\r\n"
HEADER = struct.Struct("<8sHHIIIQQQ16s")
ENTRY = struct.Struct("<IBBHQQQQII")
KINDS = {1: "metadata", 2: "bitcode", 3: "variant"}
COMPRESSION = {0: "none", 1: "zstd"}
NO_BASE = 0xFFFFFFFF
MAX_SECTIONS = 4096
MAX_RAW = 1 << 31
MAX_STORED = 1 << 31
MAX_FILE = 1 << 44
MAX_RATIO = 1024
MAX_METADATA = 16 << 20


class FormatError(Exception):
    pass


def unique_keys(pairs):
    keys = [k for k, _ in pairs]
    need(len(set(keys)) == len(keys), "a metadata object repeats a key")
    return dict(pairs)


def need(cond, msg):
    if not cond:
        raise FormatError(msg)


class Section:
    def __init__(self, index, fields):
        (self.kind, self.compression, self.align_log2, self.flags, self.offset, self.stored_size,
         self.raw_size, self.checksum, self.base, self.reserved) = fields
        self.index = index


class PixieFile:
    def __init__(self, data):
        self.data = data
        need(len(data) >= 64, "shorter than the header")
        need(len(data) <= MAX_FILE, "larger than any .pixie can be")
        (magic, self.major, self.minor, flags, header_size, count, self.table_offset, file_size,
         index_checksum, reserved) = HEADER.unpack_from(data, 0)
        need(magic == MAGIC, "bad magic")
        need(self.major == 1, "unsupported major version %d" % self.major)
        need(flags == 0 and reserved == bytes(16), "reserved header bits set")
        need(header_size == 64, "header size %d" % header_size)
        need(file_size == len(data), "file size field %d, actual %d" % (file_size, len(data)))
        need(1 <= count <= MAX_SECTIONS, "section count %d" % count)
        table_end = self.table_offset + 48 * count
        need(64 <= self.table_offset and table_end <= len(data) and self.table_offset % 8 == 0,
             "table out of bounds")
        digest = xxhash.xxh3_64_intdigest(data[0:40] + data[48:64] + data[self.table_offset:table_end])
        need(digest == index_checksum, "index checksum mismatch")
        self.sections = []
        end = table_end
        for i in range(count):
            s = Section(i, ENTRY.unpack_from(data, self.table_offset + 48 * i))
            need(s.kind != 0, "kind 0")
            need(s.flags == 0 and s.reserved == 0, "reserved table fields set")
            need(s.align_log2 <= 16 and s.offset % (1 << s.align_log2) == 0, "misaligned section %d" % i)
            need(s.offset >= end and s.offset + s.stored_size <= len(data), "section %d out of bounds" % i)
            need(s.raw_size <= (MAX_METADATA if s.kind == 1 else MAX_RAW), "section %d too large" % i)
            need(s.stored_size <= MAX_STORED, "section %d stores too much" % i)
            need(s.compression != 0 or s.raw_size == s.stored_size, "raw section %d sizes differ" % i)
            need((i == 0) == (s.kind == 1), "metadata must be section 0 and only there")
            base_raw = self.sections[s.base].raw_size if s.base != NO_BASE and s.base < i else 0
            need(s.compression != 1 or s.raw_size <= MAX_RATIO * s.stored_size + base_raw,
                 "section %d: raw size over the compression ratio limit" % i)
            if s.base != NO_BASE:
                need(s.base < i and self.sections[s.base].base == NO_BASE, "bad base of section %d" % i)
                need(self.sections[s.base].kind == s.kind and s.compression == 1, "bad base of section %d" % i)
            self.sections.append(s)
            end = s.offset + s.stored_size
        need(end == len(data), "bytes after the last section")
        self.metadata = json.loads(self.read(0), object_pairs_hook=unique_keys)
        need(self.metadata.get("schema") == 1, "unknown metadata schema")
        for v in self.metadata["variants"]:
            need(self.sections[v["section"]].kind == 3, "variant names a non-variant section")
        for b in self.metadata["bitcode"]:
            need(self.sections[b["section"]].kind == 2, "bitcode names a non-bitcode section")

    def verify_all(self):
        """Every byte of the file: each section read, and the padding zero.

        Padding is checked here and not when the file is opened, as the C++
        reader does (ContainerReader::verifyAll): a loader reads only the
        header, the table and the sections it uses (spec/format.md)."""
        end = self.table_offset + 48 * len(self.sections)
        need(not any(self.data[64:self.table_offset]), "non-zero padding before the section table")
        for s in self.sections:
            need(not any(self.data[end:s.offset]), "non-zero padding before section %d" % s.index)
            self.read(s.index)
            end = s.offset + s.stored_size

    def stored(self, s):
        return self.data[s.offset:s.offset + s.stored_size]

    def read(self, index):
        s = self.sections[index]
        stored = self.stored(s)
        need(xxhash.xxh3_64_intdigest(stored) == s.checksum, "section %d checksum mismatch" % index)
        if s.compression == 0:
            return stored
        need(s.compression == 1, "section %d: unknown compression %d" % (index, s.compression))
        params = zstandard.get_frame_parameters(stored)
        need(params.content_size == s.raw_size, "section %d: frame size differs from the table" % index)
        if s.base == NO_BASE:
            d = zstandard.ZstdDecompressor()
        else:
            prefix = zstandard.ZstdCompressionDict(self.read(s.base), dict_type=zstandard.DICT_TYPE_RAWCONTENT)
            d = zstandard.ZstdDecompressor(dict_data=prefix)
        raw = d.decompress(stored, max_output_size=s.raw_size)
        need(len(raw) == s.raw_size, "section %d: decompressed size differs" % index)
        return raw


def hexlines(data, start, end, limit=None):
    out = []
    stop = end if limit is None else min(end, start + limit)
    for off in range(start, stop, 16):
        chunk = data[off:min(off + 16, stop)]
        out.append("%06x  %s" % (off, " ".join("%02x" % b for b in chunk)))
    if stop < end:
        out.append("        ... %d more bytes" % (end - stop))
    return out


def hexdump(f):
    d = f.data
    lines = ["header (64 bytes)"]
    fields = [(0, 8, "magic \\x89 P I X I E \\r \\n"), (8, 2, "major version = %d" % f.major),
              (10, 2, "minor version = %d" % f.minor), (12, 4, "flags (reserved, zero)"),
              (16, 4, "header size = 64"), (20, 4, "section count = %d" % len(f.sections)),
              (24, 8, "table offset = %d" % f.table_offset), (32, 8, "file size = %d" % len(d)),
              (40, 8, "index checksum (XXH3-64)"), (48, 16, "reserved (zero)")]
    for off, size, what in fields:
        lines.append("%06x  %-48s %s" % (off, " ".join("%02x" % b for b in d[off:off + size]), what))
    for s in f.sections:
        at = f.table_offset + 48 * s.index
        lines.append("")
        lines.append("table entry %d (48 bytes)" % s.index)
        base = "none" if s.base == NO_BASE else str(s.base)
        parts = [(0, 4, "kind = %d (%s)" % (s.kind, KINDS.get(s.kind, "?"))),
                 (4, 1, "compression = %d (%s)" % (s.compression, COMPRESSION.get(s.compression, "?"))),
                 (5, 1, "alignment = 2^%d" % s.align_log2), (6, 2, "flags (reserved, zero)"),
                 (8, 8, "offset = %d" % s.offset), (16, 8, "stored size = %d" % s.stored_size),
                 (24, 8, "raw size = %d" % s.raw_size), (32, 8, "checksum (XXH3-64 of stored bytes)"),
                 (40, 4, "base = %s" % base), (44, 4, "reserved (zero)")]
        for off, size, what in parts:
            lines.append("%06x  %-48s %s" % (at + off, " ".join("%02x" % b for b in d[at + off:at + off + size]), what))
    end = f.table_offset + 48 * len(f.sections)
    for s in f.sections:
        lines.append("")
        if s.offset > end:
            lines.append("%06x  padding, %d zero bytes" % (end, s.offset - end))
        what = "section %d: %s, %s" % (s.index, KINDS.get(s.kind, "?"), COMPRESSION.get(s.compression, "?"))
        if s.base != NO_BASE:
            what += " against section %d as prefix" % s.base
        lines.append(what)
        lines.extend(hexlines(d, s.offset, s.offset + s.stored_size, limit=32))
        end = s.offset + s.stored_size
    lines.append("")
    lines.append("section 0 decompressed (the metadata document):")
    lines.append(f.read(0).decode())
    return "\n".join(lines)


def main(argv):
    if len(argv) == 3 and argv[1] == "--hexdump":
        print(hexdump(PixieFile(open(argv[2], "rb").read())))
    elif len(argv) == 4 and argv[1] == "--extract":
        sys.stdout.buffer.write(PixieFile(open(argv[3], "rb").read()).read(int(argv[2])))
    elif len(argv) == 2:
        f = PixieFile(open(argv[1], "rb").read())
        f.verify_all()
        m = f.metadata
        print("%s %s: %d sections, %d variants, %d exports" % (m["library"], m["uuid"], len(f.sections),
                                                             len(m["variants"]), len(m["exports"])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except FormatError as e:
        print("reader.py: %s" % e, file=sys.stderr)
        sys.exit(1)
