#!/bin/sh
# Rewrites the annotated hex dump in spec/format.md from the current writer.
# usage: tests/format/regen_hexdump.sh BUILD_DIR/tests/format/format_write_samples
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$1" "$tmp"
/usr/bin/python3 "$root/spec/reader.py" --hexdump "$tmp/tiny.pixie" > "$tmp/dump"
/usr/bin/python3 - "$root/spec/format.md" "$tmp/dump" <<'PY'
import sys
path, dump = sys.argv[1], open(sys.argv[2]).read()
spec = open(path).read()
begin, end = "<!-- hexdump:begin -->\n```\n", "```\n<!-- hexdump:end -->"
spec = spec[:spec.index(begin) + len(begin)] + dump + spec[spec.index(end):]
open(path, "w").write(spec)
PY
