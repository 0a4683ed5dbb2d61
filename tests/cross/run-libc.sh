# pixie's C library in every variant a platform can run, through the loader
# users get, against the host baseline's results (the "cross: libc kernels"
# fixture, libc-kernels.sh). libc_driver.c is compiled here for the platform
# (the host's by CMake; gcc-aarch64-linux-gnu or mingw-w64 against the
# cross-built loader of "cross: build <platform>"), then run once per tier,
# forced with PIXIE_USE_ISA:
#   libm   every function of libm_functions.h on the same 4096 inputs must give
#          the host baseline's bits (NaNs compared as NaNs); a difference names
#          the function, the first differing input, both results and the
#          distance in ulps (libm_compare.py). Every tier is run before failing,
#          so one run shows every difference.
#   alloc  alloc_kernels.cpp's checksums must be the host baseline's; a
#          negative one is the code of the check that failed (see the file).
#
#   run-libc.sh libm|alloc linux-64                     this CPU, every tier up to its best
#   run-libc.sh libm|alloc linux-aarch64 CPU "TIERS..." qemu-aarch64 -cpu CPU
#   run-libc.sh libm|alloc win-64                       wine, every tier up to the CPU's best
. "$(dirname "$0")/common.inc"
mode=$1 platform=$2
[ "$mode" = libm ] || [ "$mode" = alloc ] || fail "usage: run-libc.sh libm|alloc PLATFORM [CPU TIERS]"
[ -s libc/libm-expected.bin ] || fail "no libc/libm-expected.bin: the fixture 'cross: libc kernels' failed"
src=$PIXIE_SOURCE_DIR/tests/cross
prepare_driver "$platform" "$src/libc_driver.c" "${PIXIE_LIBC_DRIVER:-}" libc "${@:3}"
cp libc/libm.pixie libc/alloc.pixie libc/tiers-*.txt "$work"
cd "$work"

failures=()
for t in $tiers; do
  rc=0
  if [ $mode = libm ]; then
    PIXIE_USE_ISA=$t run libm libm.pixie "out-$t.bin" > out.txt 2> err.txt || rc=$?
  else
    PIXIE_USE_ISA=$t run alloc alloc.pixie > out.txt 2> err.txt || rc=$?
  fi
  if [ $rc -ne 0 ]; then
    failures+=("$platform/$t on $where: the driver exited $rc: $(cat err.txt)")
    continue
  fi
  [ "$(head -1 out.txt)" = "selected $platform $t via $route" ] ||
    { failures+=("$platform/$t forced: $(head -1 out.txt)"); continue; }
  if [ $mode = libm ]; then
    /usr/bin/python3 "$src/libm_compare.py" "$PIXIE_CROSS_DIR/libc/libm-expected.bin" "out-$t.bin" \
      "$platform/$t on $where" 2> compare.txt || failures+=("$(sed 's/^FAIL: //' compare.txt)")
  else
    if tail -n +2 out.txt | diff -u "$PIXIE_CROSS_DIR/libc/alloc-expected.txt" - > diff.txt; then
      echo "$platform/$t on $where: the host's checksums"
    else
      failures+=("$platform/$t on $where allocates differently (a negative result is the code of a failed check in alloc_kernels.cpp):
$(cat diff.txt)")
    fi
  fi
done
if [ ${#failures[@]} -ne 0 ]; then
  printf 'FAIL: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "$platform on $where: $mode ran at ${tiers}with the host baseline's results"
