/* Kernels that allocate well and badly (alloc-asan.sh). The bad ones pass
 * their pointers through a volatile, so the optimiser cannot remove the
 * allocation it would otherwise prove unused (or undefined). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

int64_t churn(int64_t rounds) {
  int64_t sum = 0;
  for (int64_t r = 0; r < rounds; r++) {
    char *p = malloc(64 + r);
    memset(p, 1, 64 + r);
    p = realloc(p, 4096 + r);
    double *a = aligned_alloc(64, 512);
    int *z = calloc(100, sizeof *z);
    sum += p[0] + z[99] + (int64_t)((uintptr_t)a % 64);
    free(z);
    free(a);
    free(p);
  }
  return sum;
}

int64_t leak(int64_t bytes) {
  sink = malloc((size_t)bytes);
  sink = 0;
  return 0;
}

int64_t twice(int64_t bytes) {
  sink = malloc((size_t)bytes);
  free(sink);
  free(sink);
  return 0;
}
