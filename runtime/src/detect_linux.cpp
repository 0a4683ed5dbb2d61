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

// Absent under qemu-user and in some containers; the name then stays generic.
bool readMidr(uint64_t &midr) {
  FILE *f = std::fopen("/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", "r");
  if (!f)
    return false;
  unsigned long long value = 0;
  bool ok = std::fscanf(f, "%llx", &value) == 1;
  std::fclose(f);
  midr = value;
  return ok;
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
  p.features = aarch64::decodeLinuxHwcaps(getauxval(AT_HWCAP), getauxval(AT_HWCAP2));
  uint64_t midr = 0;
  const char *name = readMidr(midr) ? aarch64::cpuNameFromMidr(midr) : nullptr;
  copyTruncated(p.cpu, name ? name : "generic");
  char text[sizeof(p.description)];
  if (name || midr)
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
