#include "jit_cache.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "pixie/cache_dir.h"
#include "pixie/fatbinary.h"
#include "pixie/file_source.h"

namespace pixie {

namespace fs = std::filesystem;

namespace {

void hashString(XXH3_state_t *state, std::string_view text) {
  // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
  uint64_t n = text.size();
  XXH3_128bits_update(state, &n, sizeof(n));
  XXH3_128bits_update(state, text.data(), text.size());
}

// Removes least-recently-used entries until the total is within the bound;
// `keep` (the entry just written) is never removed.
void evict(const JitCache &cache, const std::string &keep) {
  struct Entry {
    fs::path path;
    uint64_t size;
    fs::file_time_type used;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (const fs::directory_entry &e : fs::directory_iterator(cache.dir, ec)) {
    if (e.path().extension() != ".pixie" || !e.is_regular_file(ec))
      continue;
    Entry entry{e.path(), uint64_t(e.file_size(ec)), e.last_write_time(ec)};
    total += entry.size;
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (const Entry &e : entries) {
    if (total <= cache.max_bytes)
      break;
    if (e.path.string() == keep)
      continue;
    if (fs::remove(e.path, ec))
      total -= e.size;
  }
}

// The cache root and its jit/ subdirectory must both be private.
Error prepare(const JitCache &cache) {
  if (Error e = preparePrivateDirectory(fs::path(cache.dir).parent_path().string()))
    return e;
  return preparePrivateDirectory(cache.dir);
}

} // namespace

std::string jitCacheKey(std::span<const uint8_t> file, const HostProfile &host, uint32_t opt_level,
                        const std::string &jit_library) {
  XXH3_state_t *state = XXH3_createState();
  XXH3_128bits_reset(state);
  hashString(state, "pixie-jit-cache-v1");
  XXH3_128bits_update(state, file.data(), file.size());
  hashString(state, host.platform());
  hashString(state, host.cpuName());
  XXH3_128bits_update(state, &host.features, sizeof(host.features));
  XXH3_128bits_update(state, &opt_level, sizeof(opt_level));
  hashString(state, PIXIE_VERSION);
  hashString(state, jit_library);
  std::error_code ec;
  uint64_t size = fs::file_size(jit_library, ec);
  auto mtime = fs::last_write_time(jit_library, ec).time_since_epoch().count();
  XXH3_128bits_update(state, &size, sizeof(size));
  XXH3_128bits_update(state, &mtime, sizeof(mtime));
  XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
  return text;
}

std::optional<std::vector<uint8_t>> findJitEntry(const JitCache &cache, const std::string &key) {
  if (cache.dir.empty() || prepare(cache))
    return std::nullopt;
  const std::string path = cache.pathOf(key);
  std::error_code ec;
  if (!fs::exists(path, ec))
    return std::nullopt;
  Expected<std::vector<uint8_t>> bytes = readFile(path);
  if (!bytes)
    return std::nullopt;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec); // recently used
  return std::move(*bytes);
}

void discardJitEntry(const JitCache &cache, const std::string &key) {
  std::error_code ec;
  fs::remove(cache.pathOf(key), ec);
}

Error storeJitEntry(const JitCache &cache, const std::string &key, std::span<const uint8_t> bytes) {
  if (cache.dir.empty())
    return Error(Errc::invalid_argument, "the cache is disabled (PIXIE_CACHE_DISABLE)");
  if (Error e = prepare(cache))
    return e;
  if (Error e = writeFileAtomic(cache.pathOf(key), bytes))
    return e;
  if (cache.max_bytes)
    evict(cache, cache.pathOf(key));
  return Error::success();
}

Expected<uint64_t> parseCacheSize(std::string_view text) {
  uint64_t value = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX - 9) / 10)
      return Error(Errc::invalid_argument, "PIXIE_CACHE_MAXSIZE=" + std::string(text) + ": too large");
    value = value * 10 + uint64_t(text[i] - '0');
  }
  std::string_view unit = text.substr(i);
  uint64_t scale = unit.empty() ? 1 : unit == "K" ? 1ull << 10 : unit == "M" ? 1ull << 20 : unit == "G" ? 1ull << 30 : 0;
  if (i == 0 || scale == 0)
    return Error(Errc::invalid_argument,
                 "PIXIE_CACHE_MAXSIZE=" + std::string(text) + ": expected a byte count with an optional K, M or G");
  return value * scale;
}

} // namespace pixie
