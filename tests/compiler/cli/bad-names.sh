# Export names, overloads and a given uuid are checked against the metadata
# schema before anything is compiled.
. "$(dirname "$0")/common.inc"
write_add_ll
expect_error "pixie-build: error: metadata: exports[0].name: 'my-add' is not an identifier" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'my-add=add:i64(i64, i64)'
expect_error "pixie-build: error: metadata: exports[0].overloads[1].signature: 'i64(i64, i64)' appears twice for 'add'" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --export 'add=add:int64_t(int64_t, int64_t)'
expect_error "pixie-build: error: metadata: uuid: 'xyz' is not a lower-case 8-4-4-4-12 hex UUID" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --uuid xyz
