// Linux: cpuid on x86-64; getauxval(AT_HWCAP/AT_HWCAP2) on AArch64, which is
// what the kernel promises user space can execute (it already accounts for
// what the kernel enabled, e.g. SVE), plus MIDR_EL1 from sysfs for a name.
#include "pixie/host.h"

#include <cstdio>

#if defined(__x86_64__)
#include "x86.h"
#elif defined(__aarch64__)
#include "aarch64.h"
#include <sys/auxv.h>
#endif

namespace pixie {

#if defined(__aarch64__)
namespace {

// sysfs first; it is absent under qemu-user and in some containers. Then the
// register itself, but only when HWCAP_CPUID says the kernel emulates EL0
// reads of the ID registers (otherwise the read would trap as undefined).
bool readMidr(uint64_t hwcap, uint64_t &midr) {
  if (FILE *f = std::fopen("/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", "r")) {
    unsigned long long value = 0;
    bool ok = std::fscanf(f, "%llx", &value) == 1;
    std::fclose(f);
    midr = value;
    if (ok)
      return true;
  }
  if (!(hwcap & (1ull << 11))) // HWCAP_CPUID
    return false;
  __asm__ volatile("mrs %0, MIDR_EL1" : "=r"(midr));
  return true;
}

} // namespace
#endif

HostProfile detectHost() {
  HostProfile p;
  p.os = Os::Linux;
#if defined(__x86_64__)
  x86::fillProfile(x86::readCpuid(), p);
#elif defined(__aarch64__)
  p.arch = Arch::AArch64;
  const uint64_t hwcap = getauxval(AT_HWCAP);
  p.features = aarch64::decodeLinuxHwcaps(hwcap, getauxval(AT_HWCAP2));
  uint64_t midr = 0;
  const bool have_midr = readMidr(hwcap, midr);
  const char *name = have_midr ? aarch64::cpuNameFromMidr(midr) : nullptr;
  copyTruncated(p.cpu, name ? name : "generic");
  char text[sizeof(p.description)];
  if (have_midr)
    std::snprintf(text, sizeof(text), "MIDR_EL1 0x%llx", (unsigned long long)midr);
  else
    std::snprintf(text, sizeof(text), "MIDR_EL1 unavailable");
  copyTruncated(p.description, text);
#else
  copyTruncated(p.cpu, "generic");
  copyTruncated(p.description, "architecture without a pixie detector");
#endif
  return p;
}

} // namespace pixie
