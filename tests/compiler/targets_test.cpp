// The tier table's invariants, and requirements derived from LLVM.
#include <catch2/catch.hpp>

#include <set>

#include "pixie/targets.h"

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
