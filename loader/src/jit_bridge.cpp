// Reaching the JIT: dlopen the JIT library (once per process and path), call
// its single C entry point (jit_abi.h) and take a copy of the bytes it
// returns. This is the only place the loader touches the JIT, and it does so
// only on a JIT-cache miss, so a prebuilt load (or a cache hit) never maps
// LLVM.
#include "routes.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "dl_image.h"

namespace pixie {

namespace {

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

Expected<JitOutput> runJit(std::span<const uint8_t> file, const HostProfile &host, uint32_t opt_level,
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
  request.opt_level = opt_level;

  pixie_jit_result result{};
  char message[1024] = {};
  uint32_t code = (*compile)(&request, &result, message, sizeof(message));
  message[sizeof(message) - 1] = '\0';
  if (code != 0)
    return Error(Errc(code), std::string("JIT: ") + message);
  if (!result.file || result.file_size == 0)
    return Error(Errc::jit_failed, "JIT: reported success but returned no file");
  JitOutput out{std::vector<uint8_t>(result.file, result.file + result.file_size), message};
  if (result.release)
    result.release(result.file);
  return out;
}

} // namespace pixie
