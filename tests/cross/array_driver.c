/* The array cross test driver: opens arrays.pixie (array_kernels.c) through
 * the C ABI of the loader built for this platform and calls each kernel the
 * way a C host does (pixie.h section "Checked calls", spec/loader.md 6.1):
 * pixie_lookup_kernel, one pixie_array descriptor per array parameter,
 * pixie_kernel_check (which fills in the lowered extents), then the call
 * through the lowered C prototype.
 *
 *   array-driver arrays.pixie OUT.bin
 *
 * 1. The kernels' signatures, lowered signatures and extents are exactly
 *    those of spec/format.md "Arrays".
 * 2. Descriptors that do not match are refused with the C API's exact
 *    message (k disagreeing, a wrong ndim, a wrong dtype, ...), and the
 *    kernel is never called for them: its output is untouched.
 * 3. Each kernel runs on several shapes (odd sizes for the vector
 *    remainders, empty arrays with NULL data) and must give exactly the
 *    results of the plain C reference below; the inputs are small integers,
 *    so every result is exact and every tier and platform agrees to the bit.
 *    Guard elements around each array must be untouched. Every output goes
 *    to OUT.bin (the run compares it with the host's, byte for byte).
 *
 * stdout, line 1: "selected <platform> <tier> via <route>"; then one line per
 * check, the same on every platform and tier. A failed check is reported on
 * stderr. Exit status: 0 ok, 3 the host cannot run the forced tier, 1 any
 * failed check or error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pixie/pixie.h"

typedef void matmul_fn(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n);
typedef void stencil_fn(const float *u, float *out, int64_t nx, int64_t ny, int64_t nz);
typedef void axpy_fn(int64_t n, double a, const double *x, double *y);

static const char *const kMatmulSig = "void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)";
static const char *const kStencilSig = "void(const f32[nx, ny, nz] u, f32[nx, ny, nz] out)";
static const char *const kAxpySig = "void(i64 n, f64 a, const f64[n] x, f64[n] y)";

static int failures;
static FILE *out_file;
static uint64_t digest = 14695981039346656037ull;

static void failed(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "FAIL: ");
  fprintf(stderr, fmt, a, b);
  fprintf(stderr, "\n");
  failures++;
}

static int fatal(const char *what, pixie_error err) {
  uint32_t code = pixie_error_code(err);
  fprintf(stderr, "%s: pixie error %s: %s\n", what, pixie_error_code_name(code), pixie_error_message(err));
  pixie_error_dispose(err);
  return code == PIXIE_ERR_UNSUPPORTED_HOST ? 3 : 1;
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

static void emit(const void *data, size_t size) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < size; i++)
    digest = (digest ^ p[i]) * 1099511628211ull;
  if (size)
    fwrite(data, 1, size, out_file);
}

/* ---- arrays with guards ------------------------------------------------------ */

/* Each array sits between GUARD elements of a sentinel (a NaN with a payload
 * no kernel computes), at an offset of 0..2 elements so the vector loops see
 * differently aligned starts. Empty arrays are passed as NULL. */
#define GUARD 8
static const uint64_t kSentinel64 = 0x7ff4dead0000beefull;
static const uint32_t kSentinel32 = 0x7fa0beefu;

typedef struct buffer {
  unsigned char *base;
  void *data; /* NULL when empty */
  size_t count, elem, offset;
} buffer;

static buffer make_buffer(size_t count, size_t elem, size_t offset) {
  buffer b = {NULL, NULL, count, elem, offset};
  size_t total = count + 2 * GUARD + offset;
  b.base = (unsigned char *)malloc(total * elem);
  if (!b.base) {
    perror("malloc");
    exit(1);
  }
  for (size_t i = 0; i < total; i++) {
    if (elem == 8)
      memcpy(b.base + i * 8, &kSentinel64, 8);
    else
      memcpy(b.base + i * 4, &kSentinel32, 4);
  }
  if (count)
    b.data = b.base + (GUARD + offset) * elem;
  return b;
}

static int guards_intact(const buffer *b) {
  size_t total = b->count + 2 * GUARD + b->offset;
  for (size_t i = 0; i < total; i++) {
    if (b->data && i >= GUARD + b->offset && i < GUARD + b->offset + b->count)
      continue;
    if (b->elem == 8 ? memcmp(b->base + i * 8, &kSentinel64, 8) : memcmp(b->base + i * 4, &kSentinel32, 4))
      return 0;
  }
  return 1;
}

static int untouched(const buffer *b) {
  for (size_t i = 0; i < b->count; i++)
    if (b->elem == 8 ? memcmp((char *)b->data + i * 8, &kSentinel64, 8)
                     : memcmp((char *)b->data + i * 4, &kSentinel32, 4))
      return 0;
  return guards_intact(b);
}

/* Small integers, so every product and sum of the kernels is exact. */
static int64_t small(int64_t i, int64_t seed, int64_t mod) { return ((i * 7 + seed * 13) % mod) - mod / 2; }

/* ---- the checks ---------------------------------------------------------------- */

static void check_kernel(pixie_kernel k, const char *name, const char *sig, const char *c_sig,
                         const char *extents) {
  char names[64] = "";
  if (strcmp(pixie_kernel_name(k), name))
    failed("kernel name %s, expected %s", pixie_kernel_name(k), name);
  if (strcmp(pixie_kernel_signature(k), sig))
    failed("signature %s, expected %s", pixie_kernel_signature(k), sig);
  if (strcmp(pixie_kernel_c_signature(k), c_sig))
    failed("lowered signature %s, expected %s", pixie_kernel_c_signature(k), c_sig);
  for (size_t e = 0; e < pixie_kernel_extent_count(k); e++) {
    if (e)
      strcat(names, ", ");
    strcat(names, pixie_kernel_extent_name(k, e));
  }
  if (strcmp(names, extents))
    failed("extents %s, expected %s", names, extents);
  printf("%s: %s lowers to %s, extents %s\n", name, sig, c_sig, names);
}

/* check with the arrays must fail with exactly `message`; the kernel is not
 * called, so `out` must be untouched. A message with an address is printed
 * without it, so stdout is the same on every run. */
static void refused(pixie_kernel k, const char *what, const pixie_array *arrays, size_t narrays, size_t nextents,
                    const char *message, const buffer *out) {
  int64_t ext[8];
  pixie_error err = pixie_kernel_check(k, arrays, narrays, ext, nextents);
  if (!err) {
    failed("%s: accepted, expected \"%s\"", what, message);
    return;
  }
  if (pixie_error_code(err) != PIXIE_ERR_INVALID_ARGUMENT)
    failed("%s: error %s, expected invalid_argument", what, pixie_error_code_name(pixie_error_code(err)));
  if (strcmp(pixie_error_message(err), message))
    failed("refused with \"%s\", expected \"%s\"", pixie_error_message(err), message);
  if (out && !untouched(out))
    failed("%s: %s", what, "the output was written although the check failed");
  if (strstr(message, "data 0") || strstr(message, "data 0x"))
    printf("refused %s: the exact message, with this address\n", what);
  else
    printf("refused %s: %s\n", what, pixie_error_message(err));
  pixie_error_dispose(err);
}

static void refusals(pixie_kernel mm, pixie_kernel st, pixie_kernel ax) {
  buffer a = make_buffer(12, 8, 0), b = make_buffer(8, 8, 0), c = make_buffer(8, 8, 0);
  buffer u = make_buffer(60, 4, 0), o = make_buffer(72, 4, 0);
  buffer x = make_buffer(5, 8, 0), y = make_buffer(5, 8, 0);
  const int64_t s43[2] = {4, 3}, s52[2] = {5, 2}, s32[2] = {3, 2}, s42[2] = {4, 2}, s45[2] = {4, 5},
                s6[1] = {6}, sneg[2] = {-1, 3};
  const int64_t s345[3] = {3, 4, 5}, s346[3] = {3, 4, 6}, s354[3] = {3, 5, 4}, s911[2] = {9, 11};
  const int64_t s5[1] = {5}, s4[1] = {4};

  /* matmul: k, n and m disagreeing */
  pixie_array k_bad[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s52}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, b with 5 rows for k = 3", k_bad, 3, 3,
          "matmul: extent k disagrees: a has shape [4, 3] (k = 3), b has shape [5, 2] (k = 5)", &c);
  pixie_array n_bad[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, PIXIE_F64, s45}};
  refused(mm, "matmul, c with 5 columns for n = 2", n_bad, 3, 3,
          "matmul: extent n disagrees: b has shape [3, 2] (n = 2), c has shape [4, 5] (n = 5)", &c);
  pixie_array m_bad[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, PIXIE_F64, s52}};
  refused(mm, "matmul, c with 5 rows for m = 4", m_bad, 3, 3,
          "matmul: extent m disagrees: a has shape [4, 3] (m = 4), c has shape [5, 2] (m = 5)", &c);
  /* a wrong ndim, a wrong dtype */
  pixie_array nd_bad[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 1, PIXIE_F64, s6}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, b 1-D", nd_bad, 3, 3, "matmul: b (const f64[k, n]) has 2 dimensions, got 1 (shape [6])", &c);
  pixie_array nd9[3] = {{a.data, 9, PIXIE_F64, NULL}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, a with ndim 9", nd9, 3, 3, "matmul: a (const f64[m, k]) has 2 dimensions, got 9", &c);
  pixie_array dt_bad[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F32, s32}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, b of f32", dt_bad, 3, 3, "matmul: b (const f64[k, n]) is an array of f64, got an array of f32",
          &c);
  pixie_array dt99[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, 99, s42}};
  refused(mm, "matmul, c of dtype 99", dt99, 3, 3, "matmul: c (f64[m, n]) is an array of f64, got dtype 99", &c);
  /* the count of arrays and extents, a negative extent, NULL data */
  refused(mm, "matmul, 2 arrays", k_bad, 2, 3, "matmul: takes 3 arrays (a, b, c), 2 given", &c);
  pixie_array ok[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, room for 2 extents", ok, 3, 2, "matmul: has 3 extents (m, k, n), room for 2 given", &c);
  pixie_array neg[3] = {{a.data, 2, PIXIE_F64, sneg}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, a of shape [-1, 3]", neg, 3, 3, "matmul: a (const f64[m, k]) has a negative extent: shape [-1, 3]",
          &c);
  pixie_array null_c[3] = {{a.data, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s32}, {NULL, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, c NULL", null_c, 3, 3, "matmul: c (f64[m, n]) has no data (NULL) for shape [4, 2]", &c);
  /* data not aligned to its elements; the address as this platform's %p prints it */
  char misaligned_msg[160];
  void *odd = (char *)a.data + 4;
  snprintf(misaligned_msg, sizeof misaligned_msg,
           "matmul: a (const f64[m, k]): data %p is not aligned to its 8-byte f64 elements", odd);
  pixie_array mis[3] = {{odd, 2, PIXIE_F64, s43}, {b.data, 2, PIXIE_F64, s32}, {c.data, 2, PIXIE_F64, s42}};
  refused(mm, "matmul, a misaligned by 4 bytes", mis, 3, 3, misaligned_msg, &c);

  /* stencil7: a wrong ndim, a wrong dtype, nz disagreeing, ny and nz swapped */
  pixie_array st_nd[2] = {{u.data, 2, PIXIE_F32, s911}, {o.data, 3, PIXIE_F32, s345}};
  refused(st, "stencil7, u 2-D", st_nd, 2, 3,
          "stencil7: u (const f32[nx, ny, nz]) has 3 dimensions, got 2 (shape [9, 11])", &o);
  pixie_array st_dt[2] = {{u.data, 3, PIXIE_F32, s345}, {o.data, 3, PIXIE_F64, s345}};
  refused(st, "stencil7, out of f64", st_dt, 2, 3,
          "stencil7: out (f32[nx, ny, nz]) is an array of f32, got an array of f64", &o);
  pixie_array st_nz[2] = {{u.data, 3, PIXIE_F32, s345}, {o.data, 3, PIXIE_F32, s346}};
  refused(st, "stencil7, out with nz = 6", st_nz, 2, 3,
          "stencil7: extent nz disagrees: u has shape [3, 4, 5] (nz = 5), out has shape [3, 4, 6] (nz = 6)", &o);
  pixie_array st_sw[2] = {{u.data, 3, PIXIE_F32, s345}, {o.data, 3, PIXIE_F32, s354}};
  refused(st, "stencil7, out with ny and nz swapped", st_sw, 2, 3,
          "stencil7: extent ny disagrees: u has shape [3, 4, 5] (ny = 4), out has shape [3, 5, 4] (ny = 5)", &o);

  /* axpy: n disagreeing, a wrong dtype */
  pixie_array ax_n[2] = {{x.data, 1, PIXIE_F64, s5}, {y.data, 1, PIXIE_F64, s4}};
  refused(ax, "axpy, y of 4 for x of 5", ax_n, 2, 1,
          "axpy: extent n disagrees: x has shape [5] (n = 5), y has shape [4] (n = 4)", &y);
  pixie_array ax_dt[2] = {{x.data, 1, PIXIE_I64, s5}, {y.data, 1, PIXIE_F64, s5}};
  refused(ax, "axpy, x of i64", ax_dt, 2, 1, "axpy: x (const f64[n]) is an array of f64, got an array of i64", &y);

  free(a.base), free(b.base), free(c.base), free(u.base), free(o.base), free(x.base), free(y.base);
}

/* Checks the descriptors (which must pass and give `want` extents); on a
 * failure the kernel is not called. */
static int checked(pixie_kernel k, const char *what, const pixie_array *arrays, size_t narrays, int64_t *ext,
                   size_t nextents, const int64_t *want) {
  pixie_error err = pixie_kernel_check(k, arrays, narrays, ext, nextents);
  if (err) {
    failed("%s: refused: %s", what, pixie_error_message(err));
    pixie_error_dispose(err);
    return 0;
  }
  for (size_t e = 0; e < nextents; e++)
    if (ext[e] != want[e]) {
      char got[32], exp[32];
      snprintf(got, sizeof got, "%lld", (long long)ext[e]);
      snprintf(exp, sizeof exp, "%lld", (long long)want[e]);
      failed("extent %s, expected %s", got, exp);
      return 0;
    }
  return 1;
}

static void verdict(const char *what, int same, const buffer *const *bufs, size_t nbufs) {
  int guards = 1;
  for (size_t i = 0; i < nbufs; i++)
    guards &= guards_intact(bufs[i]);
  if (!same)
    failed("%s: %s", what, "differs from the C reference");
  if (!guards)
    failed("%s: %s", what, "wrote outside its arrays (a guard element changed)");
  printf("%s: %s\n", what, same && guards ? "the reference's results" : "WRONG");
}

static void run_matmul(pixie_kernel mm, int64_t m, int64_t k, int64_t n, int seed) {
  char what[64];
  snprintf(what, sizeof what, "matmul %lldx%lld * %lldx%lld", (long long)m, (long long)k, (long long)k,
           (long long)n);
  buffer a = make_buffer((size_t)(m * k), 8, seed % 3), b = make_buffer((size_t)(k * n), 8, (seed + 1) % 3);
  buffer c = make_buffer((size_t)(m * n), 8, (seed + 2) % 3);
  double *ad = (double *)a.data, *bd = (double *)b.data, *cd = (double *)c.data;
  double *ref = (double *)calloc((size_t)(m * n) + 1, 8);
  for (int64_t i = 0; i < m * k; i++)
    ad[i] = (double)small(i, seed, 19);
  for (int64_t i = 0; i < k * n; i++)
    bd[i] = (double)small(i, seed + 5, 17);
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) {
      double s = 0;
      for (int64_t p = 0; p < k; p++)
        s += ad[i * k + p] * bd[p * n + j];
      ref[i * n + j] = s;
    }
  const int64_t as[2] = {m, k}, bs[2] = {k, n}, cs[2] = {m, n}, want[3] = {m, k, n};
  pixie_array arrays[3] = {{a.data, 2, PIXIE_F64, as}, {b.data, 2, PIXIE_F64, bs}, {c.data, 2, PIXIE_F64, cs}};
  int64_t ext[3];
  if (checked(mm, what, arrays, 3, ext, 3, want)) {
    ((matmul_fn *)pixie_kernel_address(mm))(ad, bd, cd, ext[0], ext[1], ext[2]);
    const buffer *bufs[3] = {&a, &b, &c};
    verdict(what, m * n == 0 || memcmp(cd, ref, (size_t)(m * n) * 8) == 0, bufs, 3);
    emit(cd, (size_t)(m * n) * 8);
  }
  free(ref), free(a.base), free(b.base), free(c.base);
}

static void run_stencil(pixie_kernel st, int64_t nx, int64_t ny, int64_t nz, int seed) {
  char what[64];
  snprintf(what, sizeof what, "stencil7 %lldx%lldx%lld", (long long)nx, (long long)ny, (long long)nz);
  const size_t count = (size_t)(nx * ny * nz);
  buffer u = make_buffer(count, 4, seed % 3), o = make_buffer(count, 4, (seed + 1) % 3);
  float *ud = (float *)u.data, *od = (float *)o.data;
  float *ref = (float *)calloc(count + 1, 4);
  for (int64_t i = 0; i < nx; i++)
    for (int64_t j = 0; j < ny; j++)
      for (int64_t l = 0; l < nz; l++)
        ud[(i * ny + j) * nz + l] = (float)(((i * 31 + j * 17 + l * 5 + seed) % 23) - 11);
  for (int64_t i = 0; i < nx; i++)
    for (int64_t j = 0; j < ny; j++)
      for (int64_t l = 0; l < nz; l++) {
        const int64_t c = (i * ny + j) * nz + l;
        if (i == 0 || j == 0 || l == 0 || i == nx - 1 || j == ny - 1 || l == nz - 1) {
          ref[c] = ud[c];
          continue;
        }
        const float s = ud[c - ny * nz] + ud[c + ny * nz] + ud[c - nz] + ud[c + nz] + ud[c - 1] + ud[c + 1];
        ref[c] = 0.5f * ud[c] + 0.125f * s;
      }
  const int64_t shape[3] = {nx, ny, nz}, want[3] = {nx, ny, nz};
  pixie_array arrays[2] = {{u.data, 3, PIXIE_F32, shape}, {o.data, 3, PIXIE_F32, shape}};
  int64_t ext[3];
  if (checked(st, what, arrays, 2, ext, 3, want)) {
    ((stencil_fn *)pixie_kernel_address(st))(ud, od, ext[0], ext[1], ext[2]);
    const buffer *bufs[2] = {&u, &o};
    verdict(what, count == 0 || memcmp(od, ref, count * 4) == 0, bufs, 2);
    emit(od, count * 4);
  }
  free(ref), free(u.base), free(o.base);
}

static void run_axpy(pixie_kernel ax, int64_t n, double alpha, int seed) {
  char what[64];
  snprintf(what, sizeof what, "axpy n=%lld a=%g", (long long)n, alpha);
  buffer x = make_buffer((size_t)n, 8, seed % 3), y = make_buffer((size_t)n, 8, (seed + 1) % 3);
  double *xd = (double *)x.data, *yd = (double *)y.data;
  double *ref = (double *)calloc((size_t)n + 1, 8);
  for (int64_t i = 0; i < n; i++) {
    xd[i] = (double)small(i, seed, 41);
    yd[i] = (double)small(i * 3, seed + 2, 29);
    ref[i] = yd[i] + alpha * xd[i];
  }
  const int64_t shape[1] = {n}, want[1] = {n};
  pixie_array arrays[2] = {{x.data, 1, PIXIE_F64, shape}, {y.data, 1, PIXIE_F64, shape}};
  int64_t ext[1];
  if (checked(ax, what, arrays, 2, ext, 1, want)) {
    /* n is a declared parameter: the extent is passed there, not appended. */
    ((axpy_fn *)pixie_kernel_address(ax))(ext[0], alpha, xd, yd);
    const buffer *bufs[2] = {&x, &y};
    verdict(what, n == 0 || memcmp(yd, ref, (size_t)n * 8) == 0, bufs, 2);
    emit(yd, (size_t)n * 8);
  }
  free(ref), free(x.base), free(y.base);
}

static pixie_error lookup(pixie_library lib, const char *name, const char *sig, pixie_kernel *k) {
  pixie_kernel again = NULL;
  pixie_error err = pixie_lookup_kernel(lib, name, NULL, k);
  if (!err)
    err = pixie_lookup_kernel(lib, name, sig, &again);
  if (!err && (!*k || again != *k || !pixie_kernel_address(*k)))
    failed("%s: %s", name, "the lookups by name and by signature give different kernels, or no address");
  return err;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s arrays.pixie OUT.bin\n", argv[0]);
    return 2;
  }
  pixie_library lib;
  pixie_error err = pixie_open_file(argv[1], NULL, &lib);
  if (err)
    return fatal(argv[1], err);
  if (getenv("ARRAY_DRIVER_VERBOSE"))
    fprintf(stderr, "%s", pixie_explanation(lib));
  print_selected(lib);

  pixie_kernel mm, st, ax;
  if ((err = lookup(lib, "matmul", kMatmulSig, &mm)) || (err = lookup(lib, "stencil7", kStencilSig, &st)) ||
      (err = lookup(lib, "axpy", kAxpySig, &ax)))
    return fatal("pixie_lookup_kernel", err);
  pixie_kernel none = NULL;
  err = pixie_lookup_kernel(lib, "matmul", "void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)", &none);
  if (!err || pixie_error_code(err) != PIXIE_ERR_NOT_FOUND)
    failed("%s: %s", "matmul of f32", "found, or not refused as not_found");
  pixie_error_dispose(err);

  check_kernel(mm, "matmul", kMatmulSig, "void(const f64* a, const f64* b, f64* c, i64 m, i64 k, i64 n)", "m, k, n");
  check_kernel(st, "stencil7", kStencilSig, "void(const f32* u, f32* out, i64 nx, i64 ny, i64 nz)", "nx, ny, nz");
  check_kernel(ax, "axpy", kAxpySig, "void(i64 n, f64 a, const f64* x, f64* y)", "n");
  const pixie_param *carrier = pixie_kernel_param(ax, 0);
  if (pixie_kernel_param_count(ax) != 4 || !carrier || carrier->extent != 0 || pixie_kernel_param_count(mm) != 6 ||
      pixie_kernel_declared_count(mm) != 3 || pixie_kernel_param(mm, 4)->extent != 1)
    failed("%s: %s", "parameters", "axpy's n or matmul's appended extents are not described as carrying extents");

  out_file = fopen(argv[2], "wb");
  if (!out_file) {
    perror(argv[2]);
    return 1;
  }
  fwrite("PXARRAY1", 1, 8, out_file);

  /* Refused before any kernel runs. */
  refusals(mm, st, ax);

  static const int64_t mm_shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {37, 29, 23}, {64, 48, 40}, {16, 16, 16},
                                         {3, 1, 65}, {0, 4, 3}, {3, 0, 4}, {5, 4, 0}};
  for (size_t i = 0; i < sizeof mm_shapes / sizeof mm_shapes[0]; i++)
    run_matmul(mm, mm_shapes[i][0], mm_shapes[i][1], mm_shapes[i][2], (int)i);
  static const int64_t st_shapes[][3] = {{9, 11, 13}, {3, 4, 5}, {2, 2, 2}, {16, 17, 33}, {5, 6, 67}, {0, 3, 3}};
  for (size_t i = 0; i < sizeof st_shapes / sizeof st_shapes[0]; i++)
    run_stencil(st, st_shapes[i][0], st_shapes[i][1], st_shapes[i][2], (int)i);
  static const int64_t ax_n[] = {1, 7, 1001, 0};
  for (size_t i = 0; i < sizeof ax_n / sizeof ax_n[0]; i++)
    run_axpy(ax, ax_n[i], i % 2 ? -0.75 : 2.5, (int)i);

  if (fclose(out_file)) {
    perror(argv[2]);
    return 1;
  }
  printf("outputs %016llx\n", (unsigned long long)digest);
  fflush(stdout);
  pixie_close(lib);
  return failures ? 1 : 0;
}
