/* Functions the compiler itself calls: complex multiplication and division
 * with C99 Annex G's infinity and NaN recovery, integer powers, and Darwin's
 * sincos. Clang emits calls to these for `a * b` on complex operands,
 * __builtin_powi, and sin(x) next to cos(x), so they belong to every variant
 * that needs them, like memcpy. */
#include <math.h>

#define MUL3(NAME, T, FABS, ISINF, ISNAN, COPYSIGN)                           \
  T _Complex NAME(T a, T b, T c, T d) {                                        \
    T ac = a * c, bd = b * d, ad = a * d, bc = b * c;                          \
    T re = ac - bd, im = ad + bc;                                              \
    if (ISNAN(re) && ISNAN(im)) {                                              \
      int recalc = 0;                                                          \
      if (ISINF(a) || ISINF(b)) {                                              \
        a = COPYSIGN(ISINF(a) ? 1 : 0, a);                                     \
        b = COPYSIGN(ISINF(b) ? 1 : 0, b);                                     \
        if (ISNAN(c)) c = COPYSIGN(0, c);                                      \
        if (ISNAN(d)) d = COPYSIGN(0, d);                                      \
        recalc = 1;                                                            \
      }                                                                        \
      if (ISINF(c) || ISINF(d)) {                                              \
        c = COPYSIGN(ISINF(c) ? 1 : 0, c);                                     \
        d = COPYSIGN(ISINF(d) ? 1 : 0, d);                                     \
        if (ISNAN(a)) a = COPYSIGN(0, a);                                      \
        if (ISNAN(b)) b = COPYSIGN(0, b);                                      \
        recalc = 1;                                                            \
      }                                                                        \
      if (!recalc && (ISINF(ac) || ISINF(bd) || ISINF(ad) || ISINF(bc))) {     \
        if (ISNAN(a)) a = COPYSIGN(0, a);                                      \
        if (ISNAN(b)) b = COPYSIGN(0, b);                                      \
        if (ISNAN(c)) c = COPYSIGN(0, c);                                      \
        if (ISNAN(d)) d = COPYSIGN(0, d);                                      \
        recalc = 1;                                                            \
      }                                                                        \
      if (recalc) {                                                            \
        re = INFINITY * (a * c - b * d);                                       \
        im = INFINITY * (a * d + b * c);                                       \
      }                                                                        \
    }                                                                          \
    return __builtin_complex(re, im);                                          \
  }

/* Smith's method with scaling by a power of two (logb/scalbn), so that
 * neither the denominator nor the quotients overflow needlessly. */
#define DIV3(NAME, T, FABS, ISINF, ISNAN, ISFINITE, COPYSIGN, LOGB, SCALBN)    \
  T _Complex NAME(T a, T b, T c, T d) {                                        \
    int ilogbw = 0;                                                            \
    T logbw = LOGB(FABS(c) > FABS(d) ? FABS(c) : FABS(d));                     \
    if (ISFINITE(logbw)) {                                                     \
      ilogbw = (int)logbw;                                                     \
      c = SCALBN(c, -ilogbw);                                                  \
      d = SCALBN(d, -ilogbw);                                                  \
    }                                                                          \
    T denom = c * c + d * d;                                                   \
    T re = SCALBN((a * c + b * d) / denom, -ilogbw);                           \
    T im = SCALBN((b * c - a * d) / denom, -ilogbw);                           \
    if (ISNAN(re) && ISNAN(im)) {                                              \
      if (denom == 0 && (!ISNAN(a) || !ISNAN(b))) {                            \
        re = COPYSIGN(INFINITY, c) * a;                                        \
        im = COPYSIGN(INFINITY, c) * b;                                        \
      } else if ((ISINF(a) || ISINF(b)) && ISFINITE(c) && ISFINITE(d)) {       \
        a = COPYSIGN(ISINF(a) ? 1 : 0, a);                                     \
        b = COPYSIGN(ISINF(b) ? 1 : 0, b);                                     \
        re = INFINITY * (a * c + b * d);                                       \
        im = INFINITY * (b * c - a * d);                                       \
      } else if (ISINF(logbw) && logbw > 0 && ISFINITE(a) && ISFINITE(b)) {    \
        c = COPYSIGN(ISINF(c) ? 1 : 0, c);                                     \
        d = COPYSIGN(ISINF(d) ? 1 : 0, d);                                     \
        re = 0 * (a * c + b * d);                                              \
        im = 0 * (b * c - a * d);                                              \
      }                                                                        \
    }                                                                          \
    return __builtin_complex(re, im);                                          \
  }

MUL3(__muldc3, double, fabs, isinf, isnan, copysign)
MUL3(__mulsc3, float, fabsf, isinf, isnan, copysignf)
DIV3(__divdc3, double, fabs, isinf, isnan, isfinite, copysign, logb, scalbn)
DIV3(__divsc3, float, fabsf, isinf, isnan, isfinite, copysignf, logbf, scalbnf)

/* x**n by binary powering, as __builtin_powi promises (not correctly rounded). */
#define POWI(NAME, T)                                                          \
  T NAME(T x, int n) {                                                         \
    int negative = n < 0;                                                      \
    T r = 1;                                                                   \
    for (unsigned k = negative ? 0u - (unsigned)n : (unsigned)n; k; k >>= 1) { \
      if (k & 1)                                                               \
        r *= x;                                                                \
      x *= x;                                                                  \
    }                                                                          \
    return negative ? 1 / r : r;                                               \
  }

POWI(__powidf2, double)
POWI(__powisf2, float)

#if defined(__APPLE__)
/* LLVM folds sin(x) and cos(x) of one x into these on Darwin. */
struct __pixie_sincos { double s, c; };
struct __pixie_sincosf { float s, c; };
struct __pixie_sincos __sincos_stret(double x) {
  struct __pixie_sincos r;
  sincos(x, &r.s, &r.c);
  return r;
}
struct __pixie_sincosf __sincosf_stret(float x) {
  struct __pixie_sincosf r;
  sincosf(x, &r.s, &r.c);
  return r;
}
#endif
