// The ways a selected variant becomes loaded code (and, for the JIT, how its
// output is obtained). Each returns an Image that
// owns everything the OS loader still needs (the memfd, the open cache file)
// and releases it in the right order: dlclose first, then the descriptor.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pixie/cache_dir.h"
#include "pixie/container.h"
#include "pixie/fatbinary.h"
#include "pixie/jit_abi.h"
#include "pixie/loader.h"

namespace pixie {

// LoadOptions with the environment applied (options.cpp). The cache
// directory and the JIT library are looked up only when a route needs them:
// dladdr and $HOME are not free, and the memfd route needs neither.
struct Resolved {
  std::string use_isa;
  JitPolicy jit = JitPolicy::Auto;
  LoadRoute route = LoadRoute::Auto;
  const LoadOptions *options = nullptr; // outlives the Resolved
  const HostProfile *host = nullptr;
  std::string cacheDir() const;
  std::string jitLibrary() const;
};
Expected<Resolved> resolveOptions(const LoadOptions &options);

// The platform's shared-library suffix: .so, .dylib, .dll.
extern const char *const kLibrarySuffix;

// A variant's section, and the platform whose headers its bytes must carry
// (checkImage, image_check.h): each route checks them before the OS loader
// sees the bytes.
struct SectionRef {
  const ContainerReader *container;
  uint32_t index;
  uint64_t raw_size;
  std::string_view platform;
};

struct Loaded {
  std::unique_ptr<Image> image;
  std::string route;  // "memfd" or "cache-file"
  std::string detail; // for the explanation: the memfd's name, the cache path
};

// Linux: decompress into a memfd and dlopen /proc/self/fd/N.
// Errc::unsupported_host means "this route is refused here": try the cache file.
Expected<Loaded> loadViaMemfd(const SectionRef &section, const std::string &name);

// Decompress into memory, store under a content-addressed name in the per-user
// cache directory (created 0700; refused if owned by someone else or writable
// by others), verify the file's bytes after opening it, then load it.
Expected<Loaded> loadViaCacheFile(const SectionRef &section, const std::string &cache_dir,
                                  const std::string &suffix);

// Variant `index` of `file` as loaded code, by the route `r` asks for: on
// Linux the memfd, falling back to the cache file when memfd is refused;
// elsewhere the cache file (variant_route.cpp).
Expected<Loaded> loadVariant(const FatBinaryReader &file, size_t index, const Resolved &r);

// Code for this host from the JIT: a JIT-cache hit, or a compilation that is
// then cached; either way a checked one-variant .pixie whose variant is
// loaded like a prebuilt one (jit_route.cpp).
struct JitLoaded {
  Loaded loaded;
  Variant variant; // what the JIT built, `specialized`
};
Expected<JitLoaded> loadViaJit(std::span<const uint8_t> file, const Metadata &original, const Resolved &r);

// Opens the JIT library (once per process and path) and asks it to compile
// `file` for `host`. The result is a one-variant .pixie (jit_abi.h).
struct JitOutput {
  std::vector<uint8_t> file;
  std::string account; // the JIT's one-line account of the work
};
Expected<JitOutput> runJit(std::span<const uint8_t> file, const HostProfile &host, uint32_t opt_level,
                           const std::string &library);

} // namespace pixie
