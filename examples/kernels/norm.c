// Euclidean norm of a float64 array; __builtin_sqrt is an instruction here
// (pixie-build compiles with -fno-math-errno), so nothing is imported.
#include <stdint.h>

double norm_f64(const double *x, int64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[i] * x[i];
    s1 += x[i + 1] * x[i + 1];
    s2 += x[i + 2] * x[i + 2];
    s3 += x[i + 3] * x[i + 3];
  }
  for (; i < n; i++)
    s0 += x[i] * x[i];
  return __builtin_sqrt((s0 + s1) + (s2 + s3));
}
