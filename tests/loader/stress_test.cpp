// Resource hygiene and concurrency: what a long-running host process does.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>

#include <unistd.h>

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

namespace {

// One file of the load-stress mix and the options it is opened with.
struct Source {
  const char *path;
  LoadOptions options;
  bool own_instance; // memfd: every open has its own globals, so bump() is 1
  int32_t tier = 0;  // what tier() returned when this file was opened alone
};

// Empty when one open/call/close of `s` gave the right answers.
std::string openCallCloseFile(const Source &s) {
  auto m = Module::openFile(s.path, s.options);
  if (!m)
    return m.error().message();
  auto tier = (*m)->lookup("tier");
  auto dot = (*m)->lookup("dot", "f64(const f64*, const f64*, i64)");
  auto bump = (*m)->lookup("bump");
  if (!tier || !dot || !bump)
    return "a lookup failed";
  const int32_t got_tier = reinterpret_cast<int32_t (*)()>(*tier)();
  if (got_tier != s.tier)
    return "tier " + std::to_string(got_tier) + ", expected " + std::to_string(s.tier);
  double a[5] = {1, 2, 3, 4, 5}, b[5] = {5, 4, 3, 2, 1};
  if (const double d = reinterpret_cast<DotF64 *>(*dot)(a, b, 5); d != 35.0)
    return "dot " + std::to_string(d) + ", expected 35";
  // Through the cache file, two threads holding the same entry share one
  // instance (the dynamic loader matches the inode), so only memfd's is
  // known to be fresh.
  const int64_t n = reinterpret_cast<int64_t (*)()>(*bump)();
  if (s.own_instance ? n != 1 : n < 1)
    return "bump() " + std::to_string(n) + " on a fresh open";
  return {};
}

// Per thread: 1000, but 250 under TSan (tests/loader/CMakeLists.txt says why).
constexpr int kIterations = PIXIE_STRESS_ITERATIONS;

size_t residentKiB() {
  std::ifstream in("/proc/self/statm");
  size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * size_t(sysconf(_SC_PAGESIZE)) / 1024;
}

} // namespace

TEST_CASE("8 threads open, call and close 3 files by 3 routes: every result right, nothing kept", "[stress]") {
  TempDir tmp;
  const std::string log = tmp.path() + "/compiles.log";
  setenv("PIXIE_FAKE_JIT_IMAGE", PIXIE_FAKE_JIT_IMAGE, 1);
  setenv("PIXIE_FAKE_JIT_LOG", log.c_str(), 1);
  LoadOptions memfd = isolatedOptions(tmp.path() + "/cache");
  memfd.route = LoadRoute::Memfd;
  LoadOptions file = isolatedOptions(tmp.path() + "/cache");
  file.route = LoadRoute::CacheFile;
  LoadOptions jit = isolatedOptions(tmp.path() + "/cache");
  jit.jit = JitPolicy::Always; // compiled once (by the stand-in JIT), then JIT-cache hits
  jit.jit_library = PIXIE_FAKE_JIT;
  std::vector<Source> sources = {{PIXIE_FIXTURE, memfd, true},
                                 {PIXIE_PAIR_FIXTURE, memfd, true},
                                 {PIXIE_BASELINE_FIXTURE, file, false},
                                 {PIXIE_FIXTURE, jit, true}};
  for (Source &s : sources) {
    auto m = Module::openFile(s.path, s.options);
    INFO(s.path << ": " << (m ? "" : m.error().message()));
    REQUIRE(m);
    s.tier = reinterpret_cast<int32_t (*)()>(*(*m)->lookup("tier"))();
  }
  CHECK(sources[1].tier >= 1);
  CHECK(sources[1].tier <= 2);
  CHECK(sources[2].tier == 1);
  CHECK(sources[3].tier == 77); // the stand-in JIT's code

  std::mutex mutex;
  std::map<std::string, std::string> first_failure; // by source
  std::atomic<int> failures{0};
  auto round = [&](int iterations) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < iterations; ++i) {
          const size_t source = size_t(t + i) % sources.size();
          std::string problem = openCallCloseFile(sources[source]);
          if (problem.empty())
            continue;
          ++failures;
          std::lock_guard<std::mutex> lock(mutex);
          first_failure.emplace(std::string(sources[source].path) + " (source " + std::to_string(source) + ")",
                                "thread " + std::to_string(t) + ", iteration " + std::to_string(i) + ": " + problem);
        }
      });
    for (auto &t : threads)
      t.join();
  };
  // Warm-up: thread stacks and malloc arenas that glibc keeps for reuse,
  // the cache entries, first-use allocations. None of that is growth.
  round(50);
  const size_t fds = openFdCount(), maps = countLines(selfMaps(), " /"), rss = residentKiB();
  const auto start = std::chrono::steady_clock::now();
  round(kIterations);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const size_t fds_after = openFdCount(), maps_after = countLines(selfMaps(), " /"), rss_after = residentKiB();
  unsetenv("PIXIE_FAKE_JIT_IMAGE");
  unsetenv("PIXIE_FAKE_JIT_LOG");
  std::printf("load stress: 8 threads x %d open/call/close in %.1f s; open fds %zu -> %zu; file-backed mappings "
              "%zu -> %zu; RSS %zu -> %zu KiB\n",
              kIterations, seconds, fds, fds_after, maps, maps_after, rss, rss_after);
  std::fflush(stdout); // before any forked test's child could inherit the buffer

  for (const auto &[source, problem] : first_failure)
    UNSCOPED_INFO(source << ", first failure: " << problem);
  CHECK(failures == 0);
  CHECK(fds_after == fds);
  CHECK(maps_after == maps);
  CHECK(countLines(selfMaps(), "/memfd:pixie") == 0);
  // Every JIT open after the first one was a cache hit.
  std::ifstream compiles(log);
  CHECK(std::count(std::istreambuf_iterator<char>(compiles), {}, '\n') == 1);
#ifndef PIXIE_SANITIZED
  // A module left behind keeps at least its variant's pages (4 KiB and up),
  // its link map and its metadata: 8000 opens leaking even 1 KiB each would
  // add 8 MiB. Allocator and stack caches were filled by the warm-up. (Under
  // a sanitizer, whose allocator holds freed memory back by design, RSS says
  // nothing; under ASan, LeakSanitizer looks for leaks instead.)
  CHECK(rss_after < rss + 8 * 1024);
#endif
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
