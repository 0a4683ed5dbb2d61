// AArch64 feature decoding. Linux reports features as HWCAP bits, macOS as
// sysctls; both map onto LLVM's feature names here. Where LLVM's feature is
// wider than one kernel bit, all the bits are required: LLVM's "aes" includes
// PMULL, "sha2" includes SHA1, "sha3" includes SHA512, "fullfp16" means both
// scalar and vector half precision.
#include "aarch64.h"

namespace pixie::aarch64 {

namespace {

// Linux arch/arm64/include/uapi/asm/hwcap.h
constexpr uint64_t HWCAP_FP = 1ull << 0, HWCAP_ASIMD = 1ull << 1, HWCAP_AES = 1ull << 3,
                   HWCAP_PMULL = 1ull << 4, HWCAP_SHA1 = 1ull << 5, HWCAP_SHA2 = 1ull << 6,
                   HWCAP_CRC32 = 1ull << 7, HWCAP_ATOMICS = 1ull << 8, HWCAP_FPHP = 1ull << 9,
                   HWCAP_ASIMDHP = 1ull << 10, HWCAP_ASIMDRDM = 1ull << 12, HWCAP_LRCPC = 1ull << 15,
                   HWCAP_SHA3 = 1ull << 17, HWCAP_ASIMDDP = 1ull << 20, HWCAP_SHA512 = 1ull << 21,
                   HWCAP_SVE = 1ull << 22, HWCAP_ASIMDFHM = 1ull << 23;
constexpr uint64_t HWCAP2_SVE2 = 1ull << 1, HWCAP2_SVEBITPERM = 1ull << 4, HWCAP2_I8MM = 1ull << 13,
                   HWCAP2_BF16 = 1ull << 14, HWCAP2_SME = 1ull << 23;

struct FeatureBuilder {
  uint64_t mask = 0;
  void set(std::string_view name, bool on) {
    int i = featureIndex(Arch::AArch64, name);
    if (on && i >= 0)
      mask |= uint64_t(1) << i;
  }
};

bool all(uint64_t word, uint64_t bits) { return (word & bits) == bits; }

struct Part {
  uint32_t implementer, part;
  const char *name;
};

// MIDR implementer/part pairs, named as LLVM 19 names them.
constexpr Part kParts[] = {
    {0x41, 0xd03, "cortex-a53"},  {0x41, 0xd04, "cortex-a35"},  {0x41, 0xd05, "cortex-a55"},
    {0x41, 0xd07, "cortex-a57"},  {0x41, 0xd08, "cortex-a72"},  {0x41, 0xd09, "cortex-a73"},
    {0x41, 0xd0a, "cortex-a75"},  {0x41, 0xd0b, "cortex-a76"},  {0x41, 0xd0d, "cortex-a77"},
    {0x41, 0xd41, "cortex-a78"},  {0x41, 0xd44, "cortex-x1"},   {0x41, 0xd46, "cortex-a510"},
    {0x41, 0xd47, "cortex-a710"}, {0x41, 0xd48, "cortex-x2"},   {0x41, 0xd4d, "cortex-a715"},
    {0x41, 0xd4e, "cortex-x3"},   {0x41, 0xd0c, "neoverse-n1"}, {0x41, 0xd49, "neoverse-n2"},
    {0x41, 0xd40, "neoverse-v1"}, {0x41, 0xd4f, "neoverse-v2"}, {0x41, 0xd8e, "neoverse-n3"},
    {0x41, 0xd84, "neoverse-v3"}, {0x46, 0x001, "a64fx"},       {0x61, 0x022, "apple-m1"},
    {0x61, 0x023, "apple-m1"},    {0x61, 0x032, "apple-m2"},    {0x61, 0x033, "apple-m2"},
    {0xc0, 0xac3, "ampere1"},     {0xc0, 0xac4, "ampere1a"},    {0x43, 0x0af, "thunderx2t99"},
};

constexpr SysctlFeature kDarwin[] = {
    {"hw.optional.neon", "neon"},
    {"hw.optional.floatingpoint", "fp-armv8"},
    {"hw.optional.arm.FEAT_FP16", "fullfp16"},
    {"hw.optional.arm.FEAT_FHM", "fp16fml"},
    {"hw.optional.arm.FEAT_DotProd", "dotprod"},
    {"hw.optional.arm.FEAT_RDM", "rdm"},
    {"hw.optional.arm.FEAT_LSE", "lse"},
    {"hw.optional.armv8_crc32", "crc"},
    {"hw.optional.arm.FEAT_LRCPC", "rcpc"},
    {"hw.optional.arm.FEAT_AES", "aes"},
    {"hw.optional.arm.FEAT_SHA256", "sha2"},
    {"hw.optional.arm.FEAT_SHA3", "sha3"},
    {"hw.optional.arm.FEAT_I8MM", "i8mm"},
    {"hw.optional.arm.FEAT_BF16", "bf16"},
    {"hw.optional.arm.FEAT_SME", "sme"},
};

} // namespace

uint64_t decodeLinuxHwcaps(uint64_t hwcap, uint64_t hwcap2) {
  FeatureBuilder f;
  f.set("neon", all(hwcap, HWCAP_ASIMD));
  f.set("fp-armv8", all(hwcap, HWCAP_FP));
  f.set("fullfp16", all(hwcap, HWCAP_FPHP | HWCAP_ASIMDHP));
  f.set("fp16fml", all(hwcap, HWCAP_ASIMDFHM));
  f.set("dotprod", all(hwcap, HWCAP_ASIMDDP));
  f.set("rdm", all(hwcap, HWCAP_ASIMDRDM));
  f.set("lse", all(hwcap, HWCAP_ATOMICS));
  f.set("crc", all(hwcap, HWCAP_CRC32));
  f.set("rcpc", all(hwcap, HWCAP_LRCPC));
  f.set("aes", all(hwcap, HWCAP_AES | HWCAP_PMULL));
  f.set("sha2", all(hwcap, HWCAP_SHA1 | HWCAP_SHA2));
  f.set("sha3", all(hwcap, HWCAP_SHA3 | HWCAP_SHA512));
  f.set("i8mm", all(hwcap2, HWCAP2_I8MM));
  f.set("bf16", all(hwcap2, HWCAP2_BF16));
  f.set("sve", all(hwcap, HWCAP_SVE));
  f.set("sve2", all(hwcap2, HWCAP2_SVE2));
  f.set("sve2-bitperm", all(hwcap2, HWCAP2_SVEBITPERM));
  f.set("sme", all(hwcap2, HWCAP2_SME));
  return f.mask;
}

const char *cpuNameFromMidr(uint64_t midr) {
  const uint32_t implementer = uint32_t(midr >> 24) & 0xff;
  const uint32_t part = uint32_t(midr >> 4) & 0xfff;
  for (const Part &p : kParts)
    if (p.implementer == implementer && p.part == part)
      return p.name;
  return nullptr;
}

std::span<const SysctlFeature> darwinSysctls() { return kDarwin; }

const char *cpuNameFromAppleBrand(std::string_view brand) {
  // "Apple M1", "Apple M1 Pro", "Apple M2 Max", ...: the generation decides.
  constexpr std::string_view prefix = "Apple M";
  if (brand.substr(0, prefix.size()) != prefix || brand.size() == prefix.size())
    return nullptr;
  switch (brand[prefix.size()]) {
  case '1': return "apple-m1";
  case '2': return "apple-m2";
  case '3': return "apple-m3";
  case '4': return "apple-m4";
  }
  return nullptr;
}

} // namespace pixie::aarch64
