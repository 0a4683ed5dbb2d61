# Inputs are linked into one module per platform: two definitions of one
# symbol are an error naming the input that brought the second.
. "$(dirname "$0")/common.inc"
write_add_ll
cp add.ll again.ll
expect_error "pixie-build: error: linking again.ll: Linking globals named 'add': symbol multiply defined!" \
  "$PIXIE_BUILD" -o add.pixie add.ll again.ll --export 'add=add:i64(i64, i64)'
