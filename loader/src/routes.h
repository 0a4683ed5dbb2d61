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
#include <utility>
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

// A per-user cache directory, <cache>/<sub> (`variants`, `jit`), opened once
// and held open: every later operation on it is relative to what was checked,
// never to its path, so nothing renamed or swapped after the check is used.
//
// POSIX: the path is walked from "/" one component at a time with
// openat(O_DIRECTORY | O_NOFOLLOW), and each directory is checked on its
// descriptor (fstat) before anything is looked up in it:
//   * every directory above <cache> (and those a link leads through) is owned
//     by this user or root and, unless sticky (like /tmp), writable by nobody
//     else: whoever can write a directory can rename what is in it;
//   * a symlink on the way is followed only if this user or root owns it, by
//     reading it (readlinkat) and walking its target the same way: a link is
//     judged by what it leads to;
//   * <cache> and <cache>/<sub> are owned by this user and not writable by
//     group or others; a missing one is created (mkdirat, 0700) inside its
//     checked parent.
// Windows (cache_file_windows.cpp): each directory is opened without
// following reparse points and held without delete sharing, so it cannot be
// renamed or replaced while it is in use; <cache> and <sub> may not be
// reparse points.
class CacheDir {
public:
  // Opens (creating as needed) and checks `cache` and `cache`/`sub`. The
  // error names the directory and the reason.
  static Expected<CacheDir> open(const std::string &cache, const std::string &sub);

  CacheDir() = default;
  CacheDir(CacheDir &&other) noexcept : handles_(std::move(other.handles_)), path_(std::move(other.path_)) {
    other.handles_.clear();
  }
  CacheDir &operator=(CacheDir &&other) noexcept {
    if (this != &other) {
      closeAll();
      handles_ = std::move(other.handles_);
      other.handles_.clear();
      path_ = std::move(other.path_);
    }
    return *this;
  }
  CacheDir(const CacheDir &) = delete;
  CacheDir &operator=(const CacheDir &) = delete;
  ~CacheDir() { closeAll(); }

  const std::string &path() const { return path_; } // for messages
  std::string pathOf(const std::string &name) const;

  enum class Found { missing, ok, refused };
  // The entry's bytes if it is a regular file owned by this user, not
  // writable by group or others, and at most `max_size` bytes (opened without
  // following a link, checked on its descriptor, read from it). A hit
  // refreshes its modification time. `refused`: `problem` says why.
  Found read(const std::string &name, uint64_t max_size, std::vector<uint8_t> &bytes, std::string &problem) const;
  // Writes a temporary file (0600) in this directory and renames it to `name`.
  Error write(const std::string &name, std::span<const uint8_t> bytes) const;
  // Removes `name` from this directory (a missing entry is no error).
  Error remove(const std::string &name) const;
  struct Listed {
    std::string name;
    uint64_t size = 0;
    int64_t used = 0; // modification time, in the platform's units
  };
  // The regular files (not links) in this directory whose names end in `suffix`.
  std::vector<Listed> list(std::string_view suffix) const;

  // The platform handle (POSIX: the directory's descriptor).
  intptr_t handle() const { return handles_.empty() ? -1 : handles_.back(); }

private:
  void closeAll();
  std::vector<intptr_t> handles_; // POSIX: one descriptor; Windows: every component, held
  std::string path_;
};

// Decompress into memory, store under a content-addressed name in the per-user
// cache directory <cache>/variants (CacheDir: created 0700; refused if it or
// a directory above is not safe), verify the opened file's bytes, then load it.
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
