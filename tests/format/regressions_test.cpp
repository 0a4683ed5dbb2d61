// Files that once crashed the reader or made it allocate what a header merely
// claimed, kept in tests/format/regressions/ (README.md there says where each
// came from). Each must now be refused with exactly the error recorded below,
// allocating no more than a small file justifies. A file in the directory
// without an entry here fails the test: none is kept without its expectation.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "pixie/fatbinary.h"

using namespace pixie;

namespace pixie::test {
extern size_t largestAllocation; // main.cpp
}

namespace {

struct Regression {
  const char *file;
  Errc code;
  const char *message;
};

const Regression kRegressions[] = {
    {"lying_frame_1gib.pixie", Errc::limit_exceeded,
     "section table entry 2 (offset 160): raw size 1073741824 is more than 1024 times its stored size (60) plus "
     "its base's raw size (48): a decompression bomb"},
    {"json_error_quotes_4k_token.pixie", Errc::bad_metadata,
     "metadata: (root): not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 4134: syntax "
     "error while parsing value - invalid literal; last read: "
     "'\"FFFFFFFFFFFFFFFFfFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF...'; expected end of input"},
};

// What pixie-inspect and the loader do with a file, then every other byte.
Error firstError(const std::vector<uint8_t> &bytes) {
  auto file = FatBinaryReader::open(bytes);
  if (!file) return file.takeError();
  return file->container().verifyAll();
}

} // namespace

TEST_CASE("every regression input is refused with its recorded error") {
  namespace fs = std::filesystem;
  std::set<std::string> described;
  for (const Regression &r : kRegressions) {
    described.insert(r.file);
    auto bytes = readFile(std::string(PIXIE_REGRESSIONS_DIR) + "/" + r.file);
    REQUIRE(bytes);
    test::largestAllocation = 0;
    Error e = firstError(*bytes);
    INFO(r.file);
    CHECK(e.code() == r.code);
    CHECK(e.message() == r.message);
    CHECK(test::largestAllocation < (size_t(1) << 20));
  }
  for (const auto &entry : fs::directory_iterator(PIXIE_REGRESSIONS_DIR))
    if (entry.path().extension() == ".pixie") {
      INFO(entry.path().filename().string() << " has no expected error in regressions_test.cpp");
      CHECK(described.count(entry.path().filename().string()) == 1);
    }
}
