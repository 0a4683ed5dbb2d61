#!/bin/bash
# pixie-inspect on hostile input (issue 18): export metadata holding C1 and
# DEL control characters is printed escaped, never raw; a FIFO given as the
# input is refused at once instead of waiting for a writer.
# Needs: PIXIE_INSPECT, FIXTURE (a valid .pixie), PYTHON (with xxhash and zstandard).
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
I=$PIXIE_INSPECT
PY=${PYTHON:-python3}
root=$(cd "$(dirname "$0")/../.." && pwd)

# The fixture with its first overload's metadata replaced: a string holding
# U+009B (CSI), U+009D (OSC), U+0085 and DEL, raw in the JSON as JSON allows.
# Repacked by hand from spec/format.md: metadata stored uncompressed, every
# other section's stored bytes kept, offsets and checksums recomputed.
$PY - "$FIXTURE" "$t/hostile.pixie" "$root/spec" <<'PY'
import json, struct, sys
import xxhash
sys.path.insert(0, sys.argv[3])
import reader
src = reader.PixieFile(open(sys.argv[1], "rb").read())
meta = src.metadata
meta["exports"][0]["overloads"][0]["metadata"] = {"note": "a\u009b31mred\u009d0;title\u0007b\u0085c\u007fd"}
doc = json.dumps(meta, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
assert b"\xc2\x9b" in doc and b"\x7f" in doc
stored = [doc] + [src.stored(s) for s in src.sections[1:]]
count = len(src.sections)
pos = 64 + 48 * count
table = bytearray()
offsets = []
for s, data in zip(src.sections, stored):
    align = 1 << s.align_log2
    pos = (pos + align - 1) // align * align
    offsets.append(pos)
    compression = 0 if s.index == 0 else s.compression
    raw = len(data) if s.index == 0 else s.raw_size
    table += struct.pack("<IBBHQQQQII", s.kind, compression, s.align_log2, 0, pos, len(data), raw,
                         xxhash.xxh3_64_intdigest(data), s.base, 0)
    pos += len(data)
out = bytearray(pos)
header = struct.pack("<8sHHIIIQQ", reader.MAGIC, src.major, src.minor, 0, 64, count, 64, pos)
out[0:len(header)] = header
out[64:64 + len(table)] = table
for off, data in zip(offsets, stored):
    out[off:off + len(data)] = data
struct.pack_into("<Q", out, 40, xxhash.xxh3_64_intdigest(bytes(out[0:40] + out[48:64] + table)))
reader.PixieFile(bytes(out)).verify_all()
open(sys.argv[2], "wb").write(out)
PY

$I "$t/hostile.pixie" > $t/list || fail "the repacked fixture was refused: $(cat $t/list)"
grep -q 'a\\u009b31mred\\u009d0;title\\u0007b\\u0085c\\u007fd' $t/list || fail "escaped metadata missing: $(grep note $t/list)"
# No C0 control but newline, no DEL, no C1 (UTF-8 c2 80-c2 9f) anywhere.
$PY - "$t/list" <<'PY' || fail "raw control characters in the listing"
import re, sys
text = open(sys.argv[1], "rb").read()
bad = re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", text)
sys.exit("raw control byte at %d: %r" % (bad.start(), text[bad.start() - 10:bad.end() + 10]) if bad else 0)
PY
# The escaped metadata is still the same JSON value.
$PY - "$t/list" <<'PY' || fail "the escaped metadata is not the original JSON"
import json, sys
line = next(l for l in open(sys.argv[1], encoding="utf-8") if '"note"' in l)
value = json.loads(line[line.index("{"):])
assert value == {"note": "a\u009b31mred\u009d0;title\u0007b\u0085c\u007fd"}, value
PY

# --json the same: controls (and all non-ASCII) as \u escapes, the value kept.
$I --json "$t/hostile.pixie" > $t/json || fail "--json refused the fixture"
$PY - "$t/json" <<'PY' || fail "--json carries raw control characters or lost the value"
import json, re, sys
text = open(sys.argv[1], "rb").read()
bad = re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", text)
assert not bad, "raw control byte at %d" % bad.start()
doc = json.loads(text)
notes = [o["metadata"] for e in doc["exports"] for o in e["overloads"] if isinstance(o.get("metadata"), dict) and "note" in o["metadata"]]
assert notes == [{"note": "a\u009b31mred\u009d0;title\u0007b\u0085c\u007fd"}], notes
PY

# A FIFO: refused as not a regular file, at once (it used to wait forever
# for a writer).
mkfifo "$t/fifo.pixie"
set +e
timeout 20 "$I" "$t/fifo.pixie" > $t/fifo.out 2>&1
rc=$?
set -e
[ $rc -ne 124 ] || fail "pixie-inspect waited on a FIFO"
[ $rc -ne 0 ] || fail "pixie-inspect accepted a FIFO"
grep -q "not a regular file" $t/fifo.out || fail "FIFO message: $(cat $t/fifo.out)"
echo "ok: hostile text escaped, FIFO refused"
