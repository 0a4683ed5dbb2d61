// Code from the JIT, through its cache:
//   1. key = (file, host CPU + features, -O level, pixie version, JIT library);
//   2. hit: an entry read from the checked directory, itself a checked file
//      (JitCache, jit_cache.h); check it (a whole .pixie: checksums,
//      metadata) and that it is what this host may run, then load its
//      variant like a prebuilt one; a damaged, unfit or foreign entry is
//      discarded and rebuilt;
//   3. miss: dlopen the JIT, compile, check the result the same way, store it
//      (atomically; a cache that cannot be written is reported once on
//      stderr and the code is used from memory), load it.
// Only step 3 maps LLVM.
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "jit_cache.h"
#include "routes.h"

namespace pixie {

namespace {

constexpr uint32_t kJitOptLevel = 3;

// What the JIT must have produced: the same library (uuid) with exactly one
// variant this host can run.
Error checkEntry(const Metadata &entry, const Metadata &original, const HostProfile &host) {
  if (entry.uuid != original.uuid)
    return Error(Errc::jit_failed, "the JIT output belongs to another file (uuid " + entry.uuid + ")");
  if (entry.variants.size() != 1)
    return Error(Errc::jit_failed,
                 "the JIT output has " + std::to_string(entry.variants.size()) + " variants, not one");
  const Variant &v = entry.variants[0];
  if (v.platform != host.platform())
    return Error(Errc::jit_failed, "the JIT built for " + v.platform + ", not for " + std::string(host.platform()));
  std::string lacking;
  for (const std::string &f : v.required)
    if (!host.has(f))
      lacking += " " + f;
  if (!lacking.empty())
    return Error(Errc::jit_failed, "the JIT built code this host cannot run: it lacks" + lacking);
  return Error::success();
}

// Loads the variant of a checked one-variant file.
Expected<JitLoaded> loadEntry(std::span<const uint8_t> bytes, const Metadata &original, const Resolved &r) {
  Expected<FatBinaryReader> entry = FatBinaryReader::open(bytes);
  if (!entry)
    return entry.takeError();
  if (Error e = checkEntry(entry->metadata(), original, *r.host))
    return e;
  Expected<Loaded> loaded = loadVariant(*entry, 0, r);
  if (!loaded) {
    const Variant &v = entry->metadata().variants[0];
    return Error(loaded.error().code(), "loading " + v.platform + "/" + v.tier + ": " + loaded.error().message());
  }
  return JitLoaded{std::move(*loaded), entry->metadata().variants[0]};
}

Expected<JitCache> cacheFor(const Resolved &r) {
  std::string root;
  const char *disable = std::getenv("PIXIE_CACHE_DISABLE");
  if (!(disable && std::string_view(disable) == "1"))
    root = r.cacheDir();
  uint64_t max_bytes = 0;
  if (const char *max = std::getenv("PIXIE_CACHE_MAXSIZE"); max && *max) {
    Expected<uint64_t> bytes = parseCacheSize(max);
    if (!bytes)
      return bytes.takeError();
    max_bytes = *bytes;
  }
  return JitCache(std::move(root), max_bytes);
}

void warnOnce(const std::string &message) {
  static std::once_flag once;
  std::call_once(once, [&] { std::fprintf(stderr, "pixie: JIT code is not cached: %s\n", message.c_str()); });
}

} // namespace

Expected<JitLoaded> loadViaJit(std::span<const uint8_t> file, const Metadata &original, const Resolved &r) {
  Expected<JitCache> cache = cacheFor(r);
  if (!cache)
    return cache.takeError();
  const std::string library = r.jitLibrary();
  const std::string key = jitCacheKey(file, *r.host, kJitOptLevel, library);

  std::string history, problem;
  if (auto bytes = cache->find(key, problem)) {
    Expected<JitLoaded> hit = loadEntry(*bytes, original, r);
    if (hit) {
      hit->loaded.detail = "cache hit " + cache->pathOf(key) + "; " + hit->loaded.detail;
      return hit;
    }
    cache->discard(key);
    problem = hit.error().message();
  }
  if (!problem.empty())
    history = "discarded a bad cache entry (" + problem + "); ";

  Expected<JitOutput> compiled = runJit(file, *r.host, kJitOptLevel, library);
  if (!compiled)
    return compiled.takeError();
  Expected<JitLoaded> loaded = loadEntry(compiled->file, original, r);
  if (!loaded)
    return Error(loaded.error().code(), "JIT output rejected: " + loaded.error().message());
  std::string stored = "cached at " + cache->pathOf(key);
  if (Error e = cache->store(key, compiled->file)) {
    stored = "not cached: " + e.message();
    if (!cache->disabled())
      warnOnce(e.message());
  }
  loaded->loaded.detail = history + "compiled (" + compiled->account + "), " + stored + "; " + loaded->loaded.detail;
  return loaded;
}

} // namespace pixie
