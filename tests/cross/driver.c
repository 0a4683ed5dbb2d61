/* The cross test driver: opens a fat binary through the C ABI (libpixie.so or
 * pixie.dll, the real loader, built for this platform), prints the variant the
 * loader selected and what every example kernel computes.
 *
 *   pixie-cross-driver [-v] kernels.pixie
 *
 * stdout, line 1: "selected <platform> <tier> via <route>" (memfd, cache-file,
 * jit: how the code reached the OS loader); then one line per kernel, the
 * same on every platform and tier when the code is right: the inputs are small
 * multiples of 1/4, so every product and sum is exact and neither vector width
 * nor fused multiply-adds change a bit. Each output array is printed as an
 * FNV-1a hash of its bytes, so an error anywhere in it shows, tails included
 * (N is odd and not a multiple of any vector length).
 * -v writes the loader's explanation to stderr.
 * Exit status: 0 ok, 3 the host cannot run the forced tier (PIXIE_USE_ISA),
 * 1 any other error, 2 usage.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pixie/pixie.h"

#define N 1003

static uint64_t fnv1a(const void *data, size_t size) {
  const unsigned char *p = (const unsigned char *)data;
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < size; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static pixie_error lookup(pixie_library lib, const char *name, const char *signature, void **fn) {
  pixie_error err = pixie_lookup(lib, name, signature, fn);
  if (!err && !*fn)
    fprintf(stderr, "%s: NULL address\n", name);
  return err;
}

/* The "route" member of the explanation's JSON object (a name without quotes). */
static void print_route(pixie_library lib) {
  const char *json = strstr(pixie_explanation_json(lib), "\"route\":\"");
  if (!json) {
    printf("no-route");
    return;
  }
  json += strlen("\"route\":\"");
  fwrite(json, 1, strcspn(json, "\""), stdout);
}

static int fail(pixie_error err) {
  uint32_t code = pixie_error_code(err);
  fprintf(stderr, "pixie error %s: %s\n", pixie_error_code_name(code), pixie_error_message(err));
  pixie_error_dispose(err);
  return code == PIXIE_ERR_UNSUPPORTED_HOST ? 3 : 1;
}

int main(int argc, char **argv) {
  int verbose = argc == 3 && strcmp(argv[1], "-v") == 0;
  if (argc != 2 + verbose) {
    fprintf(stderr, "usage: %s [-v] file.pixie\n", argv[0]);
    return 2;
  }
  pixie_library lib;
  pixie_error err = pixie_open_file(argv[1 + verbose], NULL, &lib);
  if (err)
    return fail(err);
  if (verbose)
    fprintf(stderr, "%s", pixie_explanation(lib));

  int64_t (*primes)(uint8_t *, int64_t) = NULL;
  void (*fused)(const double *, const double *, uint8_t *, int64_t) = NULL;
  void (*saxpy32)(float, const float *, float *, int64_t) = NULL;
  void (*saxpy64)(double, const double *, double *, int64_t) = NULL;
  double (*dot)(const double *, const double *, int64_t) = NULL;
  double (*norm)(const double *, int64_t) = NULL;
  if ((err = lookup(lib, "primes", "i64(u8*, i64)", (void **)&primes)) ||
      (err = lookup(lib, "fused", "void(const f64*, const f64*, u8*, i64)", (void **)&fused)) ||
      (err = lookup(lib, "saxpy", "void(f32, const f32*, f32*, i64)", (void **)&saxpy32)) ||
      (err = lookup(lib, "saxpy", "void(f64, const f64*, f64*, i64)", (void **)&saxpy64)) ||
      (err = lookup(lib, "dot", "f64(const f64*, const f64*, i64)", (void **)&dot)) ||
      (err = lookup(lib, "norm", "f64(const f64*, i64)", (void **)&norm)))
    return fail(err);
  if (!primes || !fused || !saxpy32 || !saxpy64 || !dot || !norm)
    return 1;

  static uint8_t flags[N], out[N];
  static double a[N], b[N], y[N];
  static float af[N], yf[N];
  for (int k = 0; k < N; k++) {
    a[k] = 0.25 * (k % 17);
    b[k] = 0.5 * (k % 13) - 3;
    y[k] = k;
    af[k] = (float)a[k];
    yf[k] = (float)(k % 101);
  }
  printf("selected %s %s via ", pixie_selected_platform(lib), pixie_selected_tier(lib));
  print_route(lib);
  printf("\n");
  int64_t count = primes(flags, N);
  printf("primes %lld %016llx\n", (long long)count, (unsigned long long)fnv1a(flags, sizeof flags));
  fused(a, b, out, N);
  printf("fused %016llx\n", (unsigned long long)fnv1a(out, sizeof out));
  saxpy32(0.5f, af, yf, N);
  printf("saxpy f32 %016llx\n", (unsigned long long)fnv1a(yf, sizeof yf));
  saxpy64(0.5, a, y, N);
  printf("saxpy f64 %016llx\n", (unsigned long long)fnv1a(y, sizeof y));
  printf("dot %.17g\n", dot(a, b, N));
  printf("norm %.17g\n", norm(a, N));
  pixie_close(lib);
  return 0;
}
