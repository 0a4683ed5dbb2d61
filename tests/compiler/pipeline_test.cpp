// --passes and --load-pass-plugin: a user's pipeline or plugin pass reaches
// every variant. The test plugin (plugin/add_one.cpp) adds 1 to every
// floating-point constant, so `x * 0.1` becomes `x * 1.1`.
#include <catch2/catch.hpp>

#include <cstring>

#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

BuildOptions scaleOptions() {
  BuildOptions options;
  options.library = "scale";
  options.inputs = {writeTemp("scale.c", "double scale(double x) { return x * 0.1; }\n")};
  options.exports = {{"scale", "scale", "f64(f64)"}};
  return options;
}

// Is the double `value` in the image? As 8 bytes in a literal pool, or, where
// an Arm CPU prefers building constants in registers, as the movz/movk
// immediate of its top 16 bits.
bool holdsConstant(const std::vector<uint8_t> &image, const Variant &v, double value) {
  uint8_t bytes[8];
  std::memcpy(bytes, &value, 8);
  if (std::search(image.begin(), image.end(), bytes, bytes + 8) != image.end())
    return true;
  if (v.triple.rfind("x86_64", 0) == 0)
    return false;
  uint64_t bits;
  std::memcpy(&bits, &value, 8);
  char top[32];
  std::snprintf(top, sizeof top, "#0x%llx, lsl #48", (unsigned long long)(bits >> 48));
  return disassemble(image, v.triple, "neoverse-v2").find(top) != std::string::npos;
}

} // namespace

TEST_CASE("a pass plugin runs in every variant's pipeline", "[pipeline][plugin]") {
  BuildOptions options = scaleOptions();
  BuildResult plain = buildOrFail(options);
  options.pass_plugins = {PIXIE_TEST_PLUGIN};
  BuildResult plugged = buildOrFail(options);
  REQUIRE(plugged.meta.variants.size() == 16);

  volatile double two = 2.0; // computed at run time, as the kernel does
  for (size_t i = 0; i < plugged.meta.variants.size(); ++i) {
    const Variant &v = plugged.meta.variants[i];
    INFO(v.platform << "/" << v.tier);
    CHECK(holdsConstant(plain.variant_images[i], v, 0.1));
    CHECK(!holdsConstant(plain.variant_images[i], v, 1.1));
    CHECK(holdsConstant(plugged.variant_images[i], v, 1.1));
    CHECK(!holdsConstant(plugged.variant_images[i], v, 0.1));
    if (hostCanRun(v)) {
      LoadedImage before(plain.variant_images[i]);
      LoadedImage after(plugged.variant_images[i]);
      auto f0 = reinterpret_cast<double (*)(double)>(before.symbol("scale"));
      auto f1 = reinterpret_cast<double (*)(double)>(after.symbol("scale"));
      CHECK(f0(2.0) == two * 0.1);
      CHECK(f1(2.0) == two * 1.1);
    }
  }
}

TEST_CASE("a passes pipeline replaces the default one", "[pipeline]") {
  BuildOptions options = scaleOptions();
  options.platforms = {"linux-64"};
  options.tiers = {"x86-64-v3"};
  options.inputs = {writeTemp("axpy.c", "#include <stdint.h>\n"
                                        "void axpy(double a, const double *x, double *y, int64_t n) {"
                                        "  for (int64_t i = 0; i < n; i++) y[i] += a * x[i]; }\n")};
  options.exports = {{"axpy", "axpy", "void(f64, const f64*, f64*, i64)"}};

  auto text = [](const BuildResult &r) {
    return disassemble(r.variant_images.at(0), "x86_64-unknown-linux-gnu", "x86-64-v4");
  };
  BuildResult standard = buildOrFail(options);
  CHECK(text(standard).find("%ymm") != std::string::npos);

  options.passes = "default<O3>";
  CHECK(buildOrFail(options).file == standard.file);

  options.passes = "function(sroa,instcombine,simplifycfg)"; // no vectoriser
  BuildResult scalar = buildOrFail(options);
  CHECK(text(scalar).find("%ymm") == std::string::npos);

  // A plugin's pass by name, on top of the default pipeline.
  options.inputs = scaleOptions().inputs;
  options.exports = scaleOptions().exports;
  options.pass_plugins = {PIXIE_TEST_PLUGIN};
  options.passes = "function(add-one-fp),default<O3>";
  BuildResult named = buildOrFail(options);
  REQUIRE(hostCanRun(named.meta.variants.at(0)));
  LoadedImage image(named.variant_images.at(0));
  volatile double three = 3.0;
  // The plugin also hooks the start of default<O3>, so it runs twice: +2.
  CHECK(reinterpret_cast<double (*)(double)>(image.symbol("scale"))(3.0) == three * 2.1);
}

TEST_CASE("bad pipelines and plugins are reported before building", "[pipeline][errors]") {
  BuildOptions options = scaleOptions();
  options.passes = "function(no-such-pass)";
  auto result = build(options);
  REQUIRE(!result);
  CHECK(llvm::toString(result.takeError()) ==
        "invalid --passes 'function(no-such-pass)': unknown function pass 'no-such-pass'");

  options.passes.clear();
  options.pass_plugins = {"/nonexistent/plugin.so"};
  result = build(options);
  REQUIRE(!result);
  std::string message = llvm::toString(result.takeError());
  CHECK(message.rfind("cannot load pass plugin: Could not load library '/nonexistent/plugin.so'",
                      0) == 0);
}
