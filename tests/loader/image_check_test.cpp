// A linux-64 variant whose bytes are something else (another platform's
// library, an executable, a 32-bit library, noise): refused before the OS
// loader sees it, by every route, with a message naming the variant and what
// its headers say it is; nothing is left mapped, open or written.
#include <filesystem>
#include <random>

#include <catch2/catch.hpp>

#include "image_check.h"
#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;
namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> noise(size_t n) {
  std::mt19937 gen(8); // fixed: the expected message quotes the first bytes
  std::vector<uint8_t> out(n);
  for (uint8_t &b : out)
    b = uint8_t(gen() & 0xff);
  return out;
}

std::vector<uint8_t> prefix(const char *path, size_t n) {
  std::vector<uint8_t> bytes = fixtureBytes(path);
  bytes.resize(n);
  return bytes;
}

struct Case {
  const char *name;
  std::vector<uint8_t> image;
  std::string what; // after "the variant is "
};

std::vector<Case> cases() {
  return {
      {"aarch64 ELF library", fixtureBytes(PIXIE_AARCH64_SO),
       "an ELF shared library (ET_DYN) for aarch64 (e_machine 183), not for x86-64 (e_machine 62)"},
      {"Mach-O dylib", fixtureBytes(PIXIE_MACHO_DYLIB),
       "a Mach-O dylib (MH_DYLIB) for arm64 (cputype 0x0100000c), not an ELF shared library for x86-64"},
      {"PE DLL", fixtureBytes(PIXIE_PE_DLL), "a PE DLL for x86-64 (machine 0x8664), not an ELF shared library for x86-64"},
      {"random bytes", noise(4096),
       "unrecognised data (4096 bytes beginning c3 54 f1 69 85 da 88 53: no ELF, Mach-O or PE magic), not an ELF "
       "shared library for x86-64"},
      {"x86-64 executable", fixtureBytes(PIXIE_EXEC_ELF),
       "an ELF executable (ET_EXEC) for x86-64 (e_machine 62), not a shared library (ET_DYN)"},
      {"32-bit ELF library", fixtureBytes(PIXIE_I386_SO),
       "a 32-bit ELF shared library (ET_DYN) for i386 (e_machine 3), not a 64-bit one"},
      {"truncated ELF header", prefix(PIXIE_X86_64_SO, 40),
       "a truncated ELF (40 bytes; its header needs 64), not an ELF shared library for x86-64"},
  };
}

} // namespace

TEST_CASE("a linux-64 variant that is not an x86-64 shared library is refused by its headers", "[image]") {
  for (LoadRoute route : {LoadRoute::Auto, LoadRoute::Memfd, LoadRoute::CacheFile}) {
    for (const Case &c : cases()) {
      INFO(c.name << ", route " << int(route));
      TempDir tmp;
      LoadOptions o = isolatedOptions(tmp.path() + "/cache");
      o.route = route;
      const size_t fds = openFdCount();
      auto m = Module::openMemory(oneVariantFile("impostor", c.image), o);
      REQUIRE(!m);
      CHECK(m.error().code() == Errc::load_failed);
      CHECK(m.error().message() == "loading linux-64/x86-64 of 'impostor': the variant is " + c.what);
      // Refused outright: no fallback to the cache file, nothing created
      // there, no memfd left open or mapped.
      CHECK_FALSE(fs::exists(tmp.path() + "/cache"));
      CHECK(openFdCount() == fds);
      CHECK(countLines(selfMaps(), "/memfd:pixie:impostor") == 0);
    }
  }
}

TEST_CASE("the real x86-64 library in the same wrapper loads, so the refusals are the headers' doing", "[image]") {
  TempDir tmp;
  for (LoadRoute route : {LoadRoute::Memfd, LoadRoute::CacheFile}) {
    LoadOptions o = isolatedOptions(tmp.path() + "/cache");
    o.route = route;
    auto m = Module::openMemory(oneVariantFile("impostor", fixtureBytes(PIXIE_X86_64_SO)), o);
    INFO((m ? "" : m.error().message()));
    REQUIRE(m);
    auto tier = (*m)->lookup("tier");
    REQUIRE(tier);
    CHECK(reinterpret_cast<int32_t (*)()>(*tier)() == 1);
  }
}

TEST_CASE("each platform's rule accepts its own kind of library and names what it got otherwise", "[image]") {
  const auto x86 = fixtureBytes(PIXIE_X86_64_SO), a64 = fixtureBytes(PIXIE_AARCH64_SO),
             macho = fixtureBytes(PIXIE_MACHO_DYLIB), pe = fixtureBytes(PIXIE_PE_DLL);
  CHECK_FALSE(checkImage(x86, "linux-64"));
  CHECK_FALSE(checkImage(a64, "linux-aarch64"));
  CHECK_FALSE(checkImage(macho, "osx-arm64"));
  CHECK_FALSE(checkImage(pe, "win-64"));

  CHECK(checkImage(x86, "linux-aarch64").message() ==
        "the variant is an ELF shared library (ET_DYN) for x86-64 (e_machine 62), not for aarch64 (e_machine 183)");
  CHECK(checkImage(x86, "osx-arm64").message() ==
        "the variant is an ELF shared library (ET_DYN) for x86-64 (e_machine 62), not a Mach-O dylib for arm64");
  CHECK(checkImage(a64, "win-64").message() ==
        "the variant is an ELF shared library (ET_DYN) for aarch64 (e_machine 183), not a PE DLL for x86-64");
  CHECK(checkImage(pe, "osx-arm64").message() ==
        "the variant is a PE DLL for x86-64 (machine 0x8664), not a Mach-O dylib for arm64");
  CHECK(checkImage(macho, "win-64").message() ==
        "the variant is a Mach-O dylib (MH_DYLIB) for arm64 (cputype 0x0100000c), not a PE DLL for x86-64");

  // Header fields edited one at a time: each is what decides.
  std::vector<uint8_t> be = x86;
  be[5] = 2; // EI_DATA: big-endian, so e_type and e_machine read swapped
  CHECK(checkImage(be, "linux-64").message() ==
        "the variant is a big-endian ELF file of e_type 768 for an unknown machine (e_machine 15872), not a "
        "little-endian one");
  std::vector<uint8_t> thin_exe = macho;
  thin_exe[12] = 2; // filetype MH_EXECUTE
  CHECK(checkImage(thin_exe, "osx-arm64").message() ==
        "the variant is a Mach-O executable (MH_EXECUTE) for arm64 (cputype 0x0100000c), not a dylib (MH_DYLIB) or "
        "bundle (MH_BUNDLE)");
  std::vector<uint8_t> fat(64, 0);
  fat[0] = 0xca, fat[1] = 0xfe, fat[2] = 0xba, fat[3] = 0xbe;
  CHECK(checkImage(fat, "osx-arm64").message() ==
        "the variant is a universal (fat) Mach-O, not a Mach-O dylib for arm64");
  const size_t pe_header = size_t(pe[0x3c]) | size_t(pe[0x3d]) << 8;
  std::vector<uint8_t> exe = pe;
  exe[pe_header + 23] &= ~0x20; // clear IMAGE_FILE_DLL (0x2000) in the characteristics
  CHECK(checkImage(exe, "win-64").message().starts_with("the variant is a PE executable (characteristics 0x"));
  CHECK(checkImage(exe, "win-64").message().ends_with(", no IMAGE_FILE_DLL) for x86-64 (machine 0x8664), not a "
                                                      "DLL (IMAGE_FILE_DLL)"));
  std::vector<uint8_t> dos = pe;
  dos[pe_header] = 'X'; // no "PE\0\0" where e_lfanew points
  CHECK(checkImage(dos, "win-64").message() ==
        "the variant is an MS-DOS executable without a PE header, not a PE DLL for x86-64");
  std::vector<uint8_t> far = pe;
  far[0x3c] = far[0x3d] = far[0x3e] = far[0x3f] = 0xff; // e_lfanew far beyond the image
  CHECK(checkImage(far, "win-64").message() ==
        "the variant is an MS-DOS executable without a PE header, not a PE DLL for x86-64");

  CHECK(checkImage(x86, "beos-68k").message() == "the loader knows no binary format for platform 'beos-68k'");
}

TEST_CASE("JIT output whose variant is not a library for this host is rejected, not cached", "[image]") {
  TempDir tmp;
  setenv("PIXIE_FAKE_JIT_IMAGE", PIXIE_AARCH64_SO, 1);
  setenv("PIXIE_FAKE_JIT_LOG", (tmp.path() + "/compiles.log").c_str(), 1);
  LoadOptions o = isolatedOptions(tmp.path() + "/cache");
  o.jit = JitPolicy::Always;
  o.jit_library = PIXIE_FAKE_JIT;
  auto m = Module::openFile(PIXIE_FIXTURE, o);
  unsetenv("PIXIE_FAKE_JIT_IMAGE");
  unsetenv("PIXIE_FAKE_JIT_LOG");
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::load_failed);
  CHECK(m.error().message() == std::string(PIXIE_FIXTURE) + ": JIT output rejected: loading linux-64/jit-" +
                                   std::string(hostProfile().cpuName()) +
                                   ": the variant is an ELF shared library (ET_DYN) for aarch64 (e_machine 183), "
                                   "not for x86-64 (e_machine 62)");
  const std::string jit_dir = tmp.path() + "/cache/jit";
  CHECK((!fs::exists(jit_dir) || fs::is_empty(jit_dir)));
}
