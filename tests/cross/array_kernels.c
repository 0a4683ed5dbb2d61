/* Kernels with array signatures, for the array cross tests (array-kernels.sh,
 * run-arrays.sh, array_driver.c): each is the C function its signature
 * lowers to (spec/format.md "Arrays"), built by pixie-build for linux-64,
 * linux-aarch64 and win-64 at every tier.
 *
 *   matmul    void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)
 *             -> void matmul_f64(const double *a, const double *b, double *c,
 *                                int64_t m, int64_t k, int64_t n)
 *   stencil7  void(const f32[nx, ny, nz] u, f32[nx, ny, nz] out)
 *             -> void stencil7_f32(const float *u, float *out,
 *                                  int64_t nx, int64_t ny, int64_t nz)
 *   axpy      void(i64 n, f64 a, const f64[n] x, f64[n] y)
 *             -> void axpy_f64(int64_t n, double a, const double *x, double *y)
 *
 * The loops are written for the vectorisers (unit stride innermost), so the
 * wide tiers run vector code with remainders; the driver's inputs make every
 * result exact, so every tier and platform agrees to the bit.
 */
#include <stdint.h>

void matmul_f64(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n) {
  for (int64_t i = 0; i < m; ++i) {
    double *ci = c + i * n;
    for (int64_t j = 0; j < n; ++j)
      ci[j] = 0;
    for (int64_t p = 0; p < k; ++p) {
      const double aip = a[i * k + p];
      const double *bp = b + p * n;
      for (int64_t j = 0; j < n; ++j)
        ci[j] += aip * bp[j];
    }
  }
}

/* out = u/2 + (the six neighbours' sum)/8 inside; out = u on the faces. */
void stencil7_f32(const float *u, float *out, int64_t nx, int64_t ny, int64_t nz) {
  const int64_t sx = ny * nz, sy = nz;
  for (int64_t i = 0; i < nx; ++i)
    for (int64_t j = 0; j < ny; ++j) {
      const int64_t row = i * sx + j * sy;
      if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1 || nz < 3) {
        for (int64_t l = 0; l < nz; ++l)
          out[row + l] = u[row + l];
        continue;
      }
      out[row] = u[row];
      for (int64_t l = 1; l < nz - 1; ++l) {
        const int64_t c = row + l;
        const float s = u[c - sx] + u[c + sx] + u[c - sy] + u[c + sy] + u[c - 1] + u[c + 1];
        out[c] = 0.5f * u[c] + 0.125f * s;
      }
      out[row + nz - 1] = u[row + nz - 1];
    }
}

void axpy_f64(int64_t n, double a, const double *x, double *y) {
  for (int64_t i = 0; i < n; ++i)
    y[i] += a * x[i];
}
