// Reaching the JIT: dlopen the JIT library (once per process and path), call
// its single C entry point (jit_abi.h), and wrap the result as an Image. This
// is the only place the loader touches the JIT, and it does so only when the
// policy or a missing variant demands it, so a prebuilt load never maps LLVM.
#include "routes.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "dl_image.h"

namespace pixie {

namespace {

class JitImage final : public Image {
public:
  explicit JitImage(const pixie_jit_module &m) : m_(m) {}
  ~JitImage() override {
    if (m_.release)
      m_.release(m_.impl);
  }
  void *symbol(const char *name) const override { return m_.lookup ? m_.lookup(m_.impl, name) : nullptr; }

private:
  pixie_jit_module m_;
};

Expected<pixie_jit_compile_fn> entryPoint(const std::string &library) {
  static std::mutex mutex;
  static std::map<std::string, pixie_jit_compile_fn> opened;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = opened.find(library);
  if (it != opened.end())
    return it->second;
  Expected<void *> handle = openPermanentLibrary(library);
  if (!handle)
    return Error(Errc::jit_failed, "the JIT library is not available: " + handle.error().message());
  auto fn = reinterpret_cast<pixie_jit_compile_fn>(librarySymbol(*handle, PIXIE_JIT_ENTRY_POINT));
  if (!fn)
    return Error(Errc::jit_failed, library + " does not export " PIXIE_JIT_ENTRY_POINT);
  opened.emplace(library, fn);
  return fn;
}

} // namespace

Expected<Loaded> loadViaJit(std::span<const uint8_t> file, const HostProfile &host, const std::string &cache_dir,
                            const std::string &library) {
  Expected<pixie_jit_compile_fn> compile = entryPoint(library);
  if (!compile)
    return compile.takeError();

  std::vector<std::string> names;
  for (std::string_view f : featureNames(host.arch))
    if (host.has(f))
      names.emplace_back(f);
  std::vector<const char *> features;
  for (const std::string &n : names)
    features.push_back(n.c_str());
  const std::string platform(host.platform());

  pixie_jit_request request{};
  request.abi_version = PIXIE_JIT_ABI_VERSION;
  request.file = file.data();
  request.file_size = file.size();
  request.host_platform = platform.c_str();
  request.host_cpu = host.cpu;
  request.host_features = features.data();
  request.host_feature_count = features.size();
  request.cache_dir = cache_dir.empty() ? nullptr : cache_dir.c_str();

  pixie_jit_module module{};
  char message[1024] = {};
  uint32_t code = (*compile)(&request, &module, message, sizeof(message));
  if (code != 0) {
    message[sizeof(message) - 1] = '\0';
    return Error(Errc(code), std::string("JIT: ") + message);
  }
  std::string detail = module.detail ? module.detail : "";
  return Loaded{std::make_unique<JitImage>(module), detail};
}

} // namespace pixie
