// A variant shaped like pixie-build's (compiler/link.cpp): linked by lld with
// -shared -z noexecstack --eh-frame-hdr --gc-sections, importing the C
// library's allocator with no DT_NEEDED, and holding a table of function
// pointers (relative relocations) and writable data. The base of the
// mutation test (image_mutation_test.cpp).
typedef unsigned long size_t;
void *malloc(size_t);
void free(void *);
void *aligned_alloc(size_t, size_t);

static long counter;
long bump(void) { return ++counter; }
int kernel_tier(void) { return 1; }

static double twice(double x) { return 2 * x; }
static double square(double x) { return x * x; }
double (*const ops[])(double) = {twice, square};
double apply(int op, double x) { return ops[op & 1](x); }

double *make(long n) {
  double *p = aligned_alloc(64, (size_t)n * sizeof(double));
  for (long i = 0; p && i < n; ++i)
    p[i] = (double)i;
  return p;
}
void release(double *p) { free(p); }
void *raw(size_t n) { return malloc(n); }
