// Libraries are loaded by the names /proc/self/fd/N, and glibc hands a loaded
// library back for a later dlopen of the same name without looking at the
// file. So while a library is loaded, the descriptor behind each of its names
// must stay open: were it closed, the next memfd or cache file would get the
// lowest free number, that same N, and "load" the old library. A library
// outlives the module that opened it when another module shares it (two
// cache-file opens of one entry are one library: glibc matches the inode) or
// when it cannot be unloaded (DF_1_NODELETE). The load-stress test found the
// first: a thread's memfd load returned another thread's cache-file library.
#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>

#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;
namespace fs = std::filesystem;

namespace {

// The descriptors of this process open on a file whose name starts with
// `prefix`.
size_t fdsOn(const std::string &prefix) {
  size_t n = 0;
  for (auto &e : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    fs::path target = fs::read_symlink(e.path(), ec);
    n += !ec && target.string().starts_with(prefix);
  }
  return n;
}

int32_t tierOf(const Module &m) {
  auto f = m.lookup("tier");
  REQUIRE(f);
  return reinterpret_cast<int32_t (*)()>(*f)();
}

// A memfd load of the stand-in JIT's kernels (tier 77), which no other test
// library has: if a stale name answered, the tier would say whose it was.
int32_t freshMemfdTier(const std::string &cache) {
  LoadOptions o = isolatedOptions(cache);
  o.route = LoadRoute::Memfd;
  auto m = Module::openMemory(oneVariantFile("fresh", fixtureBytes(PIXIE_FAKE_JIT_IMAGE)), o);
  REQUIRE(m);
  return tierOf(**m);
}

} // namespace

TEST_CASE("a library two cache-file opens share keeps its names' descriptors until both are closed", "[fd]") {
  TempDir tmp;
  LoadOptions o = isolatedOptions(tmp.path() + "/cache");
  o.route = LoadRoute::CacheFile;
  const std::vector<uint8_t> baseline = fixtureBytes(PIXIE_BASELINE_FIXTURE); // tier 1
  auto first = Module::openMemory(baseline, o);
  REQUIRE(first);
  const std::string entry = fs::canonical((*first)->explanation().route_detail).string();
  auto second = Module::openMemory(baseline, o);
  REQUIRE(second);
  CHECK(tierOf(**second) == 1);
  REQUIRE(fdsOn(entry) == 2);

  first->reset();
  CHECK(fdsOn(entry) == 2); // the library is still loaded, under the first open's name too
  CHECK(freshMemfdTier(tmp.path() + "/cache") == 77);
  CHECK(tierOf(**second) == 1);

  second->reset();
  CHECK(fdsOn(entry) == 0);
  CHECK(freshMemfdTier(tmp.path() + "/cache") == 77);
}

TEST_CASE("a library that cannot be unloaded keeps its name's descriptor", "[fd]") {
  TempDir tmp;
  // In a child: the library stays mapped for good, which other tests here
  // would count as a leak.
  const int status = inChild([&] {
    LoadOptions o = isolatedOptions(tmp.path() + "/cache");
    o.route = LoadRoute::Memfd;
    {
      auto m = Module::openMemory(oneVariantFile("nodelete", fixtureBytes(PIXIE_NODELETE_SO)), o);
      if (!m || tierOf(**m) != 106)
        return 1;
    }
    if (fdsOn("/memfd:pixie:nodelete:") != 1)
      return 2; // closed under a library still loaded
    if (freshMemfdTier(tmp.path() + "/cache") != 77)
      return 3; // the stale name answered
    return 0;
  });
  CHECK(status == 0);
}
