# A signature that does not match the function names the parameter, what the
# signature says and what the function takes. C's `long` differs on Windows,
# and only that platform's message is shown, with its name.
. "$(dirname "$0")/common.inc"
write_add_ll
expect_error "pixie-build: error: export 'add' (add): parameter 2 is f64 in the signature, but the function takes a 64-bit integer" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, f64)'
expect_error "pixie-build: error: export 'add' (add): the signature has 3 parameters, but the function has 2" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64, i64)'
cat > long.c <<'C'
long twice(long x) { return 2 * x; }
C
expect_error "pixie-build: error: win-64: export 'twice' (twice): the signature returns i64, but the function returns a 32-bit integer" \
  "$PIXIE_BUILD" -o long.pixie long.c --export 'twice=twice:i64(i64)'
