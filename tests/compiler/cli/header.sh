# pixie-build --header: the C ABI of the exports as a header. Written from
# the signatures alone (no sources), it must (1) be exactly the text below,
# (2) compile warning-free with a kernel that uses its prototypes and element
# macros, for every platform triple, as C and as C++, (3) agree with
# pixie-build's own check of the same kernel against the same signatures,
# and (4) give a C host, which includes pixie/pixie.h first, checked calls
# that run. Its errors have exact messages.
. "$(dirname "$0")/common.inc"
: "${PIXIE_SOURCE_DIR:?}"
clang=$(command -v clang-19 || echo /usr/lib/llvm-19/bin/clang)
exports=(
  --export 'matmul=matmul_f32:void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)'
  --export 'axpy=axpy_f64:void(i64 n, f64 alpha, const f64[n] x, f64[n] y)'
  --export 'stencil=stencil3d:void(const f64[n, n, n] a, f64[n, n, n] b)'
  --export 'mv3=mv3:f64(const f64[3, 3] w, const f64[3] v, f64[3] out)'
  --export 'total=total:f32(const f32[n], f32 scale)'
  --export 'tier=tier:i32()'
)

"$PIXIE_BUILD" --header arrays.h "${exports[@]}" > out.txt
diff -u <(echo "wrote arrays.h: the C ABI of 6 exports") out.txt || fail "--header's report"
ls ./*.pixie >/dev/null 2>&1 && fail "--header without -o built a .pixie"
# The kernel side of the header, exactly (the host side is run below).
sed -n '/^\/\* matmul/,/^#ifdef PIXIE_PIXIE_H/{p;/^#ifdef PIXIE_PIXIE_H/q}' arrays.h > kernel-side.txt
diff -u - kernel-side.txt <<'H' || fail "the header's kernel side changed"
/* matmul: void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c) */
void matmul_f32(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n);
#define MATMUL_F32_A(i0, i1) ((a)[(int64_t)(i0) * (k) + (i1)])
#define MATMUL_F32_B(i0, i1) ((b)[(int64_t)(i0) * (n) + (i1)])
#define MATMUL_F32_C(i0, i1) ((c)[(int64_t)(i0) * (n) + (i1)])

/* axpy: void(i64 n, f64 alpha, const f64[n] x, f64[n] y) */
void axpy_f64(int64_t n, double alpha, const double *x, double *y);
#define AXPY_F64_X(i0) ((x)[(i0)])
#define AXPY_F64_Y(i0) ((y)[(i0)])

/* stencil: void(const f64[n, n, n] a, f64[n, n, n] b) */
void stencil3d(const double *a, double *b, int64_t n);
#define STENCIL3D_A(i0, i1, i2) ((a)[((int64_t)(i0) * (n) + (i1)) * (n) + (i2)])
#define STENCIL3D_B(i0, i1, i2) ((b)[((int64_t)(i0) * (n) + (i1)) * (n) + (i2)])

/* mv3: f64(const f64[3, 3] w, const f64[3] v, f64[3] out) */
double mv3(const double *w, const double *v, double *out);
#define MV3_W(i0, i1) ((w)[(int64_t)(i0) * 3 + (i1)])
#define MV3_V(i0) ((v)[(i0)])
#define MV3_OUT(i0) ((out)[(i0)])

/* total: f32(const f32[n], f32 scale) */
float total(const float *p1, float scale, int64_t n);
#define TOTAL_P1(i0) ((p1)[(i0)])

/* tier: i32() */
int32_t tier(void);

#ifdef PIXIE_PIXIE_H
H
grep -q '^#ifndef PIXIE_ARRAYS_H_$' arrays.h || fail "include guard"

cat > kernels.c <<'C'
#include "arrays.h"

void matmul_f32(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float s = 0;
      for (int64_t p = 0; p < k; ++p)
        s += MATMUL_F32_A(i, p) * MATMUL_F32_B(p, j);
      MATMUL_F32_C(i, j) = s;
    }
}

void axpy_f64(int64_t n, double alpha, const double *x, double *y) {
  for (int64_t i = 0; i < n; ++i)
    AXPY_F64_Y(i) += alpha * AXPY_F64_X(i);
}

void stencil3d(const double *a, double *b, int64_t n) {
  for (int64_t i = 1; i + 1 < n; ++i)
    for (int64_t j = 1; j + 1 < n; ++j)
      for (int64_t k = 1; k + 1 < n; ++k)
        STENCIL3D_B(i, j, k) = (STENCIL3D_A(i - 1, j, k) + STENCIL3D_A(i + 1, j, k) + STENCIL3D_A(i, j - 1, k) +
                                STENCIL3D_A(i, j + 1, k) + STENCIL3D_A(i, j, k - 1) + STENCIL3D_A(i, j, k + 1)) /
                               6.0;
}

double mv3(const double *w, const double *v, double *out) {
  for (int i = 0; i < 3; ++i)
    MV3_OUT(i) = MV3_W(i, 0) * MV3_V(0) + MV3_W(i, 1) * MV3_V(1) + MV3_W(i, 2) * MV3_V(2);
  return MV3_W(0, 0) + MV3_W(1, 1) + MV3_W(2, 2);
}

float total(const float *p1, float scale, int64_t n) {
  float s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += TOTAL_P1(i);
  return s * scale;
}

int32_t tier(void) { return 7; }
C
warn=(-Werror -Wall -Wextra -Wpedantic -Wmissing-prototypes -Wstrict-prototypes -Wconversion -Wno-sign-conversion)
for triple in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu arm64-apple-macosx11.0 x86_64-pc-windows-msvc; do
  "$clang" --target=$triple -ffreestanding -std=c99 "${warn[@]}" -c kernels.c -o kernels-$triple.o \
    || fail "kernels.c with the header, $triple"
  "$clang" --target=$triple -ffreestanding -x c++ -std=c++17 -Werror -Wall -Wextra -Wpedantic -c kernels.c \
    -o kernels-$triple-cxx.o || fail "kernels.c as C++ with the header, $triple"
done

# pixie-build checks the same kernel against the same signatures on every
# platform; -o with --header writes both.
"$PIXIE_BUILD" --quiet -o arrays.pixie --header arrays2.h kernels.c "${exports[@]}" \
  --tier x86-64,armv8-a,apple-m1 || fail "pixie-build of the kernel written against the header"
cmp arrays.h arrays2.h || fail "--header with -o wrote another header"
# --header leaves the .pixie as it was: not recorded in its build options.
mkdir again
"$PIXIE_BUILD" --quiet -o again/arrays.pixie kernels.c "${exports[@]}" --tier x86-64,armv8-a,apple-m1
cmp arrays.pixie again/arrays.pixie || fail "--header changed the .pixie"

# A host: pixie.h, then the header; checked calls through the C API.
build_dir=$(cd "$(dirname "$PIXIE_BUILD")/.." && pwd)
libdir=$build_dir/loader
[ -e "$libdir/libpixie.so" ] || fail "no libpixie.so in $libdir"
cat > host.c <<'C'
#include <stdio.h>

#include "pixie/pixie.h"
#include "arrays.h"

static int report(const char *what, pixie_error e) {
  printf("%s: %s\n", what, e ? pixie_error_message(e) : "ok");
  pixie_error_dispose(e);
  return e != NULL;
}

int main(int argc, char **argv) {
  pixie_library lib;
  pixie_kernel mm, ax, mv, tot, ti;
  if (argc < 2 || report("open", pixie_open_file(argv[1], NULL, &lib)))
    return 2;
  if (report("lookup", matmul_f32_lookup(lib, &mm)) || axpy_f64_lookup(lib, &ax) || mv3_lookup(lib, &mv) ||
      total_lookup(lib, &tot) || tier_lookup(lib, &ti))
    return 2;

  float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1}, c[4] = {0};
  int64_t as[2] = {2, 3}, bs[2] = {3, 2}, cs[2] = {2, 2}, bad[2] = {2, 3};
  pixie_array A = {a, 2, PIXIE_F32, as}, B = {b, 2, PIXIE_F32, bs}, C = {c, 2, PIXIE_F32, cs};
  report("matmul", matmul_f32_call(mm, A, B, C));
  printf("c = %g %g %g %g\n", c[0], c[1], c[2], c[3]);
  C.shape = bad;
  report("matmul, c 2x3", matmul_f32_call(mm, A, B, C));
  report("matmul, another kernel", matmul_f32_call(ax, A, B, C));

  double x[3] = {1, 2, 3}, y[3] = {10, 20, 30};
  int64_t n3[1] = {3}, n2[1] = {2};
  pixie_array X = {x, 1, PIXIE_F64, n3}, Y = {y, 1, PIXIE_F64, n3};
  report("axpy", axpy_f64_call(ax, 2.0, X, Y));
  printf("y = %g %g %g\n", y[0], y[1], y[2]);
  Y.shape = n2;
  report("axpy, y of 2", axpy_f64_call(ax, 2.0, X, Y));
  X.dtype = PIXIE_F32;
  report("axpy, x of f32", axpy_f64_call(ax, 2.0, X, Y));

  double w[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, v[3] = {1, 0, -1}, out[3], trace = 0;
  int64_t ws[2] = {3, 3}, wbad[2] = {9, 1};
  pixie_array W = {w, 2, PIXIE_F64, ws}, V = {v, 1, PIXIE_F64, n3}, O = {out, 1, PIXIE_F64, n3};
  report("mv3", mv3_call(mv, W, V, O, &trace));
  printf("out = %g %g %g, trace %g\n", out[0], out[1], out[2], trace);
  W.shape = wbad;
  report("mv3, w 9x1", mv3_call(mv, W, V, O, NULL));

  float f[4] = {1, 2, 3, 4}, sum = 0;
  int64_t n4[1] = {4};
  pixie_array F = {f, 1, PIXIE_F32, n4};
  report("total", total_call(tot, F, 0.5f, &sum));
  printf("total = %g\n", sum);
  int32_t t = 0;
  report("tier", tier_call(ti, &t));
  printf("tier = %d\n", t);
  pixie_close(lib);
  return 0;
}
C
cc -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$PIXIE_SOURCE_DIR/loader/include" -I. host.c -o host \
  -L"$libdir" -lpixie -Wl,-rpath,"$libdir" || fail "host.c with pixie.h and the header"
./host arrays.pixie > host.txt || fail "host exited $?: $(cat host.txt)"
diff -u - host.txt <<'OUT' || fail "the host's checked calls"
open: ok
lookup: ok
matmul: ok
c = 4 5 10 11
matmul, c 2x3: matmul: extent n disagrees: b has shape [3, 2] (n = 2), c has shape [2, 3] (n = 3)
matmul, another kernel: matmul_f32_call: the kernel is not matmul_f32_lookup's
axpy: ok
y = 12 24 36
axpy, y of 2: axpy: extent n disagrees: x has shape [3] (n = 3), y has shape [2] (n = 2)
axpy, x of f32: axpy: x (const f64[n]) is an array of f64, got an array of f32
mv3: ok
out = -2 -2 -2, trace 15
mv3, w 9x1: mv3: w (const f64[3, 3]) needs extent 3 in axis 0, got shape [9, 1]
total: ok
total = 5
tier: ok
tier = 7
OUT
# C++ hosts include it as well.
c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I"$PIXIE_SOURCE_DIR/loader/include" -I. -x c++ host.c \
  || fail "host.c as C++"

# Errors, in a directory of their own (expect_error wants no .pixie around).
mkdir errors && cd errors
expect_error "pixie-build: error: --header needs exports (--export or --manifest)" \
  "$PIXIE_BUILD" --header none.h
expect_error "pixie-build: error: export 'f' (f): symbol 'f' is also export 'g' with void(const f64[n] x); one C function has one prototype, not void(const f32[n] x)" \
  "$PIXIE_BUILD" --header clash.h --export 'g=f:void(const f64[n] x)' --export 'f=f:void(const f32[n] x)'
expect_error "pixie-build: error: the C header would define 'F_X' twice: for array 'x' of f and for the function of export 'g'" \
  "$PIXIE_BUILD" --header clash.h --export 'f=f:void(const f64[n] x)' --export 'g=F_X:void()'
expect_error "pixie-build: error: cannot write nodir/k.h: no directory nodir" \
  "$PIXIE_BUILD" --header nodir/k.h --export 'f=f:void(const f64[n] x)'
expect_error "pixie-build: error: --specialize copies a .pixie; it writes no --header" \
  "$PIXIE_BUILD" --specialize ../arrays.pixie -o s.pixie --header s.h
[ ! -e clash.h ] && [ ! -e none.h ] || fail "a failed --header left a file"
# Two exports of one symbol with one C ABI share one prototype.
"$PIXIE_BUILD" --quiet --header alias.h --export 'f=f:void(const f64[n] x)' --export 'g=f:void(const f64[n] x)'
grep -q '^/\* f, g: void(const f64\[n\] x) \*/$' alias.h || fail "aliases"
[ "$(grep -c '^void f(' alias.h)" = 1 ] || fail "one prototype for an aliased symbol"
echo OK
