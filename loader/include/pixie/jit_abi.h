/* The one entry point the loader calls in the JIT library.
 *
 * The JIT links LLVM (tens of MB, ~20 ms to map), so it lives in its own
 * shared library that the loader dlopens only when PIXIE_JIT asks for it or no
 * prebuilt variant fits. This header is the whole contract between the two;
 * it is C so the two sides need not share a C++ ABI.
 *
 * The JIT returns bytes, not code: a small .pixie holding the original
 * file's metadata (same uuid, same exports) with exactly one variant, built
 * for this host (`specialized`: true) and no bitcode. The loader checks it like
 * any file, keeps it in its cache (<cache>/jit/, same rules as every cache
 * entry, spec/loader.md) and loads its variant the way it loads a prebuilt
 * one. So a later start that hits the cache never maps LLVM at all.
 *
 * Library: libpixie_jit.so / libpixie_jit.dylib / pixie_jit.dll, found at
 * $PIXIE_JIT_LIBRARY, else next to the loader library. It must export:
 *
 *   uint32_t pixie_jit_compile_v1(const pixie_jit_request *request,
 *                                 pixie_jit_result *result,
 *                                 char *message, size_t message_size);
 *
 * Returns 0 with *result filled and, in `message`, a one-line account of the
 * work (e.g. "znver3 -O3 in 41 ms"); otherwise a pixie::Errc value (usually
 * jit_failed or unsupported_host) and the reason in `message`. Messages are
 * NUL-terminated and truncated to message_size. The loader may call it from
 * several threads at once.
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
  uint32_t abi_version;             /* PIXIE_JIT_ABI_VERSION */
  const uint8_t *file;              /* the whole original .pixie, valid during the call */
  size_t file_size;
  const char *host_platform;        /* e.g. "linux-64"; "" on a platform pixie has no name for */
  const char *host_cpu;             /* the runtime's CPU name */
  const char *const *host_features; /* LLVM feature names the host has */
  size_t host_feature_count;
  uint32_t opt_level;               /* 0-3 */
} pixie_jit_request;

typedef struct pixie_jit_result {
  uint8_t *file;                  /* the one-variant .pixie; owned by the JIT */
  size_t file_size;
  void (*release)(uint8_t *file); /* called by the loader once it has copied the bytes */
} pixie_jit_result;

typedef uint32_t (*pixie_jit_compile_fn)(const pixie_jit_request *request, pixie_jit_result *result,
                                          char *message, size_t message_size);

#ifdef __cplusplus
}
#endif

#endif /* PIXIE_JIT_ABI_H */
