#!/usr/bin/env python3
"""Writes lying_frame_1gib.pixie: the spec's tiny.pixie with section 2 replaced
by one zstd frame that declares 1 GiB of content but holds a single 48-byte
raw block, the table's raw size set to match the lie, and every checksum
correct. Before the fix, ZSTD_decompressBound() returned the declared size and
the reader allocated and zeroed 1 GiB before decompression failed.

    make_lying_frame.py TINY_PIXIE OUT
"""
import struct
import sys

import xxhash

ENTRY = struct.Struct("<IBBHQQQQII")


def main():
    data = bytearray(open(sys.argv[1], "rb").read())
    count = struct.unpack_from("<I", data, 20)[0]
    at = 64 + 48 * (count - 1)  # the last entry: section 2, the zstd variant
    kind, comp, align, flags, offset, stored, raw, _, base, res = ENTRY.unpack_from(data, at)
    content = bytes((i * 7 + 3) & 0xFF for i in range(48))
    block = struct.pack("<I", 1 | 0 << 1 | len(content) << 3)[:3] + content  # last, raw
    frame = b"\x28\xb5\x2f\xfd" + b"\xa0" + struct.pack("<I", 1 << 30) + block  # 4-byte content size
    data = data[:offset] + frame
    ENTRY.pack_into(data, at, kind, comp, align, flags, offset, len(frame), 1 << 30,
                    xxhash.xxh3_64_intdigest(frame), base, res)
    struct.pack_into("<Q", data, 32, len(data))
    index = xxhash.xxh3_64_intdigest(bytes(data[0:40] + data[48:64] + data[64:64 + 48 * count]))
    struct.pack_into("<Q", data, 40, index)
    open(sys.argv[2], "wb").write(data)


if __name__ == "__main__":
    main()
