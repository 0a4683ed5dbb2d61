#!/bin/sh
# Build compiler/libc/vmath for the host's x86 ISAs (b, d, and e when the CPU
# has AVX-512) and run the ulp/throughput harness.
#   bench/ulp/run.sh [n_inputs (default 1000000)] [function ...]
# Exit status is non-zero if any function exceeds its ulp bound.
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
done
$CC -O2 -fno-builtin $defs -c "$here/ulp.c" -o "$out/ulp.o"
$CC -o "$out/ulp" "$out/ulp.o" $objs -lm
exec "$out/ulp" "$@"
