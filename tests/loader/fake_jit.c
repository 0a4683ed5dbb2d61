/* A stand-in for libpixie_jit that implements jit_abi.h without LLVM, so the
 * loader's side of the interface (discovery, request, errors, lifetime) is
 * tested on its own. Its "compiled code" is one function per known symbol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pixie/jit_abi.h"

static int32_t fake_tier(void) { return 77; }

typedef struct {
  char detail[256];
} fake_impl;

static void *fake_lookup(void *impl, const char *symbol) {
  (void)impl;
  return strcmp(symbol, "kernel_tier") == 0 ? (void *)&fake_tier : NULL;
}

static void fake_release(void *impl) { free(impl); }

__attribute__((visibility("default"))) uint32_t pixie_jit_compile_v1(const pixie_jit_request *request,
                                                                     pixie_jit_module *module, char *message,
                                                                     size_t message_size) {
  if (request->abi_version != PIXIE_JIT_ABI_VERSION) {
    snprintf(message, message_size, "ABI version %u, expected %u", request->abi_version, PIXIE_JIT_ABI_VERSION);
    return 16; /* invalid_argument */
  }
  if (request->file_size < 8 || memcmp(request->file, "\x89PIXIE\r\n", 8) != 0) {
    snprintf(message, message_size, "the request does not carry a .pixie file");
    return 16;
  }
  if (request->host_platform[0] == '\0') {
    snprintf(message, message_size, "fake JIT: no bitcode can target this platform");
    return 18; /* unsupported_host */
  }
  fake_impl *impl = calloc(1, sizeof(fake_impl));
  snprintf(impl->detail, sizeof(impl->detail), "fake JIT for %s/%s with %zu features, cache %s",
           request->host_platform, request->host_cpu, request->host_feature_count,
           request->cache_dir ? request->cache_dir : "(none)");
  module->impl = impl;
  module->lookup = fake_lookup;
  module->release = fake_release;
  module->detail = impl->detail;
  return 0;
}
