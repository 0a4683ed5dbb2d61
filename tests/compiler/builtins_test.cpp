// The builtins object: code that makes LLVM call memcpy, memmove, memset,
// memset_pattern16 (Darwin) and __chkstk (Windows), or that clang would turn
// into libgcc calls (atomics on aarch64), still links into variants that
// import nothing, and the calls do the right thing.
#include <catch2/catch.hpp>

#include <numeric>
#include <regex>

#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

const char kSource[] = R"(
#include <stdint.h>
// Overlapping moves in both directions, then a copy and a clear.
void shuffle(uint8_t *p, int64_t n, uint8_t *q) {
  __builtin_memmove(p + 1, p, n);     // backward copy
  __builtin_memmove(p, p + 2, n);     // forward copy
  __builtin_memcpy(q, p, n);
  __builtin_memset(p + n, 0, 2);
}
// A loop of one repeated 8-byte value: Darwin's idiom is memset_pattern16.
void fill(double *x, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    x[i] = 1.5;
}
// Atomics inline on every tier: clang's aarch64 default, outline atomics,
// would call __aarch64_ldadd8_acq_rel and friends from libgcc.
int64_t bump(int64_t *counter) { return __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST); }
// A frame far over 4 KiB: Windows code must probe it with __chkstk.
double bigframe(const double *x, int64_t n) {
  volatile double buf[4096];
  for (int64_t i = 0; i < 4096; i++)
    buf[i] = x[i % n];
  double s = 0;
  for (int64_t i = 0; i < 4096; i++)
    s += buf[i];
  return s;
}
)";

} // namespace

TEST_CASE("code needing the builtins links without imports and runs", "[builtins]") {
  BuildOptions options;
  options.library = "mem";
  options.inputs = {writeTemp("mem.c", kSource)};
  options.exports = {{"shuffle", "shuffle", "void(u8*, i64, u8*)"},
                     {"fill", "fill", "void(f64*, i64)"},
                     {"bigframe", "bigframe", "f64(const f64*, i64)"},
                     {"bump", "bump", "i64(i64*)"}};
  BuildResult result = buildOrFail(options);
  REQUIRE(result.meta.variants.size() == 16);
  for (size_t i = 0; i < result.meta.variants.size(); ++i) {
    const Variant &v = result.meta.variants[i];
    INFO(v.platform << "/" << v.tier);
    ImageFacts facts = inspectImage(result.variant_images[i]);
    CHECK(facts.imports.empty());
    CHECK(facts.exports == std::set<std::string>{"shuffle", "fill", "bigframe", "bump"});
    if (v.platform == "win-64")
      // __chkstk's last probe is in the image.
      CHECK(std::regex_search(disassemble(result.variant_images[i], v.triple, "x86-64-v4"),
                              std::regex(R"(subq\s+%rax, %rcx\s+testq\s+%rcx, \(%rcx\))")));

    if (!hostCanRun(v))
      continue;
    LoadedImage image(result.variant_images[i]);
    auto shuffle = reinterpret_cast<void (*)(uint8_t *, int64_t, uint8_t *)>(image.symbol("shuffle"));
    std::vector<uint8_t> p(300), q(300, 0xEE), expect(300);
    std::iota(p.begin(), p.end(), 0);
    expect = p;
    std::memmove(expect.data() + 1, expect.data(), 200);
    std::memmove(expect.data(), expect.data() + 2, 200);
    std::vector<uint8_t> expectQ(expect.begin(), expect.begin() + 200);
    expectQ.resize(300, 0xEE);
    expect[200] = expect[201] = 0;
    shuffle(p.data(), 200, q.data());
    CHECK(p == expect);
    CHECK(q == expectQ);

    auto fill = reinterpret_cast<void (*)(double *, int64_t)>(image.symbol("fill"));
    std::vector<double> x(1001, 0);
    fill(x.data(), 1000);
    CHECK(std::count(x.begin(), x.end(), 1.5) == 1000);
    CHECK(x[1000] == 0);

    auto bigframe = reinterpret_cast<double (*)(const double *, int64_t)>(image.symbol("bigframe"));
    double three[] = {1, 2, 3};
    CHECK(bigframe(three, 3) == 1365 * 6 + 1);

    auto bump = reinterpret_cast<int64_t (*)(int64_t *)>(image.symbol("bump"));
    int64_t counter = 41;
    CHECK(bump(&counter) == 41);
    CHECK(counter == 42);
  }
}
