/* The checked call from C, as a C host writes it: pixie.h compiled as C,
 * the descriptors, pixie_kernel_check, then the call through the lowered
 * prototype. Driven by array_call_test.cpp. */
#include <stdio.h>
#include <string.h>

#include "pixie/pixie.h"

typedef void matmul_fn(const float *a, const float *b, float *c, int64_t m, int64_t k, int64_t n);

/* c = a (2x3) * b (3x2) through the C API; b has `b_rows` rows. Returns 0 on
 * success with c filled in, else 1 with the error's message in `message`. */
int c_matmul(const char *path, int64_t b_rows, float c[4], char *message, size_t size) {
  static const float a[6] = {1, 2, 3, 4, 5, 6};
  static const float b[8] = {1, 0, 0, 1, 1, 1, 9, 9};
  const int64_t ashape[2] = {2, 3}, bshape[2] = {b_rows, 2}, cshape[2] = {2, 2};
  pixie_library lib = NULL;
  pixie_kernel mm = NULL;
  pixie_error err = pixie_open_file(path, NULL, &lib);
  if (!err)
    err = pixie_lookup_kernel(lib, "matmul", NULL, &mm);
  if (!err) {
    pixie_array arrays[3] = {{(void *)a, 2, PIXIE_F32, ashape},
                             {(void *)b, 2, PIXIE_F32, bshape},
                             {c, 2, PIXIE_F32, cshape}};
    int64_t ext[3];
    err = pixie_kernel_check(mm, arrays, 3, ext, 3);
    if (!err)
      ((matmul_fn *)pixie_kernel_address(mm))(a, b, c, ext[0], ext[1], ext[2]);
  }
  int failed = err != NULL;
  if (err)
    snprintf(message, size, "%s", pixie_error_message(err));
  pixie_error_dispose(err);
  pixie_close(lib);
  return failed;
}
