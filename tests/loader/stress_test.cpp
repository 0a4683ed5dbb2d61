// Resource hygiene and concurrency: what a long-running host process does.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

using DotF64 = double(const double *, const double *, int64_t);

int64_t openCallClose(const LoadOptions &o, const std::vector<uint8_t> &file) {
  auto m = Module::openMemory(file, o);
  if (!m)
    return -1;
  auto dot = (*m)->lookup("dot", "f64(const f64*, const f64*, i64)");
  auto bump = (*m)->lookup("bump");
  if (!dot || !bump)
    return -2;
  double a[4] = {1, 2, 3, 4}, b[4] = {4, 3, 2, 1};
  if (reinterpret_cast<DotF64 *>(*dot)(a, b, 4) != 20.0)
    return -3;
  return reinterpret_cast<int64_t (*)()>(*bump)();
}

} // namespace

TEST_CASE("1000 open/call/close cycles leave no descriptor or mapping behind", "[stress]") {
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  std::vector<uint8_t> file = fixtureBytes();
  REQUIRE(openCallClose(o, file) == 1); // warm up: first-use allocations
  const size_t fds = openFdCount();
  // File-backed mappings only: a library left loaded is one, while a
  // sanitizer's runtime grows its anonymous shadow and allocator regions.
  const size_t maps = countLines(selfMaps(), " /");
  for (int i = 0; i < 1000; ++i) {
    // A fresh instance every time: fd reuse must never hand back an old one.
    int64_t r = openCallClose(o, file);
    if (r != 1)
      FAIL("cycle " << i << " returned " << r);
  }
  CHECK(openFdCount() == fds);
  CHECK(countLines(selfMaps(), " /") == maps);
  CHECK(countLines(selfMaps(), "/memfd:pixie") == 0);
}

TEST_CASE("8 threads opening, calling and closing at once", "[stress]") {
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  std::vector<uint8_t> file = fixtureBytes();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (openCallClose(o, file) != 1)
          ++failures;
    });
  for (auto &t : threads)
    t.join();
  CHECK(failures == 0);
}

TEST_CASE("8 threads sharing one module call it concurrently", "[stress]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(cache.path()));
  REQUIRE(m);
  auto dot = reinterpret_cast<DotF64 *>(*(*m)->lookup("dot", "f64(const f64*, const f64*, i64)"));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      std::vector<double> a(4096, double(t)), b(4096, 2.0);
      for (int i = 0; i < 200; ++i)
        if (dot(a.data(), b.data(), int64_t(a.size())) != 4096.0 * 2.0 * t)
          ++wrong;
    });
  for (auto &t : threads)
    t.join();
  CHECK(wrong == 0);
}
