// A process of its own for the real-JIT tests (real_jit_test.cpp): the JIT
// cache is raced by processes, and its "reported once" warning is per process.
//
//   jit_helper [--wait] FILE LOADS
//
// Opens FILE (the example kernels) LOADS times with the environment's
// settings (PIXIE_JIT, PIXIE_CACHE_DIR, PIXIE_JIT_LIBRARY), checks the
// results of its kernels each time, and prints one line per load:
// "<route> <route detail>". --wait first reads stdin to its end, so a test
// can hold several of these at the start line and release them at once.
// Exit status 0 when every load worked and computed right; otherwise 1, with
// the reason on stdout. stderr is left to the loader alone, so a test can
// assert exactly what the loader printed there.
#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

#include "pixie/loader.h"

using namespace pixie;

namespace {

template <class Fn> Fn *get(const Module &m, const char *name, const char *signature) {
  auto address = m.lookup(name, signature);
  return address ? reinterpret_cast<Fn *>(*address) : nullptr;
}

// Empty when the kernels give the reference answers.
std::string check(const Module &m) {
  auto *dot = get<double(const double *, const double *, int64_t)>(m, "dot", "f64(const f64*, const f64*, i64)");
  auto *saxpy = get<void(double, const double *, double *, int64_t)>(m, "saxpy", "void(f64, const f64*, f64*, i64)");
  auto *primes = get<int64_t(uint8_t *, int64_t)>(m, "primes", "i64(u8*, i64)");
  if (!dot || !saxpy || !primes)
    return "a kernel is missing";
  const int64_t n = 1001;
  std::vector<double> a(n), b(n), y(n);
  double expected_dot = 0;
  for (int64_t i = 0; i < n; ++i) {
    a[i] = double(i % 7) - 3; // small integers: every rounding order gives the same sums
    b[i] = double(i % 5);
    y[i] = double(i % 3);
    expected_dot += a[i] * b[i];
  }
  if (double got = dot(a.data(), b.data(), n); got != expected_dot)
    return "dot " + std::to_string(got) + ", expected " + std::to_string(expected_dot);
  std::vector<double> y2 = y;
  saxpy(2.0, a.data(), y2.data(), n);
  for (int64_t i = 0; i < n; ++i)
    if (y2[size_t(i)] != 2.0 * a[size_t(i)] + y[size_t(i)])
      return "saxpy wrong at " + std::to_string(i);
  std::vector<uint8_t> flags(n);
  if (int64_t count = primes(flags.data(), n); count != 168)
    return "primes below 1001: " + std::to_string(count) + ", expected 168";
  return {};
}

} // namespace

int main(int argc, char **argv) {
  int arg = 1;
  const bool wait = argc > 1 && std::string(argv[1]) == "--wait";
  arg += wait;
  if (argc - arg != 2) {
    std::printf("usage: jit_helper [--wait] FILE LOADS\n");
    return 2;
  }
  if (wait) {
    char buf[64];
    while (read(0, buf, sizeof(buf)) > 0) {
    }
  }
  const std::string file = argv[arg];
  const int loads = std::stoi(argv[arg + 1]);
  for (int i = 0; i < loads; ++i) {
    auto m = Module::openFile(file);
    if (!m) {
      std::printf("load %d failed: %s\n", i, m.error().message().c_str());
      return 1;
    }
    if (std::string problem = check(**m); !problem.empty()) {
      std::printf("load %d computed wrong: %s\n", i, problem.c_str());
      return 1;
    }
    std::printf("%s %s\n", (*m)->explanation().route.c_str(), (*m)->explanation().route_detail.c_str());
  }
  return 0;
}
