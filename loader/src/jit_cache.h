// The JIT's results, kept per user so that a second start does not compile
// again (and does not even map LLVM).
//
// Layout: <cache>/jit/<key>.pixie, one entry per (original file, host CPU and
// features, optimisation level, pixie version, JIT library), the key being
// the XXH3-128 of all of them. Entries are whole .pixie files, so every byte
// is covered by the container's checksums when read; writes are atomic
// (temp + rename), so racing processes each leave a complete entry under the
// same name. A hit refreshes the entry's mtime, and when PIXIE_CACHE_MAXSIZE
// is set the least recently used entries are removed after each write.
//
// The directory is opened once per load (CacheDir, routes.h: walked and
// checked on descriptors) and every lookup, removal and write is relative to
// it; an entry is read only from a descriptor checked to be a regular file of
// this user's that nobody else can write.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pixie/error.h"
#include "pixie/host.h"
#include "routes.h"

namespace pixie {

class JitCache {
public:
  // `root`: <cache>; empty = disabled (PIXIE_CACHE_DISABLE=1).
  JitCache(std::string root, uint64_t max_bytes);

  bool disabled() const { return root_.empty(); }
  const std::string &dir() const { return dir_; } // <cache>/jit
  std::string pathOf(const std::string &key) const { return dir_ + "/" + key + ".pixie"; }

  // The entry's bytes, or nullopt on a miss (or when disabled, or when the
  // directory is refused: store() then says why). An entry that exists but
  // fails the file checks is removed and `problem` says why.
  std::optional<std::vector<uint8_t>> find(const std::string &key, std::string &problem);
  void discard(const std::string &key);
  // Creates the private directory as needed, writes atomically, then evicts.
  Error store(const std::string &key, std::span<const uint8_t> bytes);

private:
  // Opens <cache>/jit once; later calls return the same directory or error.
  const CacheDir *open();
  void evict(const std::string &keep);

  std::string root_, dir_;
  uint64_t max_bytes_ = 0; // 0 = unbounded
  bool tried_ = false;
  std::optional<CacheDir> opened_;
  std::string refused_; // why the directory could not be used
};

// The entry name for compiling `file` for `host`. `jit_library` is hashed with
// its size and modification time, standing for the LLVM inside it.
std::string jitCacheKey(std::span<const uint8_t> file, const HostProfile &host, uint32_t opt_level,
                        const std::string &jit_library);

// "64M" -> 67108864; K, M, G are powers of 1024.
Expected<uint64_t> parseCacheSize(std::string_view text);

} // namespace pixie
