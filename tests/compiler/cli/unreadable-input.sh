# Missing or unreadable inputs, and inputs of an unknown kind.
. "$(dirname "$0")/common.inc"
expect_error "pixie-build: error: cannot read nothere.ll: No such file or directory" \
  "$PIXIE_BUILD" -o x.pixie nothere.ll --export 'f=f:void()'
expect_error "pixie-build: error: cannot read nothere.c: No such file or directory" \
  "$PIXIE_BUILD" -o x.pixie nothere.c --export 'f=f:void()'
echo 'program p' > k.f90
expect_error "pixie-build: error: k.f90: unknown input kind (expected .ll, .bc, .c, .cpp, .cc or .cxx)" \
  "$PIXIE_BUILD" -o x.pixie k.f90 --export 'f=f:void()'
