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
/* "checksum_mismatch" for PIXIE_ERR_CHECKSUM_MISMATCH, and so on. */
PIXIE_API const char *pixie_error_code_name(uint32_t code);

PIXIE_API const char *pixie_version(void);

#ifdef __cplusplus
}
#endif

#endif /* PIXIE_PIXIE_H */
