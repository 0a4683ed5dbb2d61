// The example kernels as pixie-build ships them (examples/kernels): every
// linux-64 tier this CPU runs, forced in turn, gives the reference answers,
// and every variant of every platform passes the loader's image check.
#include <cmath>
#include <set>

#include <catch2/catch.hpp>

#include "image_check.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

template <class Fn> Fn *get(const Module &m, const char *name, const char *sig) {
  auto a = m.lookup(name, sig);
  INFO(name << ": " << (a ? "" : a.error().message()));
  REQUIRE(a);
  return reinterpret_cast<Fn *>(*a);
}

void checkExamples(const Module &m) {
  const int64_t n = 1001;
  // Integer-valued inputs: every tier's rounding (FMA or not, any
  // reassociation) gives exactly the reference result. a avoids 0 and
  // multiples of 5 so `a*b - 4.1*a > 2.5*b` is never within an ulp of a tie.
  const double avals[] = {1, 2, 3, 4, 6, 7, -1, -2, -3, -4, -6};
  std::vector<double> a(n), b(n), y(n);
  std::vector<float> af(n), yf(n);
  for (int64_t i = 0; i < n; ++i) {
    a[i] = avals[i % 11];
    b[i] = double(i % 9) - 4;
    y[i] = double(i % 5);
    af[i] = float(a[i]);
    yf[i] = float(y[i]);
  }

  double dot = 0, sq = 0;
  for (int64_t i = 0; i < n; ++i) {
    dot += a[i] * b[i];
    sq += a[i] * a[i];
  }
  CHECK(get<double(const double *, const double *, int64_t)>(m, "dot", "f64(const f64*, const f64*, i64)")(
            a.data(), b.data(), n) == dot);
  CHECK(get<double(const double *, int64_t)>(m, "norm", "f64(const f64*, i64)")(a.data(), n) == std::sqrt(sq));

  std::vector<uint8_t> out(n), flags(n);
  get<void(const double *, const double *, uint8_t *, int64_t)>(m, "fused", "void(const f64*, const f64*, u8*, i64)")(
      a.data(), b.data(), out.data(), n);
  for (int64_t i = 0; i < n; ++i)
    REQUIRE(out[i] == uint8_t(a[i] * b[i] - 4.1 * a[i] > 2.5 * b[i]));

  std::vector<double> y2 = y;
  get<void(double, const double *, double *, int64_t)>(m, "saxpy", "void(f64, const f64*, f64*, i64)")(3.0, a.data(),
                                                                                                     y2.data(), n);
  std::vector<float> yf2 = yf;
  get<void(float, const float *, float *, int64_t)>(m, "saxpy", "void(f32, const f32*, f32*, i64)")(3.0f, af.data(),
                                                                                                  yf2.data(), n);
  for (int64_t i = 0; i < n; ++i) {
    REQUIRE(y2[i] == 3.0 * a[i] + y[i]);
    REQUIRE(yf2[i] == 3.0f * af[i] + yf[i]);
  }

  int64_t primes = get<int64_t(uint8_t *, int64_t)>(m, "primes", "i64(u8*, i64)")(flags.data(), n);
  CHECK(primes == 168); // primes below 1001
  CHECK(flags[997] == 1);
  CHECK(flags[999] == 0);
}

} // namespace

TEST_CASE("pixie-build output: every runnable tier computes the reference results", "[examples]") {
  TempDir cache;
  std::vector<uint8_t> file = fixtureBytes(PIXIE_EXAMPLES);
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  size_t ran = 0, refused = 0;
  for (const Variant &v : reader->metadata().variants) {
    if (v.platform != "linux-64")
      continue;
    LoadOptions o = isolatedOptions(cache.path());
    o.use_isa = v.tier;
    auto m = Module::openMemory(file, o);
    bool runnable = true;
    for (const std::string &f : v.required)
      runnable = runnable && hostProfile().has(f);
    {
      INFO("tier " << v.tier);
      if (runnable) {
        INFO((m ? "" : m.error().message()));
        REQUIRE(m);
        CHECK((*m)->variant()->tier == v.tier);
        checkExamples(**m);
        ++ran;
      } else {
        REQUIRE(!m);
        CHECK(m.error().code() == Errc::unsupported_host);
        ++refused;
      }
    }
  }
  CHECK(ran + refused == 4);
  CHECK(ran >= 1);
}

TEST_CASE("pixie-build output: the default choice is the best runnable tier", "[examples]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_EXAMPLES, isolatedOptions(cache.path()));
  REQUIRE(m);
  std::string best;
  uint32_t rank = 0;
  for (const Variant &v : (*m)->metadata().variants) {
    bool runnable = v.platform == "linux-64";
    for (const std::string &f : v.required)
      runnable = runnable && hostProfile().has(f);
    if (runnable && (best.empty() || v.rank > rank)) {
      best = v.tier;
      rank = v.rank;
    }
  }
  CHECK((*m)->variant()->tier == best);
  checkExamples(**m);
}

TEST_CASE("pixie-build output: selection on synthetic hosts of every platform", "[examples]") {
  std::vector<uint8_t> file = fixtureBytes(PIXIE_EXAMPLES);
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  auto chosen = [&](const HostProfile &host) {
    Explanation why;
    auto i = selectVariant(reader->metadata(), host, {}, why);
    INFO(explanationText(why, reader->metadata()));
    REQUIRE(i);
    const Variant &v = reader->metadata().variants[*i];
    return v.platform + "/" + v.tier;
  };
  CHECK(chosen(sapphireRapids()) == "linux-64/x86-64-v4");
  CHECK(chosen(zen4()) == "linux-64/x86-64-v4");
  CHECK(chosen(zen3()) == "linux-64/x86-64-v3");
  CHECK(chosen(avxWithoutXcr0()) == "linux-64/x86-64-v2");
  CHECK(chosen(core2()) == "linux-64/x86-64");
  CHECK(chosen(windowsAvx2()) == "win-64/x86-64-v3");
  CHECK(chosen(graviton2()) == "linux-aarch64/armv8.2-a+fp16+dotprod");
  CHECK(chosen(graviton3()) == "linux-aarch64/neoverse-v1");
  CHECK(chosen(appleM1()) == "osx-arm64/apple-m1");
  // M2 and M3 require the same features (spec/targets.md): an M2 gets the M3 tier.
  CHECK(chosen(appleM2()) == "osx-arm64/apple-m3");
  // SME keeps the M4 tier to M4-class hosts.
  CHECK(chosen(appleM4()) == "osx-arm64/apple-m4");
}

TEST_CASE("pixie-build output: every variant of every platform passes the image check", "[examples][image]") {
  std::vector<uint8_t> file = fixtureBytes(PIXIE_EXAMPLES);
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  std::set<std::string> platforms;
  for (const Variant &v : reader->metadata().variants) {
    auto image = reader->container().readSection(v.section);
    REQUIRE(image);
    Error e = checkImage(*image, v.platform);
    INFO(v.platform << "/" << v.tier << ": " << e.message());
    CHECK_FALSE(e);
    platforms.insert(v.platform);
  }
  CHECK(platforms == std::set<std::string>{"linux-64", "linux-aarch64", "osx-arm64", "win-64"});
}
