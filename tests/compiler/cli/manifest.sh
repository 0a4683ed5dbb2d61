# The bundled examples build from their manifest into 16 variants.
. "$(dirname "$0")/common.inc"
: "${PIXIE_SOURCE_DIR:?}"
"$PIXIE_BUILD" -o kernels.pixie --manifest "$PIXIE_SOURCE_DIR/examples/kernels/kernels.json" --quiet
[ -s kernels.pixie ] || fail "no output"
rm kernels.pixie
echo '{"exports": [{"name": "f"}]}' > bad.json
expect_error "pixie-build: error: bad.json: exports[0]: needs a string \"name\" and a string \"signature\"" \
  "$PIXIE_BUILD" -o x.pixie --manifest bad.json
