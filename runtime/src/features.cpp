// The feature tables and the platform names: the vocabulary shared by the
// detector, the loader's selection and the compiler's `required` lists.
#include "pixie/host.h"

namespace pixie {

namespace {

// Bit order is part of no file format, but tests and the decoders index by
// name, so keep the lists append-only to make diffs obvious.
constexpr std::string_view kX86Features[] = {
    "sse2",      "sse3",       "ssse3",       "sse4.1",       "sse4.2",         "popcnt",
    "cx16",      "sahf",       "movbe",       "xsave",        "avx",            "avx2",
    "bmi",       "bmi2",       "f16c",        "fma",          "lzcnt",          "avx512f",
    "avx512bw",  "avx512cd",   "avx512dq",    "avx512vl",     "avx512vnni",     "avx512bf16",
    "avx512fp16", "avx512vbmi", "avx512vbmi2", "avx512bitalg", "avx512vpopcntdq", "avx512ifma",
    "avxvnni",   "gfni",       "vaes",        "vpclmulqdq",   "pclmul",         "aes",
    "sha",       "adx",
};

constexpr std::string_view kAArch64Features[] = {
    "neon", "fp-armv8", "fullfp16", "fp16fml", "dotprod", "rdm",  "lse",  "crc",          "rcpc",
    "aes",  "sha2",     "sha3",     "i8mm",    "bf16",    "sve",  "sve2", "sve2-bitperm",
    // SME tells Apple M4 from M2/M3, whose other user-visible features agree.
    "sme",
};

static_assert(std::size(kX86Features) <= 64 && std::size(kAArch64Features) <= 64,
              "HostProfile::features is a 64-bit mask");

} // namespace

std::span<const std::string_view> featureNames(Arch arch) {
  switch (arch) {
  case Arch::X86_64: return kX86Features;
  case Arch::AArch64: return kAArch64Features;
  case Arch::Other: break;
  }
  return {};
}

int featureIndex(Arch arch, std::string_view name) {
  std::span<const std::string_view> names = featureNames(arch);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name)
      return int(i);
  return -1;
}

std::string_view osName(Os os) {
  switch (os) {
  case Os::Linux: return "linux";
  case Os::MacOS: return "macos";
  case Os::Windows: return "windows";
  case Os::Other: break;
  }
  return "other";
}

std::string_view archName(Arch arch) {
  switch (arch) {
  case Arch::X86_64: return "x86_64";
  case Arch::AArch64: return "aarch64";
  case Arch::Other: break;
  }
  return "other";
}

std::string_view platformName(Os os, Arch arch) {
  if (os == Os::Linux && arch == Arch::X86_64) return "linux-64";
  if (os == Os::Linux && arch == Arch::AArch64) return "linux-aarch64";
  if (os == Os::MacOS && arch == Arch::AArch64) return "osx-arm64";
  if (os == Os::Windows && arch == Arch::X86_64) return "win-64";
  return "";
}

bool HostProfile::has(std::string_view feature) const { return has(featureIndex(arch, feature)); }

bool addHostFeature(HostProfile &profile, std::string_view feature) {
  int bit = featureIndex(profile.arch, feature);
  if (bit < 0)
    return false;
  profile.features |= uint64_t(1) << bit;
  return true;
}

bool makeHostProfile(Os os, Arch arch, std::string_view cpu,
                     std::initializer_list<std::string_view> features, HostProfile &out) {
  out = HostProfile();
  out.os = os;
  out.arch = arch;
  copyTruncated(out.cpu, cpu);
  copyTruncated(out.description, "synthetic profile");
  for (std::string_view f : features)
    if (!addHostFeature(out, f))
      return false;
  return true;
}

} // namespace pixie
