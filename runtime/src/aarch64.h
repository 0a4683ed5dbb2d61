// AArch64 detection, split like x86.h: the decoders are pure functions of the
// values the OS reports, so every platform's mapping is tested on any host.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "pixie/host.h"

namespace pixie::aarch64 {

// Linux: the AT_HWCAP / AT_HWCAP2 words from getauxval (asm/hwcap.h bits).
uint64_t decodeLinuxHwcaps(uint64_t hwcap, uint64_t hwcap2);

// LLVM's CPU name for a MIDR_EL1 value (implementer + part number), or
// nullptr when we do not know the part.
const char *cpuNameFromMidr(uint64_t midr);

// macOS: the sysctl that says each feature is present (value 1).
struct SysctlFeature {
  const char *sysctl;
  std::string_view feature;
};
std::span<const SysctlFeature> darwinSysctls();

// LLVM-style name for a macOS brand string such as "Apple M2 Pro".
const char *cpuNameFromAppleBrand(std::string_view brand);

} // namespace pixie::aarch64
