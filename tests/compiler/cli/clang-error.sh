# A clang failure shows clang's own diagnostics, once (not once per platform).
. "$(dirname "$0")/common.inc"
cat > bad.c <<'C'
int f(int x) { return x +; }
C
expect_error "pixie-build: error: clang failed on bad.c:
bad.c:1:26: error: expected expression
    1 | int f(int x) { return x +; }
      |                          ^
1 error generated." \
  "$PIXIE_BUILD" -o bad.pixie bad.c --export 'f=f:i32(i32)'
