// Module: the open pipeline of loader.h (read, select, load, look up) and the
// resolution of options against the environment.
#include <cstdlib>

#include "dl_image.h"
#include "file_bytes.h"
#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "routes.h"

namespace pixie {

namespace {

// The options with the environment applied. The cache directory and the JIT
// library are only looked up when a route needs them (dladdr and $HOME are
// not free, and the memfd route needs neither).
struct Resolved {
  std::string use_isa;
  JitPolicy jit = JitPolicy::Auto;
  LoadRoute route = LoadRoute::Auto;
  const LoadOptions *options = nullptr;
  const HostProfile *host = nullptr;
  std::string cacheDir() const;
  std::string jitLibrary() const;
};

std::optional<std::string> env(const char *name) {
  const char *v = std::getenv(name);
  if (!v || !*v)
    return std::nullopt;
  return std::string(v);
}

#if defined(_WIN32)
constexpr const char *kLibrarySuffix = ".dll";
constexpr const char *kJitLibrary = "pixie_jit.dll";
#elif defined(__APPLE__)
constexpr const char *kLibrarySuffix = ".dylib";
constexpr const char *kJitLibrary = "libpixie_jit.dylib";
#else
constexpr const char *kLibrarySuffix = ".so";
constexpr const char *kJitLibrary = "libpixie_jit.so";
#endif

Expected<Resolved> resolve(const LoadOptions &o) {
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

Expected<Loaded> loadVariant(const FatBinaryReader &reader, size_t index, const Resolved &r) {
  const Variant &v = reader.metadata().variants[index];
  const SectionInfo &info = reader.container().sections()[v.section];
  if (info.raw_size == 0)
    return Error(Errc::malformed, "variant " + v.platform + "/" + v.tier + " is empty");
  SectionRef section{&reader.container(), v.section, info.raw_size};
#if defined(__linux__)
  std::string memfd_problem;
  if (r.route != LoadRoute::CacheFile) {
    Expected<Loaded> loaded = loadViaMemfd(section, "pixie:" + reader.metadata().library + ":" + v.tier);
    if (loaded || r.route == LoadRoute::Memfd)
      return loaded;
    const Errc code = loaded.error().code();
    if (code != Errc::load_failed && code != Errc::unsupported_host)
      return loaded;
    memfd_problem = loaded.error().message();
  }
  Expected<Loaded> loaded = loadViaCacheFile(section, r.cacheDir(), kLibrarySuffix);
  if (!loaded && !memfd_problem.empty())
    return Error(loaded.error().code(), "memfd route: " + memfd_problem + "; cache-file route: " +
                                            loaded.error().message());
  if (loaded && !memfd_problem.empty())
    loaded->detail += " (memfd refused: " + memfd_problem + ")";
  return loaded;
#else
  if (r.route == LoadRoute::Memfd)
    return Error(Errc::unsupported_host, "PIXIE_LOAD_ROUTE=memfd: memfd loading exists only on Linux");
  return loadViaCacheFile(section, r.cacheDir(), kLibrarySuffix);
#endif
}

Expected<std::unique_ptr<Module>> openBytes(std::span<const uint8_t> bytes, const LoadOptions &options) {
  Expected<Resolved> r = resolve(options);
  if (!r)
    return r.takeError();
  Expected<FatBinaryReader> reader = FatBinaryReader::open(bytes);
  if (!reader)
    return reader.takeError();
  const Metadata &meta = reader->metadata();

  Explanation why;
  why.jit = r->jit;
  Expected<size_t> chosen = selectVariant(meta, *r->host, r->use_isa, why);

  const bool jit = r->jit == JitPolicy::Always ||
                   (!chosen && r->jit == JitPolicy::Auto && chosen.error().code() == Errc::no_variant);
  if (jit) {
    Expected<Loaded> loaded = loadViaJit(bytes, *r->host, r->cacheDir(), r->jitLibrary());
    if (!loaded) {
      if (r->jit == JitPolicy::Always)
        return loaded.takeError();
      return Error(Errc::no_variant, chosen.error().message() + "; re-JIT from bitcode failed: " +
                                         loaded.error().message());
    }
    why.chosen.reset();
    why.decision = r->jit == JitPolicy::Always
                       ? "PIXIE_JIT=always: compiled the bitcode for this host"
                       : why.decision + "; compiled the bitcode for this host instead (PIXIE_JIT=auto)";
    why.route = "jit";
    why.route_detail = loaded->detail;
    return std::make_unique<Module>(meta, std::move(why), std::move(loaded->image));
  }
  if (!chosen) {
    if (chosen.error().code() == Errc::no_variant && r->jit == JitPolicy::Never)
      return Error(Errc::no_variant, chosen.error().message() + "; PIXIE_JIT=never forbids compiling the bitcode");
    return chosen.takeError();
  }

  Expected<Loaded> loaded = loadVariant(*reader, *chosen, *r);
  if (!loaded) {
    const Variant &v = meta.variants[*chosen];
    return Error(loaded.error().code(),
                 "loading " + v.platform + "/" + v.tier + " of '" + meta.library + "': " + loaded.error().message());
  }
  why.route = loaded->detail.rfind("/memfd:", 0) == 0 ? "memfd" : "cache-file";
  why.route_detail = loaded->detail;
  return std::make_unique<Module>(meta, std::move(why), std::move(loaded->image));
}

std::string overloadList(const Export &e) {
  std::string out;
  for (const Overload &o : e.overloads)
    out += (out.empty() ? "" : ", ") + o.signature;
  return out;
}

} // namespace

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

Module::Module(Metadata meta, Explanation why, std::unique_ptr<Image> image)
    : meta_(std::move(meta)), why_(std::move(why)), image_(std::move(image)) {}

Expected<std::unique_ptr<Module>> Module::openFile(const std::string &path, const LoadOptions &options) {
  Expected<FileBytes> file = FileBytes::open(path);
  if (!file)
    return file.takeError();
  Expected<std::unique_ptr<Module>> m = openBytes(file->bytes(), options);
  if (!m)
    return Error(m.error().code(), path + ": " + m.error().message());
  return m;
}

Expected<std::unique_ptr<Module>> Module::openMemory(std::span<const uint8_t> bytes, const LoadOptions &options) {
  return openBytes(bytes, options);
}

const Variant *Module::variant() const { return why_.chosen ? &meta_.variants[*why_.chosen] : nullptr; }

Expected<const Overload *> Module::findOverload(std::string_view name, std::string_view signature) const {
  const Export *found = nullptr;
  for (const Export &e : meta_.exports)
    if (e.name == name)
      found = &e;
  if (!found) {
    std::string names;
    for (const Export &e : meta_.exports)
      names += (names.empty() ? "" : ", ") + e.name;
    return Error(Errc::not_found, "'" + meta_.library + "' has no export '" + std::string(name) +
                                      "'; its exports are: " + (names.empty() ? "none" : names));
  }
  if (signature.empty()) {
    if (found->overloads.size() == 1)
      return &found->overloads[0];
    return Error(Errc::invalid_argument, "export '" + found->name + "' has " +
                                             std::to_string(found->overloads.size()) +
                                             " overloads; pass a signature: " + overloadList(*found));
  }
  Expected<Signature> want = parseSignature(signature);
  if (!want)
    return want.takeError();
  for (const Overload &o : found->overloads) {
    Expected<Signature> have = parseSignature(o.signature);
    if (have && *have == *want)
      return &o;
  }
  return Error(Errc::not_found, "export '" + found->name + "' has no overload " + toString(*want) +
                                    "; its overloads are: " + overloadList(*found));
}

Expected<void *> Module::lookup(std::string_view name, std::string_view signature) const {
  Expected<const Overload *> o = findOverload(name, signature);
  if (!o)
    return o.takeError();
  void *address = image_->symbol((*o)->symbol.c_str());
  if (!address) {
    const Variant *v = variant();
    return Error(Errc::not_found, "symbol '" + (*o)->symbol + "' of export '" + std::string(name) +
                                      "' is missing from " +
                                      (v ? "variant " + v->platform + "/" + v->tier : std::string("the JIT code")));
  }
  return address;
}

} // namespace pixie
