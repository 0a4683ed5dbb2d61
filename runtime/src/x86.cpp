// Decoding x86 cpuid into LLVM feature names and an LLVM CPU name.
//
// A feature counts only when the CPU has it AND the OS saves the registers it
// uses: AVX-class features need OSXSAVE with XCR0 bits 1-2 (SSE, AVX state),
// AVX-512 also needs XCR0 bits 5-7 (opmask, ZMM_Hi256, Hi16_ZMM). A kernel
// that disables AVX-512 state (or a hypervisor that hides it) therefore makes
// the loader pick a lower tier instead of a variant that would fault. The bit
// positions follow the Intel SDM vol. 2A, "CPUID"; the gating follows LLVM's
// sys::getHostCPUFeatures so the names mean the same on both sides.
#include "x86.h"

#include <cstdio>

namespace pixie::x86 {

namespace {

constexpr uint64_t kXcr0Avx = 0x6;     // XMM | YMM state
constexpr uint64_t kXcr0Avx512 = 0xe0; // opmask | ZMM_Hi256 | Hi16_ZMM

bool bit(uint32_t reg, int n) { return (reg >> n) & 1; }

struct FeatureBuilder {
  uint64_t mask = 0;
  void set(std::string_view name, bool on) {
    int i = featureIndex(Arch::X86_64, name);
    if (on && i >= 0)
      mask |= uint64_t(1) << i;
  }
};

unsigned family(const Cpuid &r) {
  unsigned f = (r.leaf1_eax >> 8) & 0xf;
  if (f == 0xf)
    f += (r.leaf1_eax >> 20) & 0xff;
  return f;
}

unsigned model(const Cpuid &r) {
  unsigned m = (r.leaf1_eax >> 4) & 0xf;
  unsigned f = (r.leaf1_eax >> 8) & 0xf;
  if (f == 6 || f == 0xf)
    m |= ((r.leaf1_eax >> 16) & 0xf) << 4;
  return m;
}

struct ModelName {
  unsigned model;
  const char *name;
};

// Intel family 6 models, as LLVM 19's Host.cpp names them. Cores that share a
// model number but differ in features (Skylake-SP/Cascade Lake/Cooper Lake)
// are told apart below.
constexpr ModelName kIntelFamily6[] = {
    {0x0f, "core2"},          {0x16, "core2"},          {0x17, "penryn"},
    {0x1d, "penryn"},         {0x1a, "nehalem"},        {0x1e, "nehalem"},
    {0x1f, "nehalem"},        {0x2e, "nehalem"},        {0x25, "westmere"},
    {0x2c, "westmere"},       {0x2f, "westmere"},       {0x2a, "sandybridge"},
    {0x2d, "sandybridge"},    {0x3a, "ivybridge"},      {0x3e, "ivybridge"},
    {0x3c, "haswell"},        {0x3f, "haswell"},        {0x45, "haswell"},
    {0x46, "haswell"},        {0x3d, "broadwell"},      {0x47, "broadwell"},
    {0x4f, "broadwell"},      {0x56, "broadwell"},      {0x4e, "skylake"},
    {0x5e, "skylake"},        {0x8e, "skylake"},        {0x9e, "skylake"},
    {0xa5, "skylake"},        {0xa6, "skylake"},        {0x66, "cannonlake"},
    {0x7d, "icelake-client"}, {0x7e, "icelake-client"}, {0x6a, "icelake-server"},
    {0x6c, "icelake-server"}, {0x8c, "tigerlake"},      {0x8d, "tigerlake"},
    {0xa7, "rocketlake"},     {0x97, "alderlake"},      {0x9a, "alderlake"},
    {0xb7, "raptorlake"},     {0xba, "raptorlake"},     {0xbf, "raptorlake"},
    {0xaa, "meteorlake"},     {0xac, "meteorlake"},     {0xc5, "arrowlake"},
    {0xb5, "arrowlake"},      {0x8f, "sapphirerapids"}, {0xcf, "emeraldrapids"},
    {0xad, "graniterapids"},  {0xae, "graniterapids-d"}, {0xaf, "sierraforest"},
    {0xb6, "grandridge"},     {0x1c, "bonnell"},        {0x26, "bonnell"},
    {0x37, "silvermont"},     {0x4a, "silvermont"},     {0x4d, "silvermont"},
    {0x5a, "silvermont"},     {0x5d, "silvermont"},     {0x4c, "silvermont"},
    {0x5c, "goldmont"},       {0x5f, "goldmont"},       {0x7a, "goldmont-plus"},
    {0x86, "tremont"},        {0x8a, "tremont"},        {0x96, "tremont"},
    {0x9c, "tremont"},        {0x57, "knl"},            {0x85, "knm"},
};

const char *intelName(unsigned fam, unsigned mod, uint64_t features) {
  if (fam != 6)
    return nullptr;
  if (mod == 0x55) {
    auto has = [&](std::string_view f) { return (features >> featureIndex(Arch::X86_64, f)) & 1; };
    if (has("avx512bf16")) return "cooperlake";
    if (has("avx512vnni")) return "cascadelake";
    return "skylake-avx512";
  }
  for (const ModelName &m : kIntelFamily6)
    if (m.model == mod)
      return m.name;
  return nullptr;
}

const char *amdName(unsigned fam, unsigned mod) {
  switch (fam) {
  case 0x10: return "amdfam10";
  case 0x14: return "btver1";
  case 0x15:
    if (mod >= 0x60 && mod <= 0x7f) return "bdver4";
    if (mod >= 0x30 && mod <= 0x3f) return "bdver3";
    if ((mod >= 0x10 && mod <= 0x1f) || mod == 0x02) return "bdver2";
    return "bdver1";
  case 0x16: return "btver2";
  case 0x17:
    if ((mod >= 0x30 && mod <= 0x3f) || mod == 0x47 || (mod >= 0x60 && mod <= 0x7f) ||
        (mod >= 0x84 && mod <= 0x87) || (mod >= 0x90 && mod <= 0xaf))
      return "znver2";
    return "znver1";
  case 0x19:
    if ((mod >= 0x10 && mod <= 0x1f) || (mod >= 0x60 && mod <= 0x7f) || (mod >= 0xa0 && mod <= 0xaf))
      return "znver4";
    return "znver3";
  case 0x1a: return "znver5";
  }
  return nullptr;
}

} // namespace

uint64_t decodeFeatures(const Cpuid &r) {
  const bool osxsave = bit(r.leaf1_ecx, 27);
  const bool avx_state = osxsave && (r.xcr0 & kXcr0Avx) == kXcr0Avx;
  const bool avx512_state = avx_state && (r.xcr0 & kXcr0Avx512) == kXcr0Avx512;
  const bool has7 = r.max_leaf >= 7;
  const bool has7_1 = has7 && r.leaf7_eax >= 1;
  const uint32_t b7 = has7 ? r.leaf7_ebx : 0, c7 = has7 ? r.leaf7_ecx : 0, d7 = has7 ? r.leaf7_edx : 0;
  const uint32_t a71 = has7_1 ? r.leaf7_1_eax : 0;
  const uint32_t e1 = r.max_ext_leaf >= 0x80000001 ? r.ext1_ecx : 0;

  FeatureBuilder f;
  f.set("sse2", bit(r.leaf1_edx, 26));
  f.set("sse3", bit(r.leaf1_ecx, 0));
  f.set("pclmul", bit(r.leaf1_ecx, 1));
  f.set("ssse3", bit(r.leaf1_ecx, 9));
  f.set("fma", bit(r.leaf1_ecx, 12) && avx_state);
  f.set("cx16", bit(r.leaf1_ecx, 13));
  f.set("sse4.1", bit(r.leaf1_ecx, 19));
  f.set("sse4.2", bit(r.leaf1_ecx, 20));
  f.set("movbe", bit(r.leaf1_ecx, 22));
  f.set("popcnt", bit(r.leaf1_ecx, 23));
  f.set("aes", bit(r.leaf1_ecx, 25));
  f.set("xsave", bit(r.leaf1_ecx, 26) && avx_state);
  f.set("avx", bit(r.leaf1_ecx, 28) && avx_state);
  f.set("f16c", bit(r.leaf1_ecx, 29) && avx_state);

  f.set("sahf", bit(e1, 0));
  f.set("lzcnt", bit(e1, 5));

  f.set("bmi", bit(b7, 3));
  f.set("avx2", bit(b7, 5) && avx_state);
  f.set("bmi2", bit(b7, 8));
  f.set("avx512f", bit(b7, 16) && avx512_state);
  f.set("avx512dq", bit(b7, 17) && avx512_state);
  f.set("adx", bit(b7, 19));
  f.set("avx512ifma", bit(b7, 21) && avx512_state);
  f.set("avx512cd", bit(b7, 28) && avx512_state);
  f.set("sha", bit(b7, 29));
  f.set("avx512bw", bit(b7, 30) && avx512_state);
  f.set("avx512vl", bit(b7, 31) && avx512_state);

  f.set("avx512vbmi", bit(c7, 1) && avx512_state);
  f.set("avx512vbmi2", bit(c7, 6) && avx512_state);
  f.set("gfni", bit(c7, 8));
  f.set("vaes", bit(c7, 9) && avx_state);
  f.set("vpclmulqdq", bit(c7, 10) && avx_state);
  f.set("avx512vnni", bit(c7, 11) && avx512_state);
  f.set("avx512bitalg", bit(c7, 12) && avx512_state);
  f.set("avx512vpopcntdq", bit(c7, 14) && avx512_state);
  f.set("avx512fp16", bit(d7, 23) && avx512_state);

  f.set("avxvnni", bit(a71, 4) && avx_state);
  f.set("avx512bf16", bit(a71, 5) && avx512_state);
  return f.mask;
}

void cpuName(const Cpuid &r, uint64_t features, char (&out)[48]) {
  const unsigned fam = family(r), mod = model(r);
  const std::string_view vendor = r.vendor;
  const char *name = nullptr;
  if (vendor == "GenuineIntel")
    name = intelName(fam, mod, features);
  else if (vendor == "AuthenticAMD")
    name = amdName(fam, mod);
  if (name) {
    copyTruncated(out, name);
    return;
  }
  const char *short_vendor = vendor == "GenuineIntel"   ? "intel"
                             : vendor == "AuthenticAMD" ? "amd"
                             : vendor == "HygonGenuine" ? "hygon"
                             : vendor.empty()           ? "unknown"
                                                        : r.vendor;
  std::snprintf(out, sizeof(out), "%s-%u-%u", short_vendor, fam, mod);
}

void fillProfile(const Cpuid &regs, HostProfile &profile) {
  profile.arch = Arch::X86_64;
  profile.features = decodeFeatures(regs);
  cpuName(regs, profile.features, profile.cpu);
  // The brand string is padded with leading spaces on some Intel parts.
  std::string_view brand = regs.brand;
  while (!brand.empty() && brand.front() == ' ')
    brand.remove_prefix(1);
  char text[sizeof(profile.description)];
  std::snprintf(text, sizeof(text), "%s family %u model %u: %.*s", regs.vendor, family(regs), model(regs),
                int(brand.size()), brand.data());
  copyTruncated(profile.description, text);
}

} // namespace pixie::x86
