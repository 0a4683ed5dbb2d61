#include <catch2/catch.hpp>

#include <thread>

#include "fixtures.h"
#include "pixie/metadata.h"

using namespace pixie;

namespace {

const std::vector<SectionInfo> kSections = [] {
  std::vector<SectionInfo> s(4);
  s[0].kind = uint32_t(SectionKind::Metadata);
  s[1].kind = uint32_t(SectionKind::Variant);
  s[2].kind = uint32_t(SectionKind::Variant);
  s[3].kind = uint32_t(SectionKind::Bitcode);
  return s;
}();

Metadata good() {
  Metadata m = test::sampleContents().meta;
  m.uuid = "0123abcd-0000-8000-8000-00000000beef";
  m.variants.resize(2);
  m.variants[0].section = 1;
  m.variants[1].section = 2;
  m.bitcode.resize(1);
  m.bitcode[0].section = 3;
  return m;
}

std::string parseError(const std::string &json) {
  auto m = parseMetadata(json, kSections);
  return m ? "parsed" : m.error().message();
}

std::string validateError(const Metadata &m) {
  Error e = validateMetadata(m);
  return e ? e.message() : "valid";
}

} // namespace

TEST_CASE("metadata round-trips through JSON") {
  Metadata m = good();
  std::string json = serializeMetadata(m);
  auto back = parseMetadata(json, kSections);
  REQUIRE(back);
  CHECK(serializeMetadata(*back) == json);
  CHECK(back->exports[1].overloads[0].user_metadata == R"({"doc":"dot product"})");
  CHECK(back->variants[1].required == std::vector<std::string>{"sse4.2", "popcnt"});
  CHECK(back->build.options == std::vector<std::string>{"-O3"});
}

TEST_CASE("invalid JSON is reported with its position") {
  CHECK(parseError("{\"schema\": 1,") ==
        "metadata: (root): not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 14: "
        "syntax error while parsing object key - unexpected end of input; expected string literal");
  CHECK(parseError(std::string(100, '[') + std::string(100, ']')) ==
        "metadata: (root): nests 100 levels deep; the limit is 64");
  // The limit is inclusive: 64 levels parse (and then break the schema).
  CHECK(parseError(std::string(64, '[') + std::string(64, ']')) == "metadata: (root): must be a JSON object");
  CHECK(parseError(std::string(65, '[') + std::string(65, ']')) ==
        "metadata: (root): nests 65 levels deep; the limit is 64");
  CHECK(parseError("{\"schema\": 1e999}").rfind("metadata: (root): not valid JSON: ", 0) == 0);
  CHECK(parseError("{\"schema\": \"\xff\"}").rfind("metadata: (root): not valid JSON: ", 0) == 0);
}

TEST_CASE("the nesting limit holds when a thread's parser grows") {
  // The first document sizes the thread's parser; a 20 KB one makes it grow.
  std::string first, grown;
  std::thread([&] {
    first = parseError("");
    std::string deep = std::string(65, '[') + std::string(65, ']');
    grown = parseError(deep + std::string(20000, ' '));
  }).join();
  CHECK(first.rfind("metadata: (root): not valid JSON: ", 0) == 0);
  CHECK(grown == "metadata: (root): nests 65 levels deep; the limit is 64");
}

TEST_CASE("schema violations name the JSON path") {
  std::string json = serializeMetadata(good());
  auto replaced = [&](const std::string &from, const std::string &to) {
    std::string s = json;
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return parseError(s.replace(at, from.size(), to));
  };
  CHECK(parseError("[]") == "metadata: (root): must be a JSON object");
  CHECK(replaced("\"schema\":1", "\"schema\":2") == "metadata: schema: is 2; this reader knows schema 1");
  CHECK(replaced("\"library\":\"sample\"", "\"library\":7") == "metadata: library: must be a string");
  CHECK(replaced(",\"symbol\":\"sieve_primes\"", "") ==
        "metadata: exports[0].overloads[0]: missing field 'symbol'");
  CHECK(replaced("\"rank\":1", "\"rank\":-1") ==
        "metadata: variants[1].rank: must be an integer from 0 to 4294967295");
  CHECK(replaced("\"section\":3", "\"section\":9") == "metadata: bitcode[0].section: is 9 but the file has 4 sections");
  CHECK(replaced("\"section\":3", "\"section\":1") ==
        "metadata: bitcode[0].section: section 1 is not a bitcode section");
  CHECK(replaced("\"specialized\":false", "\"specialized\":0") ==
        "metadata: variants[0].specialized: must be true or false");
}

TEST_CASE("semantic rules") {
  Metadata m = good();
  CHECK(validateError(m) == "valid");
  SECTION("duplicated export names") {
    m.exports[1].name = "primes";
    CHECK(validateError(m) == "metadata: exports[1].name: 'primes' is exported twice");
  }
  SECTION("a signature that does not parse") {
    m.exports[0].overloads[0].signature = "i64(long)";
    CHECK(validateError(m) == "metadata: exports[0].overloads[0].signature: signature 'i64(long)' at column 5: the "
                              "parameter 1 'long' is 64-bit on Linux and macOS but 32-bit on Windows; use i64 or i32");
  }
  SECTION("a signature that is not canonical") {
    m.exports[0].overloads[0].signature = "int64_t(uint8_t*, int64_t)";
    CHECK(validateError(m) == "metadata: exports[0].overloads[0].signature: 'int64_t(uint8_t*, int64_t)' is not "
                              "canonical; write 'i64(u8*, i64)'");
  }
  SECTION("the same signature twice under one name") {
    m.exports[1].overloads[1].signature = m.exports[1].overloads[0].signature;
    CHECK(validateError(m) == "metadata: exports[1].overloads[1].signature: 'f64(const f64*, const f64*, i64)' "
                              "appears twice for 'dot'");
  }
  SECTION("a 1 MB signature") {
    m.exports[0].overloads[0].signature = "void(" + std::string(1 << 20, ' ') + ")";
    CHECK(validateError(m).find("characters long; the limit is 4096") != std::string::npos);
  }
  SECTION("a tier listed twice for a platform") {
    m.variants[1].tier = m.variants[0].tier;
    CHECK(validateError(m) == "metadata: variants[1].tier: 'linux-64/x86-64' appears twice");
  }
  SECTION("bad names") {
    m.library = "9lives";
    CHECK(validateError(m) == "metadata: library: '9lives' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  }
  SECTION("bad uuid") {
    m.uuid = "0123ABCD-0000-8000-8000-00000000BEEF";
    CHECK(validateError(m) == "metadata: uuid: '0123ABCD-0000-8000-8000-00000000BEEF' is not a lower-case "
                              "8-4-4-4-12 hex UUID");
  }
  SECTION("unknown binary format") {
    m.variants[0].binary_format = "wasm";
    CHECK(validateError(m) == "metadata: variants[0].format: 'wasm' is not elf, macho or coff");
  }
  SECTION("counts over the spec's limits") {
    Metadata many = m;
    many.exports.resize(kMaxExports + 1, m.exports[0]);
    CHECK(validateError(many) == "metadata: exports: has 65537 entries; the limit is 65536");
    m.exports[1].overloads.resize(kMaxOverloads + 1, m.exports[1].overloads[0]);
    CHECK(validateError(m) == "metadata: exports[1].overloads: has 257 entries; the limit is 256");
    m = good();
    m.variants[1].required.resize(kMaxFeatures + 1, "avx");
    CHECK(validateError(m) == "metadata: variants[1].required: has 257 entries; the limit is 256");
    m = good();
    m.build.options.resize(kMaxOptions + 1);
    CHECK(validateError(m) == "metadata: build.options: has 4097 entries; the limit is 4096");
  }
  SECTION("user metadata that is not JSON") {
    m.exports[0].overloads[0].user_metadata = "{nope";
    CHECK(validateError(m) == "metadata: exports[0].overloads[0].metadata: is not a JSON value of at most 64 levels");
  }
}

TEST_CASE("unknown keys from a newer writer are ignored") {
  std::string json = serializeMetadata(good());
  json.insert(1, "\"future_key\":{\"x\":[1,2]},");
  CHECK(parseError(json) == "parsed");
}

TEST_CASE("an export's docstring round-trips, and only as plain text") {
  Metadata m = good();
  m.exports[0].doc = "Adds two numbers.\n\n\tReturns their sum.";
  auto back = parseMetadata(serializeMetadata(m), kSections);
  REQUIRE(back);
  CHECK(back->exports[0].doc == m.exports[0].doc);
  m.exports[0].doc = "bell\a";
  CHECK(validateError(m) == "metadata: exports[0].doc: has the control character U+0007 at byte 4; it must be "
                            "plain text");
  m.exports[0].doc = std::string(16385, 'x');
  CHECK(validateError(m) == "metadata: exports[0].doc: is 16385 bytes; the limit is 16384");
}
