/* The libc cross test driver: opens a fat binary through the C ABI (the real
 * loader, built for this platform) and runs pixie's C library in the variant
 * the loader selects (or PIXIE_USE_ISA forces).
 *
 *   libc-driver libm libm.pixie OUT.bin
 *       every function of libm_functions.h (libm_kernels.c) on a fixed input
 *       set; writes the inputs and every output to OUT.bin (libm_compare.py
 *       reads it) and prints one digest of it all
 *   libc-driver alloc alloc.pixie
 *       the allocation kernels of alloc_kernels.cpp; prints their checksums
 *
 * stdout, line 1: "selected <platform> <tier> via <route>"; then the results,
 * the same on every platform and tier when the library is right.
 * Exit status: 0 ok, 3 the host cannot run the forced tier, 1 any other error.
 *
 * The inputs are made from integers only (splitmix64 bits, exact scalings,
 * hex literals), and this file must be compiled with -ffp-contract=off, so
 * every platform's compiler produces the same input bits. NaN results are
 * canonicalised (one quiet NaN, sign cleared): the C standard leaves NaN
 * payloads and signs unspecified, and x86 and Arm make different default NaNs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libm_functions.h"
#include "pixie/pixie.h"

#define N 4096 /* inputs per function */

static uint64_t fnv1a(uint64_t h, const void *data, size_t size) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < size; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static int fail(pixie_error err) {
  uint32_t code = pixie_error_code(err);
  fprintf(stderr, "pixie error %s: %s\n", pixie_error_code_name(code), pixie_error_message(err));
  pixie_error_dispose(err);
  return code == PIXIE_ERR_UNSUPPORTED_HOST ? 3 : 1;
}

static pixie_error lookup(pixie_library lib, const char *name, const char *signature, void **fn) {
  pixie_error err = pixie_lookup(lib, name, signature, fn);
  if (!err && !*fn) {
    fprintf(stderr, "%s: NULL address\n", name);
    exit(1);
  }
  return err;
}

static void print_selected(pixie_library lib) {
  printf("selected %s %s via ", pixie_selected_platform(lib), pixie_selected_tier(lib));
  const char *json = strstr(pixie_explanation_json(lib), "\"route\":\"");
  if (json) {
    json += strlen("\"route\":\"");
    fwrite(json, 1, strcspn(json, "\""), stdout);
  } else {
    printf("no-route");
  }
  printf("\n");
}

/* ---- inputs ---------------------------------------------------------------- */

static uint64_t rng_state;
static uint64_t next_bits(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static double from_bits64(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static float from_bits32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint64_t bits64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t bits32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
/* In [0, 1): 53 random bits, an exact product. */
static double unit(void) { return (double)(next_bits() >> 11) * 0x1p-53; }
/* In [a, b): two correctly rounded operations, the same everywhere. */
static double uniform(double a, double b) { return a + (b - a) * unit(); }
static int64_t randint(int64_t lo, int64_t hi) { return lo + (int64_t)(next_bits() % (uint64_t)(hi - lo + 1)); }
/* Any double or float with a biased exponent in [elo, ehi], random sign and mantissa. */
static double wide64(int elo, int ehi) {
  uint64_t b = next_bits();
  return from_bits64((b & 0x800fffffffffffffull) | ((uint64_t)randint(elo, ehi) << 52));
}
static float wide32(int elo, int ehi) {
  uint32_t b = (uint32_t)next_bits();
  return from_bits32((b & 0x807fffffu) | ((uint32_t)randint(elo, ehi) << 23));
}

/* Special points, for the unary functions: zeros, infinities, NaNs (payloads
 * and signalling ones too), subnormals, the extremes, 1 and its neighbours,
 * halves, where exp overflows and underflows, tgamma's poles and overflow,
 * multiples of pi, integers around 2^52 and 2^31. */
static const uint64_t special64_bits[] = {
    0x0000000000000000, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001, 0x7ff4000000000123,
    0xfffc0000000abcde, 0x0000000000000001, 0x8000000000000001, 0x000fffffffffffff,
    0x800fffffffffffff, 0x0008000000000000, 0x0010000000000000, 0x8010000000000000,
    0x7fefffffffffffff, 0xffefffffffffffff, 0x0000000000000002, 0x00000000deadbeef};
static const double special64[] = {
    1, -1, 0x1.fffffffffffffp-1, 0x1.0000000000001p+0, -0x1.fffffffffffffp-1, -0x1.0000000000001p+0,
    0.5, -0.5, 0x1.fffffffffffffp-2, 0x1.0000000000001p-1, 1.5, -1.5, 2, -2, 2.5, -2.5, 3, -3, 0.25,
    0.75, 0.1, -0.1, 10, 100, 1e-5, 1e5, 0x1p-26, 0x1p-28, 0x1p-54, -0x1p-54, 0x1p-1000, 1e-300,
    1e300, -1e300, 1e22, -1e22, 0x1p52, 0x1.fffffffffffffp51, 0x1.0000000000001p52, 0x1p53, -0x1p53,
    0x1p63, 0x1p64, 0x1p1023, 0x1.921fb54442d18p+0, -0x1.921fb54442d18p+0, 0x1.921fb54442d18p+1,
    -0x1.921fb54442d18p+1, 0x1.921fb54442d18p+2, 0x1.921fb54442d18p-1, 0x1.921fb54442d18p+10,
    0x1.921fb54442d18p+100, 0x1.62e42fefa39efp+9, 0x1.62e42fefa39f0p+9, 0x1.62e42fefa39eep+9,
    -0x1.74910d52d3051p+9, -0x1.74910d52d3052p+9, -0x1.6232bdd7abcd2p+9, -0x1.6232bdd7abcd3p+9,
    0x1.633ce8fb9f87dp+9, 0x1.633ce8fb9f87ep+9, 1024, 1023, -1022, -1074, -1075, 1023.5, -1074.5,
    0x1.573fae561f647p+7, 0x1.573fae561f648p+7, 171, 172, -170.5, -171.5, -0.5, -1.5, -2.5,
    -0x1.0000000000001p+0, -0x1.fffffffffffffp+0, -0x1p-1000, 0x1.62e42fefa39efp-1, 0x1.62e42fefa39efp-2,
    0x1.71547652b82fep+0, 0x1.bcb7b1526e50ep-2, 2147483647.5, 2147483646.5, -2147483648.5,
    -2147483647.5, 4503599627370495.5, 0x1.6a09e667f3bcdp-1, 0x1.6a09e667f3bccp-1, 0.9999, 1.0001,
    6.0, 26.0, 27.5, -27.5, 5.9, 0x1p-1022, 0x1.8p-1070,
    /* Where musl's two ways of computing log's reduction (a fused multiply-add,
     * or a split product without one) round differently, found by sampling a
     * million inputs: log, log2, lgamma, asinh. */
    0x1.c618e32e48198p-1, 0x1.557b5fdf6583ep+0, 0x1.c572ba36a6be0p-1, 0x1.925d5942e72b6p+1};
/* The same for pow (the pairs after all pairs of pair64). */
static const double witness64[][2] = {{0x1.ec217dbcfabf3p+1, -0x1.975e990e73534p+4}};
/* For the binary and ternary functions: all pairs of these. */
static const double pair64[] = {
    0, -0.0, 1.0 / 0.0, -1.0 / 0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp+1023,
    -0x1.fffffffffffffp+1023, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 0.25, 1.5, -1.5, 10, -10, 1e300,
    -1e300, 1e-300, 0x1.0000000000001p+0, 0x1.fffffffffffffp-1, -0x1.fffffffffffffp-1,
    0x1.921fb54442d18p+1, -0x1.921fb54442d18p+1, 0x1p53, -0x1p53, 0x1.0000000000001p53, 1e22, 1023,
    1024, -1075, -1074, 0.1, 7, -7, 0x1.8p+0, 0x1p-1000, 1e16, 0x1.fffffffffffffp-1023, 2047, 0.0 / 0.0,
    -0x1p-1022};
static const uint32_t special32_bits[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0x7fa00123,
    0xffe0abcd, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000, 0x00800000, 0x80800000,
    0x7f7fffff, 0xff7fffff, 0x00000002, 0x0000beef};
static const float special32[] = {
    1, -1, 0x1.fffffep-1f, 0x1.000002p+0f, -0x1.fffffep-1f, -0x1.000002p+0f, 0.5f, -0.5f, 0x1.fffffep-2f,
    0x1.000002p-1f, 1.5f, -1.5f, 2, -2, 2.5f, -2.5f, 3, -3, 0.25f, 0.75f, 0.1f, -0.1f, 10, 100, 1e-5f,
    1e5f, 0x1p-12f, 0x1p-13f, 0x1p-25f, -0x1p-25f, 0x1p-100f, 1e-38f, 1e38f, -1e38f, 1e10f, -1e10f,
    0x1p23f, 0x1.fffffep22f, 0x1.000002p23f, 0x1p24f, -0x1p24f, 0x1p31f, 0x1p32f, 0x1p127f,
    0x1.921fb6p+0f, -0x1.921fb6p+0f, 0x1.921fb6p+1f, -0x1.921fb6p+1f, 0x1.921fb6p+2f, 0x1.921fb6p-1f,
    0x1.921fb6p+10f, 0x1.921fb6p+60f, 0x1.62e42ep+6f, 0x1.62e430p+6f, 0x1.62e43p+6f, -0x1.9fe368p+6f,
    -0x1.9fe36ap+6f, -0x1.5d589ep+6f, -0x1.5d58a0p+6f, 0x1.65a9fap+6f, 0x1.65a9f8p+6f, 128, 127, -126,
    -149, -150, 127.5f, -149.5f, 0x1.18521ep+5f, 0x1.185220p+5f, 35, 36, -34.5f, -35.5f, -0.5f, -1.5f,
    -2.5f, -0x1.000002p+0f, -0x1.fffffep+0f, -0x1p-100f, 0x1.62e430p-1f, 0x1.62e430p-2f, 0x1.715476p+0f,
    0x1.bcb7b2p-2f, 2147483520.0f, 8388607.5f, -8388607.5f, 16777215, 0x1.6a09e6p-1f, 0x1.6a09e8p-1f,
    0.9999f, 1.0001f, 6, 26, 27.5f, -27.5f, 5.9f, 0x1p-126f, 0x1.8p-146f};
static const float pair32[] = {
    0, -0.0f, 1.0f / 0.0f, -1.0f / 0.0f, 0x1p-149f, -0x1p-149f, 0x1p-126f, 0x1.fffffep+127f,
    -0x1.fffffep+127f, 1, -1, 0.5f, -0.5f, 2, -2, 3, -3, 0.25f, 1.5f, -1.5f, 10, -10, 1e38f, -1e38f,
    1e-38f, 0x1.000002p+0f, 0x1.fffffep-1f, -0x1.fffffep-1f, 0x1.921fb6p+1f, -0x1.921fb6p+1f, 0x1p24f,
    -0x1p24f, 0x1.000002p24f, 1e10f, 127, 128, -150, -149, 0.1f, 7, -7, 0x1.8p+0f, 0x1p-100f, 1e8f,
    0x1.fffffcp-127f, 255, 0.0f / 0.0f, -0x1p-126f};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NPAIR COUNT(pair64)
_Static_assert(COUNT(pair32) == NPAIR && NPAIR * NPAIR < N, "the pairs of specials fit the inputs");

static double ux64[N], px64[N], py64[N], pz64[N];
static float ux32[N], px32[N], py32[N], pz32[N];

static void make_inputs(void) {
  size_t i = 0, j;
  rng_state = 0x5eed0f11b3ull;
  for (j = 0; j < COUNT(special64_bits); j++)
    ux64[i++] = from_bits64(special64_bits[j]);
  for (j = 0; j < COUNT(special64); j++)
    ux64[i++] = special64[j];
  for (int k = -40; k <= 40; k++)
    ux64[i++] = k;
  for (int k = -41; k <= 41; k += 2)
    ux64[i++] = k * 0.5;
  for (; i < N; i++) {
    double v;
    switch (i % 8) {
    case 0: v = wide64(0, 2046); break;
    case 1: v = uniform(-1, 1); break;
    case 2: v = uniform(-10, 10); break;
    case 3: v = uniform(-800, 800); break;
    case 4: v = 1 + uniform(-0x1p-20, 0x1p-20); if (next_bits() & 1) v = -v; break;
    case 5: v = (next_bits() & 1) ? wide64(0, 0) : wide64(1, 60); break;
    case 6: v = uniform(-200, 200); break;
    default: v = (next_bits() & 1) ? wide64(2000, 2046) : wide64(1023 + 17, 1023 + 73); break;
    }
    ux64[i] = v;
  }

  for (i = 0; i < NPAIR * NPAIR; i++) {
    px64[i] = pair64[i / NPAIR];
    py64[i] = pair64[i % NPAIR];
    pz64[i] = pair64[(i * 7 + 3) % NPAIR];
  }
  for (j = 0; j < COUNT(witness64); j++, i++)
    px64[i] = witness64[j][0], py64[i] = witness64[j][1], pz64[i] = 1;
  for (; i < N; i++) {
    double x, y, z;
    switch (i % 6) {
    case 0: x = wide64(0, 2046); y = wide64(0, 2046); break;
    case 1: x = uniform(-4, 4); y = uniform(-4, 4); break;
    case 2: x = uniform(0, 10); y = (double)randint(-30, 30); break;
    case 3: x = 1 + uniform(-0x1p-30, 0x1p-30); y = uniform(-1e6, 1e6); break;
    case 4: x = uniform(-1e3, 1e3); y = uniform(-10, 10); break;
    default: x = wide64(900, 1100); y = from_bits64(bits64(x) + (uint64_t)randint(-3, 3)); break;
    }
    switch (i % 3) {
    case 0: z = wide64(0, 2046); break;
    case 1: z = uniform(-4, 4); break;
    default: z = -(x * y); break; /* fma(x, y, z) is then the product's rounding error */
    }
    px64[i] = x, py64[i] = y, pz64[i] = z;
  }

  i = 0;
  for (j = 0; j < COUNT(special32_bits); j++)
    ux32[i++] = from_bits32(special32_bits[j]);
  for (j = 0; j < COUNT(special32); j++)
    ux32[i++] = special32[j];
  for (int k = -40; k <= 40; k++)
    ux32[i++] = (float)k;
  for (int k = -41; k <= 41; k += 2)
    ux32[i++] = (float)k * 0.5f;
  for (; i < N; i++) {
    float v;
    switch (i % 8) {
    case 0: v = wide32(0, 254); break;
    case 1: v = (float)uniform(-1, 1); break;
    case 2: v = (float)uniform(-10, 10); break;
    case 3: v = (float)uniform(-120, 120); break;
    case 4: v = (float)(1 + uniform(-0x1p-10, 0x1p-10)); if (next_bits() & 1) v = -v; break;
    case 5: v = (next_bits() & 1) ? wide32(0, 0) : wide32(1, 30); break;
    case 6: v = (float)uniform(-40, 40); break;
    default: v = (next_bits() & 1) ? wide32(230, 254) : wide32(127 + 17, 127 + 63); break;
    }
    ux32[i] = v;
  }
  for (i = 0; i < NPAIR * NPAIR; i++) {
    px32[i] = pair32[i / NPAIR];
    py32[i] = pair32[i % NPAIR];
    pz32[i] = pair32[(i * 7 + 3) % NPAIR];
  }
  for (; i < N; i++) {
    float x, y, z;
    switch (i % 6) {
    case 0: x = wide32(0, 254); y = wide32(0, 254); break;
    case 1: x = (float)uniform(-4, 4); y = (float)uniform(-4, 4); break;
    case 2: x = (float)uniform(0, 10); y = (float)randint(-30, 30); break;
    case 3: x = (float)(1 + uniform(-0x1p-14, 0x1p-14)); y = (float)uniform(-1e5, 1e5); break;
    case 4: x = (float)uniform(-1e3, 1e3); y = (float)uniform(-10, 10); break;
    default: x = wide32(100, 160); y = from_bits32(bits32(x) + (uint32_t)randint(-3, 3)); break;
    }
    switch (i % 3) {
    case 0: z = wide32(0, 254); break;
    case 1: z = (float)uniform(-4, 4); break;
    default: z = -(x * y); break;
    }
    px32[i] = x, py32[i] = y, pz32[i] = z;
  }
}

/* ---- libm -------------------------------------------------------------------- */

struct entry {
  const char *name;
  int arity;
};
#define ENTRY(name, arity, expr) {#name, arity},
static const struct entry f64_table[] = {LIBM_F64(ENTRY)};
static const struct entry f32_table[] = {LIBM_F32(ENTRY)};

static void put32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }

static void put_name(FILE *f, const char *name) {
  char buf[24] = {0};
  strncpy(buf, name, sizeof buf - 1);
  fwrite(buf, 1, sizeof buf, f);
}

static int run_libm(pixie_library lib, const char *out_path) {
  int32_t (*eval64)(int32_t, int64_t, const double *, const double *, const double *, double *) = NULL;
  int32_t (*eval32)(int32_t, int64_t, const float *, const float *, const float *, float *) = NULL;
  int32_t (*count)(int32_t) = NULL;
  pixie_error err;
  if ((err = lookup(lib, "libm_eval_f64", "i32(i32, i64, const f64*, const f64*, const f64*, f64*)", (void **)&eval64)) ||
      (err = lookup(lib, "libm_eval_f32", "i32(i32, i64, const f32*, const f32*, const f32*, f32*)", (void **)&eval32)) ||
      (err = lookup(lib, "libm_count", "i32(i32)", (void **)&count)))
    return fail(err);
  if (count(64) != (int32_t)COUNT(f64_table) || count(32) != (int32_t)COUNT(f32_table)) {
    fprintf(stderr, "the kernel has %d + %d functions, the driver %d + %d\n", count(64), count(32),
            (int)COUNT(f64_table), (int)COUNT(f32_table));
    return 1;
  }
  make_inputs();
  FILE *f = fopen(out_path, "wb");
  if (!f) {
    perror(out_path);
    return 1;
  }
  /* Header: magic, N, the two table sizes; names (24 bytes) and arities;
   * the inputs; then every function's N outputs. All little-endian. */
  fwrite("PXLIBM01", 1, 8, f);
  put32(f, N);
  put32(f, (uint32_t)COUNT(f64_table));
  put32(f, (uint32_t)COUNT(f32_table));
  for (size_t k = 0; k < COUNT(f64_table); k++)
    put_name(f, f64_table[k].name), put32(f, (uint32_t)f64_table[k].arity);
  for (size_t k = 0; k < COUNT(f32_table); k++)
    put_name(f, f32_table[k].name), put32(f, (uint32_t)f32_table[k].arity);
  fwrite(ux64, 8, N, f), fwrite(px64, 8, N, f), fwrite(py64, 8, N, f), fwrite(pz64, 8, N, f);
  fwrite(ux32, 4, N, f), fwrite(px32, 4, N, f), fwrite(py32, 4, N, f), fwrite(pz32, 4, N, f);

  uint64_t inputs = fnv1a(14695981039346656037ull, ux64, sizeof ux64);
  inputs = fnv1a(inputs, px64, sizeof px64), inputs = fnv1a(inputs, py64, sizeof py64);
  inputs = fnv1a(inputs, pz64, sizeof pz64), inputs = fnv1a(inputs, ux32, sizeof ux32);
  inputs = fnv1a(inputs, px32, sizeof px32), inputs = fnv1a(inputs, py32, sizeof py32);
  inputs = fnv1a(inputs, pz32, sizeof pz32);
  uint64_t outputs = 14695981039346656037ull;
  static double out64[N];
  static float out32[N];
  for (size_t k = 0; k < COUNT(f64_table); k++) {
    int unary = f64_table[k].arity == 1;
    for (int i = 0; i < N; i++)
      out64[i] = 12345.0;
    if (eval64((int32_t)k, N, unary ? ux64 : px64, unary ? ux64 : py64, unary ? ux64 : pz64, out64)) {
      fprintf(stderr, "libm_eval_f64(%d) refused\n", (int)k);
      return 1;
    }
    for (int i = 0; i < N; i++)
      if (out64[i] != out64[i])
        out64[i] = from_bits64(0x7ff8000000000000ull);
    fwrite(out64, 8, N, f);
    outputs = fnv1a(outputs, out64, sizeof out64);
  }
  for (size_t k = 0; k < COUNT(f32_table); k++) {
    int unary = f32_table[k].arity == 1;
    for (int i = 0; i < N; i++)
      out32[i] = 12345.0f;
    if (eval32((int32_t)k, N, unary ? ux32 : px32, unary ? ux32 : py32, unary ? ux32 : pz32, out32)) {
      fprintf(stderr, "libm_eval_f32(%d) refused\n", (int)k);
      return 1;
    }
    for (int i = 0; i < N; i++)
      if (out32[i] != out32[i])
        out32[i] = from_bits32(0x7fc00000u);
    fwrite(out32, 4, N, f);
    outputs = fnv1a(outputs, out32, sizeof out32);
  }
  if (fclose(f)) {
    perror(out_path);
    return 1;
  }
  printf("libm inputs %016llx\n", (unsigned long long)inputs);
  printf("libm %d+%d functions x %d inputs: %016llx\n", (int)COUNT(f64_table), (int)COUNT(f32_table), N,
         (unsigned long long)outputs);
  return 0;
}

/* ---- allocation ---------------------------------------------------------------- */

static int run_alloc(pixie_library lib) {
  int64_t (*c_alloc)(int64_t, int64_t) = NULL, (*cxx_alloc)(int64_t, int64_t) = NULL;
  int64_t (*realloc_aligned)(int64_t) = NULL;
  double *(*make)(int64_t) = NULL;
  double (*consume)(double *, int64_t) = NULL;
  pixie_error err;
  if ((err = lookup(lib, "alloc_c", "i64(i64, i64)", (void **)&c_alloc)) ||
      (err = lookup(lib, "alloc_cxx", "i64(i64, i64)", (void **)&cxx_alloc)) ||
      (err = lookup(lib, "alloc_realloc_aligned", "i64(i64)", (void **)&realloc_aligned)) ||
      (err = lookup(lib, "alloc_make", "f64*(i64)", (void **)&make)) ||
      (err = lookup(lib, "alloc_consume", "f64(f64*, i64)", (void **)&consume)))
    return fail(err);
  printf("alloc_c %lld\n", (long long)c_alloc(1000, 50));
  printf("alloc_cxx %lld\n", (long long)cxx_alloc(1000, 50));
  for (int64_t align = 16; align <= 4096; align *= 4)
    printf("alloc_realloc_aligned %lld %lld\n", (long long)align, (long long)realloc_aligned(align));
  /* Memory the kernel allocates, the caller reads, and the kernel frees. */
  double *p = make(100000);
  if (!p) {
    printf("alloc_make NULL\n");
    return 1;
  }
  double sum = 0;
  for (int i = 0; i < 100000; i++)
    sum += p[i];
  printf("alloc_make %.17g aligned64 %d\n", sum, (int)(((uintptr_t)p & 63) == 0));
  printf("alloc_consume %.17g\n", consume(p, 100000));
  return 0;
}

int main(int argc, char **argv) {
  int libm = argc == 4 && strcmp(argv[1], "libm") == 0;
  int alloc = argc == 3 && strcmp(argv[1], "alloc") == 0;
  if (!libm && !alloc) {
    fprintf(stderr, "usage: %s libm libm.pixie OUT.bin | alloc alloc.pixie\n", argv[0]);
    return 2;
  }
  pixie_library lib;
  pixie_error err = pixie_open_file(argv[2], NULL, &lib);
  if (err)
    return fail(err);
  if (getenv("LIBC_DRIVER_VERBOSE"))
    fprintf(stderr, "%s", pixie_explanation(lib));
  print_selected(lib);
  int rc = libm ? run_libm(lib, argv[3]) : run_alloc(lib);
  fflush(stdout);
  pixie_close(lib);
  return rc;
}
