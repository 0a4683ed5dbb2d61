// y = a*x + y, in single and double precision (two overloads of one export).
#include <stdint.h>

void saxpy_f32(float a, const float *x, float *y, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}

void saxpy_f64(double a, const double *x, double *y, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}
