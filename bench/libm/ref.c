/* Reference values and ulp errors for bench/libm_ulp.py, compiled for the
 * host with clang-19 and called through ctypes once per array.
 *
 *   lm_find(name)                       index of a function, -1 if unknown
 *   lm_ref(i, n, x, z, ref)             ref[k] = F_l((long double)x[k] [, z[k]]): glibc's
 *                                       long double (x87, 64-bit mantissa) function
 *   lm_glibc_d / lm_glibc_f             glibc's own double / float function
 *   lm_ulp_d / lm_ulp_f(n, ref, got, err)
 *        err[k] = |got - ref| / ulp(ref) in the result's format (double: 2^(e-52),
 *        at least 2^-1074; float: 2^(e-23), at least 2^-149), ref taken exactly;
 *        0 when both are NaN, both are the same infinity, or got is the infinity
 *        ref rounds to; +Inf when only one is NaN or infinite otherwise.
 * Build: clang-19 -O2 -fno-builtin -shared -fPIC -o ref.so ref.c -lm */
#define _GNU_SOURCE
#include <math.h>
#include <string.h>

typedef long double ld;

struct fn {
  const char *name;
  ld (*l1)(ld);
  ld (*l2)(ld, ld);
  double (*d1)(double);
  double (*d2)(double, double);
  float (*f1)(float);
  float (*f2)(float, float);
};

#define F1(n) {#n, n##l, 0, n, 0, n##f, 0}
#define F2(n) {#n, 0, n##l, 0, n, 0, n##f}
static const struct fn fns[] = {
    F1(exp),  F1(exp2), F1(expm1), F1(log),  F1(log2), F1(log10), F1(log1p), F1(sin),  F1(cos),  F1(tan),
    F1(tanh), F1(sinh), F1(cosh),  F1(atan), F1(asin), F1(acos),  F1(erf),   F1(cbrt), F2(pow),  F2(atan2),
};
#define NFN ((int)(sizeof fns / sizeof fns[0]))

int lm_find(const char *name) {
  for (int i = 0; i < NFN; i++)
    if (!strcmp(fns[i].name, name)) return i;
  return -1;
}

void lm_ref(int i, long n, const double *x, const double *z, ld *ref) {
  const struct fn *f = &fns[i];
  if (f->l1)
    for (long k = 0; k < n; k++) ref[k] = f->l1(x[k]);
  else
    for (long k = 0; k < n; k++) ref[k] = f->l2(x[k], z[k]);
}

void lm_glibc_d(int i, long n, const double *x, const double *z, double *out) {
  const struct fn *f = &fns[i];
  if (f->d1)
    for (long k = 0; k < n; k++) out[k] = f->d1(x[k]);
  else
    for (long k = 0; k < n; k++) out[k] = f->d2(x[k], z[k]);
}

void lm_glibc_f(int i, long n, const float *x, const float *z, float *out) {
  const struct fn *f = &fns[i];
  if (f->f1)
    for (long k = 0; k < n; k++) out[k] = f->f1(x[k]);
  else
    for (long k = 0; k < n; k++) out[k] = f->f2(x[k], z[k]);
}

static double ulp_err(ld ref, ld got, ld rounded, int mant, int emin) {
  if (isnan(ref) || isnan(got)) return isnan(ref) && isnan(got) ? 0 : INFINITY;
  if (isinf(got)) return got == rounded || got == ref ? 0 : INFINITY;
  if (isinf(ref)) return INFINITY;
  if (got == ref) return 0;
  int e;
  frexpl(fabsl(ref), &e); /* 2^(e-1) <= |ref| < 2^e */
  if (ref == 0 || e - 1 < emin) e = emin + 1;
  return (double)(fabsl(got - ref) / ldexpl(1, e - 1 - mant));
}

void lm_ulp_d(long n, const ld *ref, const double *got, double *err) {
  for (long k = 0; k < n; k++) err[k] = ulp_err(ref[k], got[k], (double)ref[k], 52, -1022);
}

void lm_ulp_f(long n, const ld *ref, const float *got, double *err) {
  for (long k = 0; k < n; k++) err[k] = ulp_err(ref[k], got[k], (float)ref[k], 23, -126);
}
