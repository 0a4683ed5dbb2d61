/* Loop kernels over libm for bench/libm_bench.py (speed) and bench/libm_ulp.py
 * (accuracy). For every function F of pixie's vector libm, double and float:
 *   v_F  / v_Ff : a plain loop the vectoriser turns into calls of the vector
 *                 variant (_ZGVeN8v_exp ... at pixie's tiers, libmvec natively)
 *   s_F  / s_Ff : the same loop with vectorisation disabled: the scalar libm
 * One-argument kernels: void(i64 n, const T *x, T *y); two-argument ones
 * (pow, atan2): void(i64 n, const T *x, const T *z, T *y), y[i] = F(x[i], z[i]). */
#include <math.h>

#define NOVEC _Pragma("clang loop vectorize(disable) interleave(disable)")

#define K1T(F, T)                                                                        \
  void v_##F(long long n, const T *restrict x, T *restrict y) {                            \
    for (long long i = 0; i < n; i++) y[i] = F(x[i]);                                    \
  }                                                                                      \
  void s_##F(long long n, const T *restrict x, T *restrict y) {                            \
    NOVEC for (long long i = 0; i < n; i++) y[i] = F(x[i]);                              \
  }
#define K2T(F, T)                                                                        \
  void v_##F(long long n, const T *restrict x, const T *restrict z, T *restrict y) {       \
    for (long long i = 0; i < n; i++) y[i] = F(x[i], z[i]);                              \
  }                                                                                      \
  void s_##F(long long n, const T *restrict x, const T *restrict z, T *restrict y) {       \
    NOVEC for (long long i = 0; i < n; i++) y[i] = F(x[i], z[i]);                        \
  }
#define K1(F) K1T(F, double) K1T(F##f, float)
#define K2(F) K2T(F, double) K2T(F##f, float)

K1(exp) K1(exp2) K1(expm1) K1(log) K1(log2) K1(log10) K1(log1p)
K1(sin) K1(cos) K1(tan) K1(tanh) K1(sinh) K1(cosh)
K1(atan) K1(asin) K1(acos) K1(erf) K1(cbrt)
K2(pow) K2(atan2)
