// x86-64 detection, split so the decoding is a pure function of register
// values: tests feed it the cpuid of machines we do not have (AVX without
// OS support, AVX-512 parts), and the code that executes cpuid stays tiny.
#pragma once

#include <cstdint>

#include "pixie/host.h"

namespace pixie::x86 {

// The raw registers the decoder reads. Leaves beyond max_leaf /
// max_ext_leaf must be left zero by the reader.
struct Cpuid {
  char vendor[13] = {};       // "GenuineIntel", "AuthenticAMD", ...
  char brand[49] = {};        // leaves 0x80000002..4, may be empty
  uint32_t max_leaf = 0;
  uint32_t max_ext_leaf = 0;
  uint32_t leaf1_eax = 0, leaf1_ecx = 0, leaf1_edx = 0;
  uint32_t leaf7_eax = 0, leaf7_ebx = 0, leaf7_ecx = 0, leaf7_edx = 0; // sub-leaf 0
  uint32_t leaf7_1_eax = 0;                                            // sub-leaf 1
  uint32_t ext1_ecx = 0;                                               // 0x80000001
  uint64_t xcr0 = 0; // register state the OS saves; 0 when OSXSAVE is clear
};

// Feature mask over featureNames(Arch::X86_64).
uint64_t decodeFeatures(const Cpuid &regs);

// LLVM's name for the CPU model where we know it, else "vendor-family-model".
void cpuName(const Cpuid &regs, uint64_t features, char (&out)[48]);

// Fills the profile's arch, cpu, description and features. `regs` comes
// from readCpuid() on a real host.
void fillProfile(const Cpuid &regs, HostProfile &profile);

// Executes cpuid/xgetbv. Only defined when compiling for x86-64.
Cpuid readCpuid();

} // namespace pixie::x86
