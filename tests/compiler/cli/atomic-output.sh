# A failed build leaves an existing output untouched and no temporary files.
. "$(dirname "$0")/common.inc"
write_add_ll
"$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --quiet
cp add.pixie before.pixie
"$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(f64, i64)' 2>/dev/null && fail "bad build succeeded"
cmp add.pixie before.pixie || fail "the failed build changed the output"
[ "$(ls -A | sort | tr '\n' ' ')" = "add.ll add.pixie before.pixie " ] || fail "left behind: $(ls -A)"
