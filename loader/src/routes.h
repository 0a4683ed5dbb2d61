// The ways a selected variant becomes loaded code. Each returns an Image that
// owns everything the OS loader still needs (the memfd, the open cache file)
// and releases it in the right order: dlclose first, then the descriptor.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "pixie/cache_dir.h"
#include "pixie/container.h"
#include "pixie/jit_abi.h"
#include "pixie/loader.h"

namespace pixie {

struct SectionRef {
  const ContainerReader *container;
  uint32_t index;
  uint64_t raw_size;
};

struct Loaded {
  std::unique_ptr<Image> image;
  std::string detail; // for the explanation: path, memfd name, JIT account
};

// Linux: decompress into a memfd and dlopen /proc/self/fd/N. Errc::load_failed
// or unsupported_host mean "this route is refused here": try the cache file.
Expected<Loaded> loadViaMemfd(const SectionRef &section, const std::string &name);

// Decompress into memory, store under a content-addressed name in the per-user
// cache directory (created 0700; refused if owned by someone else or writable
// by others), verify the file's bytes after opening it, then load it.
Expected<Loaded> loadViaCacheFile(const SectionRef &section, const std::string &cache_dir,
                                  const std::string &suffix);

// Opens the JIT library (once per process) and asks it for code.
Expected<Loaded> loadViaJit(std::span<const uint8_t> file, const HostProfile &host, const std::string &cache_dir,
                            const std::string &library);

} // namespace pixie
