# Unknown platforms and tiers are errors that list the valid names.
. "$(dirname "$0")/common.inc"
write_add_ll
expect_error "pixie-build: error: unknown platform 'mac' (valid: linux-64, linux-aarch64, osx-arm64, win-64)" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --platform linux-64,mac
expect_error "pixie-build: error: unknown tier 'v5' (valid: x86-64, x86-64-v2, x86-64-v3, x86-64-v4)" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --platform linux-64 --tier v5
expect_error "pixie-build: error: no selected tier belongs to platform 'osx-arm64'" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'add=add:i64(i64, i64)' --platform linux-64,osx-arm64 --tier x86-64
