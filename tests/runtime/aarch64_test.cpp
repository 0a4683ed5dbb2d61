// The AArch64 decoders on HWCAP words recorded from real machines.
#include <initializer_list>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "aarch64.h"

using namespace pixie;

namespace {

std::set<std::string> names(uint64_t mask) {
  std::set<std::string> out;
  auto table = featureNames(Arch::AArch64);
  for (size_t i = 0; i < table.size(); ++i)
    if ((mask >> i) & 1)
      out.insert(std::string(table[i]));
  return out;
}

} // namespace

namespace {
// Bit positions from Linux arch/arm64/include/uapi/asm/hwcap.h.
uint64_t bits(std::initializer_list<int> positions) {
  uint64_t w = 0;
  for (int p : positions) w |= uint64_t(1) << p;
  return w;
}
} // namespace

TEST_CASE("Graviton2 (Neoverse N1): dotprod, no SVE", "[aarch64]") {
  // /proc/cpuinfo: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp
  // asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
  uint64_t hwcap = bits({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 20, 28});
  CHECK(names(aarch64::decodeLinuxHwcaps(hwcap, 0)) ==
        std::set<std::string>{"neon", "fp-armv8", "fullfp16", "dotprod", "rdm", "lse", "crc", "rcpc", "aes",
                              "sha2"});
  CHECK(std::string(aarch64::cpuNameFromMidr(0x413fd0c1)) == "neoverse-n1");
}

TEST_CASE("Graviton3 (Neoverse V1): SVE, i8mm, bf16, no SVE2", "[aarch64]") {
  // /proc/cpuinfo: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp
  // asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512
  // sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16
  // i8mm bf16 dgh rng
  uint64_t hwcap = bits({0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                         16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30, 31});
  uint64_t hwcap2 = bits({0, 9, 12, 13, 14, 15, 16});
  CHECK(names(aarch64::decodeLinuxHwcaps(hwcap, hwcap2)) ==
        std::set<std::string>{"neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm", "lse", "crc",
                              "rcpc", "aes", "sha2", "sha3", "i8mm", "bf16", "sve"});
  CHECK(std::string(aarch64::cpuNameFromMidr(0x411fd401)) == "neoverse-v1");
}

TEST_CASE("combined LLVM features need every kernel bit", "[aarch64]") {
  // AES without PMULL is not LLVM's "aes"; FPHP without ASIMDHP is not fullfp16.
  CHECK(names(aarch64::decodeLinuxHwcaps((1 << 0) | (1 << 1) | (1 << 3), 0)) ==
        std::set<std::string>{"neon", "fp-armv8"});
  CHECK(names(aarch64::decodeLinuxHwcaps((1 << 9), 0)).empty());
  CHECK(names(aarch64::decodeLinuxHwcaps(0, (1 << 1) | (1 << 4))) ==
        std::set<std::string>{"sve2", "sve2-bitperm"});
  CHECK(names(aarch64::decodeLinuxHwcaps(0, 1 << 23)) == std::set<std::string>{"sme"});
}

TEST_CASE("MIDR and Apple brand names", "[aarch64]") {
  CHECK(std::string(aarch64::cpuNameFromMidr(0x410fd034)) == "cortex-a53");
  CHECK(std::string(aarch64::cpuNameFromMidr(0x410fd4f0)) == "neoverse-v2");
  CHECK(aarch64::cpuNameFromMidr(0x00000000) == nullptr);
  CHECK(std::string(aarch64::cpuNameFromAppleBrand("Apple M1")) == "apple-m1");
  CHECK(std::string(aarch64::cpuNameFromAppleBrand("Apple M2 Max")) == "apple-m2");
  CHECK(aarch64::cpuNameFromAppleBrand("Apple M") == nullptr);
  CHECK(aarch64::cpuNameFromAppleBrand("Intel(R) Core(TM) i9") == nullptr);
}

TEST_CASE("every macOS sysctl names a known feature", "[aarch64]") {
  for (const auto &s : aarch64::darwinSysctls())
    CHECK(featureIndex(Arch::AArch64, s.feature) >= 0);
}
