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

MUL3(__muldc3, double, __builtin_fabs, isinf, isnan, copysign)
MUL3(__mulsc3, float, __builtin_fabsf, isinf, isnan, copysignf)
DIV3(__divdc3, double, __builtin_fabs, isinf, isnan, isfinite, copysign, logb, scalbn)
DIV3(__divsc3, float, __builtin_fabsf, isinf, isnan, isfinite, copysignf, logbf, scalbnf)

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

#if defined(__aarch64__) && defined(__linux__)
/* Conversions between double and long double (IEEE binary128 on
 * linux-aarch64), so a kernel can pass a long double to snprintf's %Lf and
 * snprintf can read it. Arithmetic in long double stays out (libc.cpp says
 * so when a kernel tries). */

/* Exact: every double is a binary128 value. */
long double __extenddftf2(double x) {
  union { double f; unsigned long long bits; } in = {x};
  union {
    long double f;
    struct { unsigned long long lo, hi; } q;
  } out;
  unsigned long long sign = in.bits & 0x8000000000000000ull;
  int e = (int)((in.bits >> 52) & 0x7ff);
  unsigned long long frac = in.bits & 0xfffffffffffffull;
  if (e == 0x7ff) {
    e = 0x7fff;
  } else if (e == 0) {
    if (frac) { /* subnormal: normalise, the quad exponent range has room */
      int shift = __builtin_clzll(frac) - 11;
      frac = (frac << shift) & 0xfffffffffffffull;
      e = 1 - shift - 1023 + 16383;
    }
  } else {
    e = e - 1023 + 16383;
  }
  out.q.hi = sign | (unsigned long long)e << 48 | frac >> 4;
  out.q.lo = frac << 60;
  return out.f;
}

/* Correctly rounded to nearest even. */
double __trunctfdf2(long double x) {
  union {
    long double f;
    struct { unsigned long long lo, hi; } q;
  } in = {x};
  union { double f; unsigned long long bits; } out;
  unsigned long long sign = in.q.hi & 0x8000000000000000ull;
  int e = (int)((in.q.hi >> 48) & 0x7fff);
  /* The top 52 of the 112 fraction bits, and the 60 below them. */
  unsigned long long frac = (in.q.hi & 0xffffffffffffull) << 4 | in.q.lo >> 60;
  unsigned long long rest = in.q.lo << 4;
  if (e == 0x7fff) {
    out.bits = sign | 0x7ff0000000000000ull | frac |
               ((frac | rest) ? 0x8000000000000ull : 0); /* keep NaNs quiet */
    return out.f;
  }
  int de = e - 16383 + 1023;
  if (e == 0 || de < -52) { /* zero, or far below the least subnormal */
    out.bits = sign;
    return out.f;
  }
  if (de >= 0x7ff) {
    out.bits = sign | 0x7ff0000000000000ull;
    return out.f;
  }
  unsigned long long result;
  int up;
  if (de > 0) {
    result = (unsigned long long)de << 52 | frac;
    up = rest > 0x8000000000000000ull || (rest == 0x8000000000000000ull && (result & 1));
  } else { /* a subnormal double: shift the whole significand */
    unsigned long long m = frac | 1ull << 52;
    int shift = 1 - de; /* 1 .. 53 */
    result = m >> shift;
    unsigned long long low = m & ((1ull << shift) - 1), half = 1ull << (shift - 1);
    /* `rest` lies below the shifted-out bits: it only breaks a tie. */
    up = low > half || (low == half && (rest || (result & 1)));
  }
  result += up; /* may carry into the exponent, and into infinity: both right */
  out.bits = sign | result;
  return out.f;
}
#endif
