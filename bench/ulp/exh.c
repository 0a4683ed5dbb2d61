/* Exhaustive float check of vmath's unary float functions (e or d ISA):
 * every float x in [lo, hi] (and [-hi, -lo] where "both") through the
 * vector function, graded in ulps against glibc's double function (as ulp.c
 * grades the float functions).
 *   bench/ulp/exh.sh [function ...]    (builds and runs this file)
 * Prints the max ulp error, where, and how many results exceed 0.5 and 1. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__AVX512F__)
#define FN 16
#define V(name) _ZGVeN16v_##name
#else
#define FN 8
#define V(name) _ZGVdN8v_##name
#endif
typedef float vf __attribute__((vector_size(FN * 4)));
#define DECL(n) vf V(n##f)(vf);
DECL(exp) DECL(exp2) DECL(log) DECL(log2) DECL(log10) DECL(sin) DECL(cos) DECL(tanh)
struct t { const char *name; vf (*v)(vf); double (*ref)(double); float lo, hi; int both; };
static struct t T[] = {
  {"exp", V(expf), exp, 0, 104, 1},   {"exp2", V(exp2f), exp2, 0, 150, 1},
  {"log", V(logf), log, 0x1p-126f, 3.4e38f, 0}, {"log2", V(log2f), log2, 0x1p-126f, 3.4e38f, 0},
  {"log10", V(log10f), log10, 0x1p-126f, 3.4e38f, 0},
  {"sin", V(sinf), sin, 0, 0x1p20f, 1}, {"cos", V(cosf), cos, 0, 0x1p20f, 1},
  {"tanh", V(tanhf), tanh, 0, 12, 1},
};
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
int main(int argc, char **argv) {
  for (size_t k = 0; k < sizeof T / sizeof T[0]; k++) {
    struct t *t = &T[k];
    if (argc > 1) {
      int want = 0;
      for (int a = 1; a < argc; a++) want |= !strcmp(argv[a], t->name);
      if (!want) continue;
    }
    uint32_t lo, hi;
    memcpy(&lo, &t->lo, 4);
    memcpy(&hi, &t->hi, 4);
    double worst = 0;
    float wx = 0;
    long over_half = 0, over_one = 0, count = 0;
    for (int sign = 0; sign <= t->both; sign++) {
      for (uint64_t b = lo; b <= hi; b += FN) {
        vf x;
        for (int i = 0; i < FN; i++) {
          uint32_t u = (uint32_t)(b + i > hi ? hi : b + i) | (sign ? 0x80000000u : 0);
          float f;
          memcpy(&f, &u, 4);
          x[i] = f;
        }
        vf r = t->v(x);
        for (int i = 0; i < FN; i++) {
          double e = ulp_f(r[i], t->ref(x[i]));
          count++;
          if (e > 0.5) over_half++;
          if (e > 1) over_one++;
          if (e > worst) { worst = e; wx = x[i]; }
        }
      }
    }
    printf("%sf: %ld inputs, max %.4f ulp at %a (%.9g), %ld above 0.5 ulp, %ld above 1 ulp\n", t->name,
           count, worst, wx, wx, over_half, over_one);
    fflush(stdout);
  }
  return 0;
}
