/* Kernels with array signatures, for the checked calls of the C API and
 * pixie.hpp (array_call_test.cpp). Each is the C function its signature
 * lowers to (spec/format.md "Arrays"); the signatures are in
 * tests/loader/CMakeLists.txt. Every kernel counts its calls, so a test can
 * tell that a rejected call never ran. Freestanding, no imports. */
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

static int64_t call_count;
EXPORT int64_t calls(void) { return call_count; }

/* void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c) */
EXPORT void matmul_f32(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n) {
  ++call_count;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float s = 0;
      for (int64_t p = 0; p < k; ++p)
        s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
}

/* void(i64 n, f64 alpha, const f64[n] x, f64[n] y): y += alpha * x */
EXPORT void axpy_f64(int64_t n, double alpha, const double *x, double *y) {
  ++call_count;
  for (int64_t i = 0; i < n; ++i)
    y[i] += alpha * x[i];
}

/* void(const f64[n, n, n] a, f64[n, n, n] b): b = 7-point average of a inside,
 * a copy of a on the boundary. */
EXPORT void stencil3d(const double *a, double *b, int64_t n) {
  ++call_count;
#define AT(x, i, j, k) x[((i) * n + (j)) * n + (k)]
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t k = 0; k < n; ++k) {
        if (i == 0 || j == 0 || k == 0 || i == n - 1 || j == n - 1 || k == n - 1) {
          AT(b, i, j, k) = AT(a, i, j, k);
          continue;
        }
        AT(b, i, j, k) = (AT(a, i, j, k) + AT(a, i - 1, j, k) + AT(a, i + 1, j, k) + AT(a, i, j - 1, k) +
                          AT(a, i, j + 1, k) + AT(a, i, j, k - 1) + AT(a, i, j, k + 1)) / 7.0;
      }
#undef AT
}

/* f64(const f64[3, 3] w, const f64[3] v, f64[3] out): out = w v, returns trace(w) */
EXPORT double mv3(const double *w, const double *v, double *out) {
  ++call_count;
  for (int i = 0; i < 3; ++i)
    out[i] = w[3 * i] * v[0] + w[3 * i + 1] * v[1] + w[3 * i + 2] * v[2];
  return w[0] + w[4] + w[8];
}

/* i32(u8 n, const i32[n] x): the extent is carried by a u8 */
EXPORT int32_t sum_u8n(uint8_t n, const int32_t *x) {
  ++call_count;
  int32_t s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i];
  return s;
}

/* f32(const f32[n] x, f32 scale): n appended after the scalar */
EXPORT float scaled_sum(const float *x, float scale, int64_t n) {
  ++call_count;
  float s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += x[i];
  return s * scale;
}

/* void(const i16[r, 2] pairs, i64[r] out, const f64* unused): a pointer beside arrays */
EXPORT void pair_sums(const int16_t *pairs, int64_t *out, const double *unused, int64_t r) {
  ++call_count;
  (void)unused;
  for (int64_t i = 0; i < r; ++i)
    out[i] = (int64_t)pairs[2 * i] + pairs[2 * i + 1];
}
