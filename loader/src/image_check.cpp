#include "image_check.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

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

// ---------------------------------------------------------------------------
// The structure of a 64-bit little-endian ELF shared library, checked before
// dlopen. glibc's loader trusts what it maps: a segment past the end of the
// file is a SIGBUS on first touch, a dynamic entry pointing outside the image
// is a SIGSEGV while relocating, a zero hash-bucket count a SIGFPE at the
// first lookup, a bloom filter whose size is no power of two an assertion
// that aborts the process. So everything the loader reads on its way to a
// loaded library is checked here first: every program header, every segment
// the loader touches, every dynamic entry, every string-table reference, both
// hash tables and every relocation. The rules are what pixie-build's lld
// links (compiler/link.cpp) and the toolchains' own -shared -nostdlib links
// produce, and nothing more is accepted: no text relocations, no IFUNCs (a
// resolver runs while relocating), no writable and executable segment, no
// executable stack, no PT_INTERP, no symbol versioning, no filters.
namespace elf {

constexpr uint32_t PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_SHLIB = 5,
                   PT_PHDR = 6, PT_TLS = 7, PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551,
                   PT_GNU_RELRO = 0x6474e552, PT_GNU_PROPERTY = 0x6474e553;
constexpr uint32_t PF_X = 1, PF_W = 2, PF_R = 4;
constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxSpan = uint64_t(1) << 40; // what a library may reserve, end to end
constexpr uint64_t kMaxCount = uint64_t(1) << 24; // symbols, buckets, relocations

// Dynamic tags the loader accepts (what lld and GNU ld write for a -shared link
// without version scripts).
enum : uint64_t {
  DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_PLTGOT = 3, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6,
  DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_STRSZ = 10, DT_SYMENT = 11, DT_INIT = 12, DT_FINI = 13,
  DT_SONAME = 14, DT_RPATH = 15, DT_SYMBOLIC = 16, DT_PLTREL = 20, DT_DEBUG = 21, DT_JMPREL = 23,
  DT_BIND_NOW = 24, DT_INIT_ARRAY = 25, DT_FINI_ARRAY = 26, DT_INIT_ARRAYSZ = 27, DT_FINI_ARRAYSZ = 28,
  DT_RUNPATH = 29, DT_FLAGS = 30, DT_RELRSZ = 35, DT_RELR = 36, DT_RELRENT = 37,
  DT_GNU_HASH = 0x6ffffef5, DT_RELACOUNT = 0x6ffffff9, DT_FLAGS_1 = 0x6ffffffb,
};
constexpr uint64_t kTags[] = {DT_NEEDED, DT_PLTRELSZ, DT_PLTGOT, DT_HASH, DT_STRTAB, DT_SYMTAB, DT_RELA,
                              DT_RELASZ, DT_RELAENT, DT_STRSZ, DT_SYMENT, DT_INIT, DT_FINI, DT_SONAME,
                              DT_RPATH, DT_SYMBOLIC, DT_PLTREL, DT_DEBUG, DT_JMPREL, DT_BIND_NOW,
                              DT_INIT_ARRAY, DT_FINI_ARRAY, DT_INIT_ARRAYSZ, DT_FINI_ARRAYSZ, DT_RUNPATH,
                              DT_FLAGS, DT_RELRSZ, DT_RELR, DT_RELRENT, DT_GNU_HASH, DT_RELACOUNT, DT_FLAGS_1};

// Relocation kinds, per machine.
enum class Rel { None, Absolute, GlobDat, JumpSlot, Relative, Tls, Bad };
Rel relKind(uint32_t machine, uint32_t type) {
  if (machine == 62) { // x86-64
    switch (type) {
    case 0: return Rel::None;
    case 1: return Rel::Absolute;   // R_X86_64_64
    case 6: return Rel::GlobDat;
    case 7: return Rel::JumpSlot;
    case 8: return Rel::Relative;
    case 16: case 17: case 18: case 36: return Rel::Tls; // DTPMOD64, DTPOFF64, TPOFF64, TLSDESC
    default: return Rel::Bad;     // COPY, IRELATIVE (a resolver run while relocating), PC-relative...
    }
  }
  switch (type) { // aarch64
  case 0: return Rel::None;
  case 257: return Rel::Absolute; // R_AARCH64_ABS64
  case 1025: return Rel::GlobDat;
  case 1026: return Rel::JumpSlot;
  case 1027: return Rel::Relative;
  case 1028: case 1029: case 1030: case 1031: return Rel::Tls; // DTPMOD64, DTPREL64, TPREL64, TLSDESC
  default: return Rel::Bad;
  }
}

const char *typeName(uint32_t t) {
  switch (t) {
  case PT_LOAD: return "PT_LOAD";
  case PT_DYNAMIC: return "PT_DYNAMIC";
  case PT_NOTE: return "PT_NOTE";
  case PT_PHDR: return "PT_PHDR";
  case PT_TLS: return "PT_TLS";
  case PT_GNU_EH_FRAME: return "PT_GNU_EH_FRAME";
  case PT_GNU_STACK: return "PT_GNU_STACK";
  case PT_GNU_RELRO: return "PT_GNU_RELRO";
  case PT_GNU_PROPERTY: return "PT_GNU_PROPERTY";
  default: return "?";
  }
}

std::string num(uint64_t v) { return std::to_string(v); }
std::string hex64(uint64_t v) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(v));
  return text;
}
bool pow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }
// [at, at + size) within [0, limit), without overflow.
bool within(uint64_t at, uint64_t size, uint64_t limit) { return at <= limit && size <= limit - at; }

struct Phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, filesz, memsz, align;
};

struct Sym {
  uint32_t name;
  uint8_t info;
  uint16_t shndx;
  uint64_t value, size;
};

struct Reloc {
  uint64_t offset;
  uint32_t type, sym;
  int64_t addend;
};

class Checker {
public:
  Checker(std::span<const uint8_t> b, uint32_t machine) : b_(b), machine_(machine) {}

  // Empty when the image passes; otherwise what is wrong with it.
  std::string run() {
    if (header() && programHeaders() && dynamic())
      return {};
    return why_;
  }

private:
  std::span<const uint8_t> b_;
  uint32_t machine_;
  std::string why_;
  std::vector<Phdr> ph_;
  std::vector<Phdr> loads_;
  const Phdr *dyn_ = nullptr, *tls_ = nullptr;
  // From the dynamic section.
  uint64_t strtab_ = 0, strsz_ = 0, symtab_ = 0, nsyms_ = 0;
  std::vector<Reloc> relocs_;

  bool fail(std::string why) {
    why_ = std::move(why);
    return false;
  }
  uint64_t le(uint64_t at, int width) const {
    uint64_t v = 0;
    for (int i = width - 1; i >= 0; --i)
      v = v << 8 | b_[at + size_t(i)];
    return v;
  }
  uint16_t u16(uint64_t at) const { return uint16_t(le(at, 2)); }
  uint32_t u32(uint64_t at) const { return uint32_t(le(at, 4)); }
  uint64_t u64(uint64_t at) const { return le(at, 8); }

  // The PT_LOAD whose memory holds [vaddr, vaddr + size), or null.
  const Phdr *segmentOf(uint64_t vaddr, uint64_t size) const {
    for (const Phdr &p : loads_)
      if (vaddr >= p.vaddr && within(vaddr - p.vaddr, size, p.memsz))
        return &p;
    return nullptr;
  }
  // The file offset of [vaddr, vaddr + size) when it lies in the file-backed
  // part of one PT_LOAD (so that what the loader reads in memory is what is
  // checked here in the file).
  std::optional<uint64_t> fileOffset(uint64_t vaddr, uint64_t size) const {
    for (const Phdr &p : loads_)
      if (vaddr >= p.vaddr && within(vaddr - p.vaddr, size, p.filesz))
        return p.offset + (vaddr - p.vaddr);
    return std::nullopt;
  }
  bool writable(uint64_t vaddr, uint64_t size) const {
    const Phdr *p = segmentOf(vaddr, size);
    return p && (p->flags & PF_W);
  }
  bool executable(uint64_t vaddr) const {
    const Phdr *p = segmentOf(vaddr, 1);
    return p && (p->flags & PF_X);
  }

  bool header() {
    const uint64_t size = b_.size();
    if (b_[6] != 1 || u32(20) != 1)
      return fail("ELF version " + num(b_[6]) + "/" + num(u32(20)) + ", not 1 (EV_CURRENT)");
    if (b_[7] != 0 && b_[7] != 3)
      return fail("OS ABI " + num(b_[7]) + " (EI_OSABI), neither System V (0) nor GNU (3)");
    if (u16(52) != 64)
      return fail("ELF header size " + num(u16(52)) + ", not 64");
    const uint64_t phoff = u64(32), shoff = u64(40);
    const uint16_t phentsize = u16(54), phnum = u16(56), shentsize = u16(58), shnum = u16(60),
                   shstrndx = u16(62);
    if (phentsize != 56)
      return fail("program header size " + num(phentsize) + ", not 56");
    if (phnum == 0 || phnum > 64)
      return fail(num(phnum) + " program headers (a library has 1 to 64)");
    if (phoff % 8 != 0 || !within(phoff, uint64_t(phnum) * 56, size))
      return fail("program headers at byte " + num(phoff) + " (" + num(phnum) + " of 56 bytes) outside the " +
                  num(size) + "-byte image or misaligned");
    // Section headers: the OS loader ignores them, but pixie-inspect and
    // every ELF tool read them.
    if (shoff == 0 && shnum == 0)
      return true;
    if (shnum == 0 || shoff == 0)
      return fail("section header table at byte " + num(shoff) + " with " + num(shnum) + " entries");
    if (shentsize != 64)
      return fail("section header size " + num(shentsize) + ", not 64");
    if (shoff % 8 != 0 || !within(shoff, uint64_t(shnum) * 64, size))
      return fail("section headers at byte " + num(shoff) + " (" + num(shnum) + " of 64 bytes) outside the " +
                  num(size) + "-byte image or misaligned");
    if (shstrndx >= shnum)
      return fail("section name table index " + num(shstrndx) + " of " + num(shnum) + " sections");
    uint64_t names_size = 0;
    for (uint16_t i = 0; i < shnum; ++i) {
      const uint64_t at = shoff + uint64_t(i) * 64;
      const uint32_t type = u32(at + 4);
      const uint64_t off = u64(at + 24), sz = u64(at + 32);
      if (type != 0 && type != 8 /* SHT_NOBITS */ && !within(off, sz, size))
        return fail("section " + num(i) + " at byte " + num(off) + " (" + num(sz) + " bytes) outside the " +
                    num(size) + "-byte image");
      if (i == shstrndx && i != 0) {
        if (type != 3 || sz == 0 || b_[off + sz - 1] != 0)
          return fail("section name table (section " + num(i) + ") that is no NUL-terminated string table");
        names_size = sz;
      }
    }
    if (shstrndx != 0)
      for (uint16_t i = 0; i < shnum; ++i)
        if (u32(shoff + uint64_t(i) * 64) >= names_size)
          return fail("section " + num(i) + "'s name at offset " + num(u32(shoff + uint64_t(i) * 64)) +
                      " of a " + num(names_size) + "-byte name table");
    return true;
  }

  bool programHeaders() {
    const uint64_t size = b_.size(), phoff = u64(32);
    const uint16_t phnum = u16(56);
    bool stack = false;
    int relro = 0, phdr = 0, dyns = 0, tlss = 0;
    for (uint16_t i = 0; i < phnum; ++i) {
      const uint64_t at = phoff + uint64_t(i) * 56;
      ph_.push_back({u32(at), u32(at + 4), u64(at + 8), u64(at + 16), u64(at + 32), u64(at + 40), u64(at + 48)});
    }
    for (size_t i = 0; i < ph_.size(); ++i) {
      const Phdr &p = ph_[i];
      const std::string which = "program header " + num(i) + " (" + typeName(p.type) + ")";
      switch (p.type) {
      case PT_NULL:
        continue;
      case PT_LOAD: case PT_DYNAMIC: case PT_NOTE: case PT_PHDR: case PT_TLS: case PT_GNU_EH_FRAME:
      case PT_GNU_RELRO: case PT_GNU_PROPERTY:
        break;
      case PT_GNU_STACK:
        if (p.flags & PF_X)
          return fail("an executable stack (PT_GNU_STACK with PF_X)");
        stack = true;
        continue;
      case PT_INTERP:
        return fail("a program interpreter (PT_INTERP, program header " + num(i) + ")");
      default:
        return fail("program header " + num(i) + " of type " + hex64(p.type) + ", which no shared library "
                    "pixie-build makes has");
      }
      if (p.filesz > p.memsz)
        return fail(which + " with " + num(p.filesz) + " bytes in the file but " + num(p.memsz) + " in memory");
      if (!within(p.offset, p.filesz, size))
        return fail(which + " at bytes " + num(p.offset) + " + " + num(p.filesz) + ", past the end of the " +
                    num(size) + "-byte image");
      if (p.vaddr >= kMaxSpan || p.memsz >= kMaxSpan - p.vaddr)
        return fail(which + " at address " + hex64(p.vaddr) + " (" + num(p.memsz) + " bytes), out of range");
      if (p.type == PT_LOAD) {
        if (!pow2(p.align) || p.align < kPage)
          return fail(which + " aligned to " + num(p.align) + ", not a power of two of at least a page");
        if (p.offset % p.align != p.vaddr % p.align)
          return fail(which + " at byte " + num(p.offset) + " and address " + hex64(p.vaddr) +
                      ", not congruent modulo its alignment " + num(p.align));
        if ((p.flags & PF_W) && (p.flags & PF_X))
          return fail(which + " both writable and executable");
        // The loader reads its tables (symbols, strings, hashes,
        // relocations) from the segments that hold them.
        if (!(p.flags & PF_R))
          return fail(which + " not readable (no PF_R)");
        if (!loads_.empty()) {
          const Phdr &last = loads_.back();
          const uint64_t end = (last.vaddr + last.memsz + kPage - 1) & ~(kPage - 1);
          if ((p.vaddr & ~(kPage - 1)) < end)
            return fail(which + " at address " + hex64(p.vaddr) + " overlaps or precedes the one before (ending "
                        "at " + hex64(last.vaddr + last.memsz) + ")");
        }
        loads_.push_back(p);
      }
      dyns += p.type == PT_DYNAMIC;
      relro += p.type == PT_GNU_RELRO;
      phdr += p.type == PT_PHDR;
      tlss += p.type == PT_TLS;
    }
    if (loads_.empty())
      return fail("no loadable segment (PT_LOAD)");
    if (!stack)
      return fail("no PT_GNU_STACK (so an executable stack)");
    if (dyns != 1 || relro > 1 || phdr > 1 || tlss > 1)
      return fail(num(dyns) + " PT_DYNAMIC, " + num(relro) + " PT_GNU_RELRO, " + num(phdr) + " PT_PHDR and " +
                  num(tlss) + " PT_TLS program headers (a library has one PT_DYNAMIC and at most one of each other)");
    // Now that every PT_LOAD is known: what the loader reads at an address must
    // be what the file holds at the segment's offset.
    for (size_t i = 0; i < ph_.size(); ++i) {
      const Phdr &p = ph_[i];
      const std::string which = "program header " + num(i) + " (" + typeName(p.type) + ")";
      switch (p.type) {
      case PT_DYNAMIC:
        dyn_ = &p;
        if (p.filesz < 16 || p.filesz % 16 != 0)
          return fail(which + " of " + num(p.filesz) + " bytes, not a whole number of entries");
        [[fallthrough]];
      case PT_PHDR: case PT_NOTE: case PT_GNU_PROPERTY: case PT_GNU_EH_FRAME: case PT_TLS:
        if (p.type == PT_PHDR && (p.offset != phoff || p.filesz != uint64_t(phnum) * 56))
          return fail(which + " that does not describe the program headers");
        if (p.filesz != 0 && fileOffset(p.vaddr, p.filesz) != p.offset)
          return fail(which + " at address " + hex64(p.vaddr) + " (" + num(p.filesz) + " bytes), not where a "
                      "PT_LOAD maps byte " + num(p.offset) + " of the image");
        if (p.type == PT_TLS) {
          tls_ = &p;
          if ((p.align > 1 && !pow2(p.align)) || p.align > 65536 || !segmentOf(p.vaddr, p.memsz ? 1 : 0))
            return fail(which + " aligned to " + num(p.align) + " or outside every PT_LOAD");
        }
        if ((p.type == PT_NOTE || p.type == PT_GNU_PROPERTY) && !notes(p, which))
          return false;
        break;
      case PT_GNU_RELRO:
        if (!writable(p.vaddr, p.memsz))
          return fail(which + " at address " + hex64(p.vaddr) + " (" + num(p.memsz) + " bytes), outside every "
                      "writable PT_LOAD");
        break;
      default:
        break;
      }
    }
    return true;
  }

  bool notes(const Phdr &p, const std::string &which) {
    const uint64_t align = p.align == 8 ? 8 : 4;
    if (p.align > 8 || p.align == 2)
      return fail(which + " aligned to " + num(p.align));
    uint64_t at = 0;
    while (at < p.filesz) {
      if (p.filesz - at < 12)
        return fail(which + " with a truncated note at byte " + num(at));
      const uint64_t name = (u32(p.offset + at) + align - 1) / align * align;
      const uint64_t desc = (u32(p.offset + at + 4) + align - 1) / align * align;
      if (!within(at + 12, name, p.filesz) || !within(at + 12 + name, desc, p.filesz))
        return fail(which + " with a note at byte " + num(at) + " reaching past its end");
      at += 12 + name + desc;
    }
    return true;
  }

  // A string-table reference.
  bool string(uint64_t offset, const std::string &what) {
    if (offset >= strsz_)
      return fail(what + " at offset " + num(offset) + " of a " + num(strsz_) + "-byte string table");
    return true;
  }

  bool dynamic() {
    struct Seen {
      bool present = false;
      uint64_t value = 0;
    };
    auto slot = [](uint64_t tag) -> int {
      for (size_t i = 0; i < std::size(kTags); ++i)
        if (kTags[i] == tag)
          return int(i);
      return -1;
    };
    Seen seen[std::size(kTags)];
    std::vector<uint64_t> strings; // DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH
    const uint64_t count = dyn_->filesz / 16;
    bool ended = false;
    for (uint64_t i = 0; i < count && !ended; ++i) {
      const uint64_t tag = u64(dyn_->offset + i * 16), value = u64(dyn_->offset + i * 16 + 8);
      if (tag == DT_NULL) {
        ended = true;
        break;
      }
      const int s = slot(tag);
      if (s < 0)
        return fail("dynamic entry " + num(i) + " with tag " + hex64(tag) + ", which no shared library "
                    "pixie-build makes has (text relocations, symbol versions, filters and the like are refused)");
      if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
        strings.push_back(value);
        if (tag == DT_NEEDED)
          continue;
      }
      if (seen[s].present)
        return fail("dynamic tag " + hex64(tag) + " given twice");
      seen[s] = {true, value};
    }
    if (!ended)
      return fail("a dynamic section without its terminating DT_NULL");
    auto has = [&](uint64_t tag) { return seen[slot(tag)].present; };
    auto val = [&](uint64_t tag) { return seen[slot(tag)].value; };

    // Strings.
    if (!has(DT_STRTAB) || !has(DT_STRSZ) || !has(DT_SYMTAB))
      return fail("a dynamic section without DT_STRTAB, DT_STRSZ or DT_SYMTAB");
    strtab_ = val(DT_STRTAB);
    strsz_ = val(DT_STRSZ);
    const std::optional<uint64_t> str = fileOffset(strtab_, strsz_);
    if (strsz_ == 0 || strsz_ > kMaxSpan || !str)
      return fail("a string table (DT_STRTAB) at " + hex64(strtab_) + " of " + num(strsz_) +
                  " bytes, not inside the file part of a PT_LOAD");
    if (b_[*str + strsz_ - 1] != 0)
      return fail("a string table (DT_STRTAB) whose last byte is not NUL");
    for (uint64_t s : strings)
      if (!string(s, "a DT_NEEDED, DT_SONAME, DT_RPATH or DT_RUNPATH name"))
        return false;

    // Symbols, counted by the hash tables.
    // glibc reads DT_SYMENT, DT_RELAENT and DT_RELRENT without asking whether
    // they are there: each is required with its table.
    if (!has(DT_SYMENT) || val(DT_SYMENT) != 24)
      return fail("symbol entries (DT_SYMENT) of " + (has(DT_SYMENT) ? num(val(DT_SYMENT)) : "unstated") +
                  " bytes, not 24");
    if (!has(DT_HASH) && !has(DT_GNU_HASH))
      return fail("no symbol hash table (DT_HASH or DT_GNU_HASH)");
    symtab_ = val(DT_SYMTAB);
    std::optional<uint64_t> nchain;
    if (has(DT_HASH) && !(nchain = sysvHash(val(DT_HASH))))
      return false;
    if (has(DT_GNU_HASH) && !gnuHash(val(DT_GNU_HASH), nchain))
      return false;
    if (nchain)
      nsyms_ = *nchain;
    if (symtab_ % 8 != 0 || !fileOffset(symtab_, nsyms_ * 24))
      return fail("a symbol table (DT_SYMTAB) at " + hex64(symtab_) + " of " + num(nsyms_) +
                  " symbols, not inside the file part of a PT_LOAD");
    for (uint64_t i = 0; i < nsyms_; ++i)
      if (!symbol(i))
        return false;

    // Relocations.
    if (has(DT_RELA) || has(DT_RELASZ)) {
      if (!has(DT_RELA) || !has(DT_RELASZ) || !has(DT_RELAENT) || val(DT_RELAENT) != 24)
        return fail("DT_RELA, DT_RELASZ and DT_RELAENT that do not describe a table of 24-byte entries");
      if (!relocations(val(DT_RELA), val(DT_RELASZ), "DT_RELA", false))
        return false;
    }
    const size_t rela = relocs_.size();
    if (has(DT_RELACOUNT)) {
      if (val(DT_RELACOUNT) > rela)
        return fail("DT_RELACOUNT " + num(val(DT_RELACOUNT)) + " for " + num(rela) + " DT_RELA relocations");
      for (uint64_t i = 0; i < val(DT_RELACOUNT); ++i)
        if (relKind(machine_, relocs_[i].type) != Rel::Relative)
          return fail("DT_RELACOUNT " + num(val(DT_RELACOUNT)) + " counting relocation " + num(i) +
                      ", which is not relative");
    }
    if (has(DT_JMPREL) || has(DT_PLTRELSZ) || has(DT_PLTREL)) {
      if (!has(DT_JMPREL) || !has(DT_PLTRELSZ) || val(DT_PLTREL) != DT_RELA)
        return fail("DT_JMPREL, DT_PLTRELSZ and DT_PLTREL that do not describe a table of RELA relocations");
      if (!relocations(val(DT_JMPREL), val(DT_PLTRELSZ), "DT_JMPREL", true))
        return false;
    }
    if (has(DT_RELR) || has(DT_RELRSZ) || has(DT_RELRENT)) {
      if (!has(DT_RELR) || !has(DT_RELRSZ) || !has(DT_RELRENT) || val(DT_RELRENT) != 8)
        return fail("DT_RELR, DT_RELRSZ and DT_RELRENT that do not describe a table of 8-byte entries");
      if (!relr(val(DT_RELR), val(DT_RELRSZ)))
        return false;
    }
    // The lazy-binding set-up writes the GOT's reserved entries.
    if (has(DT_PLTGOT) && !writable(val(DT_PLTGOT), 24))
      return fail("a GOT (DT_PLTGOT) at " + hex64(val(DT_PLTGOT)) + " outside every writable PT_LOAD");

    // What runs at load and unload.
    for (uint64_t tag : {DT_INIT, DT_FINI})
      if (has(tag) && !executable(val(tag)))
        return fail(std::string(tag == DT_INIT ? "DT_INIT" : "DT_FINI") + " at " + hex64(val(tag)) +
                    ", outside every executable PT_LOAD");
    for (auto [array, size, name] : {std::tuple{DT_INIT_ARRAY, DT_INIT_ARRAYSZ, "DT_INIT_ARRAY"},
                                     std::tuple{DT_FINI_ARRAY, DT_FINI_ARRAYSZ, "DT_FINI_ARRAY"}}) {
      if (!has(array) && !has(size))
        continue;
      if (!has(array) || !has(size) || val(size) % 8 != 0 || !writable(val(array), val(size)))
        return fail(std::string(name) + " at " + hex64(val(array)) + " of " + num(val(size)) +
                    " bytes, not whole entries inside a writable PT_LOAD");
      for (uint64_t at = val(array); at < val(array) + val(size); at += 8)
        if (!initEntry(at, name))
          return false;
    }
    return true;
  }

  // DT_HASH: nbucket, nchain, buckets, chains; every index below nchain and
  // every symbol on one chain, once. Returns nchain, the symbol count.
  std::optional<uint64_t> sysvHash(uint64_t at) {
    const std::optional<uint64_t> head = fileOffset(at, 8);
    if (at % 4 != 0 || !head) {
      fail("a hash table (DT_HASH) at " + hex64(at) + " outside the file part of every PT_LOAD");
      return std::nullopt;
    }
    const uint64_t nbucket = u32(*head), nchain = u32(*head + 4);
    if (nbucket == 0 || nbucket > kMaxCount || nchain > kMaxCount || !fileOffset(at, 8 + 4 * (nbucket + nchain)))
    {
      fail("a hash table (DT_HASH) of " + num(nbucket) + " buckets and " + num(nchain) +
           " chain entries, empty or past its segment");
      return std::nullopt;
    }
    const uint64_t buckets = *head + 8, chains = buckets + 4 * nbucket;
    std::vector<bool> visited(nchain);
    for (uint64_t i = 0; i < nbucket; ++i)
      for (uint64_t s = u32(buckets + 4 * i); s != 0; s = u32(chains + 4 * s)) {
        if (s >= nchain || visited[s]) {
          fail("a hash table (DT_HASH) whose bucket " + num(i) + " leads to symbol " + num(s) + " of " +
               num(nchain) + (s < nchain ? " a second time" : ""));
          return std::nullopt;
        }
        visited[s] = true;
      }
    return nchain;
  }

  // DT_GNU_HASH: nbuckets, symoffset, bloom size (a power of two, glibc
  // asserts it) and shift, the bloom words, the buckets, then a chain per
  // bucket ending in an odd hash. Sets the symbol count when there is no DT_HASH.
  bool gnuHash(uint64_t at, std::optional<uint64_t> nchain) {
    const std::optional<uint64_t> head = fileOffset(at, 16);
    if (at % 8 != 0 || !head)
      return fail("a GNU hash table (DT_GNU_HASH) at " + hex64(at) + " outside the file part of every PT_LOAD");
    const uint64_t nbuckets = u32(*head), symoffset = u32(*head + 4), bloom = u32(*head + 8),
                   shift = u32(*head + 12);
    if (nbuckets == 0 || nbuckets > kMaxCount || !pow2(bloom) || bloom > kMaxCount || shift >= 64 ||
        symoffset > kMaxCount || (nchain && symoffset > *nchain))
      return fail("a GNU hash table (DT_GNU_HASH) of " + num(nbuckets) + " buckets, " + num(bloom) +
                  " bloom words (a power of two), shift " + num(shift) + " and first symbol " + num(symoffset));
    const uint64_t bucketsAt = at + 16 + 8 * bloom, chainsAt = bucketsAt + 4 * nbuckets;
    const std::optional<uint64_t> buckets = fileOffset(bucketsAt, 4 * nbuckets);
    if (!buckets)
      return fail("a GNU hash table (DT_GNU_HASH) whose buckets reach past its segment");
    uint64_t count = symoffset;
    for (uint64_t i = 0; i < nbuckets; ++i) {
      uint64_t s = u32(*buckets + 4 * i);
      if (s == 0)
        continue;
      if (s < symoffset)
        return fail("a GNU hash table (DT_GNU_HASH) whose bucket " + num(i) + " names symbol " + num(s) +
                    ", below its first hashed symbol " + num(symoffset));
      for (;; ++s) {
        const std::optional<uint64_t> h = fileOffset(chainsAt + 4 * (s - symoffset), 4);
        if (!h || s >= kMaxCount || (nchain && s >= *nchain))
          return fail("a GNU hash table (DT_GNU_HASH) whose chain from bucket " + num(i) + " runs past symbol " +
                      num(s) + (nchain ? " of " + num(*nchain) : std::string()) + " or its segment");
        count = std::max(count, s + 1);
        if (u32(*h) & 1)
          break;
      }
    }
    if (!nchain)
      nsyms_ = count;
    return true;
  }

  bool symbol(uint64_t i) {
    const uint64_t at = *fileOffset(symtab_ + 24 * i, 24);
    const Sym s{u32(at), b_[at + 4], u16(at + 6), u64(at + 8), u64(at + 16)};
    const std::string which = "symbol " + num(i);
    if (!string(s.name, which + "'s name"))
      return false;
    const unsigned type = s.info & 0xf;
    if (type == 10)
      return fail(which + " is an IFUNC (STT_GNU_IFUNC), whose resolver would run while the library loads");
    if (s.shndx == 0 || s.shndx == 0xfff1 /* SHN_ABS */)
      return true;
    if (type == 6 /* STT_TLS */) {
      if (!tls_ || !within(s.value, s.size, tls_->memsz))
        return fail(which + " is thread-local outside the library's TLS block");
      return true;
    }
    if (!segmentOf(s.value, s.size))
      return fail(which + " at " + hex64(s.value) + " (" + num(s.size) + " bytes), outside every PT_LOAD");
    if (type == 2 /* STT_FUNC */ && !executable(s.value))
      return fail(which + " is a function at " + hex64(s.value) + ", outside every executable PT_LOAD");
    return true;
  }

  bool relocations(uint64_t at, uint64_t size, const char *name, bool plt) {
    const std::optional<uint64_t> off = fileOffset(at, size);
    if (at % 8 != 0 || size % 24 != 0 || size / 24 > kMaxCount || !off)
      return fail(std::string(name) + " at " + hex64(at) + " of " + num(size) +
                  " bytes, not whole relocations inside the file part of a PT_LOAD");
    for (uint64_t i = 0; i < size / 24; ++i) {
      const uint64_t r = *off + 24 * i, info = u64(r + 8);
      const Reloc rel{u64(r), uint32_t(info), uint32_t(info >> 32), int64_t(u64(r + 16))};
      const std::string which = std::string(name) + " relocation " + num(i);
      const Rel kind = relKind(machine_, rel.type);
      if (kind == Rel::Bad)
        return fail(which + " of type " + num(rel.type) + ", which no shared library pixie-build makes has");
      if (plt && kind != Rel::JumpSlot && !(kind == Rel::Tls && rel.type == (machine_ == 62 ? 36u : 1031u)))
        return fail(which + " of type " + num(rel.type) + " among the PLT relocations");
      if (kind == Rel::None)
        continue;
      if (!writable(rel.offset, 8))
        return fail(which + " writes at " + hex64(rel.offset) + ", outside every writable PT_LOAD");
      if (rel.sym >= nsyms_ || ((kind == Rel::GlobDat || kind == Rel::JumpSlot) && rel.sym == 0))
        return fail(which + " refers to symbol " + num(rel.sym) + " of " + num(nsyms_));
      if (kind == Rel::Tls && !tls_) {
        const uint64_t s = *fileOffset(symtab_ + 24 * rel.sym, 24);
        if (rel.sym == 0 || u16(s + 6) != 0)
          return fail(which + " is thread-local in a library without a TLS block");
      }
      relocs_.push_back(rel);
    }
    return true;
  }

  bool relr(uint64_t at, uint64_t size) {
    const std::optional<uint64_t> off = fileOffset(at, size);
    if (at % 8 != 0 || size % 8 != 0 || !off)
      return fail("DT_RELR at " + hex64(at) + " of " + num(size) + " bytes, not inside the file part of a PT_LOAD");
    std::optional<uint64_t> next;
    for (uint64_t i = 0; i < size / 8; ++i) {
      const uint64_t e = u64(*off + 8 * i);
      if ((e & 1) == 0) {
        if (!writable(e, 8))
          return fail("DT_RELR entry " + num(i) + " writes at " + hex64(e) + ", outside every writable PT_LOAD");
        next = e + 8;
        continue;
      }
      if (!next)
        return fail("DT_RELR entry " + num(i) + " is a bitmap with no address before it");
      for (unsigned bit = 1; bit < 64; ++bit)
        if ((e >> bit) & 1)
          if (!writable(*next + 8 * (bit - 1), 8))
            return fail("DT_RELR entry " + num(i) + " writes at " + hex64(*next + 8 * (bit - 1)) +
                        ", outside every writable PT_LOAD");
      *next += 63 * 8;
    }
    return true;
  }

  // An init or fini array entry is called as it stands after relocation: it
  // must be relocated to an address in executable code.
  bool initEntry(uint64_t at, const char *name) {
    for (const Reloc &r : relocs_) {
      if (r.offset != at)
        continue;
      const Rel kind = relKind(machine_, r.type);
      if (kind == Rel::Relative && executable(uint64_t(r.addend)))
        return true;
      if (kind == Rel::Absolute && r.sym != 0) {
        const uint64_t s = *fileOffset(symtab_ + 24 * r.sym, 24);
        if (u16(s + 6) != 0 && executable(u64(s + 8) + uint64_t(r.addend)))
          return true;
      }
      break;
    }
    return fail(std::string(name) + " entry at " + hex64(at) + " is not relocated to executable code");
  }
};

} // namespace elf

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
  if (h.format == Format::Elf) {
    const std::string why = elf::Checker(image, h.machine).run();
    if (!why.empty())
      return fail("a malformed ELF shared library: " + why);
  }
  return Error::success();
}

} // namespace pixie
