/* The one entry point the loader calls in the JIT library.
 *
 * The JIT links LLVM (tens of MB, ~20 ms to map), so it lives in its own
 * shared library that the loader dlopens only when PIXIE_JIT asks for it or no
 * prebuilt variant fits. This header is the whole contract between the two;
 * it is C so the two sides need not share a C++ ABI.
 *
 * Library: libpixie_jit.so / libpixie_jit.dylib / pixie_jit.dll, found at
 * $PIXIE_JIT_LIBRARY, else next to the loader library, else on the default
 * search path. It must export:
 *
 *   uint32_t pixie_jit_compile_v1(const pixie_jit_request *request,
 *                                 pixie_jit_module *module,
 *                                 char *message, size_t message_size);
 *
 * Returns 0 on success with *module filled; otherwise a pixie::Errc value
 * (usually jit_failed or unsupported_host) and a NUL-terminated message in
 * `message` (truncated to message_size). The loader may call it from several
 * threads at once.
 */
#ifndef PIXIE_JIT_ABI_H
#define PIXIE_JIT_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PIXIE_JIT_ABI_VERSION 1u
#define PIXIE_JIT_ENTRY_POINT "pixie_jit_compile_v1"

typedef struct pixie_jit_request {
  uint32_t abi_version;          /* PIXIE_JIT_ABI_VERSION */
  const uint8_t *file;           /* the whole .pixie file, valid during the call */
  size_t file_size;
  const char *host_platform;     /* e.g. "linux-64"; "" on a platform pixie has no name for */
  const char *host_cpu;          /* the runtime's CPU name */
  const char *const *host_features; /* LLVM feature names the host has */
  size_t host_feature_count;
  const char *cache_dir;         /* the loader's cache directory; NULL: the JIT picks */
} pixie_jit_request;

typedef struct pixie_jit_module {
  void *impl;                                      /* owned by the JIT */
  void *(*lookup)(void *impl, const char *symbol); /* NULL when absent */
  void (*release)(void *impl);                     /* frees code and impl */
  const char *detail; /* owned by impl: what happened, e.g. "cache hit <path>" */
} pixie_jit_module;

typedef uint32_t (*pixie_jit_compile_fn)(const pixie_jit_request *request, pixie_jit_module *module,
                                          char *message, size_t message_size);

#ifdef __cplusplus
}
#endif

#endif /* PIXIE_JIT_ABI_H */
