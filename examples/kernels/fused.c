// The fused expression a*b - 4.1*a > 2.5*b over float64 arrays, one pass, no
// temporaries; out[i] is 1 where it holds, else 0.
#include <stdint.h>

void fused_expr(const double *a, const double *b, uint8_t *out, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    out[i] = a[i] * b[i] - 4.1 * a[i] > 2.5 * b[i];
}
