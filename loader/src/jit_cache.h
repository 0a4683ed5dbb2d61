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
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pixie/error.h"
#include "pixie/host.h"

namespace pixie {

struct JitCache {
  std::string dir;       // <cache>/jit; empty = disabled (PIXIE_CACHE_DISABLE=1)
  uint64_t max_bytes = 0; // 0 = unbounded

  std::string pathOf(const std::string &key) const { return dir + "/" + key + ".pixie"; }
};

// The entry name for compiling `file` for `host`. `jit_library` is hashed with
// its size and modification time, standing for the LLVM inside it.
std::string jitCacheKey(std::span<const uint8_t> file, const HostProfile &host, uint32_t opt_level,
                        const std::string &jit_library);

// The entry's bytes, or nullopt on a miss (or when disabled).
std::optional<std::vector<uint8_t>> findJitEntry(const JitCache &cache, const std::string &key);
void discardJitEntry(const JitCache &cache, const std::string &key);
// Creates the private directory as needed, writes atomically, then evicts.
Error storeJitEntry(const JitCache &cache, const std::string &key, std::span<const uint8_t> bytes);

// "64M" -> 67108864; K, M, G are powers of 1024.
Expected<uint64_t> parseCacheSize(std::string_view text);

} // namespace pixie
