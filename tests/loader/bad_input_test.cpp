// Hostile or damaged files: every one is an error with a code, never a crash,
// and never a partially loaded module.
#include <cstring>
#include <filesystem>

#include <catch2/catch.hpp>

#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

TEST_CASE("truncated files are rejected", "[bad]") {
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  std::vector<uint8_t> file = fixtureBytes();
  for (size_t len : {size_t(0), size_t(1), size_t(8), size_t(63), size_t(64), size_t(100), file.size() / 2,
                     file.size() - 1}) {
    auto m = Module::openMemory(std::span<const uint8_t>(file.data(), len), o);
    INFO("length " << len);
    REQUIRE(!m);
    CHECK(m.error().code() != Errc::ok);
    CHECK(!m.error().message().empty());
  }
}

TEST_CASE("a corrupted variant is caught by its checksum before loading", "[bad]") {
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  std::vector<uint8_t> file = fixtureBytes();
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  // Damage the section of the variant this host would load.
  Explanation why;
  auto chosen = selectVariant(reader->metadata(), hostProfile(), {}, why);
  REQUIRE(chosen);
  const SectionInfo &s = reader->container().sections()[reader->metadata().variants[*chosen].section];
  file[s.offset + s.stored_size / 2] ^= 0x40;
  auto m = Module::openMemory(file, o);
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::checksum_mismatch);
  CHECK(m.error().message().find("loading linux-64/") == 0);
}

TEST_CASE("every single-byte corruption of the header and table fails cleanly", "[bad]") {
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  const std::vector<uint8_t> file = fixtureBytes();
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  size_t table_end = 64 + reader->container().sections().size() * 48;
  for (size_t i = 0; i < table_end; ++i) {
    std::vector<uint8_t> bad = file;
    bad[i] ^= 0xff;
    auto m = Module::openMemory(bad, o);
    INFO("byte " << i);
    if (!m) {
      CHECK(!m.error().message().empty());
      continue;
    }
    // A byte the loader never reads (e.g. the checksum of a section for
    // another platform): the module must then be fully working.
    auto tier = (*m)->lookup("tier");
    REQUIRE(tier);
    CHECK(reinterpret_cast<int32_t (*)()>(*tier)() >= 1);
  }
}

TEST_CASE("a newer major version is refused", "[bad]") {
  TempDir cache;
  std::vector<uint8_t> file = fixtureBytes();
  file[8] = 2; // major version, little-endian u16 at offset 8
  auto m = Module::openMemory(file, isolatedOptions(cache.path()));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::unsupported_version);
}

TEST_CASE("not a pixie file", "[bad]") {
  TempDir cache;
  const char text[] = "#!/bin/sh\n# a script, long enough to hold a header: not a fat binary at all\necho hi\n";
  auto m = Module::openMemory(std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(text), sizeof(text)),
                              isolatedOptions(cache.path()));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::bad_magic);
  auto missing = Module::openFile(cache.path() + "/absent.pixie", isolatedOptions(cache.path()));
  REQUIRE(!missing);
  CHECK(missing.error().code() == Errc::io);
  auto dir = Module::openFile(cache.path(), isolatedOptions(cache.path()));
  REQUIRE(!dir);
  CHECK(dir.error().code() == Errc::io);
}

TEST_CASE("a variant the dynamic loader rejects is an error, with no fallback to disk", "[bad]") {
  TempDir tmp;
  const std::string dir = tmp.path() + "/cache";
  LoadOptions o = isolatedOptions(dir);
  o.use_isa = "x86-64-v2"; // imports a symbol nobody defines
  auto unresolved = Module::openFile(PIXIE_BROKEN_FIXTURE, o);
  REQUIRE(!unresolved);
  CHECK(unresolved.error().code() == Errc::load_failed);
  CHECK(unresolved.error().message().find("loading linux-64/x86-64-v2 of 'broken': dlopen(/proc/self/fd/") !=
        std::string::npos);
  CHECK(unresolved.error().message().find("undefined symbol: pixie_missing_function") != std::string::npos);

  o.use_isa = "x86-64"; // not an ELF file at all: refused by its headers before dlopen sees it
  auto garbage = Module::openFile(PIXIE_BROKEN_FIXTURE, o);
  REQUIRE(!garbage);
  CHECK(garbage.error().code() == Errc::load_failed);
  CHECK(garbage.error().message() ==
        std::string(PIXIE_BROKEN_FIXTURE) +
            ": loading linux-64/x86-64 of 'broken': the variant is unrecognised data (83 bytes beginning 73 74 61 6e "
            "64 2d 69 6e: no ELF, Mach-O or PE magic), not an ELF shared library for x86-64");

  // The memfd was not refused, so nothing was written to the cache.
  CHECK_FALSE(std::filesystem::exists(dir));
  CHECK(countLines(selfMaps(), "/memfd:pixie:broken") == 0);
}
