#include "test_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "pixie/fatbinary.h"

namespace pixie::test {

std::vector<uint8_t> fixtureBytes(const char *path) {
  auto bytes = readFile(path);
  REQUIRE(bytes);
  return std::move(*bytes);
}

std::vector<uint8_t> oneVariantFile(const std::string &library, std::vector<uint8_t> image) {
  FatBinaryContents c;
  c.meta.library = library;
  c.meta.build.pixie_version = PIXIE_VERSION;
  c.meta.build.llvm_version = "none (test fixture)";
  Variant v;
  v.platform = "linux-64";
  v.tier = "x86-64";
  v.cpu = "x86-64";
  v.triple = "x86_64-unknown-linux-gnu";
  v.binary_format = "elf";
  v.required = {"sse2"};
  c.meta.variants = {v};
  c.meta.exports = {{"tier", {{"kernel_tier", "i32()", "null"}}}};
  c.variant_images = {std::move(image)};
  auto bytes = writeFatBinary(c);
  REQUIRE(bytes);
  return std::move(*bytes);
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pixie-test-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests change modes to provoke refusals; make sure we can clean up.
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
  std::filesystem::remove_all(path_, ec);
}

size_t openFdCount() {
  size_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd"); it != std::filesystem::directory_iterator();
       ++it)
    ++n;
  return n;
}

std::string selfMaps() {
  std::ifstream in("/proc/self/maps");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

size_t countLines(const std::string &text, const std::string &needle) {
  size_t n = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    if (text.substr(pos, end - pos).find(needle) != std::string::npos)
      ++n;
    pos = end + 1;
  }
  return n;
}

int inChild(const std::function<int()> &body) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0)
    _exit(body());
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

namespace {

HostProfile make(Os os, Arch arch, const char *cpu, std::initializer_list<std::string_view> features) {
  HostProfile p;
  REQUIRE(makeHostProfile(os, arch, cpu, features, p));
  return p;
}

#define X86_V2 "sse2", "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt", "cx16", "sahf"
#define X86_V3 X86_V2, "avx", "avx2", "bmi", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave"
#define X86_V4 X86_V3, "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"

} // namespace

HostProfile zen3() {
  return make(Os::Linux, Arch::X86_64, "znver3", {X86_V3, "vaes", "vpclmulqdq", "pclmul", "aes", "sha", "adx"});
}
HostProfile zen4() {
  return make(Os::Linux, Arch::X86_64, "znver4",
              {X86_V4, "avx512vnni", "avx512bf16", "avx512vbmi", "avx512vbmi2", "avx512bitalg",
               "avx512vpopcntdq", "avx512ifma", "gfni", "vaes", "vpclmulqdq", "pclmul", "aes", "sha", "adx"});
}
HostProfile sapphireRapids() {
  return make(Os::Linux, Arch::X86_64, "sapphirerapids",
              {X86_V4, "avx512vnni", "avx512bf16", "avx512fp16", "avx512vbmi", "avx512vbmi2", "avx512bitalg",
               "avx512vpopcntdq", "avx512ifma", "avxvnni", "gfni", "vaes", "vpclmulqdq", "pclmul", "aes", "sha",
               "adx"});
}
HostProfile core2() { return make(Os::Linux, Arch::X86_64, "core2", {"sse2", "sse3", "ssse3", "cx16", "sahf"}); }
// What runtime/ reports for a CPU with AVX2 in cpuid but YMM state off in
// XCR0 (x86_test covers the decoding): SSE4.2 and friends, no AVX-class bits.
HostProfile avxWithoutXcr0() {
  return make(Os::Linux, Arch::X86_64, "haswell", {X86_V2, "bmi", "bmi2", "lzcnt", "movbe", "pclmul", "aes"});
}
HostProfile graviton2() {
  return make(Os::Linux, Arch::AArch64, "neoverse-n1",
              {"neon", "fp-armv8", "fullfp16", "dotprod", "rdm", "lse", "crc", "rcpc", "aes", "sha2"});
}
HostProfile graviton3() {
  return make(Os::Linux, Arch::AArch64, "neoverse-v1",
              {"neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm", "lse", "crc", "rcpc", "aes", "sha2",
               "sha3", "i8mm", "bf16", "sve"});
}
HostProfile appleM1() {
  return make(Os::MacOS, Arch::AArch64, "apple-m1",
              {"neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm", "lse", "crc", "rcpc", "aes", "sha2",
               "sha3"});
}
HostProfile appleM2() {
  return make(Os::MacOS, Arch::AArch64, "apple-m2",
              {"neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm", "lse", "crc", "rcpc", "aes", "sha2",
               "sha3", "i8mm", "bf16"});
}
HostProfile appleM4() {
  return make(Os::MacOS, Arch::AArch64, "apple-m4",
              {"neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm", "lse", "crc", "rcpc", "aes", "sha2",
               "sha3", "i8mm", "bf16", "sme"});
}
HostProfile windowsAvx2() { return make(Os::Windows, Arch::X86_64, "skylake", {X86_V3, "pclmul", "aes", "adx"}); }
HostProfile unknownPlatform() { return make(Os::Other, Arch::X86_64, "znver3", {X86_V3}); }

void requireRoot() {
  if (geteuid() != 0)
    FAIL("needs root, to chown a directory to another user (uid " << kOtherUid << "); running as uid " << geteuid());
}

OthersDir::OthersDir(const TempDir &tmp) : dir(tmp.path() + "/others"), link(tmp.path() + "/link") {
  requireRoot();
  std::filesystem::create_directory(dir);
  REQUIRE(chmod(dir.c_str(), 0700) == 0);
  REQUIRE(chown(dir.c_str(), kOtherUid, kOtherUid) == 0);
  std::filesystem::create_directory_symlink(dir, link);
}

std::string OthersDir::linkText() const {
  return link + " (a symlink to " + std::filesystem::canonical(dir).string() + ")";
}

LoadOptions isolatedOptions(const std::string &cache_dir) {
  LoadOptions o;
  o.use_isa = "";
  o.jit = JitPolicy::Never;
  o.route = LoadRoute::Auto;
  o.cache_dir = cache_dir;
  o.jit_library = "/nonexistent/libpixie_jit.so";
  return o;
}

} // namespace pixie::test
