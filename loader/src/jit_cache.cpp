#include "jit_cache.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "pixie/container.h"
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

JitCache::JitCache(std::string root, uint64_t max_bytes) : root_(std::move(root)), max_bytes_(max_bytes) {
  if (!root_.empty())
    dir_ = root_ + "/jit";
}

const CacheDir *JitCache::open() {
  if (!tried_) {
    tried_ = true;
    Expected<CacheDir> dir = CacheDir::open(root_, "jit");
    if (dir)
      opened_.emplace(std::move(*dir));
    else
      refused_ = dir.error().message();
  }
  return opened_ ? &*opened_ : nullptr;
}

std::optional<std::vector<uint8_t>> JitCache::find(const std::string &key, std::string &problem) {
  const CacheDir *dir = disabled() ? nullptr : open();
  if (!dir)
    return std::nullopt;
  std::vector<uint8_t> bytes;
  switch (dir->read(key + ".pixie", kMaxFileSize, bytes, problem)) {
  case CacheDir::Found::ok:
    return bytes;
  case CacheDir::Found::refused:
    discard(key);
    return std::nullopt;
  case CacheDir::Found::missing:
    break;
  }
  return std::nullopt;
}

void JitCache::discard(const std::string &key) {
  if (const CacheDir *dir = disabled() ? nullptr : open())
    (void)dir->remove(key + ".pixie");
}

Error JitCache::store(const std::string &key, std::span<const uint8_t> bytes) {
  if (disabled())
    return Error(Errc::invalid_argument, "the cache is disabled (PIXIE_CACHE_DISABLE)");
  const CacheDir *dir = open();
  if (!dir)
    return Error(Errc::io, refused_);
  if (Error e = dir->write(key + ".pixie", bytes))
    return e;
  if (max_bytes_)
    evict(key + ".pixie");
  return Error::success();
}

// Removes least-recently-used entries until the total is within the bound;
// `keep` (the entry just written) is never removed.
void JitCache::evict(const std::string &keep) {
  std::vector<CacheDir::Listed> entries = opened_->list(".pixie");
  uint64_t total = 0;
  for (const CacheDir::Listed &e : entries)
    total += e.size;
  std::sort(entries.begin(), entries.end(),
            [](const CacheDir::Listed &a, const CacheDir::Listed &b) { return a.used < b.used; });
  for (const CacheDir::Listed &e : entries) {
    if (total <= max_bytes_)
      break;
    if (e.name == keep)
      continue;
    if (!opened_->remove(e.name))
      total -= e.size;
  }
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
