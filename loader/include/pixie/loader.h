// Opening a fat binary: select a variant, load it, look up exports.
//
// The whole path, for a file with a fitting variant:
//   1. read the file and validate container + metadata (format/);
//   2. select a variant for the host (selection.h);
//   3. decompress that one section straight into its destination and let the
//      OS loader map it: on Linux into a memfd that is dlopen'ed as
//      /proc/self/fd/N, so nothing touches the disk; where that is refused,
//      and on macOS/Windows, into a per-user content-addressed cache file
//      (cache_dir.h has the directory rules);
//   4. look up exports by name and signature against the checked metadata.
// Each Module is its own RTLD_LOCAL instance: two fat binaries exporting the
// same symbol names never collide. When no variant fits (or PIXIE_JIT=always)
// the code comes from the JIT, through a per-user cache of its output; the
// JIT is a separate library (jit_abi.h) opened only on a cache miss, so
// nothing here loads LLVM otherwise. spec/loader.md is the normative text.
//
// Environment (read when the matching option is unset):
//   PIXIE_USE_ISA=<tier>          force a tier (error if absent or unrunnable)
//   PIXIE_JIT=never|auto|always   default auto
//   PIXIE_LOAD_ROUTE=auto|memfd|cache-file   default auto (memfd, then cache file)
//   PIXIE_CACHE_DIR=<dir>         default $XDG_CACHE_HOME/pixie or ~/.cache/pixie
//   PIXIE_JIT_LIBRARY=<path>      default: next to the loader library
//   PIXIE_CACHE_DISABLE=1         JIT output is not cached
//   PIXIE_CACHE_MAXSIZE=<n>[KMG]  bound on the JIT cache (least recently used go)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>
#include <string>
#include <string_view>

#include "pixie/error.h"
#include "pixie/host.h"
#include "pixie/metadata.h"
#include "pixie/selection.h"

namespace pixie {

enum class LoadRoute : uint8_t { Auto, Memfd, CacheFile };

struct LoadOptions {
  std::optional<std::string> use_isa;
  std::optional<JitPolicy> jit;
  std::optional<LoadRoute> route;
  std::optional<std::string> cache_dir;
  std::optional<std::string> jit_library;
  const HostProfile *host = nullptr; // a synthetic host; default: hostProfile()
};

// Parses the spellings used by the environment and the C ABI.
Expected<JitPolicy> parseJitPolicy(std::string_view text);
Expected<LoadRoute> parseLoadRoute(std::string_view text);

// A loaded variant (or JIT-compiled code). Implementations: loader/src.
class Image {
public:
  virtual ~Image() = default;
  virtual void *symbol(const char *name) const = 0;
};

class Module {
public:
  static Expected<std::unique_ptr<Module>> openFile(const std::string &path, const LoadOptions &options = {});
  // The bytes are only read during the call; the caller may free them after.
  static Expected<std::unique_ptr<Module>> openMemory(std::span<const uint8_t> bytes,
                                                      const LoadOptions &options = {});

  const Metadata &metadata() const { return meta_; }
  const Explanation &explanation() const { return why_; }
  // The loaded variant: the selected prebuilt one, or the one the JIT built
  // for this host (`specialized`).
  const Variant *variant() const;

  // The overload of export `name` whose signature equals `signature` (any
  // spelling signature.h accepts). An empty signature matches when the export
  // has exactly one overload.
  Expected<const Overload *> findOverload(std::string_view name, std::string_view signature) const;
  // The address of that overload's symbol in the loaded code.
  Expected<void *> lookup(std::string_view name, std::string_view signature = {}) const;

  Module(Metadata meta, Explanation why, std::unique_ptr<Image> image, std::optional<Variant> jit_variant = {});

private:
  Metadata meta_;
  Explanation why_;
  std::unique_ptr<Image> image_;
  std::optional<Variant> jit_variant_;
  // Indices of meta_.exports sorted by name: a lookup is a binary search, so
  // looking up every export of a library is O(n log n), not O(n^2).
  std::vector<uint32_t> by_name_;
};

} // namespace pixie
