/* A numeric file written for a hosted C compiler, as benchmark suites ship
 * them: kernels beside main(), printing, timing and allocating setup. pixie
 * builds it unmodified with only --export flags (tests/python/test_libc.py);
 * nothing exported reaches the I/O. */
#include <assert.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define N 64

static double rtclock(void) {
  struct timeval t;
  gettimeofday(&t, NULL);
  return t.tv_sec + t.tv_usec * 1.0e-6;
}

static void print_array(int n, const double *x) {
  for (int i = 0; i < n; i++) {
    fprintf(stderr, "%0.2lf ", x[i]);
    if (i % 20 == 0)
      fprintf(stderr, "\n");
  }
  fprintf(stderr, "\n");
}

static void init_array(int n, double *x) {
  for (int i = 0; i < n; i++)
    x[i] = (double)(i % 17) / n;
}

/* Softmax-like: exp, log, allocation of scratch memory. */
void kernel_logsumexp(int64_t n, const double *x, double *out) {
  double *t = malloc((size_t)n * sizeof *t);
  assert(t != NULL);
  double m = -INFINITY;
  for (int64_t i = 0; i < n; i++)
    m = fmax(m, x[i]);
  double s = 0;
  for (int64_t i = 0; i < n; i++) {
    t[i] = exp(x[i] - m);
    s += t[i];
  }
  *out = m + log(s);
  free(t);
}

/* Trigonometry, pow and hypot, vectorisable. */
void kernel_waves(int64_t n, const double *x, double *y) {
  for (int64_t i = 0; i < n; i++)
    y[i] = sin(x[i]) * cos(0.5 * x[i]) + pow(fabs(x[i]) + 1.0, 0.25) + hypot(x[i], 3.0);
}

/* float functions, tanh and erf. */
void kernel_activations(int64_t n, const float *x, float *y) {
  for (int64_t i = 0; i < n; i++)
    y[i] = tanhf(x[i]) + 0.5f * erff(x[i]) + sqrtf(fabsf(x[i]));
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median, through qsort on a copy made with memcpy. */
double kernel_median(int64_t n, const double *x) {
  double *c = calloc((size_t)n, sizeof *c);
  memcpy(c, x, (size_t)n * sizeof *c);
  qsort(c, (size_t)n, sizeof *c, cmp_double);
  double m = n % 2 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
  free(c);
  return m;
}

/* Integer parsing and string functions. */
int64_t kernel_digits(const char *s) {
  return (int64_t)atoi(s) + (int64_t)strlen(s) + (strchr(s, '7') ? 1000 : 0);
}

int main(int argc, char **argv) {
  (void)argc, (void)argv;
  double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), r;
  init_array(N, x);
  double t0 = rtclock();
  kernel_logsumexp(N, x, &r);
  kernel_waves(N, x, y);
  printf("time %f median %f errno %d max %d eps %g\n", rtclock() - t0, kernel_median(N, y),
         errno, INT_MAX, DBL_EPSILON);
  print_array(N, y);
  free(x);
  free(y);
  sleep(0);
  return time(NULL) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
