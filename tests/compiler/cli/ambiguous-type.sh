# `long` in a signature is refused with the fixed-width types to use instead.
. "$(dirname "$0")/common.inc"
write_add_ll
"$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(long, i64)' 2>stderr.txt && fail "accepted long"
grep -q "^pixie-build: error: --export 'add=add:i64(long, i64)': .*long.*use i64 or i32$" stderr.txt ||
  fail "message: $(cat stderr.txt)"
[ ! -e add.pixie ] || fail "output written"
