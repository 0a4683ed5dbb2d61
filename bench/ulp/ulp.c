/* ulp + throughput harness for compiler/libc/vmath (see run.sh).
 * usage: ulp [n_inputs (default 1000000)] [function ...]
 * For each function and each host ISA (b, d, e when the CPU has them):
 *   double: vector and glibc results graded against glibc's long double
 *           function (x87 64-bit mantissa);
 *   float:  vector and glibc float results graded against glibc's double.
 * Special values (+-0, +-Inf, NaN, subnormals, huge, domain edges) are also
 * compared lane by lane with glibc.  Exit status 1 if any bound is exceeded. */
#define _GNU_SOURCE
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void (*drv_d)(const double *, const double *, double *, size_t);
typedef void (*drv_f)(const float *, const float *, float *, size_t);
struct vm_drv { const char *name; drv_d d; drv_f f; };
extern struct vm_drv vm_drv_b[], vm_drv_d[];
#ifdef HAVE_E
extern struct vm_drv vm_drv_e[];
#endif
#ifdef HAVE_OLD /* run.sh with VMATH_OLD=<dir>: that vmath's d and e, side by side */
extern struct vm_drv vm_drv_d_old[];
#ifdef HAVE_E
extern struct vm_drv vm_drv_e_old[];
#endif
#endif

/* ---- function table ---- */
enum { U, L, LP }; /* uniform [a,b]; log-uniform |x| in [a,b] random sign; positive */
struct seg { int kind; double a, b, w; };
struct fn {
  const char *name;
  int nargs;
  long double (*refl1)(long double);
  long double (*refl2)(long double, long double);
  double (*d1)(double);
  double (*d2)(double, double);
  float (*f1)(float);
  float (*f2)(float, float);
  double bound_d, bound_f; /* max ulp allowed for the vector versions */
  struct seg xd[4], yd[4], xf[4], yf[4];
};

#define F1(n, bd, bf, XD, XF) {#n, 1, n##l, 0, n, 0, n##f, 0, bd, bf, XD, {{0}}, XF, {{0}}}
#define F2(n, bd, bf, XD, YD, XF, YF) {#n, 2, 0, n##l, 0, n, 0, n##f, bd, bf, XD, YD, XF, YF}
#define S(...) {__VA_ARGS__}

static struct fn fns[] = {
  F1(exp, 1, 1, S({U, -708, 708, 4}, {U, -2, 2, 3}, {L, 1e-20, 1, 1}), S({U, -103, 88.7, 4}, {U, -2, 2, 3}, {L, 1e-20, 1, 1})),
  F1(log, 1, 1, S({LP, 1e-300, 1e300, 4}, {U, 0.5, 2, 3}, {U, 0.999999, 1.000001, 1}), S({LP, 1e-37, 1e38, 4}, {U, 0.5, 2, 3}, {U, 0.999, 1.001, 1})),
  F1(sin, 1, 1, S({U, -10, 10, 4}, {U, -1048576, 1048576, 2}, {L, 1e-10, 1, 1}), S({U, -10, 10, 4}, {U, -1048576, 1048576, 2}, {L, 1e-10, 1, 1})),
  F1(cos, 1, 1, S({U, -10, 10, 4}, {U, -1048576, 1048576, 2}, {L, 1e-10, 1, 1}), S({U, -10, 10, 4}, {U, -1048576, 1048576, 2}, {L, 1e-10, 1, 1})),
  F2(pow, 1, 1, S({LP, 1e-10, 1e10, 2}, {U, 0.5, 2, 1}, {LP, 1e-300, 1e300, 1}), S({U, -30, 30, 2}, {U, -1000, 1000, 1}, {L, 1e-3, 2, 1}),
     S({LP, 1e-5, 1e5, 2}, {U, 0.5, 2, 1}), S({U, -8, 8, 2}, {U, -100, 100, 1})),
  F1(tanh, 2, 1, S({U, -20, 20, 2}, {U, -2, 2, 2}, {L, 1e-10, 1, 1}), S({U, -10, 10, 2}, {U, -2, 2, 2}, {L, 1e-10, 1, 1})),
  F1(erf, 1, 1, S({U, -6, 6, 2}, {U, -1, 1, 2}, {L, 1e-10, 1, 1}), S({U, -4, 4, 2}, {U, -1, 1, 2}, {L, 1e-10, 1, 1})),
  F1(exp2, 1, 1, S({U, -1020, 1020, 4}, {U, -2, 2, 3}, {L, 1e-20, 1, 1}), S({U, -149, 127.9, 4}, {U, -2, 2, 3}, {L, 1e-20, 1, 1})),
  F1(log2, 1, 1, S({LP, 1e-300, 1e300, 4}, {U, 0.5, 2, 3}, {U, 0.999999, 1.000001, 1}), S({LP, 1e-37, 1e38, 4}, {U, 0.5, 2, 3}, {U, 0.999, 1.001, 1})),
  F1(log10, 1, 1, S({LP, 1e-300, 1e300, 4}, {U, 0.5, 2, 3}, {U, 0.999999, 1.000001, 1}), S({LP, 1e-37, 1e38, 4}, {U, 0.5, 2, 3}, {U, 0.999, 1.001, 1})),
  F1(expm1, 1, 1, S({U, -60, 709, 2}, {U, -1, 1, 2}, {L, 1e-30, 1, 1}), S({U, -20, 88, 2}, {U, -1, 1, 2}, {L, 1e-30, 1, 1})),
  F1(log1p, 1, 1, S({U, -1, 1, 2}, {LP, 1e-30, 1e300, 2}, {L, 1e-30, 0.9, 1}), S({U, -1, 1, 2}, {LP, 1e-30, 1e38, 2}, {L, 1e-30, 0.9, 1})),
  F1(tan, 1, 1, S({U, -10, 10, 4}, {U, -1048576, 1048576, 2}, {L, 1e-10, 1, 1}), S({U, -10, 10, 4}, {U, -1048576, 1048576, 2}, {L, 1e-10, 1, 1})),
  F1(sinh, 2, 1, S({U, -709, 709, 1}, {U, -5, 5, 3}, {L, 1e-10, 1, 1}), S({U, -89, 89, 1}, {U, -5, 5, 3}, {L, 1e-10, 1, 1})),
  F1(cosh, 2, 1, S({U, -709, 709, 1}, {U, -5, 5, 3}, {L, 1e-10, 1, 1}), S({U, -89, 89, 1}, {U, -5, 5, 3}, {L, 1e-10, 1, 1})),
  F1(atan, 1, 1, S({L, 1e-10, 1e10, 2}, {U, -3, 3, 2}), S({L, 1e-10, 1e10, 2}, {U, -3, 3, 2})),
  F1(asin, 1, 1, S({U, -1, 1, 2}, {L, 1e-10, 1, 1}), S({U, -1, 1, 2}, {L, 1e-10, 1, 1})),
  F1(acos, 1, 1, S({U, -1, 1, 2}, {L, 1e-10, 1, 1}), S({U, -1, 1, 2}, {L, 1e-10, 1, 1})),
  F2(atan2, 1, 1, S({L, 1e-5, 1e5, 2}, {U, -1, 1, 1}), S({L, 1e-5, 1e5, 2}, {U, -1, 1, 1}),
     S({L, 1e-5, 1e5, 2}, {U, -1, 1, 1}), S({L, 1e-5, 1e5, 2}, {U, -1, 1, 1})),
  F1(cbrt, 1, 1, S({L, 1e-300, 1e300, 2}, {U, -10, 10, 2}), S({L, 1e-37, 1e38, 2}, {U, -10, 10, 2})),
};
#define NFN (sizeof fns / sizeof fns[0])

/* ---- random inputs ---- */
static uint64_t rs = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static double urand(void) { return (rnd() >> 11) * 0x1p-53; }
static double gen(const struct seg *s) {
  double wsum = 0;
  for (int i = 0; i < 4 && s[i].w > 0; i++) wsum += s[i].w;
  double u = urand() * wsum;
  int i = 0;
  while (i < 3 && s[i + 1].w > 0 && u >= s[i].w) { u -= s[i].w; i++; }
  const struct seg *g = &s[i];
  if (g->kind == U) return g->a + (g->b - g->a) * urand();
  double v = exp(log(g->a) + (log(g->b) - log(g->a)) * urand());
  if (g->kind == L && (rnd() & 1)) v = -v;
  return v;
}

static const double specials[] = {
  0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 0x1p-1074, -0x1p-1074, 0x1p-1030, -0x1p-1030,
  0x1p-1022, -0x1p-1022, 0x1.fffffffffffffp1023, -0x1.fffffffffffffp1023, 1e300, -1e300,
  1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-300, 0x1p20, -0x1p20, 0x1p30, 1e22, -1e22,
  708.0, 709.7, 709.8, 710, -708.0, -745.0, -746, 88.7, 89, -103, -104, 1020, 1024, -1022, -1075,
  0x1p-27, -0x1p-27, 1e-8, 22, -22, 5.92, 6, 3.0, 1.5707963267948966, 3.141592653589793,
  -0.9999999999999999, 1.0000000000000002, 0x1p-60, 1e-310, -1e-310,
};
#define NSPEC (sizeof specials / sizeof specials[0])

/* ---- ulp error ---- */
static double ulp_d(double got, long double ref) {
  if (isnan(ref)) return isnan(got) ? 0 : INFINITY;
  if (isnan(got)) return INFINITY;
  if (isinf((double)ref) || isinf(got)) return (double)ref == got ? 0 : INFINITY;
  if (ref == 0 && got == 0) return signbit(ref) == signbit(got) ? 0 : INFINITY;
  int e;
  frexpl(ref, &e);
  int ue = e - 53 < -1074 ? -1074 : e - 53;
  return (double)(fabsl((long double)got - ref) / ldexpl(1.0L, ue));
}
static double ulp_f(float got, double ref) {
  if (isnan(ref)) return isnan(got) ? 0 : INFINITY;
  if (isnan(got)) return INFINITY;
  if (isinf((float)ref) || isinf(got)) return (float)ref == got ? 0 : INFINITY;
  if (ref == 0 && got == 0) return signbit(ref) == signbit(got) ? 0 : INFINITY;
  int e;
  frexp(ref, &e);
  int ue = e - 24 < -149 ? -149 : e - 24;
  return fabs((double)got - ref) / ldexp(1.0, ue);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

struct isa { const char *name; struct vm_drv *tab; int old; };

int main(int argc, char **argv) {
  size_t n = 1000000;
  if (argc > 1) n = strtoul(argv[1], 0, 10);
  /* timings: best of ULP_REPS runs (default 3; more on a busy machine) */
  int reps = getenv("ULP_REPS") ? atoi(getenv("ULP_REPS")) : 3;
  if (reps < 1) reps = 1;
  n = (n + 15) / 16 * 16;
  size_t ns = (NSPEC * NSPEC + 15) / 16 * 16;
  struct isa isas[5];
  int ni = 0;
  int has_d = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  int has_e = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  (void)has_e;
  isas[ni++] = (struct isa){"b", vm_drv_b, 0};
  if (has_d) isas[ni++] = (struct isa){"d", vm_drv_d, 0};
#ifdef HAVE_E
  if (has_e) isas[ni++] = (struct isa){"e", vm_drv_e, 0};
#endif
#ifdef HAVE_OLD
  if (has_d) isas[ni++] = (struct isa){"d-old", vm_drv_d_old, 1};
#ifdef HAVE_E
  if (has_e) isas[ni++] = (struct isa){"e-old", vm_drv_e_old, 1};
#endif
#endif
  size_t cap = n > ns ? n : ns;
  double *x = malloc(cap * 8), *y = malloc(cap * 8), *r = malloc(cap * 8), *g = malloc(cap * 8);
  long double *ref = malloc(cap * sizeof(long double));
  float *xf = malloc(cap * 4), *yf = malloc(cap * 4), *rf = malloc(cap * 4), *gf = malloc(cap * 4);
  double *reff = malloc(cap * 8);
  int fail = 0;
  printf("| function | max ulp %s", isas[0].name);
  for (int k = 1; k < ni; k++) printf(" | max ulp %s", isas[k].name);
  printf(" | glibc max ulp | bound | inputs | ns/elem %s", isas[0].name);
  for (int k = 1; k < ni; k++) printf(" | ns/elem %s", isas[k].name);
  printf(" | glibc ns/elem | speedup |\n|---");
  for (int k = 0; k < 2 * ni + 6; k++) printf("|---");
  printf("|\n");
  for (int prec = 0; prec < 2; prec++)
    for (size_t fi = 0; fi < NFN; fi++) {
      struct fn *F = &fns[fi];
      if (argc > 2) {
        int want = 0;
        for (int a = 2; a < argc; a++) want |= !strcmp(argv[a], F->name);
        if (!want) continue;
      }
      rs = 0x9e3779b97f4a7c15ULL + fi;
      double vmax[5] = {0}, vt[5] = {0}, gmax = 0, gt = 0, worstx[5] = {0}, worsty[5] = {0};
      double bound = prec ? F->bound_f : F->bound_d;
      for (size_t i = 0; i < n; i++) {
        x[i] = gen(prec ? F->xf : F->xd);
        y[i] = F->nargs == 2 ? gen(prec ? F->yf : F->yd) : 0;
        if (prec) { xf[i] = (float)x[i]; yf[i] = (float)y[i]; }
      }
      /* references */
      for (size_t i = 0; i < n; i++) {
        if (!prec) ref[i] = F->nargs == 1 ? F->refl1(x[i]) : F->refl2(x[i], y[i]);
        else reff[i] = F->nargs == 1 ? F->d1(xf[i]) : F->d2(xf[i], yf[i]);
      }
      /* glibc: timed (best of 3), then graded */
      for (int rep = 0; rep < reps; rep++) {
        double t0 = now();
        if (!prec) {
          if (F->nargs == 1) for (size_t i = 0; i < n; i++) g[i] = F->d1(x[i]);
          else for (size_t i = 0; i < n; i++) g[i] = F->d2(x[i], y[i]);
        } else {
          if (F->nargs == 1) for (size_t i = 0; i < n; i++) gf[i] = F->f1(xf[i]);
          else for (size_t i = 0; i < n; i++) gf[i] = F->f2(xf[i], yf[i]);
        }
        double t = now() - t0;
        if (rep == 0 || t < gt) gt = t;
      }
      for (size_t i = 0; i < n; i++) {
        double e = prec ? ulp_f(gf[i], reff[i]) : ulp_d(g[i], ref[i]);
        if (e > gmax) gmax = e;
      }
      for (int k = 0; k < ni; k++) {
        struct vm_drv *D = &isas[k].tab[fi];
        for (int rep = 0; rep < reps; rep++) {
          double t0 = now();
          if (!prec) D->d(x, y, r, n); else D->f(xf, yf, rf, n);
          double t = now() - t0;
          if (rep == 0 || t < vt[k]) vt[k] = t;
        }
        for (size_t i = 0; i < n; i++) {
          double e = prec ? ulp_f(rf[i], reff[i]) : ulp_d(r[i], ref[i]);
          if (e > vmax[k]) { vmax[k] = e; worstx[k] = prec ? xf[i] : x[i]; worsty[k] = prec ? yf[i] : y[i]; }
        }
        if (getenv("ULP_WORST"))
          fprintf(stderr, "worst %s%s [%s]: %.3f ulp at x=%a y=%a\n", F->name, prec ? "f" : "", isas[k].name, vmax[k], worstx[k], worsty[k]);
        if (vmax[k] > bound) {
          fail = 1;
          fprintf(stderr, "FAIL %s%s [%s]: %.3f ulp at x=%a y=%a\n", F->name, prec ? "f" : "", isas[k].name, vmax[k], worstx[k], worsty[k]);
        }
        /* special values: lane-by-lane against glibc */
        size_t m = 0;
        for (size_t i = 0; i < NSPEC; i++)
          for (size_t j = 0; j < (F->nargs == 2 ? NSPEC : 1); j++) {
            x[m] = specials[i]; y[m] = specials[j];
            xf[m] = (float)specials[i]; yf[m] = (float)specials[j];
            m++;
          }
        size_t mm = (m + 15) / 16 * 16;
        for (size_t i = m; i < mm; i++) x[i] = y[i] = xf[i] = yf[i] = 1;
        if (!prec) D->d(x, y, r, mm); else D->f(xf, yf, rf, mm);
        for (size_t i = 0; i < m; i++) {
          double e;
          if (!prec) e = ulp_d(r[i], F->nargs == 1 ? F->d1(x[i]) : F->d2(x[i], y[i]));
          else e = ulp_f(rf[i], F->nargs == 1 ? F->f1(xf[i]) : F->f2(xf[i], yf[i]));
          if (e > bound) {
            fail = 1;
            if (!prec) fprintf(stderr, "FAIL special %s [%s]: x=%a y=%a got %a glibc %a\n", F->name, isas[k].name, x[i], y[i], r[i], F->nargs == 1 ? F->d1(x[i]) : F->d2(x[i], y[i]));
            else fprintf(stderr, "FAIL special %sf [%s]: x=%a y=%a got %a glibc %a\n", F->name, isas[k].name, xf[i], yf[i], rf[i], F->nargs == 1 ? F->f1(xf[i]) : F->f2(xf[i], yf[i]));
          }
        }
        /* restore random inputs for the next ISA */
        rs = 0x9e3779b97f4a7c15ULL + fi;
        for (size_t i = 0; i < n; i++) {
          x[i] = gen(prec ? F->xf : F->xd);
          y[i] = F->nargs == 2 ? gen(prec ? F->yf : F->yd) : 0;
          if (prec) { xf[i] = (float)x[i]; yf[i] = (float)y[i]; }
        }
      }
      double best = vt[0];
      for (int k = 1; k < ni; k++) if (!isas[k].old && vt[k] < best) best = vt[k];
      printf("| %s%s", F->name, prec ? "f" : "");
      for (int k = 0; k < ni; k++) printf(" | %.3f", vmax[k]);
      printf(" | %.3f | %.0f | %zu", gmax, bound, n);
      for (int k = 0; k < ni; k++) printf(" | %.2f", vt[k] * 1e9 / n);
      printf(" | %.2f | %.1fx |\n", gt * 1e9 / n, gt / best);
      fflush(stdout);
    }
  return fail;
}
