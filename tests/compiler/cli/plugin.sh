# --load-pass-plugin and --passes reach the variants: the test plugin adds 1
# to every floating-point constant, so the output changes; a bad pipeline or
# plugin is reported before building.
. "$(dirname "$0")/common.inc"
: "${PIXIE_TEST_PLUGIN:?}"
cat > s.c <<'C'
double scale(double x) { return x * 0.1; }
C
args=(s.c --export 'scale=scale:f64(f64)' --platform linux-64 --quiet)
"$PIXIE_BUILD" -o plain.pixie "${args[@]}"
"$PIXIE_BUILD" -o plugged.pixie "${args[@]}" --load-pass-plugin="$PIXIE_TEST_PLUGIN"
! cmp -s plain.pixie plugged.pixie || fail "the plugin changed nothing"
"$PIXIE_BUILD" -o named.pixie "${args[@]}" --load-pass-plugin="$PIXIE_TEST_PLUGIN" \
  --passes='function(add-one-fp),default<O3>'
! cmp -s plugged.pixie named.pixie || fail "--passes changed nothing"
rm ./*.pixie
expect_error "pixie-build: error: invalid --passes 'bogus': unknown pass name 'bogus'" \
  "$PIXIE_BUILD" -o x.pixie "${args[@]}" --passes=bogus
