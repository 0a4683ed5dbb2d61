// The x86 decoder on cpuid values recorded from real machines, and on the
// same values with the OS-enabled state (XCR0) taken away.
#include <cstring>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "x86.h"

using namespace pixie;

namespace {

std::set<std::string> names(uint64_t mask) {
  std::set<std::string> out;
  auto table = featureNames(Arch::X86_64);
  for (size_t i = 0; i < table.size(); ++i)
    if ((mask >> i) & 1)
      out.insert(std::string(table[i]));
  return out;
}

std::set<std::string> words(const char *text) {
  std::set<std::string> out;
  std::string s = text;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(' ', pos);
    if (end == std::string::npos) end = s.size();
    if (end > pos) out.insert(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

void vendor(x86::Cpuid &c, const char *v) { std::memcpy(c.vendor, v, 12); }

// AMD Ryzen 9 5900X (Zen 3, family 0x19 model 0x21), Linux 6.x.
x86::Cpuid zen3() {
  x86::Cpuid c;
  vendor(c, "AuthenticAMD");
  c.max_leaf = 0x10;
  c.max_ext_leaf = 0x80000023;
  c.leaf1_eax = 0x00a20f10;
  c.leaf1_ecx = 0x7ed8320b;
  c.leaf1_edx = 0x178bfbff;
  c.leaf7_eax = 0;
  c.leaf7_ebx = 0x219c97a9;
  c.leaf7_ecx = 0x0040068c;
  c.leaf7_edx = 0x00000010;
  c.ext1_ecx = 0x75c237ff;
  c.xcr0 = 0x207;
  return c;
}

// This project's CI machine kind: a virtualised Intel Xeon (Sapphire Rapids
// class features; the hypervisor reports model 0xa7).
x86::Cpuid xeonVm() {
  x86::Cpuid c;
  vendor(c, "GenuineIntel");
  c.max_leaf = 0x24;
  c.max_ext_leaf = 0x80000008;
  c.leaf1_eax = 0x000a0671;
  c.leaf1_ecx = 0xfffa3203;
  c.leaf1_edx = 0x1f8bfbff;
  c.leaf7_eax = 0x2;
  c.leaf7_ebx = 0xf1bf2ffb;
  c.leaf7_ecx = 0x1a415f46;
  c.leaf7_edx = 0x23c14010;
  c.leaf7_1_eax = 0x00001c30;
  c.ext1_ecx = 0x00000121;
  c.xcr0 = 0x600e7;
  return c;
}

// Intel Core 2 Duo (Merom, family 6 model 0x0f): SSSE3, no SSE4.
x86::Cpuid core2() {
  x86::Cpuid c;
  vendor(c, "GenuineIntel");
  c.max_leaf = 0xa;
  c.max_ext_leaf = 0x80000008;
  c.leaf1_eax = 0x000006f6;
  c.leaf1_ecx = 0x0000e3bd;
  c.leaf1_edx = 0xbfebfbff;
  c.ext1_ecx = 0x00000001;
  return c;
}

const char *kZen3 = "sse2 sse3 ssse3 sse4.1 sse4.2 popcnt cx16 sahf movbe xsave avx avx2 bmi bmi2 f16c fma "
                    "lzcnt vaes vpclmulqdq pclmul aes sha adx";

} // namespace

TEST_CASE("Zen 3: AVX2 and no AVX-512", "[x86]") {
  x86::Cpuid c = zen3();
  CHECK(names(x86::decodeFeatures(c)) == words(kZen3));
  HostProfile p;
  x86::fillProfile(c, p);
  CHECK(p.cpuName() == "znver3");
  CHECK(std::string(p.describe()).find("AuthenticAMD family 25 model 33") == 0);
}

TEST_CASE("Xeon with AVX-512 enabled by the OS", "[x86]") {
  x86::Cpuid c = xeonVm();
  auto f = names(x86::decodeFeatures(c));
  CHECK(f == words("sse2 sse3 ssse3 sse4.1 sse4.2 popcnt cx16 sahf movbe xsave avx avx2 bmi bmi2 f16c fma "
                   "lzcnt avx512f avx512bw avx512cd avx512dq avx512vl avx512vnni avx512bf16 avx512fp16 "
                   "avx512vbmi avx512vbmi2 avx512bitalg avx512vpopcntdq avx512ifma avxvnni gfni vaes "
                   "vpclmulqdq pclmul aes sha adx"));
  char name[48];
  x86::cpuName(c, x86::decodeFeatures(c), name);
  CHECK(std::string(name) == "rocketlake"); // what LLVM says for model 0xa7, too
}

TEST_CASE("AVX-512 present in cpuid but not enabled in XCR0", "[x86]") {
  x86::Cpuid c = xeonVm();
  c.xcr0 = 0x7; // x87 | SSE | AVX: opmask and ZMM state off
  auto f = names(x86::decodeFeatures(c));
  CHECK(f.count("avx2"));
  CHECK(f.count("fma"));
  CHECK(f.count("avxvnni"));
  for (const std::string &n : f)
    CHECK(n.rfind("avx512", 0) == std::string::npos);
}

TEST_CASE("AVX present in cpuid but the OS does not save YMM", "[x86]") {
  x86::Cpuid c = zen3();
  c.xcr0 = 0x3; // x87 | SSE only
  auto f = names(x86::decodeFeatures(c));
  CHECK(f == words("sse2 sse3 ssse3 sse4.1 sse4.2 popcnt cx16 sahf movbe bmi bmi2 lzcnt pclmul aes sha adx"));

  c = zen3();
  c.leaf1_ecx &= ~(1u << 27); // OSXSAVE clear: XCR0 is not even readable
  CHECK(names(x86::decodeFeatures(c)) == f);
}

TEST_CASE("Core 2: SSSE3 and nothing newer", "[x86]") {
  x86::Cpuid c = core2();
  CHECK(names(x86::decodeFeatures(c)) == words("sse2 sse3 ssse3 cx16 sahf"));
  HostProfile p;
  x86::fillProfile(c, p);
  CHECK(p.cpuName() == "core2");
}

TEST_CASE("leaves beyond the maximum are not read", "[x86]") {
  x86::Cpuid c = zen3();
  c.max_leaf = 6; // leaf 7 values must then be ignored
  auto f = names(x86::decodeFeatures(c));
  CHECK(!f.count("avx2"));
  CHECK(!f.count("bmi"));
  c = xeonVm();
  c.leaf7_eax = 0; // sub-leaf 1 not valid
  f = names(x86::decodeFeatures(c));
  CHECK(!f.count("avxvnni"));
  CHECK(!f.count("avx512bf16"));
  CHECK(f.count("avx512f"));
}

TEST_CASE("CPU names", "[x86]") {
  auto nameOf = [](const char *v, uint32_t eax, uint64_t features = 0) {
    x86::Cpuid c;
    vendor(c, v);
    c.leaf1_eax = eax;
    char out[48];
    x86::cpuName(c, features, out);
    return std::string(out);
  };
  CHECK(nameOf("AuthenticAMD", 0x00a60f12) == "znver4"); // Zen 4, model 0x61
  CHECK(nameOf("AuthenticAMD", 0x00a10f11) == "znver4"); // Genoa, model 0x11
  CHECK(nameOf("AuthenticAMD", 0x00830f10) == "znver2"); // Rome, family 0x17 model 0x31
  CHECK(nameOf("AuthenticAMD", 0x00800f12) == "znver1");
  CHECK(nameOf("GenuineIntel", 0x000806f8) == "sapphirerapids");
  CHECK(nameOf("GenuineIntel", 0x000306c3) == "haswell");
  CHECK(nameOf("GenuineIntel", 0x00050654) == "skylake-avx512");
  uint64_t vnni = uint64_t(1) << featureIndex(Arch::X86_64, "avx512vnni");
  CHECK(nameOf("GenuineIntel", 0x00050657, vnni) == "cascadelake");
  CHECK(nameOf("GenuineIntel", 0x00000f00) == "intel-15-0"); // a family we have no table for
  CHECK(nameOf("CentaurHauls", 0x000006f2) == "CentaurHauls-6-15");
}
