// LoadOptions against the environment: an option set by the caller wins, then
// the PIXIE_* variable, then the default (table in loader.h).
#include <cctype>
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

// "/x" on POSIX; "C:\x", "C:/x" or "\\server\share" on Windows ("\x" and
// "C:x" depend on the current drive or its directory, so they are relative).
bool isAbsolutePath(const std::string &path) {
#if defined(_WIN32)
  auto sep = [](char c) { return c == '\\' || c == '/'; };
  if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' && sep(path[2]))
    return true;
  return path.size() >= 2 && sep(path[0]) && sep(path[1]);
#else
  return !path.empty() && path[0] == '/';
#endif
}

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
  // spec/loader.md section 4: PIXIE_CACHE_DISABLE takes `1` and
  // PIXIE_CACHE_DIR an absolute directory. Anything else is an error rather
  // than a guess: `true` or `yes` silently left the cache on, and a relative
  // directory would follow the process's current directory, so JIT output
  // landed (and was later trusted) wherever the program happened to run.
  if (auto text = env("PIXIE_CACHE_DISABLE"); text && *text != "1")
    return Error(Errc::invalid_argument, "PIXIE_CACHE_DISABLE=" + *text + ": expected 1 (or unset)");
  if (!o.cache_dir)
    if (auto text = env("PIXIE_CACHE_DIR"); text && !isAbsolutePath(*text))
      return Error(Errc::invalid_argument, "PIXIE_CACHE_DIR=" + *text + ": expected an absolute directory");
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
