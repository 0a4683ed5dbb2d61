#!/bin/sh
# Build compiler/libc/vmath for the host's x86 ISAs (b, d, and e when the CPU
# has AVX-512) and run the ulp/throughput harness.
#   bench/ulp/run.sh [n_inputs (default 1000000)] [function ...]
# Exit status is non-zero if any function exceeds its ulp bound.
# Timings are the best of ULP_REPS runs (default 3).
# VMATH_OLD=<dir with another vmath.c> adds that build's d and e as columns
# "d-old" and "e-old" (timed and graded in the same run; its symbols are
# renamed to old_ZGV...), e.g. a copy of the sources before a change.
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../compiler/libc/vmath
out=${VMATH_BUILD:-$(mktemp -d)}
CC=${CC:-clang-19}
VMF="-O2 -ffp-contract=off -fno-math-errno -ffreestanding -fno-builtin -nostdlibinc"
isas="b:x86-64 d:x86-64-v3"
defs=""
if grep -qw avx512f /proc/cpuinfo; then isas="$isas e:x86-64-v4"; defs="-DHAVE_E"; fi
objs=""
for im in $isas; do
  i=${im%%:*}; m=${im#*:}
  $CC --target=x86_64-unknown-linux-gnu -march=$m -DVMATH_ISA=$i $VMF -c "$src/vmath.c" -o "$out/vmath_$i.o"
  $CC -O2 -march=$m -DVMATH_ISA=$i -c "$here/drv.c" -o "$out/drv_$i.o"
  objs="$objs $out/vmath_$i.o $out/drv_$i.o"
  if [ -n "$VMATH_OLD" ] && [ "$i" != b ]; then
    $CC --target=x86_64-unknown-linux-gnu -march=$m -DVMATH_ISA=$i $VMF -c "$VMATH_OLD/vmath.c" -o "$out/old_$i.o"
    llvm-nm-19 --defined-only "$out/old_$i.o" | awk '$3 ~ /^_ZGV/ { print $3, "old" $3 }' > "$out/old_$i.syms"
    llvm-objcopy-19 --redefine-syms="$out/old_$i.syms" "$out/old_$i.o"
    $CC -O2 -march=$m -DVMATH_ISA=$i -DVM_OLD -c "$here/drv.c" -o "$out/drvold_$i.o"
    objs="$objs $out/old_$i.o $out/drvold_$i.o"
  fi
done
[ -n "$VMATH_OLD" ] && defs="$defs -DHAVE_OLD"
$CC -O2 -fno-builtin $defs -c "$here/ulp.c" -o "$out/ulp.o"
$CC -o "$out/ulp" "$out/ulp.o" $objs -lm
exec "$out/ulp" "$@"
