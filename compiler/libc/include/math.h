/* math.h for pixie kernels: the same declarations on every platform.
 *
 * The functions are pixie's libm (musl's, compiled from source for each
 * target with contraction off), linked into a variant only when it calls
 * them, so a given input gives the same bits on every platform. They never
 * set errno (math_errhandling says so), which is what lets clang treat them
 * as pure and the loop vectoriser call their vector versions. float_t and
 * double_t are float and double: every pixie target evaluates in SSE or NEON
 * registers (FLT_EVAL_METHOD 0). Long double functions are declared for
 * source compatibility; pixie's libm does not provide them, and a kernel that
 * calls one fails to build with a message naming it. */
#ifndef _PIXIE_MATH_H
#define _PIXIE_MATH_H

#ifdef __cplusplus
extern "C" {
#endif

typedef float float_t;
typedef double double_t;

#define HUGE_VAL __builtin_huge_val()
#define HUGE_VALF __builtin_huge_valf()
#define HUGE_VALL __builtin_huge_vall()
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4

#define FP_ILOGB0 (-1 - 0x7fffffff)
#define FP_ILOGBNAN (-1 - 0x7fffffff)

#define MATH_ERRNO 1
#define MATH_ERREXCEPT 2
#define math_errhandling MATH_ERREXCEPT

#define fpclassify(x) __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define isfinite(x) __builtin_isfinite(x)
#define isinf(x) __builtin_isinf(x)
#define isnan(x) __builtin_isnan(x)
#define isnormal(x) __builtin_isnormal(x)
#define signbit(x) __builtin_signbit(x)
#define isgreater(x, y) __builtin_isgreater(x, y)
#define isgreaterequal(x, y) __builtin_isgreaterequal(x, y)
#define isless(x, y) __builtin_isless(x, y)
#define islessequal(x, y) __builtin_islessequal(x, y)
#define islessgreater(x, y) __builtin_islessgreater(x, y)
#define isunordered(x, y) __builtin_isunordered(x, y)

/* POSIX (XSI) constants, which most numeric code expects. */
#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_1_PI 0.31830988618379067154
#define M_2_PI 0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440

/* One line per function: double, float, long double. */
#define _PIXIE_MATH1(name) \
  double name(double); float name##f(float); long double name##l(long double);
#define _PIXIE_MATH2(name) \
  double name(double, double); float name##f(float, float); \
  long double name##l(long double, long double);

_PIXIE_MATH1(acos) _PIXIE_MATH1(asin) _PIXIE_MATH1(atan) _PIXIE_MATH2(atan2)
_PIXIE_MATH1(cos) _PIXIE_MATH1(sin) _PIXIE_MATH1(tan)
_PIXIE_MATH1(acosh) _PIXIE_MATH1(asinh) _PIXIE_MATH1(atanh)
_PIXIE_MATH1(cosh) _PIXIE_MATH1(sinh) _PIXIE_MATH1(tanh)
_PIXIE_MATH1(exp) _PIXIE_MATH1(exp2) _PIXIE_MATH1(expm1)
_PIXIE_MATH1(log) _PIXIE_MATH1(log10) _PIXIE_MATH1(log1p) _PIXIE_MATH1(log2) _PIXIE_MATH1(logb)
_PIXIE_MATH1(cbrt) _PIXIE_MATH1(fabs) _PIXIE_MATH2(hypot) _PIXIE_MATH2(pow) _PIXIE_MATH1(sqrt)
_PIXIE_MATH1(erf) _PIXIE_MATH1(erfc) _PIXIE_MATH1(lgamma) _PIXIE_MATH1(tgamma)
_PIXIE_MATH1(ceil) _PIXIE_MATH1(floor) _PIXIE_MATH1(nearbyint) _PIXIE_MATH1(rint)
_PIXIE_MATH1(round) _PIXIE_MATH1(trunc)
_PIXIE_MATH2(fmod) _PIXIE_MATH2(remainder) _PIXIE_MATH2(copysign) _PIXIE_MATH2(nextafter)
_PIXIE_MATH2(fdim) _PIXIE_MATH2(fmax) _PIXIE_MATH2(fmin)

double frexp(double, int *); float frexpf(float, int *); long double frexpl(long double, int *);
double ldexp(double, int); float ldexpf(float, int); long double ldexpl(long double, int);
double scalbn(double, int); float scalbnf(float, int); long double scalbnl(long double, int);
double scalbln(double, long); float scalblnf(float, long); long double scalblnl(long double, long);
int ilogb(double); int ilogbf(float); int ilogbl(long double);
double modf(double, double *); float modff(float, float *); long double modfl(long double, long double *);
long lrint(double); long lrintf(float); long lrintl(long double);
long long llrint(double); long long llrintf(float); long long llrintl(long double);
long lround(double); long lroundf(float); long lroundl(long double);
long long llround(double); long long llroundf(float); long long llroundl(long double);
double remquo(double, double, int *); float remquof(float, float, int *);
long double remquol(long double, long double, int *);
double fma(double, double, double); float fmaf(float, float, float);
long double fmal(long double, long double, long double);
double nan(const char *); float nanf(const char *); long double nanl(const char *);
double nexttoward(double, long double); float nexttowardf(float, long double);
long double nexttowardl(long double, long double);

/* POSIX and common extensions. */
extern int signgam;
double lgamma_r(double, int *); float lgammaf_r(float, int *);
void sincos(double, double *, double *); void sincosf(float, float *, float *);
double exp10(double); float exp10f(float);
double j0(double); double j1(double); double jn(int, double);
double y0(double); double y1(double); double yn(int, double);
float j0f(float); float j1f(float); float jnf(int, float);
float y0f(float); float y1f(float); float ynf(int, float);

#undef _PIXIE_MATH1
#undef _PIXIE_MATH2

#ifdef __cplusplus
}
#endif

#endif
