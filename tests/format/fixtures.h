// A small but complete fat binary, built the way pixie-build builds one:
// two platforms with related variant images, a duplicated image, bitcode.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pixie/fatbinary.h"

namespace pixie::test {

// Pseudo-code bytes: deterministic, compressible, and different per tier.
inline std::vector<uint8_t> fakeImage(uint32_t seed, size_t size) {
  std::vector<uint8_t> v(size);
  uint32_t x = 12345;
  for (size_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    v[i] = uint8_t((x >> 16) % 23);
    if (i % 997 == 0) v[i] = uint8_t(seed);
  }
  return v;
}

inline Variant variant(std::string platform, std::string tier, uint32_t rank, std::vector<std::string> required) {
  Variant v;
  v.platform = std::move(platform);
  v.triple = v.platform == "linux-64" ? "x86_64-unknown-linux-gnu" : "aarch64-unknown-linux-gnu";
  v.tier = tier;
  v.rank = rank;
  v.cpu = tier;
  v.required = std::move(required);
  v.binary_format = "elf";
  return v;
}

inline FatBinaryContents sampleContents() {
  FatBinaryContents c;
  c.meta.library = "sample";
  c.meta.exports = {{"primes", {{"sieve_primes", "i64(u8*, i64)", "null"}}},
                    {"dot", {{"dot_f64", "f64(const f64*, const f64*, i64)", R"({"doc":"dot product"})"},
                             {"dot_f32", "f32(const f32*, const f32*, i64)", "null"}}}};
  c.meta.variants = {variant("linux-64", "x86-64", 0, {}),
                     variant("linux-64", "x86-64-v2", 1, {"sse4.2", "popcnt"}),
                     variant("linux-64", "x86-64-v3", 2, {"avx2", "fma"}),
                     variant("linux-aarch64", "armv8-a", 0, {"neon"}),
                     variant("linux-aarch64", "armv8.2-a+dotprod", 1, {"neon", "dotprod"})};
  c.variant_images = {fakeImage(1, 20000), fakeImage(2, 20000), fakeImage(3, 20000), fakeImage(4, 18000),
                      fakeImage(4, 18000)}; // the two aarch64 tiers came out identical
  c.meta.bitcode = {{"linux-64", "x86_64-unknown-linux-gnu", 0}, {"linux-aarch64", "aarch64-unknown-linux-gnu", 0}};
  c.bitcode_images = {fakeImage(7, 5000), fakeImage(8, 5000)};
  c.meta.build = {"0.1.0", "19.1.7", {"-O3"}};
  return c;
}

inline std::vector<uint8_t> sampleFile() {
  auto bytes = writeFatBinary(sampleContents());
  return bytes ? *bytes : std::vector<uint8_t>{};
}

} // namespace pixie::test
