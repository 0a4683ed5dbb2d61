# An IR input becomes 16 variants with one progress line each; --quiet is
# silent; the same build twice, or at -j1 and -j2, gives the same bytes.
. "$(dirname "$0")/common.inc"
write_add_ll
"$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' -j2 > progress.txt
[ "$(grep -c '^\[ *[0-9]*/16\] ' progress.txt)" -eq 16 ] || { cat progress.txt; fail "progress lines"; }
for v in linux-64/x86-64-v4 linux-aarch64/neoverse-v2 osx-arm64/apple-m4 win-64/x86-64; do
  grep -q " $v  *[0-9.]* ms  [0-9.]* \(B\|KiB\)$" progress.txt || fail "no progress line for $v"
done
grep -q '^wrote add.pixie: 16 variants, ' progress.txt || fail "summary line"
[ -s add.pixie ] || fail "no output"

mkdir j1 again
"$PIXIE_BUILD" -o j1/add.pixie add.ll --export 'add=add:i64(i64, i64)' -j1 --quiet > quiet.txt
[ ! -s quiet.txt ] || fail "--quiet printed: $(cat quiet.txt)"
cmp add.pixie j1/add.pixie || fail "-j1 and -j2 outputs differ"
"$PIXIE_BUILD" -o again/add.pixie add.ll --export 'add=add:i64(i64, i64)' -j2 --quiet
cmp add.pixie again/add.pixie || fail "rebuild differs"
