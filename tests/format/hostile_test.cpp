// Hostile files (issue 8): each is refused with the exact error, and none
// makes the reader allocate what a field merely claims. Cases already covered
// elsewhere are not repeated: a 1 TB raw size, an offset + size overflow,
// overlap with the table, a raw size larger than the frame declares
// (container_test.cpp); missing bitcode sections, duplicated exports and long
// signatures in a Metadata struct (metadata_test.cpp).
#include <catch2/catch.hpp>

#include <string>

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
using test::get64;
using test::put64;
uint32_t sectionCount(const std::vector<uint8_t> &f) { return test::get32(f, 20); }

// Makes the file size, every section checksum and the index checksum right
// again, so the test reaches the rule behind them.
void reseal(std::vector<uint8_t> &f) {
  put64(f, 32, f.size());
  uint32_t count = sectionCount(f);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t offset = get64(f, entry(i) + 8), stored = get64(f, entry(i) + 16);
    if (offset <= f.size() && stored <= f.size() - offset)
      put64(f, entry(i) + 32, XXH3_64bits(f.data() + offset, stored));
  }
  test::resealIndex(f);
}

std::string openError(const std::vector<uint8_t> &f) {
  auto r = ContainerReader::open(f);
  return r ? "opened" : r.error().message();
}

std::string readError(const std::vector<uint8_t> &f, uint32_t section) {
  auto r = ContainerReader::open(f);
  if (!r) return "open: " + r.error().message();
  auto bytes = r->readSection(section);
  return bytes ? "read" : bytes.error().message();
}

// A file whose last section is one zstd frame (no base), so the frame can be
// replaced without moving anything else.
std::vector<uint8_t> fileEndingInZstd() {
  auto file = writeContainer({{SectionKind::Metadata, {'{', '}'}, ""},
                              {SectionKind::Variant, test::fakeImage(5, 4000), ""}});
  return file ? *file : std::vector<uint8_t>{};
}

void replaceLastSection(std::vector<uint8_t> &f, const std::vector<uint8_t> &stored, uint64_t raw) {
  uint32_t last = sectionCount(f) - 1;
  uint64_t offset = get64(f, entry(last) + 8);
  f.resize(offset);
  f.insert(f.end(), stored.begin(), stored.end());
  put64(f, entry(last) + 16, stored.size());
  put64(f, entry(last) + 24, raw);
  reseal(f);
}

std::vector<uint8_t> storedBytes(const std::vector<uint8_t> &f, uint32_t section) {
  uint64_t offset = get64(f, entry(section) + 8), stored = get64(f, entry(section) + 16);
  return {f.begin() + offset, f.begin() + offset + stored};
}

} // namespace

TEST_CASE("hostile offsets and sizes: 64-bit overflow") {
  auto file = test::sampleFile();
  test::largestAllocation = 0;
  SECTION("a table offset whose end wraps around 2^64") {
    put64(file, 24, ~uint64_t(0) - 7);
    CHECK(openError(file) == "section table (offset 18446744073709551608, 7 entries) does not lie between the "
                             "header and the end of the file");
  }
  SECTION("a stored size that wraps offset + size to a small number") {
    uint64_t offset = get64(file, entry(1) + 8);
    put64(file, entry(1) + 16, ~uint64_t(0) - offset + 17); // offset + size == 16 (mod 2^64)
    reseal(file);
    CHECK(openError(file) == "section table entry 1 (offset 112): " + std::to_string(~uint64_t(0) - offset + 17) +
                                 " bytes at offset " + std::to_string(offset) + " run past the end of the file (" +
                                 std::to_string(file.size()) + " bytes)");
  }
  SECTION("a raw size of 2^64 - 1") {
    put64(file, entry(2) + 24, ~uint64_t(0));
    reseal(file);
    CHECK(openError(file) == "section table entry 2 (offset 160): raw size 18446744073709551615 is over the limit "
                             "2147483648");
  }
  CHECK(test::largestAllocation < (size_t(1) << 20));
}

TEST_CASE("hostile placement: sections overlapping the header, the table or each other") {
  auto file = test::sampleFile();
  SECTION("the table overlapping the header") {
    put64(file, 24, 32);
    CHECK(openError(file) == "section table (offset 32, 7 entries) does not lie between the header and the end of "
                             "the file");
  }
  SECTION("a section at offset 0, over the header") {
    put64(file, entry(1) + 8, 0);
    reseal(file);
    uint64_t end0 = get64(file, entry(0) + 8) + get64(file, entry(0) + 16);
    CHECK(openError(file) == "section table entry 1 (offset 112): data at offset 0 overlaps the header, the table or "
                             "the previous section (which end at " + std::to_string(end0) + ")");
  }
  SECTION("a section starting inside the previous one") {
    uint64_t offset1 = get64(file, entry(1) + 8), end1 = offset1 + get64(file, entry(1) + 16);
    put64(file, entry(2) + 8, offset1);
    reseal(file);
    CHECK(openError(file) == "section table entry 2 (offset 160): data at offset " + std::to_string(offset1) +
                                 " overlaps the header, the table or the previous section (which end at " +
                                 std::to_string(end1) + ")");
  }
  SECTION("two entries naming the same bytes") {
    for (size_t field : {8, 16, 24, 32}) put64(file, entry(2) + field, get64(file, entry(1) + field));
    reseal(file);
    uint64_t offset1 = get64(file, entry(1) + 8), end1 = offset1 + get64(file, entry(1) + 16);
    CHECK(openError(file) == "section table entry 2 (offset 160): data at offset " + std::to_string(offset1) +
                                 " overlaps the header, the table or the previous section (which end at " +
                                 std::to_string(end1) + ")");
  }
}

TEST_CASE("decompression bombs: the raw size must be what the frame really produces") {
  auto file = fileEndingInZstd();
  REQUIRE(!file.empty());
  const uint32_t last = sectionCount(file) - 1;
  REQUIRE(get64(file, entry(last) + 24) == 4000);
  std::vector<uint8_t> frame = storedBytes(file, last);
  test::largestAllocation = 0;

  SECTION("a table raw size smaller than the frame declares") {
    replaceLastSection(file, frame, 100);
    CHECK(readError(file, last) == "section 1 (variant): the zstd frame does not declare the table's raw size 100");
  }
  SECTION("a frame declaring 200 KB over a few hundred bytes of blocks") {
    // Single-segment header with a 4-byte content size, then one raw block.
    // (Within the ratio limit, so only the frame's blocks show the lie.)
    std::vector<uint8_t> lie = {0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0x40, 0x0d, 0x03, 0x00};
    std::vector<uint8_t> content(300, 7);
    uint32_t block = 1 | uint32_t(content.size()) << 3;
    lie.insert(lie.end(), {uint8_t(block), uint8_t(block >> 8), uint8_t(block >> 16)});
    lie.insert(lie.end(), content.begin(), content.end());
    replaceLastSection(file, lie, 200000);
    CHECK(readError(file, last) == "section 1 (variant): raw size 200000 is more than the zstd frame can "
                                   "produce (at most 300 bytes)");
  }
  SECTION("an honest frame of 137 bytes that produces 4 MiB") {
    // 32 RLE blocks of 128 KiB: true to its header, and a bomb all the same.
    std::vector<uint8_t> rle = {0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0x00, 0x00, 0x40, 0x00};
    for (int i = 0; i < 32; ++i) {
      uint32_t block = uint32_t(i == 31) | 1u << 1 | (1u << 17) << 3;
      rle.insert(rle.end(), {uint8_t(block), uint8_t(block >> 8), uint8_t(block >> 16), 0});
    }
    replaceLastSection(file, rle, 4u << 20);
    CHECK(openError(file) == "section table entry 1 (offset 112): raw size 4194304 is more than 1024 times its "
                             "stored size (137): a decompression bomb");
  }
  SECTION("a second frame after the first") {
    std::vector<uint8_t> two = frame;
    two.insert(two.end(), frame.begin(), frame.end());
    replaceLastSection(file, two, 4000);
    CHECK(readError(file, last) == "section 1 (variant): the stored bytes are not exactly one zstd frame");
  }
  SECTION("a frame cut short") {
    frame.resize(frame.size() - 10);
    replaceLastSection(file, frame, 4000);
    CHECK(readError(file, last) == "section 1 (variant): the zstd frame ends inside a block");
  }
  SECTION("a skippable frame instead of a zstd frame") {
    std::vector<uint8_t> skippable = {0x50, 0x2a, 0x4d, 0x18, 0, 0, 0, 0};
    replaceLastSection(file, skippable, 0);
    CHECK(readError(file, last) == "section 1 (variant): the stored bytes do not start with a zstd frame header");
  }
  CHECK(test::largestAllocation < (size_t(1) << 20));
}

TEST_CASE("metadata that is valid JSON but names what the file does not have") {
  // The sample's table: 0 metadata, 1-4 variants, 5-6 bitcode.
  auto file = test::sampleFile();
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  const auto &sections = reader->container().sections();
  std::string json = serializeMetadata(reader->metadata());
  auto replaced = [&](const std::string &from, const std::string &to) {
    std::string s = json;
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    auto m = parseMetadata(s, sections);
    return m ? std::string("parsed") : m.error().message();
  };
  CHECK(replaced("\"section\":1,", "\"section\":7,") == "metadata: variants[0].section: is 7 but the file has 7 "
                                                        "sections");
  CHECK(replaced("\"section\":1,", "\"section\":4294967295,") ==
        "metadata: variants[0].section: is 4294967295 but the file has 7 sections");
  CHECK(replaced("\"section\":1,", "\"section\":0,") ==
        "metadata: variants[0].section: section 0 is not a variant section");
  CHECK(replaced("\"section\":1,", "\"section\":5,") ==
        "metadata: variants[0].section: section 5 is not a variant section");
  CHECK(replaced("\"section\":1,", "\"section\":4294967296,") ==
        "metadata: variants[0].section: must be an integer from 0 to 4294967295");
  CHECK(replaced("\"name\":\"dot\"", "\"name\":\"primes\"") == "metadata: exports[1].name: 'primes' is exported "
                                                                "twice");
  CHECK(replaced("\"variants\":[", "\"variants\":[7,") == "metadata: variants[0]: must be an object");
  SECTION("build strings that would drive the terminal pixie-inspect prints them to") {
    CHECK(replaced("\"pixie_version\":\"0.1.0\"", "\"pixie_version\":\"\\u001b]0;owned\\u0007\"") ==
          "metadata: build.pixie_version: has the control character U+001B at byte 0; it must be plain text");
    CHECK(replaced("\"options\":[\"-O3\"]", "\"options\":[\"-O3\",\"a\\nb\"]") ==
          "metadata: build.options[1]: has the control character U+000A at byte 1; it must be plain text");
    CHECK(replaced("\"llvm_version\":\"19.1.7\"", "\"llvm_version\":\"" + std::string(5000, 'x') + "\"") ==
          "metadata: build.llvm_version: is 5000 bytes; the limit is 4096");
    CHECK(replaced("\"options\":[\"-O3\"]", "\"options\":[\"-I/home/jos\u00e9/include\"]") == "parsed");
    // U+009B is CSI on terminals that take 8-bit controls.
    CHECK(replaced("\"options\":[\"-O3\"]", "\"options\":[\"-O3\\u009b2J\"]") ==
          "metadata: build.options[0]: has the control character U+009B at byte 3; it must be plain text");
    CHECK(replaced("\"options\":[\"-O3\"]", "\"options\":[\"\u00a0\"]") == "parsed");
  }
  SECTION("a key given twice") {
    // Two readers keeping different copies would disagree about the file.
    CHECK(replaced("\"library\":\"sample\"", "\"library\":\"sample\",\"library\":\"other\"") ==
          "metadata: (root): has the key 'library' twice");
    CHECK(replaced("\"tier\":", "\"tier\":\"x86-64-v4\",\"tier\":") ==
          "metadata: variants[0]: has the key 'tier' twice");
    CHECK(replaced("\"tier\":", "\"later\":1,\"later\":2,\"tier\":") ==
          "metadata: variants[0]: has the key 'later' twice");
    CHECK(replaced("\"tier\":", "\"later\":[{\"a\":1,\"b\":{\"c\":1,\"c\":2}}],\"tier\":") ==
          "metadata: variants[0].later[0].b: has the key 'c' twice");
    CHECK(replaced("\"metadata\":null", "\"metadata\":{\"z\":1,\"a\":2,\"z\":3}") ==
          "metadata: exports[0].overloads[0].metadata: has the key 'z' twice");
    CHECK(replaced("\"metadata\":null", "\"metadata\":{\"z\":1,\"a\":2}") == "parsed");
  }
  SECTION("names with control characters are quoted escaped, not passed to the terminal") {
    CHECK(replaced("\"library\":\"sample\"", "\"library\":\"\\u001b[2J\\u00e9\"") ==
          "metadata: library: '\\x1b[2J\\xc3\\xa9' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
    CHECK(replaced("\"signature\":\"i64(u8*, i64)\"", "\"signature\":\"i64(\\u0007)\"") ==
          "metadata: exports[0].overloads[0].signature: signature 'i64(\\x07)' at column 5: expected a type for the "
          "parameter 1");
  }
  SECTION("an unterminated 1 MB string is quoted in 80 characters") {
    std::string cut = json.substr(0, json.find("\"sample\"") + 1) + std::string(1 << 20, 's');
    auto m = parseMetadata(cut, sections);
    REQUIRE_FALSE(m);
    CHECK(m.error().message() ==
          "metadata: (root): not valid JSON: [json.exception.parse_error.101] parse error at line 1, column " +
              std::to_string(cut.size() + 1) + ": syntax error while parsing value - invalid string: missing closing "
              "quote; last read: '\"" + std::string(79, 's') + "...'");
  }
  SECTION("a 1 MB signature inside the document") {
    std::string sig = "void(" + std::string(1 << 20, ' ') + ")";
    CHECK(replaced("\"signature\":\"i64(u8*, i64)\"", "\"signature\":\"" + sig + "\"") ==
          "metadata: exports[0].overloads[0].signature: signature '" + sig.substr(0, 80) +
              "...' at column 1: is 1048582 characters long; the limit is 4096");
  }
  SECTION("a 1 MB export name is refused without echoing it") {
    std::string name(1 << 20, 'a');
    std::string e = replaced("\"name\":\"dot\"", "\"name\":\"" + name + "\"");
    CHECK(e == "metadata: exports[1].name: '" + name.substr(0, 80) + "' is not an identifier");
  }
}
