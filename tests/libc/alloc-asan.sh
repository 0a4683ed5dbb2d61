# Memory a kernel allocates comes from the host process's allocator (the
# variant imports malloc and free from it), so a kernel that leaks or
# double-frees is caught by AddressSanitizer exactly as a plain shared
# library's would be, and a correct one is clean. (Out-of-bounds accesses
# need instrumented code, which variants are not, like any plain library.)
#   alloc-asan.sh   (PIXIE_BUILD, PIXIE_SOURCE_DIR, PIXIE_LOADER_DIR set by ctest)
set -euo pipefail
: "${PIXIE_BUILD:?}" "${PIXIE_SOURCE_DIR:?}" "${PIXIE_LOADER_DIR:?}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
fail() { echo "FAIL: $*" >&2; exit 1; }

here=$PIXIE_SOURCE_DIR/tests/libc
"$PIXIE_BUILD" --quiet --platform linux-64 -o alloc.pixie "$here/alloc_kernels.c" \
  --export 'churn=churn:i64(i64)' --export 'leak=leak:i64(i64)' \
  --export 'twice=twice:i64(i64)'
clang-19 -fsanitize=address -g -o driver "$here/alloc_driver.c" \
  -I"$PIXIE_SOURCE_DIR/loader/include" -L"$PIXIE_LOADER_DIR" -lpixie -Wl,-rpath,"$PIXIE_LOADER_DIR"

run() { ASAN_OPTIONS=detect_leaks=1 ./driver alloc.pixie "$@" >out.txt 2>err.txt; }
run churn 500 || { cat err.txt >&2; fail "a correct kernel is not clean under ASan"; }
[ "$(cat out.txt)" = 500 ] || fail "churn returned $(cat out.txt)"
! run leak 4096 || fail "a leak went unnoticed"
grep -q "detected memory leaks" err.txt && grep -q "4096 byte(s) leaked" err.txt ||
  { cat err.txt >&2; fail "no leak report"; }
! run twice 16 || fail "a double free went unnoticed"
grep -q "attempting double-free" err.txt || { cat err.txt >&2; fail "no double-free report"; }
echo "alloc-asan: a correct kernel is clean; a leak and a double free are each reported"
