// The whole build on the bundled examples: 16 variants, their object files,
// the metadata, the bitcode, execution where this host can, determinism.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "pixie/fatbinary.h"
#include "pixie/targets.h"
#include "test_support.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

using namespace pixie;
using namespace pixie::test;

namespace {

const std::set<std::string> kExampleSymbols = {"sieve_primes", "fused_expr", "saxpy_f32",
                                                "saxpy_f64",    "dot_f64",    "norm_f64"};

} // namespace

TEST_CASE("every example variant is a shared library exporting exactly the exports and "
          "importing nothing", "[build]") {
  BuildResult result = buildOrFail(exampleOptions());
  REQUIRE(result.meta.variants.size() == 16);
  REQUIRE(result.variant_images.size() == 16);
  for (size_t i = 0; i < result.meta.variants.size(); ++i) {
    const Variant &v = result.meta.variants[i];
    INFO(v.platform << "/" << v.tier);
    ImageFacts facts = inspectImage(result.variant_images[i]);
    CHECK(facts.format == v.binary_format);
    CHECK(facts.machine == (v.triple.rfind("x86_64", 0) == 0 ? "x86_64" : "aarch64"));
    CHECK(facts.shared_library);
    CHECK(facts.exports == kExampleSymbols);
    CHECK(facts.imports.empty());
    if (v.platform == "osx-arm64") {
      CHECK(facts.build_version);
      CHECK(facts.code_signature);
      CHECK(facts.signature_identifier == "libkernels.dylib");
    }
  }
}

TEST_CASE("the metadata lists variants by platform and rank with LLVM-derived requirements",
          "[build]") {
  BuildResult result = buildOrFail(exampleOptions());
  const Metadata &meta = result.meta;
  CHECK(meta.library == "kernels");
  CHECK(meta.uuid.size() == 36);

  size_t i = 0;
  for (const Platform &p : allPlatforms()) {
    for (const Tier &t : p.tiers) {
      const Variant &v = meta.variants.at(i++);
      CHECK(v.platform == p.name);
      CHECK(v.triple == p.triple);
      CHECK(v.tier == t.name);
      CHECK(v.rank == t.rank);
      CHECK(v.cpu == t.cpu);
      CHECK(v.binary_format == binaryFormatName(p.format));
      CHECK(v.required == llvm::cantFail(requiredFeatures(p, t)));
    }
  }
  auto variant = [&](const char *platform, const char *tier) -> const Variant & {
    for (const Variant &v : meta.variants)
      if (v.platform == platform && v.tier == tier)
        return v;
    FAIL("no variant " << platform << "/" << tier);
    return meta.variants.front();
  };
  auto requires_ = [](const Variant &v, const char *feature) {
    return std::count(v.required.begin(), v.required.end(), feature) == 1;
  };
  CHECK(variant("linux-64", "x86-64").required == std::vector<std::string>{"sse2"});
  CHECK(requires_(variant("win-64", "x86-64-v3"), "avx2"));
  CHECK(requires_(variant("win-64", "x86-64-v3"), "fma"));
  CHECK(!requires_(variant("win-64", "x86-64-v3"), "avx512f"));
  CHECK(requires_(variant("linux-64", "x86-64-v4"), "avx512f"));
  CHECK(requires_(variant("linux-aarch64", "neoverse-v1"), "sve"));
  CHECK(!requires_(variant("linux-aarch64", "neoverse-v1"), "sve2"));
  CHECK(requires_(variant("linux-aarch64", "neoverse-v2"), "sve2"));
  CHECK(requires_(variant("linux-aarch64", "armv8.2-a+fp16+dotprod"), "dotprod"));

  REQUIRE(meta.exports.size() == 5);
  CHECK(meta.exports[0].name == "primes");
  CHECK(meta.exports[0].overloads.at(0).signature == "i64(u8*, i64)");
  CHECK(meta.exports[0].overloads.at(0).user_metadata ==
        R"({"doc":"flags[i] = 1 where i is prime; returns the count below n"})");
  CHECK(meta.exports[2].name == "saxpy");
  REQUIRE(meta.exports[2].overloads.size() == 2);
  CHECK(meta.exports[2].overloads[0].symbol == "saxpy_f32");
  CHECK(meta.exports[2].overloads[1].signature == "void(f64, const f64*, f64*, i64)");
  CHECK(meta.exports[3].overloads.at(0).user_metadata == "null");

  CHECK(meta.build.pixie_version == PIXIE_VERSION);
  CHECK(meta.build.llvm_version.rfind("19.", 0) == 0);
}

TEST_CASE("the bitcode is one unoptimised module per platform without CPU attributes",
          "[build]") {
  BuildResult result = buildOrFail(exampleOptions());
  auto reader = FatBinaryReader::open(result.file);
  REQUIRE(reader);
  REQUIRE(result.meta.bitcode.size() == 4);
  for (size_t i = 0; i < result.meta.bitcode.size(); ++i) {
    const BitcodeEntry &entry = result.meta.bitcode[i];
    INFO(entry.platform);
    CHECK(entry.triple == findPlatform(entry.platform)->triple);
    auto bytes = reader->readBitcode(i);
    REQUIRE(bytes);
    llvm::LLVMContext context;
    auto module = llvm::parseBitcodeFile(
        llvm::MemoryBufferRef(llvm::StringRef(reinterpret_cast<const char *>(bytes->data()),
                                              bytes->size()),
                              "bitcode"),
        context);
    REQUIRE(bool(module));
    CHECK((*module)->getTargetTriple() == entry.triple);
    for (const std::string &symbol : kExampleSymbols) {
      const llvm::Function *f = (*module)->getFunction(symbol);
      REQUIRE(f);
      CHECK(!f->isDeclaration());
      CHECK(!f->hasFnAttribute("target-cpu"));
      CHECK(!f->hasFnAttribute("target-features"));
      CHECK(!f->hasFnAttribute("tune-cpu"));
    }
    // Unoptimised: clang's allocas are still there (no mem2reg yet).
    const llvm::Function *dot = (*module)->getFunction("dot_f64");
    bool hasAlloca = false;
    for (const llvm::Instruction &inst : dot->getEntryBlock())
      hasAlloca |= llvm::isa<llvm::AllocaInst>(inst);
    CHECK(hasAlloca);
  }
}

TEST_CASE("variants this host can run compute the right answers", "[build][run]") {
  BuildResult result = buildOrFail(exampleOptions());
  size_t ran = 0;
  for (size_t i = 0; i < result.meta.variants.size(); ++i) {
    const Variant &v = result.meta.variants[i];
    if (!hostCanRun(v))
      continue;
    INFO(v.tier);
    LoadedImage image(result.variant_images[i]);
    ++ran;

    auto primes = reinterpret_cast<int64_t (*)(uint8_t *, int64_t)>(image.symbol("sieve_primes"));
    std::vector<uint8_t> flags(1000);
    CHECK(primes(flags.data(), 1000) == 168);
    CHECK(flags[997] == 1);
    CHECK(flags[999] == 0);

    const int64_t n = 1003; // not a multiple of any vector width
    std::vector<double> a(n), b(n), y(n);
    std::vector<float> af(n), yf(n);
    for (int64_t k = 0; k < n; ++k) {
      a[k] = 0.5 + k % 17;
      b[k] = 1.25 * (k % 13) - 3;
      y[k] = k;
      af[k] = float(k % 7);
      yf[k] = 1;
    }
    auto fused = reinterpret_cast<void (*)(const double *, const double *, uint8_t *, int64_t)>(
        image.symbol("fused_expr"));
    std::vector<uint8_t> out(n, 7);
    fused(a.data(), b.data(), out.data(), n);
    for (int64_t k = 0; k < n; ++k)
      REQUIRE(out[k] == uint8_t(a[k] * b[k] - 4.1 * a[k] > 2.5 * b[k]));

    auto saxpy32 = reinterpret_cast<void (*)(float, const float *, float *, int64_t)>(
        image.symbol("saxpy_f32"));
    saxpy32(2, af.data(), yf.data(), n);
    for (int64_t k = 0; k < n; ++k)
      REQUIRE(yf[k] == 2 * float(k % 7) + 1);
    auto saxpy64 = reinterpret_cast<void (*)(double, const double *, double *, int64_t)>(
        image.symbol("saxpy_f64"));
    saxpy64(0.5, a.data(), y.data(), n);
    for (int64_t k = 0; k < n; ++k)
      REQUIRE(y[k] == 0.5 * a[k] + k);

    auto dot = reinterpret_cast<double (*)(const double *, const double *, int64_t)>(
        image.symbol("dot_f64"));
    auto norm = reinterpret_cast<double (*)(const double *, int64_t)>(image.symbol("norm_f64"));
    double expectDot = 0, expectSq = 0;
    for (int64_t k = 0; k < n; ++k) {
      expectDot += a[k] * b[k];
      expectSq += a[k] * a[k];
    }
    CHECK(dot(a.data(), b.data(), n) == Approx(expectDot).epsilon(1e-12));
    CHECK(norm(a.data(), n) == Approx(std::sqrt(expectSq)).epsilon(1e-12));
    CHECK(norm(a.data(), 0) == 0);
  }
  // Every x86-64 machine runs the baseline; this one (AVX2) runs three tiers.
  CHECK(ran >= 1);
}

TEST_CASE("builds are byte-identical, serial or parallel", "[build][determinism]") {
  BuildResult serial = buildOrFail(exampleOptions(1));
  BuildResult parallel = buildOrFail(exampleOptions(2));
  BuildResult again = buildOrFail(exampleOptions(2));
  CHECK(serial.file == parallel.file);
  CHECK(parallel.file == again.file);
  CHECK(serial.variant_images == parallel.variant_images);
}

TEST_CASE("platform and tier options select a subset in table order", "[build]") {
  BuildOptions options = exampleOptions();
  options.platforms = {"win-64", "linux-64"};
  options.tiers = {"x86-64-v3", "x86-64"};
  BuildResult result = buildOrFail(options);
  std::vector<std::string> got;
  for (const Variant &v : result.meta.variants)
    got.push_back(v.platform + "/" + v.tier);
  CHECK(got == std::vector<std::string>{"linux-64/x86-64", "linux-64/x86-64-v3",
                                        "win-64/x86-64", "win-64/x86-64-v3"});
  CHECK(result.meta.bitcode.size() == 2);
}

TEST_CASE("bad target selections name the valid choices", "[build][errors]") {
  BuildOptions options = exampleOptions();
  options.platforms = {"linux-riscv"};
  auto result = build(options);
  REQUIRE(!result);
  CHECK(llvm::toString(result.takeError()) ==
        "unknown platform 'linux-riscv' (valid: linux-64, linux-aarch64, osx-arm64, win-64)");

  options.platforms = {"osx-arm64"};
  options.tiers = {"x86-64-v3"};
  result = build(options);
  REQUIRE(!result);
  CHECK(llvm::toString(result.takeError()) ==
        "unknown tier 'x86-64-v3' (valid: apple-m1, apple-m2, apple-m3, apple-m4)");
}

TEST_CASE("inputs of every kind link into one module, retargeted per platform", "[build]") {
  // IR written for another target: the triple and data layout are replaced,
  // and its CPU attributes removed, on every platform.
  std::string ll = writeTemp("helper.ll", R"(
target triple = "riscv64-unknown-linux-gnu"
define i64 @helper(i64 %x) #0 {
  %y = mul i64 %x, 3
  ret i64 %y
}
attributes #0 = { "target-cpu"="generic-rv64" "target-features"="+m" }
)");
  std::string bc;
  {
    llvm::LLVMContext context;
    llvm::SMDiagnostic diag;
    auto module = llvm::parseAssemblyString("define i64 @twice(i64 %x) {\n"
                                            "  %y = shl i64 %x, 1\n  ret i64 %y\n}\n",
                                            diag, context);
    REQUIRE(module);
    std::string bytes;
    llvm::raw_string_ostream out(bytes);
    llvm::WriteBitcodeToFile(*module, out);
    out.flush();
    bc = writeTemp("twice.bc", bytes);
  }
  std::string cpp = writeTemp("entry.cpp", R"(
#include <stdint.h>
extern "C" int64_t helper(int64_t);
extern "C" int64_t twice(int64_t);
template <class T> static T combine(T a, T b) { return a + b; }
extern "C" int64_t entry(int64_t x) { return combine(helper(x), twice(x)); }
)");
  std::string c = writeTemp("other.c", "#include <stdint.h>\n"
                                       "int64_t other(int64_t x) { return x - 1; }\n");

  BuildOptions options;
  options.library = "mixed";
  options.inputs = {ll, bc, cpp, c};
  options.exports = {{"entry", "entry", "i64(i64)"}, {"other", "other", "i64(i64)"}};
  for (unsigned level : {0u, 3u}) {
    options.opt_level = level;
    BuildResult result = buildOrFail(options);
    REQUIRE(result.meta.variants.size() == 16);
    for (size_t i = 0; i < result.meta.variants.size(); ++i) {
      const Variant &v = result.meta.variants[i];
      INFO(v.platform << "/" << v.tier << " -O" << level);
      ImageFacts facts = inspectImage(result.variant_images[i]);
      CHECK(facts.exports == std::set<std::string>{"entry", "other"}); // helper, twice internal
      CHECK(facts.imports.empty());
      if (!hostCanRun(v))
        continue;
      LoadedImage image(result.variant_images[i]);
      CHECK(reinterpret_cast<int64_t (*)(int64_t)>(image.symbol("entry"))(7) == 35);
      CHECK(reinterpret_cast<int64_t (*)(int64_t)>(image.symbol("other"))(7) == 6);
    }
  }
}
