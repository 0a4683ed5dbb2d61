// macOS: Apple silicon reports each architecture feature as a sysctl
// (hw.optional.arm.FEAT_*), and the marketing name in machdep.cpu.brand_string.
// Intel Macs get the same cpuid decoding as everywhere else, but pixie ships no
// osx-x86_64 platform, so selection will report that honestly.
#include "pixie/host.h"

#include <sys/sysctl.h>
#include <sys/types.h>

#if defined(__aarch64__) || defined(__arm64__)
#include "aarch64.h"
#elif defined(__x86_64__)
#include "x86.h"
#endif

namespace pixie {

namespace {

bool sysctlFlag(const char *name) {
  int value = 0;
  size_t size = sizeof(value);
  return sysctlbyname(name, &value, &size, nullptr, 0) == 0 && value == 1;
}

} // namespace

HostProfile detectHost() {
  HostProfile p;
  p.os = Os::MacOS;
  char brand[sizeof(p.description)] = {};
  size_t size = sizeof(brand) - 1;
  if (sysctlbyname("machdep.cpu.brand_string", brand, &size, nullptr, 0) != 0)
    brand[0] = '\0';
  copyTruncated(p.description, brand);
#if defined(__aarch64__) || defined(__arm64__)
  p.arch = Arch::AArch64;
  for (const aarch64::SysctlFeature &f : aarch64::darwinSysctls())
    if (sysctlFlag(f.sysctl))
      addHostFeature(p, f.feature);
  const char *name = aarch64::cpuNameFromAppleBrand(brand);
  copyTruncated(p.cpu, name ? name : "apple-unknown");
#elif defined(__x86_64__)
  x86::fillProfile(x86::readCpuid(), p);
#endif
  return p;
}

} // namespace pixie
