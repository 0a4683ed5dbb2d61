// The tier table (mirrored, normatively, in spec/targets.md).
//
// Tiers are ordered baseline first and their rank is their index, so the
// loader's "highest rank whose requirements the host meets" picks the best
// one. Never renumber a tier: ranks are stored in every .pixie file.
//
// x86-64-v4 asks for 512-bit vectors explicitly: LLVM's x86-64-v4 CPU keeps
// the prefer-256-bit tuning, and without the override it emits the same ymm
// code as v3. Likewise neoverse-v2 drops LLVM's tie-break towards NEON: its
// SVE2 registers are 128-bit, so every SVE loop costs the same as a NEON one,
// NEON always won, and the tier required SVE2 without ever using it.
#include "pixie/targets.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "llvm/ADT/StringExtras.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"

namespace pixie {
namespace {

constexpr Tier kX86Tiers[] = {
    {"x86-64", 0, "x86-64", "", 0},
    {"x86-64-v2", 1, "x86-64-v2", "", 0},
    {"x86-64-v3", 2, "x86-64-v3", "", 0},
    {"x86-64-v4", 3, "x86-64-v4", "", 512},
};

constexpr Tier kLinuxArmTiers[] = {
    {"armv8-a", 0, "generic", "+v8a,+neon,+fp-armv8", 0},
    {"armv8.2-a+fp16+dotprod", 1, "generic", "+v8.2a,+neon,+fp-armv8,+fullfp16,+dotprod", 0},
    {"neoverse-v1", 2, "neoverse-v1", "", 0},
    {"neoverse-v2", 3, "neoverse-v2", "-use-fixed-over-scalable-if-equal-cost", 0},
};

// LLVM 19's CPU table names Apple's M-series cores after their A-series twins.
constexpr Tier kAppleTiers[] = {
    {"apple-m1", 0, "apple-a14", "", 0},
    {"apple-m2", 1, "apple-a15", "", 0},
    {"apple-m3", 2, "apple-a16", "", 0},
    {"apple-m4", 3, "apple-m4", "", 0},
};

// Exactly what runtime/ can detect (cpuid + xgetbv; AT_HWCAP/AT_HWCAP2 on
// Linux, sysctlbyname on macOS). A feature outside these lists can never be
// a requirement, since no host could ever be shown to meet it.
constexpr const char *kX86Detectable[] = {
    "sse2",     "sse3",       "ssse3",        "sse4.1",          "sse4.2",     "popcnt",
    "cx16",     "sahf",       "movbe",        "xsave",           "avx",        "avx2",
    "bmi",      "bmi2",       "f16c",         "fma",             "lzcnt",      "avx512f",
    "avx512bw", "avx512cd",   "avx512dq",     "avx512vl",        "avx512vnni", "avx512bf16",
    "avx512fp16", "avx512vbmi", "avx512vbmi2", "avx512bitalg",   "avx512vpopcntdq",
    "avx512ifma", "avxvnni",  "gfni",         "vaes",            "vpclmulqdq", "pclmul",
    "aes",      "sha",        "adx",
};

constexpr const char *kArmDetectable[] = {
    "neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm",  "lse",  "crc",  "rcpc",
    "aes",  "sha2",     "sha3",     "i8mm",    "bf16",    "sve",  "sve2", "sve2-bitperm",
    "sme",
};

constexpr Platform kPlatforms[] = {
    {"linux-64", "x86_64-unknown-linux-gnu", BinaryFormat::Elf, kX86Tiers, kX86Detectable},
    {"linux-aarch64", "aarch64-unknown-linux-gnu", BinaryFormat::Elf, kLinuxArmTiers,
     kArmDetectable},
    {"osx-arm64", "arm64-apple-macosx11.0", BinaryFormat::MachO, kAppleTiers, kArmDetectable},
    {"win-64", "x86_64-pc-windows-msvc", BinaryFormat::Coff, kX86Tiers, kX86Detectable},
};

} // namespace

const char *binaryFormatName(BinaryFormat format) {
  switch (format) {
  case BinaryFormat::Elf:
    return "elf";
  case BinaryFormat::MachO:
    return "macho";
  case BinaryFormat::Coff:
    return "coff";
  }
  return "?";
}

std::span<const Platform> allPlatforms() { return kPlatforms; }

const Platform *findPlatform(std::string_view name) {
  for (const Platform &p : kPlatforms)
    if (name == p.name)
      return &p;
  return nullptr;
}

const Tier *findTier(const Platform &platform, std::string_view name) {
  for (const Tier &t : platform.tiers)
    if (name == t.name)
      return &t;
  return nullptr;
}

llvm::Expected<std::vector<std::string>> requiredFeatures(const Platform &platform,
                                                          const Tier &tier) {
  static std::once_flag once; // registration is not thread-safe
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargetMCs();
  });
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(platform.triple, err);
  if (!target)
    return llvm::createStringError(err);
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(platform.triple, tier.cpu, tier.features));
  if (!sti || !sti->isCPUStringValid(tier.cpu))
    return llvm::createStringError("LLVM does not know CPU '%s' for %s", tier.cpu,
                                   platform.triple);

  // A name LLVM does not know would make checkFeatures() warn and answer
  // false; refuse it instead, so a typo in the list cannot hide a requirement.
  auto known = sti->getAllProcessorFeatures();
  std::vector<std::string> required;
  for (const char *name : platform.detectable) {
    bool isKnown = std::any_of(known.begin(), known.end(), [&](const llvm::SubtargetFeatureKV &kv) {
      return llvm::StringRef(kv.Key) == name;
    });
    if (!isKnown)
      return llvm::createStringError("LLVM does not know feature '%s' for %s", name,
                                     platform.triple);
    if (sti->checkFeatures(std::string("+") + name))
      required.push_back(name);
  }
  std::sort(required.begin(), required.end());
  return required;
}

} // namespace pixie
