#include <catch2/catch.hpp>

#include <cstring>

#include "bytes.h"
#include "fixtures.h"
#include "pixie/container.h"
#include "pixie/fatbinary.h"

using namespace pixie;

namespace pixie::test {
extern size_t largestAllocation; // main.cpp
}

namespace {

using test::entry;
using test::get32;
using test::put32;
using test::put64;
void reseal(std::vector<uint8_t> &f) { test::resealIndex(f); }

std::string openError(const std::vector<uint8_t> &f) {
  auto r = ContainerReader::open(f);
  return r ? "" : r.error().message();
}

} // namespace

TEST_CASE("every section kind round-trips through the container") {
  std::vector<SectionInput> in = {{SectionKind::Metadata, {'{', '}'}, ""},
                                  {SectionKind::Bitcode, test::fakeImage(1, 3000), "bc"},
                                  {SectionKind::Variant, test::fakeImage(2, 9000), "v"},
                                  {SectionKind::Variant, test::fakeImage(3, 9000), "v"},
                                  {SectionKind::Variant, {}, ""},
                                  {SectionKind::Variant, {1, 2, 3}, ""}};
  auto file = writeContainer(in);
  REQUIRE(file);
  auto r = ContainerReader::open(*file);
  REQUIRE(r);
  REQUIRE(r->sections().size() == in.size());
  for (uint32_t i = 0; i < in.size(); ++i) {
    CHECK(r->sections()[i].kind == uint32_t(in[i].kind));
    auto bytes = r->readSection(i);
    REQUIRE(bytes);
    CHECK(*bytes == in[i].bytes);
  }
  // The second tier of family "v" is a delta against the first.
  CHECK(r->sections()[3].base == 2);
  CHECK(r->sections()[3].stored_size * 10 < r->sections()[2].stored_size);
  // Sections that zstd does not shrink are stored raw.
  CHECK(r->sections()[5].compression == Compression::None);
  CHECK(!r->verifyAll());
}

TEST_CASE("readSectionInto decompresses into a caller's buffer of exactly the raw size") {
  auto file = test::sampleFile();
  auto r = ContainerReader::open(file);
  REQUIRE(r);
  std::vector<uint8_t> out(r->sections()[1].raw_size);
  REQUIRE(!r->readSectionInto(1, out));
  std::vector<uint8_t> small(out.size() - 1);
  Error e = r->readSectionInto(1, small);
  CHECK(e.code() == Errc::invalid_argument);
  CHECK(r->readSection(9999).error().message() == "section 9999 does not exist (the file has 7)");
}

TEST_CASE("every truncation of a valid file is rejected") {
  auto file = test::sampleFile();
  REQUIRE(file.size() > 1000);
  for (size_t len = 0; len < file.size(); ++len) {
    std::vector<uint8_t> cut(file.begin(), file.begin() + len);
    auto r = ContainerReader::open(cut);
    REQUIRE_FALSE(r);
    if (len >= 64) REQUIRE(r.error().code() == Errc::truncated);
  }
  CHECK(openError({}) == "file is 0 bytes, shorter than the 64-byte header");
  std::vector<uint8_t> half(file.begin(), file.begin() + 100);
  CHECK(openError(half) == "header (offset 32) says the file is " + std::to_string(file.size()) +
                               " bytes but it is 100");
}

TEST_CASE("a single corrupted byte anywhere is detected") {
  auto file = test::sampleFile();
  for (size_t i = 0; i < file.size(); ++i) {
    auto bad = file;
    bad[i] ^= 0x20;
    auto r = FatBinaryReader::open(bad);
    bool detected = !r || r->container().verifyAll();
    INFO("byte " << i);
    REQUIRE(detected);
  }
}

TEST_CASE("corruption inside a section is reported as a checksum mismatch naming the section") {
  auto file = test::sampleFile();
  auto r = ContainerReader::open(file);
  REQUIRE(r);
  const SectionInfo s = r->sections()[2];
  file[s.offset + 5] ^= 1;
  auto r2 = ContainerReader::open(file);
  REQUIRE(r2); // the index is intact; the section is checked when read
  auto bytes = r2->readSection(2);
  REQUIRE_FALSE(bytes);
  CHECK(bytes.error().code() == Errc::checksum_mismatch);
  CHECK(bytes.error().message().rfind("section 2 (variant) at offset " + std::to_string(s.offset) + ": checksum is ", 0) == 0);
}

TEST_CASE("header rules: magic, versions, reserved bits") {
  auto file = test::sampleFile();
  SECTION("bad magic") {
    file[1] = 'Q';
    CHECK(openError(file) == "not a .pixie file: bytes 0-7 are not the magic 89 50 49 58 49 45 0d 0a");
  }
  SECTION("unknown major version is refused") {
    file[8] = 2;
    CHECK(openError(file) == "format version 2.0 (offset 8) is not supported: this reader reads version 1.x");
    auto r = ContainerReader::open(file);
    CHECK(r.error().code() == Errc::unsupported_version);
  }
  SECTION("a newer minor version is read") {
    file[10] = 7;
    reseal(file);
    auto r = ContainerReader::open(file);
    REQUIRE(r);
    CHECK(r->minorVersion() == 7);
  }
  SECTION("non-zero header flags are refused") {
    file[12] = 1;
    CHECK(openError(file) == "header flags at offset 12 are 0x1; reserved bits must be zero");
  }
  SECTION("non-zero reserved header bytes are refused") {
    file[50] = 9;
    CHECK(openError(file) == "reserved header byte at offset 50 is 0x9; reserved bytes must be zero");
  }
  SECTION("non-zero reserved table fields are refused") {
    file[entry(1) + 44] = 1;
    reseal(file);
    CHECK(openError(file) == "section table entry 1 (offset 112): reserved fields must be zero");
  }
  SECTION("a corrupted table fails the index checksum") {
    file[entry(1) + 44] = 1;
    CHECK(openError(file).find("index checksum (offset 40) is 0x") == 0);
  }
  SECTION("trailing bytes are refused") {
    file.push_back(0);
    CHECK(openError(file) == "header (offset 32) says the file is " + std::to_string(file.size() - 1) +
                                 " bytes but it is " + std::to_string(file.size()));
  }
}

TEST_CASE("a header claiming a 1 TB section is refused without allocating it") {
  auto file = test::sampleFile();
  test::largestAllocation = 0;
  SECTION("raw size over the limit") {
    put64(file, entry(1) + 24, uint64_t(1) << 40);
    reseal(file);
    CHECK(openError(file) == "section table entry 1 (offset 112): raw size 1099511627776 is over the limit 2147483648");
  }
  SECTION("stored size past the end of the file") {
    put64(file, entry(1) + 16, uint64_t(1) << 40);
    reseal(file);
    CHECK(openError(file).find("section table entry 1 (offset 112): 1099511627776 bytes at offset") == 0);
  }
  SECTION("offset + size overflowing 64 bits") {
    put64(file, entry(1) + 8, ~uint64_t(0) - 15);
    reseal(file);
    CHECK(openError(file).find("section table entry 1 (offset 112): ") == 0);
    CHECK(openError(file).find("bytes at offset 18446744073709551600 run past the end of the file") != std::string::npos);
  }
  SECTION("a raw size over the compression ratio limit") {
    put64(file, entry(1) + 24, uint64_t(1) << 30);
    reseal(file);
    CHECK(openError(file).find("section table entry 1 (offset 112): raw size 1073741824 is more than 1024 times its "
                               "stored size") == 0);
  }
  SECTION("a raw size within the limits that the frame cannot produce") {
    put64(file, entry(1) + 24, test::get64(file, entry(1) + 16) * 1000);
    reseal(file);
    auto r = ContainerReader::open(file);
    REQUIRE(r);
    auto bytes = r->readSection(1);
    REQUIRE_FALSE(bytes);
    CHECK(bytes.error().code() == Errc::decompression_failed);
  }
  CHECK(test::largestAllocation < (size_t(1) << 20));
}

TEST_CASE("table rules: counts, ordering, overlap, bases") {
  auto file = test::sampleFile();
  SECTION("too many sections") {
    put32(file, 20, kMaxSections + 1);
    CHECK(openError(file) == "section count (offset 20) is 4097; the limit is 4096");
  }
  SECTION("a section overlapping the table") {
    put64(file, entry(1) + 8, 64);
    reseal(file);
    CHECK(openError(file) == "section table entry 1 (offset 112): data at offset 64 overlaps the header, the table or "
                             "the previous section (which end at " +
                                 std::to_string(get32(file, 64 + 8) + get32(file, 64 + 16)) + ")");
  }
  SECTION("a base that comes later") {
    put32(file, entry(1) + 40, 3);
    reseal(file);
    CHECK(openError(file) == "section table entry 1 (offset 112): base section 3 does not come before it");
  }
  SECTION("section 0 must be the metadata") {
    put32(file, entry(0), 3);
    reseal(file);
    CHECK(openError(file) == "section table entry 0 (offset 64): section 0 must be the metadata");
  }
  SECTION("an unknown compression method fails when the section is read") {
    file[entry(1) + 4] = 9;
    reseal(file);
    auto r = ContainerReader::open(file);
    REQUIRE(r);
    auto bytes = r->readSection(1);
    CHECK(bytes.error().message() == "section 1 (variant): compression method 9 is not supported");
  }
}

TEST_CASE("non-zero padding is caught by verifyAll") {
  auto file = test::sampleFile();
  auto r = ContainerReader::open(file);
  REQUIRE(r);
  const SectionInfo &s = r->sections()[1];
  REQUIRE(s.offset > r->sections()[0].offset + r->sections()[0].stored_size);
  file[s.offset - 1] = 0xAA;
  auto r2 = ContainerReader::open(file);
  REQUIRE(r2);
  Error e = r2->verifyAll();
  CHECK(e.message() == "padding byte at offset " + std::to_string(s.offset - 1) +
                           " before section 1 (variant) is not zero");
}

TEST_CASE("a section that compresses past the readers' ratio limit is stored raw") {
  std::vector<SectionInput> in = {{SectionKind::Metadata, std::vector<uint8_t>(500, 'x'), ""},
                                  {SectionKind::Variant, std::vector<uint8_t>(4 << 20, 0), "v"},
                                  {SectionKind::Variant, test::fakeImage(3, 4000), "v"}};
  auto file = writeContainer(in);
  REQUIRE(file);
  auto r = ContainerReader::open(*file);
  REQUIRE(r);
  CHECK(r->sections()[0].compression == Compression::Zstd); // 500:~20, under the limit
  CHECK(r->sections()[1].compression == Compression::None);
  CHECK(r->sections()[1].stored_size == 4u << 20);
  for (uint32_t i = 0; i < in.size(); ++i)
    CHECK(*r->readSection(i) == in[i].bytes);
}

TEST_CASE("zstd level 0 stores every section uncompressed") {
  std::vector<SectionInput> in = {{SectionKind::Metadata, std::vector<uint8_t>(500, 'x'), ""},
                                  {SectionKind::Variant, std::vector<uint8_t>(5000, 0), "v"},
                                  {SectionKind::Variant, std::vector<uint8_t>(5000, 0), "v"}};
  ContainerWriteOptions options;
  options.zstd_level = 0;
  auto file = writeContainer(in, options);
  REQUIRE(file);
  auto r = ContainerReader::open(*file);
  REQUIRE(r);
  for (uint32_t i = 0; i < in.size(); ++i) {
    CHECK(r->sections()[i].compression == Compression::None);
    CHECK(r->sections()[i].base == kNoBase);
    CHECK(*r->readSection(i) == in[i].bytes);
  }
}

// spec/format.md, "Limits": a zstd section's raw size is at most 1024 x its
// stored size plus its base's raw size. The rule used to be 1024 x (stored +
// base raw), so a 64 KiB base let a delta of a few bytes stand for up to
// 64 MiB, and a 70 KiB file decompress 1 GiB before it was refused (issue 18).
TEST_CASE("a delta's raw size is bounded by 1024 x its own stored size plus its base") {
  std::vector<SectionInput> in = {{SectionKind::Metadata, {'{', '}'}, ""},
                                  {SectionKind::Variant, test::fakeImage(2, 9000), "v"},
                                  {SectionKind::Variant, test::fakeImage(3, 9000), "v"}};
  auto written = writeContainer(in);
  REQUIRE(written);
  std::vector<uint8_t> file = *written;
  auto r = ContainerReader::open(file);
  REQUIRE(r);
  const SectionInfo base = r->sections()[1], delta = r->sections()[2];
  REQUIRE(delta.base == 1);
  REQUIRE(delta.compression == Compression::Zstd);
  const uint64_t limit = delta.stored_size * kMaxCompressionRatio + base.raw_size;
  REQUIRE(limit < (delta.stored_size + base.raw_size) * kMaxCompressionRatio); // the old rule's bound is larger

  put64(file, entry(2) + 24, limit + 1);
  reseal(file);
  CHECK(openError(file) == "section table entry 2 (offset 160): raw size " + std::to_string(limit + 1) +
                               " is more than 1024 times its stored size (" + std::to_string(delta.stored_size) +
                               ") plus its base's raw size (" + std::to_string(base.raw_size) +
                               "): a decompression bomb");
  // What the old rule let through: 1 GiB from a delta of a few hundred bytes.
  put64(file, entry(2) + 24, uint64_t(1) << 30);
  reseal(file);
  CHECK(openError(file).find("raw size 1073741824 is more than 1024 times its stored size") != std::string::npos);
  // At the limit the table is accepted (the frame then shows the lie).
  put64(file, entry(2) + 24, limit);
  reseal(file);
  CHECK(openError(file) == "");
}

TEST_CASE("a delta that compresses past the limit against its base is stored raw") {
  // 4 MiB of zeros against a 4000-byte base: a few hundred bytes of zstd,
  // within 1024 x (stored + base raw) but not within 1024 x stored + base raw.
  std::vector<SectionInput> in = {{SectionKind::Metadata, {'{', '}'}, ""},
                                  {SectionKind::Variant, test::fakeImage(3, 4000), "v"},
                                  {SectionKind::Variant, std::vector<uint8_t>(4 << 20, 0), "v"}};
  auto file = writeContainer(in);
  REQUIRE(file);
  auto r = ContainerReader::open(*file);
  REQUIRE(r);
  CHECK(r->sections()[2].compression == Compression::None);
  for (uint32_t i = 0; i < in.size(); ++i)
    CHECK(*r->readSection(i) == in[i].bytes);
}
