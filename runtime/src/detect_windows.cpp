// Windows: cpuid + xgetbv as on Linux, with the OS asked through
// IsProcessorFeaturePresent whether it saves extended register state at all:
// if XSAVE is not enabled for user mode, no AVX-class feature is usable
// whatever XCR0 reads. On Windows on Arm the OS reports features only through
// IsProcessorFeaturePresent.
#include "pixie/host.h"

#include <windows.h>

#if defined(_M_X64) || defined(__x86_64__)
#include "x86.h"
#endif

namespace pixie {

#if defined(_M_ARM64) || defined(__aarch64__)
namespace {

// Constants from winnt.h; spelled out because older SDKs lack some of them.
struct PfFeature {
  DWORD pf;
  std::string_view feature;
};
constexpr PfFeature kArm64[] = {
    {19 /* PF_ARM_VFP_32_REGISTERS_AVAILABLE */, "fp-armv8"},
    {19, "neon"},
    {30 /* PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE */, "aes"},
    {30, "sha2"},
    {31 /* PF_ARM_V8_CRC32_INSTRUCTIONS_AVAILABLE */, "crc"},
    {34 /* PF_ARM_V81_ATOMIC_INSTRUCTIONS_AVAILABLE */, "lse"},
    {43 /* PF_ARM_V82_DP_INSTRUCTIONS_AVAILABLE */, "dotprod"},
    {45 /* PF_ARM_V83_LRCPC_INSTRUCTIONS_AVAILABLE */, "rcpc"},
};

} // namespace
#endif

HostProfile detectHost() {
  HostProfile p;
  p.os = Os::Windows;
#if defined(_M_X64) || defined(__x86_64__)
  x86::Cpuid regs = x86::readCpuid();
  if (!IsProcessorFeaturePresent(17 /* PF_XSAVE_ENABLED */))
    regs.xcr0 = 0;
  x86::fillProfile(regs, p);
#elif defined(_M_ARM64) || defined(__aarch64__)
  p.arch = Arch::AArch64;
  for (const PfFeature &f : kArm64)
    if (IsProcessorFeaturePresent(f.pf))
      addHostFeature(p, f.feature);
  copyTruncated(p.cpu, "generic");
  copyTruncated(p.description, "Windows on Arm (IsProcessorFeaturePresent)");
#endif
  return p;
}

} // namespace pixie
