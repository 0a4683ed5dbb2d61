// The tier table's invariants, and requirements derived from LLVM.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "pixie/targets.h"

#include "llvm/ADT/StringExtras.h"

using namespace pixie;

TEST_CASE("the tier table is ordered, unique and known to LLVM", "[targets]") {
  std::set<std::string> platformNames;
  size_t variants = 0;
  for (const Platform &p : allPlatforms()) {
    INFO(p.name);
    CHECK(platformNames.insert(p.name).second);
    CHECK(findPlatform(p.name) == &p);
    std::set<std::string> tierNames;
    for (size_t i = 0; i < p.tiers.size(); ++i) {
      const Tier &t = p.tiers[i];
      INFO(t.name);
      CHECK(t.rank == i); // ranks are stored in files: never renumber
      CHECK(tierNames.insert(t.name).second);
      CHECK(findTier(p, t.name) == &t);
      auto required = requiredFeatures(p, t); // fails on a CPU or feature LLVM lacks
      REQUIRE(bool(required));
      CHECK(!required->empty());
      for (const std::string &f : *required)
        CHECK(std::count(p.detectable.begin(), p.detectable.end(), f) == 1);
      ++variants;
    }
  }
  CHECK(variants == 16);
  CHECK(findPlatform("linux-riscv") == nullptr);
  CHECK(findTier(*findPlatform("osx-arm64"), "x86-64") == nullptr);
}

TEST_CASE("x86 tiers only ever add requirements", "[targets]") {
  for (const char *name : {"linux-64", "win-64"}) {
    const Platform &p = *findPlatform(name);
    std::vector<std::string> previous;
    for (const Tier &t : p.tiers) {
      auto required = llvm::cantFail(requiredFeatures(p, t));
      CHECK(std::includes(required.begin(), required.end(), previous.begin(), previous.end()));
      CHECK(required.size() > previous.size());
      previous = required;
    }
  }
}

TEST_CASE("required features match the psABI levels", "[targets]") {
  const Platform &x86 = *findPlatform("linux-64");
  auto v2 = llvm::cantFail(requiredFeatures(x86, *findTier(x86, "x86-64-v2")));
  CHECK(v2 == std::vector<std::string>{"cx16", "popcnt", "sahf", "sse2", "sse3", "sse4.1",
                                       "sse4.2", "ssse3"});
  auto v4 = llvm::cantFail(requiredFeatures(x86, *findTier(x86, "x86-64-v4")));
  for (const char *f : {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl", "avx2", "fma",
                        "bmi2", "movbe"})
    CHECK(std::count(v4.begin(), v4.end(), f) == 1);
  const Platform &arm = *findPlatform("linux-aarch64");
  CHECK(llvm::cantFail(requiredFeatures(arm, *findTier(arm, "armv8-a"))) ==
        std::vector<std::string>{"fp-armv8", "neon"});
}

namespace {

// The rows of the markdown table under `heading` in spec/targets.md, cells
// trimmed, header and separator rows dropped.
std::vector<std::vector<std::string>> specTable(const std::string &heading) {
  std::ifstream in(PIXIE_SPEC_DIR "/targets.md");
  REQUIRE(in);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool inSection = false, header = true;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      inSection = line == "## " + heading;
      header = true;
      continue;
    }
    if (!inSection || line.rfind("|", 0) != 0)
      continue;
    if (header || line.rfind("|---", 0) == 0) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    llvm::SmallVector<llvm::StringRef, 8> parts;
    llvm::StringRef(line).trim().drop_front().drop_back().split(parts, '|');
    for (llvm::StringRef cell : parts)
      cells.push_back(cell.trim().str());
    rows.push_back(cells);
  }
  return rows;
}

} // namespace

TEST_CASE("spec/targets.md mirrors the tier table row for row", "[targets][spec]") {
  std::vector<std::vector<std::string>> expect, expectRequired, expectPlatforms;
  for (const Platform &p : allPlatforms()) {
    expectPlatforms.push_back({p.name, p.triple, binaryFormatName(p.format)});
    for (const Tier &t : p.tiers) {
      expect.push_back({p.name, t.name, std::to_string(t.rank), t.cpu, t.features,
                        t.prefer_vector_width ? std::to_string(t.prefer_vector_width) : ""});
      expectRequired.push_back(
          {p.name, t.name, llvm::join(llvm::cantFail(requiredFeatures(p, t)), " ")});
    }
  }
  CHECK(specTable("Tier table") == expect);
  CHECK(specTable("Deriving `required`") == expectRequired);

  auto platforms = specTable("Platforms");
  for (auto &row : platforms)
    row.resize(3); // the "linked as" column is prose
  CHECK(platforms == expectPlatforms);

  auto detectable = specTable("Detectable host features");
  REQUIRE(detectable.size() == 2);
  auto joined = [](std::span<const char *const> names) {
    std::vector<std::string> v(names.begin(), names.end());
    return llvm::join(v, " ");
  };
  CHECK(detectable[0] == std::vector<std::string>{"x86", joined(findPlatform("linux-64")->detectable)});
  CHECK(detectable[1] ==
        std::vector<std::string>{"aarch64", joined(findPlatform("linux-aarch64")->detectable)});
}
