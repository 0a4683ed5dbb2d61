/* The libm functions the cross libm test evaluates (libm_kernels.c, built by
 * pixie for every platform, and libm_driver.c, the program that calls them on
 * each platform): one X-macro table per precision, so kernel and driver agree
 * on the numbering. F(NAME, ARITY, EXPRESSION): EXPRESSION is what the kernel
 * computes for element i from x, y, z (and k, an int derived from y); the
 * driver uses only NAME and ARITY, which choose the input set. Functions with
 * two results appear twice (frexp and frexp_exp, modf and modf_int, remquo and
 * remquo_quo). Integer results are returned as doubles; lround only where
 * the result fits a 32-bit long (long is 32 bits on win-64, and a result out
 * of its range is unspecified in C). */
#ifndef PIXIE_CROSS_LIBM_FUNCTIONS_H
#define PIXIE_CROSS_LIBM_FUNCTIONS_H

#define LIBM_F64(F)                                                                                \
  F(exp, 1, exp(x))                                                                                \
  F(exp2, 1, exp2(x))                                                                              \
  F(expm1, 1, expm1(x))                                                                            \
  F(log, 1, log(x))                                                                                \
  F(log2, 1, log2(x))                                                                              \
  F(log10, 1, log10(x))                                                                            \
  F(log1p, 1, log1p(x))                                                                            \
  F(pow, 2, pow(x, y))                                                                             \
  F(sqrt, 1, sqrt(x))                                                                              \
  F(cbrt, 1, cbrt(x))                                                                              \
  F(hypot, 2, hypot(x, y))                                                                         \
  F(sin, 1, sin(x))                                                                                \
  F(cos, 1, cos(x))                                                                                \
  F(tan, 1, tan(x))                                                                                \
  F(asin, 1, asin(x))                                                                              \
  F(acos, 1, acos(x))                                                                              \
  F(atan, 1, atan(x))                                                                              \
  F(atan2, 2, atan2(x, y))                                                                         \
  F(sinh, 1, sinh(x))                                                                              \
  F(cosh, 1, cosh(x))                                                                              \
  F(tanh, 1, tanh(x))                                                                              \
  F(asinh, 1, asinh(x))                                                                            \
  F(acosh, 1, acosh(x))                                                                            \
  F(atanh, 1, atanh(x))                                                                            \
  F(erf, 1, erf(x))                                                                                \
  F(erfc, 1, erfc(x))                                                                              \
  F(tgamma, 1, tgamma(x))                                                                          \
  F(lgamma, 1, lgamma(x))                                                                          \
  F(fmod, 2, fmod(x, y))                                                                           \
  F(remainder, 2, remainder(x, y))                                                                 \
  F(remquo, 2, remquo_r(x, y))                                                                     \
  F(remquo_quo, 2, remquo_q(x, y))                                                                 \
  F(fma, 3, fma(x, y, z))                                                                          \
  F(fmin, 2, fmin(x, y))                                                                           \
  F(fmax, 2, fmax(x, y))                                                                           \
  F(fdim, 2, fdim(x, y))                                                                           \
  F(floor, 1, floor(x))                                                                            \
  F(ceil, 1, ceil(x))                                                                              \
  F(trunc, 1, trunc(x))                                                                            \
  F(round, 1, round(x))                                                                            \
  F(lround, 1, fabs(x) < 2147483647.0 ? (double)lround(x) : 0.0)                                  \
  F(rint, 1, rint(x))                                                                              \
  F(nearbyint, 1, nearbyint(x))                                                                    \
  F(frexp, 1, frexp_m(x))                                                                          \
  F(frexp_exp, 1, frexp_e(x))                                                                      \
  F(ldexp, 2, ldexp(x, k))                                                                         \
  F(scalbn, 2, scalbn(x, k))                                                                       \
  F(modf, 1, modf_f(x))                                                                            \
  F(modf_int, 1, modf_i(x))                                                                        \
  F(nextafter, 2, nextafter(x, y))                                                                 \
  F(copysign, 2, copysign(x, y))                                                                   \
  F(ilogb, 1, (double)ilogb(x))                                                                    \
  F(logb, 1, logb(x))

#define LIBM_F32(F)                                                                                \
  F(expf, 1, expf(x))                                                                              \
  F(exp2f, 1, exp2f(x))                                                                            \
  F(expm1f, 1, expm1f(x))                                                                          \
  F(logf, 1, logf(x))                                                                              \
  F(log2f, 1, log2f(x))                                                                            \
  F(log10f, 1, log10f(x))                                                                          \
  F(log1pf, 1, log1pf(x))                                                                          \
  F(powf, 2, powf(x, y))                                                                           \
  F(sqrtf, 1, sqrtf(x))                                                                            \
  F(cbrtf, 1, cbrtf(x))                                                                            \
  F(hypotf, 2, hypotf(x, y))                                                                       \
  F(sinf, 1, sinf(x))                                                                              \
  F(cosf, 1, cosf(x))                                                                              \
  F(tanf, 1, tanf(x))                                                                              \
  F(asinf, 1, asinf(x))                                                                            \
  F(acosf, 1, acosf(x))                                                                            \
  F(atanf, 1, atanf(x))                                                                            \
  F(atan2f, 2, atan2f(x, y))                                                                       \
  F(sinhf, 1, sinhf(x))                                                                            \
  F(coshf, 1, coshf(x))                                                                            \
  F(tanhf, 1, tanhf(x))                                                                            \
  F(asinhf, 1, asinhf(x))                                                                          \
  F(acoshf, 1, acoshf(x))                                                                          \
  F(atanhf, 1, atanhf(x))                                                                          \
  F(erff, 1, erff(x))                                                                              \
  F(erfcf, 1, erfcf(x))                                                                            \
  F(tgammaf, 1, tgammaf(x))                                                                        \
  F(lgammaf, 1, lgammaf(x))                                                                        \
  F(fmodf, 2, fmodf(x, y))                                                                         \
  F(remainderf, 2, remainderf(x, y))                                                               \
  F(remquof, 2, remquof_r(x, y))                                                                   \
  F(remquof_quo, 2, remquof_q(x, y))                                                               \
  F(fmaf, 3, fmaf(x, y, z))                                                                        \
  F(fminf, 2, fminf(x, y))                                                                         \
  F(fmaxf, 2, fmaxf(x, y))                                                                         \
  F(fdimf, 2, fdimf(x, y))                                                                         \
  F(floorf, 1, floorf(x))                                                                          \
  F(ceilf, 1, ceilf(x))                                                                            \
  F(truncf, 1, truncf(x))                                                                          \
  F(roundf, 1, roundf(x))                                                                          \
  F(lroundf, 1, fabsf(x) < 2147483647.0f ? (float)lroundf(x) : 0.0f)                              \
  F(rintf, 1, rintf(x))                                                                            \
  F(nearbyintf, 1, nearbyintf(x))                                                                  \
  F(frexpf, 1, frexpf_m(x))                                                                        \
  F(frexpf_exp, 1, frexpf_e(x))                                                                    \
  F(ldexpf, 2, ldexpf(x, k))                                                                       \
  F(scalbnf, 2, scalbnf(x, k))                                                                     \
  F(modff, 1, modff_f(x))                                                                          \
  F(modff_int, 1, modff_i(x))                                                                      \
  F(nextafterf, 2, nextafterf(x, y))                                                               \
  F(copysignf, 2, copysignf(x, y))                                                                 \
  F(ilogbf, 1, (float)ilogbf(x))                                                                   \
  F(logbf, 1, logbf(x))

#endif
