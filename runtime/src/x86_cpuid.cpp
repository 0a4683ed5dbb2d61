// Executing cpuid and xgetbv. Both exist on every x86-64 CPU; xgetbv is only
// executed when CPUID.1:ECX.OSXSAVE says the OS enabled it (else it faults).
// xgetbv is emitted as raw bytes so this file needs no -mxsave and stays
// baseline x86-64 code.
#include "x86.h"

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#else
#include <cpuid.h>
#endif

#include <cstring>

namespace pixie::x86 {

namespace {

void cpuid(uint32_t leaf, uint32_t sub, uint32_t (&r)[4]) {
#if defined(_MSC_VER) && !defined(__clang__)
  int out[4];
  __cpuidex(out, int(leaf), int(sub));
  for (int i = 0; i < 4; ++i)
    r[i] = uint32_t(out[i]);
#else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#endif
}

uint64_t xgetbv0() {
#if defined(_MSC_VER) && !defined(__clang__)
  return _xgetbv(0);
#else
  uint32_t lo, hi;
  __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t(hi) << 32) | lo;
#endif
}

} // namespace

Cpuid readCpuid() {
  Cpuid c;
  uint32_t r[4];
  cpuid(0, 0, r);
  c.max_leaf = r[0];
  std::memcpy(c.vendor + 0, &r[1], 4); // EBX, EDX, ECX spell the vendor
  std::memcpy(c.vendor + 4, &r[3], 4);
  std::memcpy(c.vendor + 8, &r[2], 4);
  if (c.max_leaf >= 1) {
    cpuid(1, 0, r);
    c.leaf1_eax = r[0];
    c.leaf1_ecx = r[2];
    c.leaf1_edx = r[3];
  }
  if (c.max_leaf >= 7) {
    cpuid(7, 0, r);
    c.leaf7_eax = r[0];
    c.leaf7_ebx = r[1];
    c.leaf7_ecx = r[2];
    c.leaf7_edx = r[3];
    if (c.leaf7_eax >= 1) {
      cpuid(7, 1, r);
      c.leaf7_1_eax = r[0];
    }
  }
  cpuid(0x80000000u, 0, r);
  c.max_ext_leaf = r[0];
  if (c.max_ext_leaf >= 0x80000001u) {
    cpuid(0x80000001u, 0, r);
    c.ext1_ecx = r[2];
  }
  if (c.max_ext_leaf >= 0x80000004u) {
    for (uint32_t i = 0; i < 3; ++i) {
      cpuid(0x80000002u + i, 0, r);
      std::memcpy(c.brand + 16 * i, r, 16);
    }
  }
  if ((c.leaf1_ecx >> 27) & 1)
    c.xcr0 = xgetbv0();
  return c;
}

} // namespace pixie::x86
