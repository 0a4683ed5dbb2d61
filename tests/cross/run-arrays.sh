# Kernels with array signatures called from C on every platform, through the
# loader users get (spec/loader.md 6.1): array_driver.c, compiled here for the
# platform (the host's by CMake; gcc-aarch64-linux-gnu or mingw-w64 against the
# cross-built loader of "cross: build <platform>"), runs arrays.pixie (the
# "cross: array kernels" fixture, array-kernels.sh) once per tier, forced with
# PIXIE_USE_ISA. Each run must
#   * select the forced tier by the platform's route,
#   * pass the driver's own checks: the lowered signatures, every mismatched
#     descriptor set (k disagreeing, a wrong ndim, a wrong dtype, ...) refused
#     with the C API's exact message and no kernel run, each kernel's results
#     exactly the driver's plain C reference, no guard element written,
#   * and report and write exactly what the host baseline did (expected.txt,
#     expected.bin: every output array, byte for byte).
# Every tier is run before failing, so one run shows every difference.
#
#   run-arrays.sh linux-64                this CPU, every tier up to its best
#   run-arrays.sh linux-aarch64 CPU "TIERS..."   qemu-aarch64 -cpu CPU
#   run-arrays.sh win-64                  wine, every tier up to the CPU's best
. "$(dirname "$0")/common.inc"
platform=$1
[ -s arrays/expected.bin ] || fail "no arrays/expected.bin: the fixture 'cross: array kernels' failed"
src=$PIXIE_SOURCE_DIR/tests/cross
prepare_driver "$platform" "$src/array_driver.c" "${PIXIE_ARRAY_DRIVER:-}" arrays "${@:2}"
cp arrays/arrays.pixie "$work"
cd "$work"

failures=()
for t in $tiers; do
  rc=0
  PIXIE_USE_ISA=$t run arrays.pixie "out-$t.bin" > out.txt 2> err.txt || rc=$?
  if [ $rc -ne 0 ]; then
    failures+=("$platform/$t on $where: the driver exited $rc:
$(cat err.txt)")
    continue
  fi
  [ "$(head -1 out.txt)" = "selected $platform $t via $route" ] ||
    { failures+=("$platform/$t forced: $(head -1 out.txt)"); continue; }
  if ! tail -n +2 out.txt | diff -u "$PIXIE_CROSS_DIR/arrays/expected.txt" - > diff.txt; then
    failures+=("$platform/$t on $where reports otherwise than the host baseline:
$(cat diff.txt)")
  elif ! cmp "$PIXIE_CROSS_DIR/arrays/expected.bin" "out-$t.bin" > cmp.txt 2>&1; then
    failures+=("$platform/$t on $where writes other outputs than the host baseline: $(cat cmp.txt)")
  else
    echo "$platform/$t on $where: lowered calls, refusals and results the host baseline's"
  fi
done
if [ ${#failures[@]} -ne 0 ]; then
  printf 'FAIL: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "$platform on $where: matmul, stencil7 and axpy ran at $(echo $tiers) with the host baseline's results, every mismatch refused"
