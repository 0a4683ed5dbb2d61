/* The scalar libm, as every platform's variants link it (musl's, compiled per
 * platform and tier with contraction off): libm_eval_f64 and libm_eval_f32
 * evaluate function FN of libm_functions.h's table on N inputs, one scalar
 * call per element. The loops are kept scalar (no vectoriser, no
 * interleaving), so it is the scalar libm being compared, not the vector one.
 * Returns 0, or -1 for an unknown FN.
 *
 *   i32 libm_eval_f64(i32 fn, i64 n, const f64* x, const f64* y, const f64* z, f64* out)
 *   i32 libm_eval_f32(i32 fn, i64 n, const f32* x, const f32* y, const f32* z, f32* out)
 *   i32 libm_count(i32 precision)   entries of the table: 64 -> LIBM_F64, 32 -> LIBM_F32
 */
#include <math.h>
#include <stdint.h>

#include "libm_functions.h"

/* ldexp's and scalbn's int: y, clamped (converting NaN or a huge double to int
 * is undefined). */
static int k64(double y) { return y != y ? 0 : y > 3000 ? 3000 : y < -3000 ? -3000 : (int)y; }
static int k32(float y) { return y != y ? 0 : y > 400 ? 400 : y < -400 ? -400 : (int)y; }

static double frexp_m(double x) { int e; return frexp(x, &e); }
static double frexp_e(double x) { int e = 0; frexp(x, &e); return e; }
static double modf_f(double x) { double i; return modf(x, &i); }
static double modf_i(double x) { double i; modf(x, &i); return i; }
static double remquo_r(double x, double y) { int q; return remquo(x, y, &q); }
static double remquo_q(double x, double y) { int q = 0; remquo(x, y, &q); return q; }
static float frexpf_m(float x) { int e; return frexpf(x, &e); }
static float frexpf_e(float x) { int e = 0; frexpf(x, &e); return (float)e; }
static float modff_f(float x) { float i; return modff(x, &i); }
static float modff_i(float x) { float i; modff(x, &i); return i; }
static float remquof_r(float x, float y) { int q; return remquof(x, y, &q); }
static float remquof_q(float x, float y) { int q = 0; remquof(x, y, &q); return (float)q; }

#define ID64(name, arity, expr) F64_##name,
#define ID32(name, arity, expr) F32_##name,
enum { LIBM_F64(ID64) F64_COUNT };
enum { LIBM_F32(ID32) F32_COUNT };

#define SCALAR_LOOP(T, K, expr)                                                                    \
  _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")                     \
  for (int64_t i = 0; i < n; i++) {                                                                \
    T x = xs[i], y = ys[i], z = zs[i];                                                             \
    int k = K(y);                                                                                  \
    (void)x, (void)y, (void)z, (void)k;                                                            \
    out[i] = (expr);                                                                               \
  }

#define CASE64(name, arity, expr)                                                                  \
  case F64_##name:                                                                                 \
    SCALAR_LOOP(double, k64, expr)                                                                 \
    return 0;
#define CASE32(name, arity, expr)                                                                  \
  case F32_##name:                                                                                 \
    SCALAR_LOOP(float, k32, expr)                                                                  \
    return 0;

int32_t libm_eval_f64(int32_t fn, int64_t n, const double *xs, const double *ys, const double *zs,
                      double *out) {
  switch (fn) { LIBM_F64(CASE64) }
  return -1;
}

int32_t libm_eval_f32(int32_t fn, int64_t n, const float *xs, const float *ys, const float *zs,
                      float *out) {
  switch (fn) { LIBM_F32(CASE32) }
  return -1;
}

int32_t libm_count(int32_t precision) {
  return precision == 64 ? F64_COUNT : precision == 32 ? F32_COUNT : -1;
}
