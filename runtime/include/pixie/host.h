// What machine are we running on: platform, CPU name, CPU features.
//
// The loader picks a variant by comparing each variant's `required` list with
// the host's features, so both sides must spell features the same way: we use
// LLVM's feature names (sse4.2, avx2, avx512f, dotprod, sve, ...), the names
// the compiler derives `required` from. Each architecture has a fixed,
// append-only table of the features we detect (featureNames()); a profile
// stores them as a bit mask over that table, so a HostProfile is a small
// trivially-copyable value with no heap, safe to build before main() and from
// any thread.
//
// Detection never executes an instruction newer than the baseline ISA: on x86
// it is cpuid + xgetbv only, and the register state the OS enables (XCR0)
// gates AVX and AVX-512 exactly as it gates their use.
//
// Tests and tools substitute a synthetic profile by building one with
// makeHostProfile() and passing it where a HostProfile is taken; the real
// detector is never patched.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace pixie {

enum class Os : uint8_t { Other, Linux, MacOS, Windows };
enum class Arch : uint8_t { Other, X86_64, AArch64 };

// The features detected on `arch`, in bit order. Never reorder: append only.
std::span<const std::string_view> featureNames(Arch arch);
// Bit index of `name` in featureNames(arch), or -1 when we do not detect it.
int featureIndex(Arch arch, std::string_view name);

std::string_view osName(Os os);     // linux, macos, windows, other
std::string_view archName(Arch arch); // x86_64, aarch64, other

// The platform names of the metadata: linux-64, linux-aarch64, osx-arm64,
// win-64, or "" for a combination pixie ships no variants for.
std::string_view platformName(Os os, Arch arch);

struct HostProfile {
  Os os = Os::Other;
  Arch arch = Arch::Other;
  // LLVM-style CPU name when the detector knows the model (e.g. znver3,
  // sapphirerapids, neoverse-n1, apple-m1), else "vendor-family-model".
  char cpu[48] = {};
  // Free-form text for humans: the cpuid brand string, MIDR, sysctl brand.
  char description[80] = {};
  uint64_t features = 0; // bit i = featureNames(arch)[i]

  std::string_view platform() const { return platformName(os, arch); }
  std::string_view cpuName() const { return cpu; }
  std::string_view describe() const { return description; }
  bool has(std::string_view feature) const;
  bool has(int bit) const { return bit >= 0 && bit < 64 && ((features >> bit) & 1); }
};

// Detects the host once per process (thread-safe) and returns that profile.
const HostProfile &hostProfile();

// Runs detection now, bypassing the cached profile.
HostProfile detectHost();

// A synthetic profile for tests and "what would this machine pick" tools.
// Returns false (and leaves `out` partly filled) when a feature name is not in
// featureNames(arch), so a typo in a test cannot silently drop a feature.
bool makeHostProfile(Os os, Arch arch, std::string_view cpu,
                     std::initializer_list<std::string_view> features, HostProfile &out);
bool addHostFeature(HostProfile &profile, std::string_view feature);

// Copies `text` into a fixed buffer, truncating and always NUL-terminating.
template <size_t N> void copyTruncated(char (&dst)[N], std::string_view text) {
  size_t n = text.size() < N - 1 ? text.size() : N - 1;
  for (size_t i = 0; i < n; ++i)
    dst[i] = text[i];
  dst[n] = '\0';
}

} // namespace pixie
