# Invalid IR: file:line:col and LLVM's message.
. "$(dirname "$0")/common.inc"
cat > bad.ll <<'IR'
define i64 @f(i64 %x) {
  %y = add i64 %x, %z
  ret i64 %y
}
IR
expect_error "pixie-build: error: bad.ll:2:20: use of undefined value '%z'" \
  "$PIXIE_BUILD" -o bad.pixie bad.ll --export 'f=f:i64(i64)'
