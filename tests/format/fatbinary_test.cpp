#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "fixtures.h"
#include "pixie/fatbinary.h"

using namespace pixie;

TEST_CASE("a fat binary round-trips variants, bitcode and metadata") {
  FatBinaryContents c = test::sampleContents();
  auto file = writeFatBinary(c);
  REQUIRE(file);
  auto r = FatBinaryReader::open(*file);
  REQUIRE(r);
  const Metadata &m = r->metadata();
  CHECK(m.library == "sample");
  REQUIRE(m.variants.size() == c.meta.variants.size());
  for (size_t i = 0; i < m.variants.size(); ++i) {
    auto image = r->readVariant(i);
    REQUIRE(image);
    CHECK(*image == c.variant_images[i]);
    CHECK(m.variants[i].tier == c.meta.variants[i].tier);
  }
  for (size_t i = 0; i < m.bitcode.size(); ++i) {
    auto bc = r->readBitcode(i);
    REQUIRE(bc);
    CHECK(*bc == c.bitcode_images[i]);
  }
  CHECK(m.exports[1].overloads.size() == 2);
  CHECK(r->readVariant(99).error().message() == "variant 99 does not exist (the file has 5)");
  CHECK(!r->container().verifyAll());
}

TEST_CASE("identical images are stored once") {
  auto file = test::sampleFile();
  auto r = FatBinaryReader::open(file);
  REQUIRE(r);
  const auto &v = r->metadata().variants;
  CHECK(v[3].section == v[4].section);
  // 1 metadata + 4 distinct variants + 2 bitcode modules.
  CHECK(r->container().sections().size() == 7);
}

TEST_CASE("tiers of one platform are stored as deltas against the first") {
  auto file = test::sampleFile();
  auto r = FatBinaryReader::open(file);
  REQUIRE(r);
  const auto &sections = r->container().sections();
  const auto &v = r->metadata().variants;
  CHECK(sections[v[0].section].base == kNoBase);
  CHECK(sections[v[1].section].base == v[0].section);
  CHECK(sections[v[2].section].base == v[0].section);
  CHECK(sections[v[3].section].base == kNoBase); // another platform, another family
  CHECK(sections[v[1].section].stored_size * 100 < sections[v[1].section].raw_size);
}

TEST_CASE("writes are deterministic and the uuid is derived from content") {
  auto a = writeFatBinary(test::sampleContents());
  auto b = writeFatBinary(test::sampleContents());
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  std::string uuid = FatBinaryReader::open(*a)->metadata().uuid;
  CHECK(uuid.size() == 36);
  CHECK(uuid[14] == '8'); // RFC 9562 version 8

  FatBinaryContents changed = test::sampleContents();
  changed.variant_images[2][100] ^= 1;
  auto c = writeFatBinary(changed);
  REQUIRE(c);
  CHECK(FatBinaryReader::open(*c)->metadata().uuid != uuid);

  FatBinaryContents given = test::sampleContents();
  given.meta.uuid = "11111111-2222-4333-8444-555555555555";
  auto d = writeFatBinary(given);
  REQUIRE(d);
  CHECK(FatBinaryReader::open(*d)->metadata().uuid == given.meta.uuid);
}

TEST_CASE("the writer refuses contents that break the schema") {
  FatBinaryContents c = test::sampleContents();
  c.variant_images.pop_back();
  CHECK(writeFatBinary(c).error().message() == "5 variants but 4 images");
  c = test::sampleContents();
  c.meta.exports[0].name = "has space";
  CHECK(writeFatBinary(c).error().message() == "metadata: exports[0].name: 'has space' is not an identifier");
}

TEST_CASE("files are written atomically and read back") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("pixie-format-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "x.pixie").string();
  auto bytes = test::sampleFile();
  REQUIRE(!writeFileAtomic(path, bytes));
  auto back = readFile(path);
  REQUIRE(back);
  CHECK(*back == bytes);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1); // no temp file left

  CHECK(readFile((dir / "missing.pixie").string()).error().message() ==
        "cannot open '" + (dir / "missing.pixie").string() + "': No such file or directory");
  CHECK(readFile(dir.string()).error().message() == "cannot read '" + dir.string() + "': not a regular file");
  Error e = writeFileAtomic((dir / "no-such-dir" / "y.pixie").string(), bytes);
  CHECK(e.code() == Errc::io);
  fs::remove_all(dir);
}
