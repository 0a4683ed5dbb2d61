# An export must name a function defined in the inputs.
. "$(dirname "$0")/common.inc"
write_add_ll
expect_error "pixie-build: error: export 'sum': no function 'sum' is defined in the inputs" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export 'sum=sum:i64(i64, i64)'
expect_error "pixie-build: error: --export 'add': expected NAME=SYMBOL:SIGNATURE" \
  "$PIXIE_BUILD" -o add.pixie add.ll --export add
expect_error "pixie-build: error: no exports (use --export NAME=SYMBOL:SIGNATURE or a manifest)" \
  "$PIXIE_BUILD" -o add.pixie add.ll
