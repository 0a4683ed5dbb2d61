#include "image_check.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <variant>

namespace pixie {

namespace {

enum class Format { Elf, MachO, Pe };

struct Name {
  uint32_t value;
  const char *text;
};

// What each platform's OS loader takes. Every one of them is 64-bit and
// little-endian; what counts as loadable (ET_DYN, MH_DYLIB or MH_BUNDLE, the
// PE DLL flag) is a property of the format (kindOk below).
struct Rule {
  std::string_view platform;
  Format format;
  uint32_t machine;
};
constexpr Rule kRules[] = {
    {"linux-64", Format::Elf, 62},            // EM_X86_64
    {"linux-aarch64", Format::Elf, 183},      // EM_AARCH64
    {"osx-arm64", Format::MachO, 0x0100000c}, // CPU_TYPE_ARM64
    {"win-64", Format::Pe, 0x8664},           // IMAGE_FILE_MACHINE_AMD64
};

// Names for messages only: a machine missing here is reported by number.
constexpr Name kElfMachines[] = {{3, "i386"},   {8, "mips"},     {20, "ppc"},      {21, "ppc64"},
                                 {22, "s390"},  {40, "arm"},     {62, "x86-64"},   {183, "aarch64"},
                                 {243, "riscv"}, {258, "loongarch"}};
constexpr Name kMachOCpus[] = {{7, "i386"},          {0x01000007, "x86-64"},   {12, "arm"}, {0x0100000c, "arm64"},
                               {0x0200000c, "arm64_32"}, {18, "ppc"}, {0x01000012, "ppc64"}};
constexpr Name kPeMachines[] = {{0x014c, "i386"}, {0x8664, "x86-64"}, {0x01c4, "arm"}, {0xaa64, "arm64"}};
constexpr Name kElfTypes[] = {{0, "file of no type (ET_NONE)"},
                              {1, "relocatable object (ET_REL)"},
                              {2, "executable (ET_EXEC)"},
                              {3, "shared library (ET_DYN)"},
                              {4, "core dump (ET_CORE)"}};
constexpr Name kMachOTypes[] = {{1, "object (MH_OBJECT)"},   {2, "executable (MH_EXECUTE)"},
                                {6, "dylib (MH_DYLIB)"},     {7, "dynamic linker (MH_DYLINKER)"},
                                {8, "bundle (MH_BUNDLE)"},   {9, "stub (MH_DYLIB_STUB)"},
                                {10, "debug symbols (MH_DSYM)"}};

constexpr uint32_t kPeDll = 0x2000; // IMAGE_FILE_DLL in the COFF characteristics

template <size_t N> const char *lookup(const Name (&names)[N], uint32_t value) {
  for (const Name &n : names)
    if (n.value == value)
      return n.text;
  return nullptr;
}

// What the first bytes say, for an image whose header is all there.
struct Header {
  Format format;
  bool wide;   // ELFCLASS64, MH_MAGIC_64, PE32+
  bool little; // byte order
  uint32_t machine;
  uint32_t kind; // ELF e_type, Mach-O filetype, PE characteristics
};

uint32_t get(std::span<const uint8_t> b, size_t at, int width, bool little) {
  uint32_t v = 0;
  for (int i = 0; i < width; ++i)
    v |= uint32_t(b[at + size_t(little ? i : width - 1 - i)]) << (8 * i);
  return v;
}

std::string hex(uint32_t v, int digits) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%0*x", digits, v);
  return text;
}

std::string withArticle(const std::string &phrase) {
  return (std::strchr("AEIOU", phrase[0]) ? "an " : "a ") + phrase;
}

const char *formatName(Format f) { return f == Format::Elf ? "ELF" : f == Format::MachO ? "Mach-O" : "PE"; }

std::string machineText(Format f, uint32_t machine) {
  const char *name = f == Format::Elf     ? lookup(kElfMachines, machine)
                     : f == Format::MachO ? lookup(kMachOCpus, machine)
                                          : lookup(kPeMachines, machine);
  std::string field = f == Format::Elf     ? "e_machine " + std::to_string(machine)
                      : f == Format::MachO ? "cputype " + hex(machine, 8)
                                           : "machine " + hex(machine, 4);
  return std::string(name ? name : "an unknown machine") + " (" + field + ")";
}

std::string kindText(const Header &h) {
  if (h.format == Format::Elf) {
    const char *name = lookup(kElfTypes, h.kind);
    return name ? name : "file of e_type " + std::to_string(h.kind);
  }
  if (h.format == Format::MachO) {
    const char *name = lookup(kMachOTypes, h.kind);
    return name ? name : "file of filetype " + std::to_string(h.kind);
  }
  return h.kind & kPeDll ? "DLL" : "executable (characteristics " + hex(h.kind, 4) + ", no IMAGE_FILE_DLL)";
}

bool kindOk(const Header &h) {
  switch (h.format) {
  case Format::Elf:
    return h.kind == 3; // ET_DYN
  case Format::MachO:
    return h.kind == 6 || h.kind == 8; // what dlopen takes on macOS
  case Format::Pe:
    return (h.kind & kPeDll) != 0;
  }
  return false;
}

const char *wantedKind(Format f) {
  return f == Format::Elf     ? "shared library (ET_DYN)"
         : f == Format::MachO ? "dylib (MH_DYLIB) or bundle (MH_BUNDLE)"
                              : "DLL (IMAGE_FILE_DLL)";
}

std::string describe(const Header &h) {
  std::string s;
  if (!h.wide)
    s += "32-bit ";
  if (!h.little)
    s += "big-endian ";
  return withArticle(s + formatName(h.format) + " " + kindText(h) + " for " + machineText(h.format, h.machine));
}

// What `rule` needs, as a noun phrase: "an ELF shared library for x86-64".
std::string needs(const Rule &rule) {
  const char *kind = rule.format == Format::Elf ? "shared library" : rule.format == Format::MachO ? "dylib" : "DLL";
  const char *name = rule.format == Format::Elf     ? lookup(kElfMachines, rule.machine)
                     : rule.format == Format::MachO ? lookup(kMachOCpus, rule.machine)
                                                    : lookup(kPeMachines, rule.machine);
  return withArticle(std::string(formatName(rule.format)) + " " + kind + " for " + name);
}

std::string truncated(const char *format, size_t have, size_t need) {
  return std::string("a truncated ") + format + " (" + std::to_string(have) + " bytes; its header needs " +
         std::to_string(need) + ")";
}

// The header, or a noun phrase for what the bytes are when no header of a
// known format can be read from them.
std::variant<Header, std::string> readHeader(std::span<const uint8_t> b) {
  if (b.size() >= 4 && std::memcmp(b.data(), "\x7f" "ELF", 4) == 0) {
    const uint8_t cls = b.size() > 4 ? b[4] : 0, data = b.size() > 5 ? b[5] : 0;
    if (cls != 1 && cls != 2)
      return "an ELF of unknown class " + std::to_string(cls) + " (EI_CLASS)";
    if (data != 1 && data != 2)
      return "an ELF of unknown byte order " + std::to_string(data) + " (EI_DATA)";
    const size_t need = cls == 2 ? 64 : 52;
    if (b.size() < need)
      return truncated("ELF", b.size(), need);
    const bool little = data == 1;
    return Header{Format::Elf, cls == 2, little, get(b, 18, 2, little), get(b, 16, 2, little)};
  }
  const uint32_t magic = b.size() >= 4 ? get(b, 0, 4, true) : 0;
  if (magic == 0xfeedfacf || magic == 0xfeedface || magic == 0xcffaedfe || magic == 0xcefaedfe) {
    const bool wide = magic == 0xfeedfacf || magic == 0xcffaedfe;
    const bool little = magic == 0xfeedfacf || magic == 0xfeedface;
    const size_t need = wide ? 32 : 28;
    if (b.size() < need)
      return truncated("Mach-O", b.size(), need);
    return Header{Format::MachO, wide, little, get(b, 4, 4, little), get(b, 12, 4, little)};
  }
  if (magic == 0xbebafeca || magic == 0xbfbafeca) // FAT_MAGIC, FAT_MAGIC_64 (stored big-endian)
    return std::string("a universal (fat) Mach-O");
  if (b.size() >= 2 && b[0] == 'M' && b[1] == 'Z') {
    if (b.size() < 64)
      return truncated("MS-DOS/PE image", b.size(), 64);
    const uint64_t pe = get(b, 0x3c, 4, true); // e_lfanew
    if (pe + 26 > b.size() || std::memcmp(b.data() + pe, "PE\0\0", 4) != 0)
      return std::string("an MS-DOS executable without a PE header");
    const uint32_t opt = get(b, size_t(pe) + 24, 2, true); // the optional header's magic
    if (opt != 0x10b && opt != 0x20b)
      return "a PE image with an unknown optional-header magic " + hex(opt, 4);
    return Header{Format::Pe, opt == 0x20b, true, get(b, size_t(pe) + 4, 2, true), get(b, size_t(pe) + 22, 2, true)};
  }
  std::string first;
  for (size_t i = 0; i < b.size() && i < 8; ++i) {
    char byte[4];
    std::snprintf(byte, sizeof(byte), "%s%02x", i ? " " : "", b[i]);
    first += byte;
  }
  return "unrecognised data (" + std::to_string(b.size()) + " bytes beginning " + first +
         ": no ELF, Mach-O or PE magic)";
}

} // namespace

Error checkImage(std::span<const uint8_t> image, std::string_view platform) {
  const Rule *rule = nullptr;
  for (const Rule &r : kRules)
    if (r.platform == platform)
      rule = &r;
  if (!rule)
    return Error(Errc::load_failed, "the loader knows no binary format for platform '" + std::string(platform) + "'");
  auto fail = [](const std::string &what) { return Error(Errc::load_failed, "the variant is " + what); };

  std::variant<Header, std::string> read = readHeader(image);
  if (const std::string *what = std::get_if<std::string>(&read))
    return fail(*what + ", not " + needs(*rule));
  const Header &h = std::get<Header>(read);
  if (h.format != rule->format)
    return fail(describe(h) + ", not " + needs(*rule));
  if (!h.wide)
    return fail(describe(h) + ", not a 64-bit one");
  if (!h.little)
    return fail(describe(h) + ", not a little-endian one");
  if (h.machine != rule->machine)
    return fail(describe(h) + ", not for " + machineText(rule->format, rule->machine));
  if (!kindOk(h))
    return fail(describe(h) + ", not a " + wantedKind(h.format));
  return Error::success();
}

} // namespace pixie
