/* sinh, sinhf, tanh and tanhf for every pixie target, within ~0.5 ulp of
 * the correctly rounded result (README.md, bench/LIBM.md; musl's, like
 * glibc's, are 1.70 and 2.06 ulp in double).
 *
 * Only IEEE +, -, *, / on doubles, no fma and no contraction
 * (build-bitcode.sh), so every platform computes the same bits.
 *
 * Both come from em = e^a - 1 (a = |x| for sinh, 2|x| for tanh) as a
 * double-double number, relative error below 2^-65:
 *   sinh |x| = (em + em / (em + 1)) / 2,   tanh |x| = em / (em + 2),
 * neither of which cancels. e^a = 2^m 2^(j/32) e^r with a = (32m + j) ln2/32
 * + r, |r| <= ln2/64 (ln2/32 in three parts, the first times k exact),
 * 2^(j/32) from a double-double table, e^r - 1 by its Taylor series to r^8
 * with r^2 exact (Dekker's product, Veltkamp splitting), and the products
 * and sums kept exact to the 2^-106 level. For |x| > 26, sinh is e^|x| / 2
 * (scaled in two steps, so it overflows only when it should); for |x| > 22,
 * tanh is 1;
 * for |x| < 2^-28 both are x. The float functions compute the same formulas
 * in plain double, em with a shorter series, and round once. */
#include <math.h>
#include <stdint.h>

#include "exact.h"

static const double exp2_j32[32][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};


/* e^a = 2^*m (*e_h + *e_l), 0 <= a <= 711, *e_h in [0.98, 2.03]. */
static inline void exp_dd(double a, int *m, double *e_h, double *e_l) {
  const double inv = 0x1.71547652b82fep+5; /* 32/ln2 */
  const double l1 = 0x1.62e42fefa0000p-6, l2 = 0x1.cf79abc9e3b3ap-45;
  int k = (int)(a * inv + 0.5);
  double kd = k;
  /* r = a - k l1 - k l2, as r_h + r_l */
  double u, ue, p, pe, r_h, r_l, re;
  two_sum(a, -(kd * l1), &u, &ue);
  two_prod_short(kd, l2, &p, &pe);
  two_sum(u, -p, &r_h, &re);
  fast_two_sum(r_h, (re + ue) - pe, &r_h, &r_l);
  /* s = e^r - 1 = r + r^2/2 + ..., r^2 exact */
  double q, qe, s1, s1e, s_h, s_l;
  two_prod(r_h, r_h, &q, &qe);
  fast_two_sum(r_h, 0.5 * q, &s1, &s1e);
  double poly = r_h * q *
                (0x1.5555555555555p-3 +
                 r_h * (0x1.5555555555555p-5 +
                        r_h * (0x1.1111111111111p-7 +
                               r_h * (0x1.6c16c16c16c17p-10 + r_h * (0x1.a01a01a01a01ap-13 + r_h * 0x1.a01a01a01a01ap-16)))));
  fast_two_sum(s1, s1e + (r_l + 0.5 * qe + r_h * r_l + poly), &s_h, &s_l);
  /* 2^(j/32) (1 + s) */
  const double t_h = exp2_j32[k & 31][0], t_l = exp2_j32[k & 31][1];
  double pr, pre;
  two_prod(t_h, s_h, &pr, &pre);
  fast_two_sum(t_h, pr, e_h, e_l);
  *e_l += pre + t_h * s_l + t_l + t_l * s_h;
  *m = k >> 5;
}

/* e^a - 1 = *h + *l, 0 <= a <= 44. */
static inline void expm1_dd(double a, double *h, double *l) {
  int m;
  double e_h, e_l, c, ce;
  exp_dd(a, &m, &e_h, &e_l);
  double scale = from_bits((uint64_t)(1023 + m) << 52);
  two_sum(scale * e_h, -1.0, &c, &ce);
  fast_two_sum(c, ce + scale * e_l, h, l);
}

/* n / d for double-double n and d, to a double. */
static inline double div_dd(double n_h, double n_l, double d_h, double d_l) {
  double q = n_h / d_h, p, pe;
  two_prod(q, d_h, &p, &pe);
  return q + (((n_h - p) - pe) + (n_l - q * d_l)) / d_h;
}

static inline double sinh_core(double x) {
  double a = __builtin_fabs(x), r;
  if (!(a <= 711.0)) /* NaN, infinities and overflow */
    return x * 0x1p1023;
  if (a < 0x1p-28)
    return x;
  if (a <= 26.0) {
    double em_h, em_l, d_h, d_l, s, se;
    expm1_dd(a, &em_h, &em_l);
    two_sum(em_h, 1.0, &d_h, &d_l);
    d_l += em_l;
    double q_h = em_h / d_h, p, pe;
    two_prod(q_h, d_h, &p, &pe);
    double q_l = (((em_h - p) - pe) + (em_l - q_h * d_l)) / d_h;
    fast_two_sum(em_h, q_h, &s, &se);
    r = 0.5 * (s + (se + (em_l + q_l)));
  } else {
    /* e^-2a < 2^-75: sinh a = e^a / 2 = 2^(m-1) e */
    int m;
    double e_h, e_l;
    exp_dd(a, &m, &e_h, &e_l);
    r = (e_h + e_l) * from_bits((uint64_t)(1023 + m - 2) << 52) * 2.0;
  }
  return bits(x) >> 63 ? -r : r;
}

static inline double tanh_core(double x) {
  double a = __builtin_fabs(x), r;
  if (a != a)
    return x + x;
  if (a < 0x1p-28)
    return x;
  if (a > 22.0) {
    r = 1.0; /* 1 - 2 e^-2a, above 1 - 2^-62 */
  } else {
    double em_h, em_l, d_h, d_l;
    expm1_dd(2.0 * a, &em_h, &em_l);
    two_sum(em_h, 2.0, &d_h, &d_l);
    r = div_dd(em_h, em_l, d_h, d_l + em_l);
  }
  return bits(x) >> 63 ? -r : r;
}

/* For float arguments: e^a - 1 in plain double (relative error ~2^-50),
 * 0 <= a <= 90: the same reduction, the terms to r^6. */
static inline double expm1_float(double a) {
  const double inv = 0x1.71547652b82fep+5; /* 32/ln2 */
  const double l1 = 0x1.62e42fefa0000p-6, l2 = 0x1.cf79abc9e3b3ap-45;
  int k = (int)(a * inv + 0.5);
  double kd = k;
  double r = (a - kd * l1) - kd * l2;
  double s = r + r * r *
                     (0.5 + r * (0x1.5555555555555p-3 +
                                 r * (0x1.5555555555555p-5 + r * (0x1.1111111111111p-7 + r * 0x1.6c16c16c16c17p-10))));
  double t = exp2_j32[k & 31][0] * from_bits((uint64_t)(1023 + (k >> 5)) << 52);
  return (t - 1.0) + t * s;
}

double sinh(double x) { return sinh_core(x); }
double tanh(double x) { return tanh_core(x); }

float sinhf(float xf) {
  double x = xf, a = __builtin_fabs(x);
  if (!(a <= 90.0)) /* NaN, infinities and overflow */
    return (float)(x * 0x1p1023);
  double em = expm1_float(a), r = 0.5 * (em + em / (em + 1.0));
  return (float)(bits(x) >> 63 ? -r : r);
}

float tanhf(float xf) {
  double x = xf, a = __builtin_fabs(x), r;
  if (a != a)
    return xf + xf;
  if (a > 22.0) {
    r = 1.0;
  } else {
    double em = expm1_float(2.0 * a);
    r = em / (em + 2.0);
  }
  return (float)(bits(x) >> 63 ? -r : r);
}
