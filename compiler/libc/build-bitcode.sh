#!/bin/sh
# Builds one platform's C library bitcode (README.md):
#   build-bitcode.sh CLANG LLVM_LINK TRIPLE MUSL_SOURCE OUTPUT
# musl's libm (float and double functions, complex) with pixie's headers and
# the shims in musl/, plus pixie's own sources in src/, linked into OUTPUT.
set -eu
clang=$1 llvm_link=$2 triple=$3 musl=$4 output=$5
libc=$(cd "$(dirname "$0")" && pwd)
# A private work directory and an atomic rename: two builds of one tree
# may run this at once.
work=$(mktemp -d "$output.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/musl" "$work/own"

# libm: musl's long double functions (fooL.c beside foo.c, and the helpers
# only they use) are left out, as are nexttoward (a long double argument) and
# the portable sqrt, which src/sqrt.c replaces with the instruction, and
# atan2/atan2f (1.4 ulp), sinh/sinhf (1.7) and tanh/tanhf (2.1), which
# src/atan2.c and src/sinh_tanh.c replace (0.5 ulp).
sources=
for f in "$musl"/src/math/*.c "$musl"/src/complex/*.c; do
  base=$(basename "$f" .c)
  case $base in
  *l) [ -e "$(dirname "$f")/${base%l}.c" ] && continue ;;
  esac
  case $base in
  __polevll | nexttoward | nexttowardf | sqrt | sqrtf | atan2 | atan2f | sinh | sinhf | tanh | tanhf) continue ;;
  esac
  sources="$sources $f"
done
# The pure parts of string.h, stdlib.h and ctype.h (C locale), and rand.
# Wide characters, locales and strerror are not part of it; memcpy, memmove
# and memset come with every variant's builtins (builtins.cpp).
for f in "$musl"/src/string/*.c; do
  case $(basename "$f") in
  w* | strerror_r.c | strsignal.c | strverscmp.c | memcpy.c | memmove.c | memset.c) continue ;;
  esac
  sources="$sources $f"
done
for f in abs labs llabs div ldiv lldiv imaxabs imaxdiv qsort qsort_nr bsearch atoi atol atoll; do
  sources="$sources $musl/src/stdlib/$f.c"
done
for f in "$musl"/src/ctype/is*.c "$musl"/src/ctype/to*.c; do
  case $(basename "$f") in isw* | tow*) continue ;; esac
  sources="$sources $f"
done
sources="$sources $musl/src/prng/rand.c $musl/src/prng/rand_r.c"

# Formatting into memory (snprintf and friends) and number parsing (strtod,
# strtol...), on FILE objects that live on the stack of one call. musl
# computes them in long double; pixie's copies compute in double on every
# platform, as musl does where long double is double, so the results are the
# same everywhere and linux-aarch64's software quad precision is not needed.
# A %Lf argument is still read as the long double the caller passed.
mkdir -p "$work/patched"
for f in src/stdio/vfprintf.c src/internal/floatscan.c src/internal/floatscan.h src/stdlib/strtod.c; do
  sed -e 's/va_arg(\*ap, long double)/(double)va_arg(*ap, long double)/' \
      -e '/va_arg/!s/long double/double/g' -e 's/LDBL_/DBL_/g' -e 's/\([0-9]\.[0-9]*\)L\b/\1/g' \
      -e 's/\b\(frexp\|scalbn\|fmod\|copysign\|fabs\)l\b/\1/g' \
      -e '/^long double strtold/,/^}/d' -e '/^double strtold/,/^}/d' \
      "$musl/$f" >"$work/patched/$(basename "$f")"
done
sources="$sources $work/patched/vfprintf.c $work/patched/floatscan.c $work/patched/strtod.c"
for f in vsnprintf snprintf sprintf vsprintf __towrite fwrite __uflow __toread; do
  sources="$sources $musl/src/stdio/$f.c"
done
sources="$sources $musl/src/internal/shgetc.c $musl/src/internal/intscan.c $musl/src/stdlib/strtol.c"

pic=
case $triple in *linux*) pic=-fPIC ;; esac
# No contraction, so every platform computes the same bits; no builtins, so
# a function is never compiled into a call to itself.
common="--target=$triple -O2 -ffreestanding -fno-builtin -fno-math-errno -ffp-contract=off
  -fno-stack-protector -nostdlibinc -isystem $libc/include $pic -emit-llvm -c"

# musl's own code, as its upstream wrote it: its warnings are not ours.
# __FP_FAST_FMA is undefined because clang defines it for Arm only, and
# musl's log, log2 and pow then take a fused path whose last bit differs from
# the split one every other platform takes (tests/cross/libm_kernels.c).
(cd "$work/musl" && "$clang" $common -std=c99 -w -I"$libc/musl" -include features.h \
  -D_INTERNAL_SYSCALL_H -I"$work/patched" -U__FP_FAST_FMA -U__FP_FAST_FMAF \
  -I"$musl/src/internal" -D__signgam=signgam -D__lgamma_r=lgamma_r -D__lgammaf_r=lgammaf_r -D__qsort_r=qsort_r \
  $sources)
(cd "$work/own" && "$clang" $common -std=c11 -Wall -Wextra -Werror "$libc"/src/*.c &&
  "$clang" $common -std=c++17 -fno-exceptions -fno-rtti -Wall -Wextra -Werror "$libc"/src/*.cpp)
# The vector libm (vmath/README.md), once per vector ISA of the architecture:
# the ABI names differ per ISA, and pipeline.cpp maps each tier to the ones
# its CPU runs.
case $triple in
x86_64*) isas="b:x86-64 d:x86-64-v3 e:x86-64-v4" ;;
*) isas="n:armv8-a" ;;
esac
for isa in $isas; do
  "$clang" $common -std=c11 -Wall -Wextra -Werror -march="${isa#*:}" -DVMATH_ISA="${isa%%:*}" \
    "$libc/vmath/vmath.c" -o "$work/own/vmath-${isa%%:*}.bc"
done
"$llvm_link" -o "$work/libc.bc" "$work"/musl/*.bc "$work"/own/*.bc
mv "$work/libc.bc" "$output"
