/* Test kernels for the loader. Built once per tier with -DPIXIE_TIER_ID=n so
 * a test can tell which variant actually ran; freestanding (-nostdlib), so a
 * variant imports nothing. */
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

#ifdef PIXIE_BIG_TABLE
/* A variant over 1 MiB, which the memfd route fills through a mapping rather
 * than a write (memfd_linux.cpp): the tier id is read at run time from the
 * table's last byte, so it is right only if every page arrived. */
EXPORT const uint8_t big_table[PIXIE_BIG_TABLE] = {1, [PIXIE_BIG_TABLE - 1] = PIXIE_TIER_ID};
EXPORT int32_t kernel_tier(void) {
  const volatile uint8_t *table = big_table;
  return table[0] == 1 ? table[PIXIE_BIG_TABLE - 1] : -1;
}
#else
EXPORT int32_t kernel_tier(void) { return PIXIE_TIER_ID; }
#endif

EXPORT double dot_f64(const double *a, const double *b, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += a[i] * b[i];
  return s;
}

EXPORT float dot_f32(const float *a, const float *b, int64_t n) {
  float s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += a[i] * b[i];
  return s;
}

EXPORT void axpy_f64(double a, const double *x, double *y, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    y[i] += a * x[i];
}

/* Per-instance state: two opens of one file must not share it. */
static int64_t counter;
EXPORT int64_t bump(void) { return ++counter; }

#ifdef _WIN32
/* An MSVC object that uses floating point references _fltused, which the C
 * runtime defines; a -nostdlib DLL must define it itself. */
int _fltused = 0;
#endif
