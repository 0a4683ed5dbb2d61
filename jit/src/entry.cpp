// pixie_jit_compile_v1: the JIT library's only entry point (pixie/jit_abi.h).
//
// request -> FatBinaryReader over the caller's bytes -> specializeForHost ->
// a cache-entry .pixie: the original's metadata (uuid, exports) with the one
// specialised variant and no bitcode, the account of the compilation recorded
// in build.options. Nothing crosses the C boundary but bytes and a message;
// no exception or LLVM error escapes.
#include <cstdlib>
#include <cstring>
#include <string>

#include "llvm/Support/Error.h"
#include "pixie/jit_abi.h"
#include "pixie/specialize.h"

namespace {

uint32_t fail(uint32_t code, const std::string &text, char *message, size_t size) {
  if (message && size) {
    size_t n = std::min(text.size(), size - 1);
    std::memcpy(message, text.data(), n);
    message[n] = '\0';
  }
  return code;
}

void releaseFile(uint8_t *file) { std::free(file); }

} // namespace

extern "C" __attribute__((visibility("default"))) uint32_t
pixie_jit_compile_v1(const pixie_jit_request *request, pixie_jit_result *result, char *message, size_t size) {
  using namespace pixie;
  constexpr uint32_t kFailed = uint32_t(Errc::jit_failed);
  if (!request || !result || request->abi_version != PIXIE_JIT_ABI_VERSION)
    return fail(uint32_t(Errc::invalid_argument), "JIT request of an unknown ABI version", message, size);
  *result = {};

  auto file = FatBinaryReader::open({request->file, request->file_size});
  if (!file)
    return fail(uint32_t(file.error().code()), file.error().message(), message, size);
  HostTarget host;
  host.platform = request->host_platform ? request->host_platform : "";
  host.cpu = request->host_cpu ? request->host_cpu : "";
  for (size_t i = 0; i < request->host_feature_count; ++i)
    host.features.emplace_back(request->host_features[i]);

  llvm::Expected<SpecializedVariant> v = specializeForHost(*file, host, request->opt_level);
  if (!v)
    return fail(kFailed, llvm::toString(v.takeError()), message, size);

  FatBinaryContents entry;
  entry.meta = file->metadata();
  entry.meta.variants = {v->variant};
  entry.meta.bitcode.clear();
  entry.meta.build.options.push_back("jit: compiled " + v->account);
  entry.variant_images = {std::move(v->image)};
  // The variant is read once per process start: store it raw, so a cache hit
  // costs a checksum and a copy, not a decompression.
  FatBinaryWriteOptions options;
  options.container.zstd_level = 0;
  auto bytes = writeFatBinary(entry, options);
  if (!bytes)
    return fail(kFailed, bytes.error().message(), message, size);

  auto *out = static_cast<uint8_t *>(std::malloc(bytes->size()));
  if (!out)
    return fail(kFailed, "out of memory for the compiled variant", message, size);
  std::memcpy(out, bytes->data(), bytes->size());
  result->file = out;
  result->file_size = bytes->size();
  result->release = releaseFile;
  return fail(0, v->account, message, size);
}
