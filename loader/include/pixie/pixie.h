/* pixie C ABI: load a fat binary (.pixie) and call its kernels.
 *
 *   pixie_library lib;
 *   pixie_error err = pixie_open_file("kernels.pixie", NULL, &lib);
 *   if (err) {
 *     fprintf(stderr, "%s\n", pixie_error_message(err));
 *     pixie_error_dispose(err);
 *     return 1;
 *   }
 *   double (*dot)(const double *, const double *, int64_t);
 *   err = pixie_lookup(lib, "dot", "f64(const f64*, const f64*, i64)", (void **)&dot);
 *   ...
 *   pixie_close(lib);  // function pointers from lib are invalid after this
 *
 * Conventions (as in llvm-c/Error.h): a function that can fail returns a
 * pixie_error, NULL on success. A non-NULL error must be passed to
 * pixie_error_dispose exactly once. Error codes are the stable values of
 * pixie::Errc (PIXIE_ERR_* below; never renumbered). Strings returned by a
 * library handle stay valid until pixie_close; the handle may be used from
 * several threads at once (lookups are read-only).
 *
 * The selection is controlled by the environment (PIXIE_USE_ISA, PIXIE_JIT,
 * PIXIE_LOAD_ROUTE, PIXIE_CACHE_DIR, PIXIE_JIT_LIBRARY; see
 * pixie/loader.h) unless the corresponding field of pixie_options is set.
 */
#ifndef PIXIE_PIXIE_H
#define PIXIE_PIXIE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(PIXIE_BUILDING_LIBRARY)
#define PIXIE_API __declspec(dllexport)
#elif defined(_WIN32)
#define PIXIE_API __declspec(dllimport)
#elif defined(__GNUC__)
#define PIXIE_API __attribute__((visibility("default")))
#else
#define PIXIE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pixie_library_impl *pixie_library;
typedef struct pixie_error_impl *pixie_error;

/* Stable error codes: the values of pixie::Errc. */
enum {
  PIXIE_OK = 0,
  PIXIE_ERR_IO = 1,
  PIXIE_ERR_TRUNCATED = 2,
  PIXIE_ERR_BAD_MAGIC = 3,
  PIXIE_ERR_UNSUPPORTED_VERSION = 4,
  PIXIE_ERR_RESERVED_NONZERO = 5,
  PIXIE_ERR_OUT_OF_BOUNDS = 6,
  PIXIE_ERR_LIMIT_EXCEEDED = 7,
  PIXIE_ERR_CHECKSUM_MISMATCH = 8,
  PIXIE_ERR_UNSUPPORTED_COMPRESSION = 9,
  PIXIE_ERR_DECOMPRESSION_FAILED = 10,
  PIXIE_ERR_BAD_METADATA = 11,
  PIXIE_ERR_BAD_SIGNATURE = 12,
  PIXIE_ERR_NOT_FOUND = 13,
  PIXIE_ERR_NO_VARIANT = 14,
  PIXIE_ERR_LOAD_FAILED = 15,
  PIXIE_ERR_INVALID_ARGUMENT = 16,
  PIXIE_ERR_JIT_FAILED = 17,
  PIXIE_ERR_UNSUPPORTED_HOST = 18,
  PIXIE_ERR_MALFORMED = 19
};

/* Options; zero-initialise (or call pixie_options_init) and set what you
 * need. NULL strings mean "use the environment, then the default". */
typedef struct pixie_options {
  uint32_t struct_size;   /* sizeof(pixie_options), for forward compatibility */
  const char *use_isa;    /* force a tier, e.g. "x86-64-v3" */
  const char *jit;        /* "never", "auto", "always" */
  const char *load_route; /* "auto", "memfd", "cache-file" */
  const char *cache_dir;
  const char *jit_library;
} pixie_options;

PIXIE_API void pixie_options_init(pixie_options *options);

/* Opens a fat binary, selects the best variant for this host and loads it.
 * `options` may be NULL. On success *out is a handle for pixie_close. */
PIXIE_API pixie_error pixie_open_file(const char *path, const pixie_options *options, pixie_library *out);
/* The same from bytes in memory; they are only read during the call. */
PIXIE_API pixie_error pixie_open_memory(const void *data, size_t size, const pixie_options *options,
                                        pixie_library *out);
/* Releases the loaded code. NULL is ignored. */
PIXIE_API void pixie_close(pixie_library library);

/* The address of export `name` with `signature` (fixed-width spelling such as
 * "f64(const f64*, i64)" or C aliases; NULL when the export has exactly one
 * overload). Fails with PIXIE_ERR_NOT_FOUND for an unknown name/overload. */
PIXIE_API pixie_error pixie_lookup(pixie_library library, const char *name, const char *signature,
                                   void **address);

/* ---- Checked calls: arrays as descriptors --------------------------------
 *
 * A signature with array parameters, e.g. the export
 *   matmul: void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)
 * is the C function its lowering gives (spec/format.md "Arrays"): each array
 * a pointer where it stands, each named extent once as an integer (the
 * parameter of that name, else an int64_t appended in order of first
 * appearance): void matmul(const float *a, const float *b, float *c,
 *                          int64_t m, int64_t k, int64_t n).
 *
 * A host describes its arrays (data, ndim, shape, dtype) and asks
 * pixie_kernel_check to check them against the signature and to fill in the
 * extents; it then calls the address with the exact C prototype, which
 * `pixie-build --header` writes (that header also holds a static inline
 * checked caller per export when pixie.h is included before it), or pixie.hpp's
 * typed Kernel does it in C++. The loader makes no call through a prototype
 * it does not know: there is no libffi here, and the checker covers every
 * signature, not a table of common ones.
 *
 *   pixie_kernel mm;
 *   err = pixie_lookup_kernel(lib, "matmul", NULL, &mm);
 *   int64_t ashape[2] = {M, K}, bshape[2] = {K, N}, cshape[2] = {M, N};
 *   pixie_array arrays[3] = {{a, 2, PIXIE_F32, ashape}, {b, 2, PIXIE_F32, bshape},
 *                            {c, 2, PIXIE_F32, cshape}};
 *   int64_t ext[3];
 *   err = pixie_kernel_check(mm, arrays, 3, ext, 3);   // ext = {m, k, n}
 *   if (!err)
 *     ((void (*)(const float *, const float *, float *, int64_t, int64_t, int64_t))
 *          pixie_kernel_address(mm))(a, b, c, ext[0], ext[1], ext[2]);
 */

/* Element types: the values of pixie::ScalarKind. */
enum {
  PIXIE_VOID = 0,
  PIXIE_I8 = 1,
  PIXIE_I16 = 2,
  PIXIE_I32 = 3,
  PIXIE_I64 = 4,
  PIXIE_U8 = 5,
  PIXIE_U16 = 6,
  PIXIE_U32 = 7,
  PIXIE_U64 = 8,
  PIXIE_F32 = 9,
  PIXIE_F64 = 10
};

/* An array the host holds: `shape[0..ndim)` extents of `dtype` elements at
 * `data`, C order (row-major), contiguous. `data` may be NULL only when the
 * array has no elements. */
typedef struct pixie_array {
  void *data;
  int32_t ndim;
  uint32_t dtype;
  const int64_t *shape;
} pixie_array;

/* One overload of an export, looked up once: valid until pixie_close of its
 * library, shared by every lookup of that overload, usable from any thread. */
typedef struct pixie_kernel_impl *pixie_kernel;

/* A parameter (or the result) of a kernel's C function. */
typedef struct pixie_param {
  const char *name;       /* as the signature names it; "" when it does not */
  uint32_t dtype;         /* the scalar, or the element/pointee type (PIXIE_*) */
  uint32_t pointer_depth; /* 0: by value; a pointer's stars; 1 for an array */
  uint32_t is_const;      /* 1 when the elements/pointee are const */
  int32_t ndim;           /* an array's rank, else 0 */
  int32_t array;          /* its index among the array parameters, else -1 */
  int32_t extent;         /* the named extent an integer carries (pixie_kernel_check's
                             extents[extent]), else -1 */
} pixie_param;

/* The overload `signature` of export `name` (NULL: the only one), as
 * pixie_lookup finds it, with its signature parsed and lowered. */
PIXIE_API pixie_error pixie_lookup_kernel(pixie_library library, const char *name, const char *signature,
                                          pixie_kernel *kernel);
PIXIE_API void *pixie_kernel_address(pixie_kernel kernel);
PIXIE_API const char *pixie_kernel_name(pixie_kernel kernel);
/* "void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)" */
PIXIE_API const char *pixie_kernel_signature(pixie_kernel kernel);
/* Its C function in the same language: "void(const f32* a, const f32* b,
 * f32* c, i64 m, i64 k, i64 n)". The same text as the signature when it has
 * no arrays. */
PIXIE_API const char *pixie_kernel_c_signature(pixie_kernel kernel);
/* The C function's parameters: the signature's own first
 * (pixie_kernel_declared_count), then the appended extents. NULL past the end. */
PIXIE_API size_t pixie_kernel_param_count(pixie_kernel kernel);
PIXIE_API size_t pixie_kernel_declared_count(pixie_kernel kernel);
PIXIE_API const pixie_param *pixie_kernel_param(pixie_kernel kernel, size_t index);
PIXIE_API const pixie_param *pixie_kernel_result(pixie_kernel kernel);
/* The array parameters (pixie_kernel_check takes one descriptor for each, in
 * signature order) and the named extents (in order of first appearance). */
PIXIE_API size_t pixie_kernel_array_count(pixie_kernel kernel);
PIXIE_API size_t pixie_kernel_extent_count(pixie_kernel kernel);
PIXIE_API const char *pixie_kernel_extent_name(pixie_kernel kernel, size_t index);

/* Checks one descriptor per array parameter against the signature: dtype,
 * ndim, fixed extents, named extents equal wherever they appear, no negative
 * extent, data non-NULL (unless empty) and aligned to its element, a size
 * that fits in memory, and each extent within the integer parameter that
 * carries it. On success writes extents[i] for each named extent
 * (pixie_kernel_extent_name(i)); on failure PIXIE_ERR_INVALID_ARGUMENT with a
 * message naming the parameters and their shapes, and the kernel must not be
 * called. Reads arrays[i].shape[0..ndim) only for 0 <= ndim <= 8. */
PIXIE_API pixie_error pixie_kernel_check(pixie_kernel kernel, const pixie_array *arrays, size_t narrays,
                                         int64_t *extents, size_t nextents);

/* Checks that a host's view of the kernel's declared parameters (and result,
 * unless NULL) agrees with the signature, for a binding that calls through
 * a prototype of its own (pixie.hpp's Kernel does). Each host parameter is
 * an array (ndim > 0, any pointer_depth), a pointer (ndim 0, pointer_depth
 * > 0), an integer filled in from the arrays (extent >= 0) or a scalar.
 * A const signature parameter takes a const or mutable host one; a mutable
 * (output) one only a mutable one. `name` and `array` are ignored. */
PIXIE_API pixie_error pixie_kernel_match(pixie_kernel kernel, const pixie_param *params, size_t nparams,
                                         const pixie_param *result);

/* The loaded variant ("linux-64", "x86-64-v3"); when the code came from the
 * JIT, the tier of the variant it built for this host. */
PIXIE_API const char *pixie_selected_platform(pixie_library library);
PIXIE_API const char *pixie_selected_tier(pixie_library library);
/* Why that variant: every variant's verdict, as text or as a JSON object. */
PIXIE_API const char *pixie_explanation(pixie_library library);
PIXIE_API const char *pixie_explanation_json(pixie_library library);
/* The file's metadata document (exports, signatures, variants, provenance). */
PIXIE_API const char *pixie_metadata_json(pixie_library library);

PIXIE_API uint32_t pixie_error_code(pixie_error error);
PIXIE_API const char *pixie_error_message(pixie_error error);
PIXIE_API void pixie_error_dispose(pixie_error error);
/* An error of a binding's own (pixie.hpp uses it), to be disposed as any. */
PIXIE_API pixie_error pixie_error_create(uint32_t code, const char *message);
/* "checksum_mismatch" for PIXIE_ERR_CHECKSUM_MISMATCH, and so on. */
PIXIE_API const char *pixie_error_code_name(uint32_t code);

PIXIE_API const char *pixie_version(void);

#ifdef __cplusplus
}
#endif

#endif /* PIXIE_PIXIE_H */
