#!/bin/sh
# Exhaustive check of vmath's float functions: every float of each fast-path
# domain (see exh.c), at x86-64-v4 when the CPU has AVX-512, else v3.
#   bench/ulp/exh.sh [function ...]   e.g. bench/ulp/exh.sh exp sin
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../compiler/libc/vmath
out=${VMATH_BUILD:-$(mktemp -d)}
CC=${CC:-clang-19}
if grep -qw avx512f /proc/cpuinfo; then i=e; m=x86-64-v4; else i=d; m=x86-64-v3; fi
$CC --target=x86_64-unknown-linux-gnu -march=$m -DVMATH_ISA=$i -O2 -ffp-contract=off -fno-math-errno \
  -ffreestanding -fno-builtin -nostdlibinc -c "$src/vmath.c" -o "$out/vmath_$i.o"
$CC -O2 -march=$m -fno-builtin "$here/exh.c" "$out/vmath_$i.o" -lm -o "$out/exh"
exec "$out/exh" "$@"
