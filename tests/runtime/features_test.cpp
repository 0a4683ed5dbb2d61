#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "pixie/host.h"

using namespace pixie;

TEST_CASE("feature tables are unique and indexable", "[features]") {
  for (Arch arch : {Arch::X86_64, Arch::AArch64}) {
    std::set<std::string_view> seen;
    auto names = featureNames(arch);
    REQUIRE(!names.empty());
    REQUIRE(names.size() <= 64);
    for (size_t i = 0; i < names.size(); ++i) {
      CHECK(seen.insert(names[i]).second);
      CHECK(featureIndex(arch, names[i]) == int(i));
    }
  }
  CHECK(featureIndex(Arch::X86_64, "avx10.1") == -1);
  CHECK(featureIndex(Arch::X86_64, "neon") == -1);
  CHECK(featureIndex(Arch::AArch64, "avx2") == -1);
  CHECK(featureNames(Arch::Other).empty());
}

TEST_CASE("the feature vocabulary is the one the compiler uses", "[features]") {
  // The compiler derives `required` from exactly these names; a rename on
  // either side would make every variant look unrunnable.
  const char *x86 = "sse2 sse3 ssse3 sse4.1 sse4.2 popcnt cx16 sahf movbe xsave avx avx2 bmi bmi2 f16c "
                    "fma lzcnt avx512f avx512bw avx512cd avx512dq avx512vl avx512vnni avx512bf16 "
                    "avx512fp16 avx512vbmi avx512vbmi2 avx512bitalg avx512vpopcntdq avx512ifma avxvnni "
                    "gfni vaes vpclmulqdq pclmul aes sha adx";
  const char *arm = "neon fp-armv8 fullfp16 fp16fml dotprod rdm lse crc rcpc aes sha2 sha3 i8mm bf16 sve "
                    "sve2 sve2-bitperm sme";
  auto split = [](std::string s) {
    std::set<std::string> out;
    size_t pos = 0;
    while (pos < s.size()) {
      size_t end = s.find(' ', pos);
      if (end == std::string::npos) end = s.size();
      out.insert(s.substr(pos, end - pos));
      pos = end + 1;
    }
    return out;
  };
  auto table = [](Arch a) {
    std::set<std::string> out;
    for (auto n : featureNames(a)) out.insert(std::string(n));
    return out;
  };
  CHECK(table(Arch::X86_64) == split(x86));
  CHECK(table(Arch::AArch64) == split(arm));
}

TEST_CASE("platform names", "[features]") {
  CHECK(platformName(Os::Linux, Arch::X86_64) == "linux-64");
  CHECK(platformName(Os::Linux, Arch::AArch64) == "linux-aarch64");
  CHECK(platformName(Os::MacOS, Arch::AArch64) == "osx-arm64");
  CHECK(platformName(Os::Windows, Arch::X86_64) == "win-64");
  CHECK(platformName(Os::MacOS, Arch::X86_64) == "");
  CHECK(platformName(Os::Other, Arch::X86_64) == "");
  CHECK(osName(Os::Windows) == "windows");
  CHECK(archName(Arch::AArch64) == "aarch64");
}

TEST_CASE("synthetic profiles refuse unknown feature names", "[features]") {
  HostProfile p;
  REQUIRE(makeHostProfile(Os::Linux, Arch::X86_64, "znver3", {"sse2", "avx2"}, p));
  CHECK(p.platform() == "linux-64");
  CHECK(p.cpuName() == "znver3");
  CHECK(p.has("avx2"));
  CHECK(!p.has("avx512f"));
  CHECK(!p.has("not-a-feature"));
  CHECK_FALSE(makeHostProfile(Os::Linux, Arch::X86_64, "x", {"avx2", "sve"}, p));
  CHECK_FALSE(makeHostProfile(Os::Linux, Arch::AArch64, "x", {"avx2"}, p));
}

TEST_CASE("long CPU names are truncated, not overflowed", "[features]") {
  HostProfile p;
  std::string longName(200, 'x');
  REQUIRE(makeHostProfile(Os::Linux, Arch::X86_64, longName, {}, p));
  CHECK(p.cpuName().size() == sizeof(p.cpu) - 1);
}
