// Tiers really differ: the same vectorisable loop, disassembled with LLVM MC,
// uses the registers of each tier's ISA and none of a higher one's.
#include <catch2/catch.hpp>

#include <regex>

#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

const char kLoop[] = R"(
#include <stdint.h>
void axpy(double a, const double *x, double *y, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}
)";

struct Disassembly {
  std::string platform, tier, text;
};

std::vector<Disassembly> buildAndDisassemble() {
  BuildOptions options;
  options.library = "axpy";
  options.inputs = {writeTemp("axpy.c", kLoop)};
  options.exports = {{"axpy", "axpy", "void(f64, const f64*, f64*, i64)"}};
  BuildResult result = buildOrFail(options);
  std::vector<Disassembly> out;
  for (size_t i = 0; i < result.meta.variants.size(); ++i) {
    const Variant &v = result.meta.variants[i];
    bool x86 = v.triple.rfind("x86_64", 0) == 0;
    // A disassembler for the highest tier decodes every lower one too.
    out.push_back({v.platform, v.tier,
                   disassemble(result.variant_images[i], v.triple,
                               x86 ? "x86-64-v4" : "neoverse-v2", x86 ? "" : "+sve,+sve2")});
  }
  return out;
}

bool uses(const std::string &text, const char *pattern) {
  return std::regex_search(text, std::regex(pattern));
}

} // namespace

TEST_CASE("x86 tiers: xmm only at baseline, ymm from v3, zmm at v4", "[codegen]") {
  for (const Disassembly &d : buildAndDisassemble()) {
    if (d.platform != "linux-64" && d.platform != "win-64")
      continue;
    INFO(d.platform << "/" << d.tier);
    REQUIRE(!d.text.empty());
    CHECK(uses(d.text, "%xmm"));
    bool ymm = uses(d.text, "%ymm"), zmm = uses(d.text, "%zmm");
    bool fma = uses(d.text, "vfmadd");
    if (d.tier == "x86-64" || d.tier == "x86-64-v2") {
      CHECK(!ymm);
      CHECK(!zmm);
      CHECK(!fma);
    } else if (d.tier == "x86-64-v3") {
      CHECK(ymm);
      CHECK(!zmm);
      CHECK(fma);
    } else {
      CHECK(zmm);
    }
  }
}

TEST_CASE("Arm tiers: NEON at baseline, SVE on neoverse-v1 and v2, none on Apple",
          "[codegen]") {
  const char *sve = R"(\bz[0-9]+\.[bhsd]\b|\bwhilelo\b|\bptrue\b)";
  for (const Disassembly &d : buildAndDisassemble()) {
    if (d.platform != "linux-aarch64" && d.platform != "osx-arm64")
      continue;
    INFO(d.platform << "/" << d.tier);
    REQUIRE(!d.text.empty());
    bool isSve = d.tier == "neoverse-v1" || d.tier == "neoverse-v2";
    CHECK(uses(d.text, sve) == isSve);
    if (!isSve)
      CHECK(uses(d.text, R"(\.2d\b)")); // NEON, two doubles a vector (v0.2d, Apple fmla.2d)
  }
}
