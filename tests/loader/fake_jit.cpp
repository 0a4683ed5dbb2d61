// A stand-in for libpixie_jit that speaks jit_abi.h without LLVM, so the
// loader's side (discovery, request, the JIT cache, checks on the output) is
// tested on its own. Its "compilation" packs a prebuilt library
// ($PIXIE_FAKE_JIT_IMAGE, the test kernels built with tier id 77) as the one
// specialised variant, under the original's metadata, exactly as the real JIT
// returns its output. Every call appends a line to $PIXIE_FAKE_JIT_LOG, so
// tests can count compilations. $PIXIE_FAKE_JIT_MODE makes it misbehave.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "pixie/fatbinary.h"
#include "pixie/jit_abi.h"

namespace {

uint32_t fail(uint32_t code, const std::string &text, char *message, size_t size) {
  std::snprintf(message, size, "%s", text.c_str());
  return code;
}

void release(uint8_t *file) { std::free(file); }

std::string env(const char *name) {
  const char *v = std::getenv(name);
  return v ? v : "";
}

} // namespace

extern "C" __attribute__((visibility("default"))) uint32_t
pixie_jit_compile_v1(const pixie_jit_request *request, pixie_jit_result *result, char *message, size_t size) {
  if (request->abi_version != PIXIE_JIT_ABI_VERSION)
    return fail(16, "unknown ABI version", message, size);
  if (request->host_platform[0] == '\0')
    return fail(18, "fake JIT: no bitcode can target this platform", message, size);
  if (FILE *log = std::fopen(env("PIXIE_FAKE_JIT_LOG").c_str(), "a")) {
    std::fprintf(log, "%s %zu\n", request->host_cpu, request->host_feature_count);
    std::fclose(log);
  }
  auto original = pixie::FatBinaryReader::open({request->file, request->file_size});
  if (!original)
    return fail(uint32_t(original.error().code()), original.error().message(), message, size);
  auto image = pixie::readFile(env("PIXIE_FAKE_JIT_IMAGE"));
  if (!image)
    return fail(17, image.error().message(), message, size);

  const std::string mode = env("PIXIE_FAKE_JIT_MODE");
  pixie::FatBinaryContents entry;
  entry.meta = original->metadata();
  entry.meta.bitcode.clear();
  if (mode == "wrong-uuid")
    entry.meta.uuid = "00000000-0000-8000-8000-000000000000";
  pixie::Variant v;
  v.platform = request->host_platform;
  v.triple = "x86_64-unknown-linux-gnu";
  v.tier = std::string("jit-") + request->host_cpu;
  v.rank = 1000;
  v.cpu = request->host_cpu;
  v.required = {mode == "unrunnable" ? "avx512fp16" : "sse2"};
  v.binary_format = "elf";
  v.specialized = true;
  entry.meta.variants = {v};
  entry.variant_images = {std::move(*image)};
  auto bytes = pixie::writeFatBinary(entry);
  if (!bytes)
    return fail(17, bytes.error().message(), message, size);
  result->file = static_cast<uint8_t *>(std::malloc(bytes->size()));
  std::memcpy(result->file, bytes->data(), bytes->size());
  result->file_size = bytes->size();
  result->release = release;
  return fail(0, "fake JIT for " + std::string(request->host_cpu) + " -O" + std::to_string(request->opt_level),
              message, size);
}
