// Selection on synthetic hosts against a file laid out like pixie-build's
// tier table: four x86 tiers on linux-64 and win-64, four Arm tiers, and
// three Apple tiers.
#include <catch2/catch.hpp>

#include "pixie/selection.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

const std::vector<std::string> kV1 = {"sse2"};
const std::vector<std::string> kV2 = {"sse2", "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt", "cx16", "sahf"};
std::vector<std::string> plus(std::vector<std::string> a, std::initializer_list<const char *> more) {
  for (const char *m : more)
    a.push_back(m);
  return a;
}
const std::vector<std::string> kV3 =
    plus(kV2, {"avx", "avx2", "bmi", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave"});
const std::vector<std::string> kV4 = plus(kV3, {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"});
const std::vector<std::string> kA8 = {"neon", "fp-armv8"};
const std::vector<std::string> kA82 = plus(kA8, {"fullfp16", "dotprod"});
const std::vector<std::string> kNV1 =
    plus(kA82, {"rdm", "lse", "crc", "rcpc", "fp16fml", "i8mm", "bf16", "sve"});
const std::vector<std::string> kNV2 = plus(kNV1, {"sve2", "sve2-bitperm"});
const std::vector<std::string> kM1 = plus(kA82, {"fp16fml", "rdm", "lse", "crc", "rcpc", "aes", "sha2", "sha3"});
const std::vector<std::string> kM2 = plus(kM1, {"i8mm", "bf16"});

Metadata tierTable() {
  Metadata m;
  m.library = "kernels";
  auto add = [&](const char *platform, const char *tier, uint32_t rank, std::vector<std::string> req) {
    Variant v;
    v.platform = platform;
    v.tier = tier;
    v.rank = rank;
    v.required = std::move(req);
    m.variants.push_back(v);
  };
  for (const char *p : {"linux-64", "win-64"}) {
    add(p, "x86-64", 0, kV1);
    add(p, "x86-64-v2", 1, kV2);
    add(p, "x86-64-v3", 2, kV3);
    add(p, "x86-64-v4", 3, kV4);
  }
  add("linux-aarch64", "armv8-a", 0, kA8);
  add("linux-aarch64", "armv8.2-a+fp16+dotprod", 1, kA82);
  add("linux-aarch64", "neoverse-v1", 2, kNV1);
  add("linux-aarch64", "neoverse-v2", 3, kNV2);
  add("osx-arm64", "apple-m1", 0, kM1);
  add("osx-arm64", "apple-m2", 1, kM2);
  return m;
}

struct Pick {
  std::string platform, tier;
  Errc error = Errc::ok;
  std::string message;
};

Pick pick(const HostProfile &host, std::string_view forced = {}, const Metadata &m = tierTable()) {
  Explanation why;
  Expected<size_t> i = selectVariant(m, host, forced, why);
  if (!i)
    return {"", "", i.error().code(), i.error().message()};
  CHECK(why.chosen == *i);
  return {m.variants[*i].platform, m.variants[*i].tier, Errc::ok, why.decision};
}

} // namespace

TEST_CASE("x86 hosts get their best tier", "[selection]") {
  CHECK(pick(sapphireRapids()).tier == "x86-64-v4");
  CHECK(pick(zen4()).tier == "x86-64-v4");
  CHECK(pick(zen3()).tier == "x86-64-v3");
  CHECK(pick(core2()).tier == "x86-64"); // SSSE3 but no SSE4.1: below v2
  CHECK(pick(avxWithoutXcr0()).tier == "x86-64-v2");
  CHECK(pick(zen3()).platform == "linux-64");
}

TEST_CASE("Windows and Arm hosts only consider their own platform", "[selection]") {
  Pick w = pick(windowsAvx2());
  CHECK(w.platform == "win-64");
  CHECK(w.tier == "x86-64-v3");
  CHECK(pick(graviton2()).tier == "armv8.2-a+fp16+dotprod");
  CHECK(pick(graviton3()).tier == "neoverse-v1");
  Pick m1 = pick(appleM1()), m2 = pick(appleM2());
  CHECK(m1.platform == "osx-arm64");
  CHECK(m1.tier == "apple-m1");
  CHECK(m2.tier == "apple-m2");
}

TEST_CASE("an unknown platform is told so, with what the file has", "[selection]") {
  Pick p = pick(unknownPlatform());
  CHECK(p.error == Errc::no_variant);
  CHECK(p.message == "no variant of 'kernels' fits this host (other/x86_64, a platform pixie ships no variants for, "
                     "cpu znver3); it has variants for linux-64, win-64, linux-aarch64, osx-arm64");
}

TEST_CASE("no fitting variant: every reason is listed", "[selection]") {
  Metadata m = tierTable();
  m.variants.erase(m.variants.begin(), m.variants.begin() + 2); // drop linux-64 x86-64 and v2
  Pick p = pick(core2(), {}, m);
  CHECK(p.error == Errc::no_variant);
  CHECK(p.message ==
        "no variant of 'kernels' fits this host (linux-64, cpu core2): x86-64-v3 lacks sse4.1, sse4.2, popcnt, avx, "
        "avx2, bmi, bmi2, f16c, fma, lzcnt, movbe, xsave; x86-64-v4 lacks sse4.1, sse4.2, popcnt, avx, avx2, bmi, "
        "bmi2, f16c, fma, lzcnt, movbe, xsave, avx512f, avx512bw, avx512cd, avx512dq, avx512vl; it has variants for "
        "win-64, linux-aarch64, osx-arm64");
}

TEST_CASE("PIXIE_USE_ISA forces a tier, or fails clearly", "[selection]") {
  CHECK(pick(sapphireRapids(), "x86-64-v2").tier == "x86-64-v2");
  CHECK(pick(zen3(), "x86-64").tier == "x86-64");

  Pick v4 = pick(zen3(), "x86-64-v4");
  CHECK(v4.error == Errc::unsupported_host);
  CHECK(v4.message == "PIXIE_USE_ISA=x86-64-v4: this host (linux-64, cpu znver3) lacks avx512f, avx512bw, "
                      "avx512cd, avx512dq, avx512vl; tiers of 'kernels' it can run: x86-64, x86-64-v2, x86-64-v3");

  Pick bogus = pick(zen3(), "x86-64-v9");
  CHECK(bogus.error == Errc::not_found);
  CHECK(bogus.message == "PIXIE_USE_ISA=x86-64-v9: 'kernels' has no such tier for linux-64, cpu znver3; its tiers "
                         "for this platform are: x86-64, x86-64-v2, x86-64-v3, x86-64-v4");

  // A tier that exists only for another platform is not this host's tier.
  CHECK(pick(zen3(), "neoverse-v1").error == Errc::not_found);
}

TEST_CASE("equal ranks go to the first listed variant", "[selection]") {
  Metadata m;
  m.library = "tie";
  for (const char *tier : {"b", "a", "c"}) {
    Variant v;
    v.platform = "linux-64";
    v.tier = tier;
    v.rank = std::string(tier) == "c" ? 0 : 5;
    v.required = kV1;
    m.variants.push_back(v);
  }
  CHECK(pick(zen3(), {}, m).tier == "b");
  std::reverse(m.variants.begin(), m.variants.end());
  CHECK(pick(zen3(), {}, m).tier == "a");
}

TEST_CASE("a required feature the loader does not know never counts as present", "[selection]") {
  Metadata m = tierTable();
  m.variants[3].required.push_back("avx10.2"); // linux-64 x86-64-v4
  Explanation why;
  auto i = selectVariant(m, sapphireRapids(), {}, why);
  REQUIRE(i);
  CHECK(m.variants[*i].tier == "x86-64-v3");
  CHECK(why.variants[3].missing == std::vector<std::string>{"avx10.2 (unknown to this loader)"});
  CHECK(why.decision == "x86-64-v3 (rank 2) is the highest-ranked linux-64 variant whose required features this "
                        "host has; skipped: x86-64-v4 lacks avx10.2 (unknown to this loader)");
}

TEST_CASE("the explanation covers every variant, as text and JSON", "[selection]") {
  Metadata m = tierTable();
  Explanation why;
  REQUIRE(selectVariant(m, zen3(), {}, why));
  REQUIRE(why.variants.size() == m.variants.size());
  std::string text = explanationText(why, m);
  CHECK(text.find("  * linux-64/x86-64-v3 (rank 2): runnable\n") != std::string::npos);
  CHECK(text.find("    linux-64/x86-64-v4 (rank 3): cannot run, lacks avx512f avx512bw avx512cd avx512dq "
                  "avx512vl\n") != std::string::npos);
  CHECK(text.find("    win-64/x86-64-v3 (rank 2): other platform\n") != std::string::npos);
  CHECK(text.find("host: linux-64, cpu znver3 (synthetic profile)\n") == 0);
  std::string json = explanationJson(why, m);
  CHECK(json.find("\"chosen\":2") != std::string::npos);
  CHECK(json.find("\"cpu\":\"znver3\"") != std::string::npos);
  CHECK(json.find("\"missing\":[\"avx512f\",\"avx512bw\",\"avx512cd\",\"avx512dq\",\"avx512vl\"]") !=
        std::string::npos);
}
