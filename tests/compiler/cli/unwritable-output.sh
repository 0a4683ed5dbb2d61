# An output that cannot be written fails before any compiling.
. "$(dirname "$0")/common.inc"
write_add_ll
expect_error "pixie-build: error: cannot write nodir/add.pixie: no directory nodir" \
  "$PIXIE_BUILD" -o nodir/add.pixie add.ll --export 'add=add:i64(i64, i64)'
mkdir outdir
expect_error "pixie-build: error: cannot write outdir: it is a directory" \
  "$PIXIE_BUILD" -o outdir add.ll --export 'add=add:i64(i64, i64)'
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then # root may write anywhere
  expect_error "pixie-build: error: cannot write ro/add.pixie: directory ro is not writable" \
    "$PIXIE_BUILD" -o ro/add.pixie add.ll --export 'add=add:i64(i64, i64)'
fi
# An output name that is no Python module name gives one (the rule of
# pixie::libraryNameFromPath); one given with --library must already be.
expect_error "pixie-build: error: invalid library name 'my-add': it is a Python module name, so letters, digits and _ not starting with a digit (set --library)" \
  "$PIXIE_BUILD" -o add.pixie --library my-add add.ll --export 'add=add:i64(i64, i64)'
"$PIXIE_BUILD" -o my-add.pixie add.ll --export 'add=add:i64(i64, i64)' --quiet
"$PIXIE_INSPECT" my-add.pixie | grep -q "library 'my_add'" || fail "my-add.pixie is not library my_add"
rm my-add.pixie
