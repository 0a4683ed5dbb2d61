// Writes the files that keep the spec honest: tiny.pixie (the spec's
// annotated hex dump) and sample.pixie (multi-platform, deduplicated), plus
// sample.expect.json with the XXH3-64 of every image, for spec/reader.py.
#include <cstdio>
#include <string>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "fixtures.h"

using namespace pixie;

static FatBinaryContents tiny() {
  FatBinaryContents c;
  c.meta.library = "tiny";
  c.meta.exports = {{"add", {{"add_i64", "i64(i64, i64)", "null"}}}};
  Variant base = test::variant("linux-64", "x86-64", 0, {});
  Variant v3 = test::variant("linux-64", "x86-64-v3", 2, {"avx2"});
  c.meta.variants = {base, v3};
  // Stand-ins for two tiers of one shared library: 48 bytes that differ in two.
  std::vector<uint8_t> a(48);
  for (size_t i = 0; i < a.size(); ++i) a[i] = uint8_t(i * 7 + 3);
  std::vector<uint8_t> b = a;
  b[20] = 0xEE;
  b[21] = 0xFF;
  c.variant_images = {a, b};
  c.meta.build = {"0.1.0", "19.1.7", {}};
  return c;
}

static bool write(const std::string &path, const FatBinaryContents &c) {
  auto bytes = writeFatBinary(c);
  if (!bytes) {
    std::fprintf(stderr, "%s\n", bytes.error().message().c_str());
    return false;
  }
  if (Error e = writeFileAtomic(path, *bytes)) {
    std::fprintf(stderr, "%s\n", e.message().c_str());
    return false;
  }
  return true;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_samples OUTDIR\n");
    return 2;
  }
  std::string dir = argv[1];
  FatBinaryContents sample = test::sampleContents();
  if (!write(dir + "/tiny.pixie", tiny()) || !write(dir + "/sample.pixie", sample)) return 1;
  std::string expect = "{\"variants\": [";
  for (size_t i = 0; i < sample.variant_images.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s\"%016llx\"", i ? ", " : "",
                  (unsigned long long)XXH3_64bits(sample.variant_images[i].data(), sample.variant_images[i].size()));
    expect += buf;
  }
  expect += "]}\n";
  FILE *f = std::fopen((dir + "/sample.expect.json").c_str(), "w");
  if (!f || std::fputs(expect.c_str(), f) < 0 || std::fclose(f) != 0) return 1;
  return 0;
}
