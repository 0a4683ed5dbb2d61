// LoadOptions against the environment: an option set by the caller wins, then
// the PIXIE_* variable, then the default (table in loader.h).
#include <cstdlib>
#include <optional>

#include "dl_image.h"
#include "routes.h"

namespace pixie {

namespace {

std::optional<std::string> env(const char *name) {
  const char *v = std::getenv(name);
  if (!v || !*v)
    return std::nullopt;
  return std::string(v);
}

#if defined(_WIN32)
constexpr const char *kJitLibrary = "pixie_jit.dll";
#elif defined(__APPLE__)
constexpr const char *kJitLibrary = "libpixie_jit.dylib";
#else
constexpr const char *kJitLibrary = "libpixie_jit.so";
#endif

} // namespace

#if defined(_WIN32)
const char *const kLibrarySuffix = ".dll";
#elif defined(__APPLE__)
const char *const kLibrarySuffix = ".dylib";
#else
const char *const kLibrarySuffix = ".so";
#endif

Expected<JitPolicy> parseJitPolicy(std::string_view text) {
  if (text == "never") return JitPolicy::Never;
  if (text == "auto") return JitPolicy::Auto;
  if (text == "always") return JitPolicy::Always;
  return Error(Errc::invalid_argument, "PIXIE_JIT=" + std::string(text) + ": expected never, auto or always");
}

Expected<LoadRoute> parseLoadRoute(std::string_view text) {
  if (text == "auto") return LoadRoute::Auto;
  if (text == "memfd") return LoadRoute::Memfd;
  if (text == "cache-file") return LoadRoute::CacheFile;
  return Error(Errc::invalid_argument,
               "PIXIE_LOAD_ROUTE=" + std::string(text) + ": expected auto, memfd or cache-file");
}

Expected<Resolved> resolveOptions(const LoadOptions &o) {
  Resolved r;
  r.use_isa = o.use_isa ? *o.use_isa : env("PIXIE_USE_ISA").value_or("");
  if (o.jit) {
    r.jit = *o.jit;
  } else if (auto text = env("PIXIE_JIT")) {
    Expected<JitPolicy> p = parseJitPolicy(*text);
    if (!p)
      return p.takeError();
    r.jit = *p;
  }
  if (o.route) {
    r.route = *o.route;
  } else if (auto text = env("PIXIE_LOAD_ROUTE")) {
    Expected<LoadRoute> p = parseLoadRoute(*text);
    if (!p)
      return p.takeError();
    r.route = *p;
  }
  r.options = &o;
  r.host = o.host ? o.host : &hostProfile();
  if (!r.use_isa.empty() && r.jit == JitPolicy::Always)
    return Error(Errc::invalid_argument,
                 "PIXIE_USE_ISA=" + r.use_isa + " asks for a prebuilt tier but PIXIE_JIT=always asks for JIT code");
  return r;
}

std::string Resolved::cacheDir() const {
  if (options->cache_dir)
    return *options->cache_dir;
  return env("PIXIE_CACHE_DIR").value_or(defaultCacheDir());
}

std::string Resolved::jitLibrary() const {
  if (options->jit_library)
    return *options->jit_library;
  if (auto path = env("PIXIE_JIT_LIBRARY"))
    return *path;
  std::string dir = loaderDirectory();
  return dir.empty() ? kJitLibrary : dir + "/" + kJitLibrary;
}

} // namespace pixie
