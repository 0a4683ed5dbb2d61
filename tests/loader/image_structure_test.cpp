// The ELF structure check (image_check.cpp, spec/loader.md section 3): a real
// variant with one header or table field damaged at a time, each refused with
// the message naming what is wrong, and each fixture library accepted.
#include <catch2/catch.hpp>

#include "image_check.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

// A little-endian ELF64 image to edit by structure.
struct Elf {
  std::vector<uint8_t> b;

  uint64_t get(size_t at, int width) const {
    uint64_t v = 0;
    for (int i = width - 1; i >= 0; --i)
      v = v << 8 | b[at + size_t(i)];
    return v;
  }
  void put(size_t at, int width, uint64_t v) {
    for (int i = 0; i < width; ++i)
      b[at + size_t(i)] = uint8_t(v >> (8 * i));
  }
  // The file offset of the first program header of `type`.
  size_t phdr(uint32_t type) const {
    for (size_t i = 0; i < get(56, 2); ++i) {
      const size_t at = get(32, 8) + i * 56;
      if (get(at, 4) == type)
        return at;
    }
    FAIL("no program header of type " << type);
    return 0;
  }
  size_t phdrIndex(uint32_t type) const { return (phdr(type) - get(32, 8)) / 56; }
  // The file offset of the value of the dynamic entry `tag`.
  size_t dyn(uint64_t tag) const {
    const size_t d = get(phdr(2) + 8, 8);
    for (size_t at = d; get(at, 8) != 0; at += 16)
      if (get(at, 8) == tag)
        return at + 8;
    FAIL("no dynamic entry " << tag);
    return 0;
  }
  // The file offset of the address `vaddr`.
  size_t offset(uint64_t vaddr) const {
    for (size_t i = 0; i < get(56, 2); ++i) {
      const size_t at = get(32, 8) + i * 56;
      const uint64_t off = get(at + 8, 8), va = get(at + 16, 8), sz = get(at + 32, 8);
      if (get(at, 4) == 1 && vaddr >= va && vaddr < va + sz)
        return size_t(off + vaddr - va);
    }
    FAIL("address " << vaddr << " not in the file");
    return 0;
  }
  std::string check() const {
    Error e = checkImage(b, "linux-64");
    return e ? e.message() : "accepted";
  }
};

const std::string kMalformed = "the variant is a malformed ELF shared library: ";

} // namespace

TEST_CASE("every real library of the tests passes the structure check", "[image]") {
  for (const char *path : {PIXIE_X86_64_SO, PIXIE_IMPORTS_SO, PIXIE_NODELETE_SO, PIXIE_BIG_SO, PIXIE_FAKE_JIT_IMAGE}) {
    INFO(path);
    CHECK(Elf{fixtureBytes(path)}.check() == "accepted");
  }
  CHECK_FALSE(checkImage(fixtureBytes(PIXIE_AARCH64_SO), "linux-aarch64"));
}

TEST_CASE("a truncated library is refused before the OS loader maps it, by every route", "[image]") {
  std::vector<uint8_t> image = fixtureBytes(PIXIE_IMPORTS_SO);
  image.resize(image.size() * 3 / 4);
  const std::string why = Elf{image}.check();
  CHECK(why.starts_with(kMalformed));
  for (LoadRoute route : {LoadRoute::Memfd, LoadRoute::CacheFile}) {
    TempDir tmp;
    LoadOptions o = isolatedOptions(tmp.path() + "/cache");
    o.route = route;
    auto m = Module::openMemory(oneVariantFile("cut", image), o);
    REQUIRE(!m);
    CHECK(m.error().code() == Errc::load_failed);
    CHECK(m.error().message() == "loading linux-64/x86-64 of 'cut': " + why);
  }
}

TEST_CASE("one damaged field at a time: each is refused, naming it", "[image]") {
  const Elf base{fixtureBytes(PIXIE_IMPORTS_SO)};
  REQUIRE(base.check() == "accepted");
  const size_t load = base.phdrIndex(1);

  SECTION("a segment past the end of the image") {
    Elf e = base;
    const size_t at = e.phdr(1);
    e.put(at + 32, 8, e.b.size() + 1); // p_filesz
    e.put(at + 40, 8, e.b.size() + 1); // p_memsz
    CHECK(e.check() == kMalformed + "program header " + std::to_string(load) + " (PT_LOAD) at bytes 0 + " +
                           std::to_string(e.b.size() + 1) + ", past the end of the " + std::to_string(e.b.size()) +
                           "-byte image");
  }
  SECTION("p_offset and p_vaddr not congruent") {
    Elf e = base;
    e.put(e.phdr(1) + 16, 8, 0x10); // p_vaddr of the first PT_LOAD
    CHECK(e.check().starts_with(kMalformed + "program header " + std::to_string(load) +
                                " (PT_LOAD) at byte 0 and address 0x10, not congruent"));
  }
  SECTION("a writable and executable segment") {
    Elf e = base;
    e.put(e.phdr(1) + 4, 4, 7);
    CHECK(e.check() == kMalformed + "program header " + std::to_string(load) + " (PT_LOAD) both writable and "
                                                                               "executable");
  }
  SECTION("a segment the loader cannot read, though it reads its tables from it") {
    Elf e = base;
    e.put(e.phdr(1) + 4, 4, 0);
    CHECK(e.check() == kMalformed + "program header " + std::to_string(load) + " (PT_LOAD) not readable (no PF_R)");
  }
  SECTION("an executable stack") {
    Elf e = base;
    e.put(e.phdr(0x6474e551) + 4, 4, 7);
    CHECK(e.check() == kMalformed + "an executable stack (PT_GNU_STACK with PF_X)");
  }
  SECTION("a program interpreter") {
    Elf e = base;
    e.put(e.phdr(0x6474e551), 4, 3);
    CHECK(e.check().starts_with(kMalformed + "a program interpreter (PT_INTERP"));
  }
  SECTION("the dynamic section outside every PT_LOAD") {
    Elf e = base;
    e.put(e.phdr(2) + 16, 8, 0x7fff0000);
    CHECK(e.check().starts_with(kMalformed + "program header " + std::to_string(e.phdrIndex(2)) +
                                " (PT_DYNAMIC) at address 0x7fff0000"));
  }
  SECTION("a string table past its segment") {
    Elf e = base;
    e.put(e.dyn(10), 8, 1 << 20); // DT_STRSZ
    CHECK(e.check().starts_with(kMalformed + "a string table (DT_STRTAB) at "));
  }
  SECTION("a symbol name outside the string table") {
    Elf e = base;
    const size_t sym1 = e.offset(e.get(e.dyn(6), 8)) + 24;
    e.put(sym1, 4, e.get(e.dyn(10), 8)); // st_name = DT_STRSZ
    CHECK(e.check() == kMalformed + "symbol 1's name at offset " + std::to_string(e.get(e.dyn(10), 8)) + " of a " +
                           std::to_string(e.get(e.dyn(10), 8)) + "-byte string table");
  }
  SECTION("an IFUNC symbol") {
    Elf e = base;
    const size_t sym1 = e.offset(e.get(e.dyn(6), 8)) + 24;
    e.b[sym1 + 4] = 0x1a; // STB_GLOBAL, STT_GNU_IFUNC
    CHECK(e.check().starts_with(kMalformed + "symbol 1 is an IFUNC"));
  }
  SECTION("a GNU hash bloom filter whose size is no power of two (an ld.so assertion)") {
    Elf e = base;
    e.put(e.offset(e.get(e.dyn(0x6ffffef5), 8)) + 8, 4, 3);
    CHECK(e.check().starts_with(kMalformed + "a GNU hash table (DT_GNU_HASH) of "));
  }
  SECTION("a GNU hash table of no buckets (a division by zero)") {
    Elf e = base;
    e.put(e.offset(e.get(e.dyn(0x6ffffef5), 8)), 4, 0);
    CHECK(e.check().starts_with(kMalformed + "a GNU hash table (DT_GNU_HASH) of 0 buckets"));
  }
  SECTION("no hash table") {
    Elf e = base;
    e.put(e.dyn(0x6ffffef5) - 8, 8, 0x6ffffef6); // an unknown tag in its place
    CHECK(e.check() == kMalformed + "dynamic entry " + std::to_string((e.dyn(0x6ffffef6) - 8 - e.get(e.phdr(2) + 8, 8)) / 16) +
                           " with tag 0x6ffffef6, which no shared library pixie-build makes has (text relocations, "
                           "symbol versions, filters and the like are refused)");
  }
  SECTION("a relocation outside writable memory") {
    Elf e = base;
    e.put(e.offset(e.get(e.dyn(7), 8)), 8, 0x10); // the first DT_RELA r_offset
    CHECK(e.check() == kMalformed + "DT_RELA relocation 0 writes at 0x10, outside every writable PT_LOAD");
  }
  SECTION("an IRELATIVE relocation") {
    Elf e = base;
    e.put(e.offset(e.get(e.dyn(7), 8)) + 8, 4, 37);
    CHECK(e.check() == kMalformed + "DT_RELA relocation 0 of type 37, which no shared library pixie-build makes has");
  }
  SECTION("DT_RELACOUNT beyond the relative relocations (an ld.so assertion)") {
    Elf e = base;
    e.put(e.dyn(0x6ffffff9), 8, 3);
    CHECK(e.check() == kMalformed + "DT_RELACOUNT 3 counting relocation 2, which is not relative");
  }
  SECTION("DT_RELA without DT_RELAENT (glibc reads it regardless)") {
    Elf e = base;
    e.put(e.dyn(9) - 8, 8, 21); // DT_DEBUG in its place
    CHECK(e.check() == kMalformed + "DT_RELA, DT_RELASZ and DT_RELAENT that do not describe a table of 24-byte "
                                    "entries");
  }
  SECTION("DT_PLTREL other than DT_RELA (an ld.so assertion)") {
    Elf e = base;
    e.put(e.dyn(20), 8, 17);
    CHECK(e.check() == kMalformed + "DT_JMPREL, DT_PLTRELSZ and DT_PLTREL that do not describe a table of RELA "
                                    "relocations");
  }
  SECTION("a PLT relocation naming no symbol") {
    Elf e = base;
    e.put(e.offset(e.get(e.dyn(23), 8)) + 12, 4, 0);
    CHECK(e.check().starts_with(kMalformed + "DT_JMPREL relocation 0 refers to symbol 0 of "));
  }
  SECTION("a dynamic section without its DT_NULL") {
    Elf e = base;
    const size_t d = e.get(e.phdr(2) + 8, 8), size = e.get(e.phdr(2) + 32, 8);
    for (size_t at = d; at < d + size; at += 16)
      if (e.get(at, 8) == 0)
        e.put(at, 8, 21); // DT_DEBUG in place of every DT_NULL
    CHECK(e.check().starts_with(kMalformed));
  }
}
