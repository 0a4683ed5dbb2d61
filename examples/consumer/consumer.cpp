// Loads a .pixie through the RAII C++ wrapper, calls its `dot` kernel and
// checks the answer. Usage: cpp_consumer FILE.pixie
#include <cstdint>
#include <cstdio>
#include <vector>

#include <pixie/pixie.hpp>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: cpp_consumer FILE.pixie\n");
    return 2;
  }
  pixie::Status st;
  pixie::Library lib = pixie::Library::open(argv[1], st);
  if (st) {
    std::fprintf(stderr, "cpp_consumer: %s\n", st.message());
    return 1;
  }
  auto *dot = lib.lookup<double(const double *, const double *, int64_t)>("dot", "double(const double*, const double*, int64_t)", st);
  if (st) {
    std::fprintf(stderr, "cpp_consumer: %s\n", st.message());
    return 1;
  }
  std::vector<double> x(4097), y(4097);
  double expected = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = double(i % 11);
    y[i] = double(int(i % 4) - 2);
    expected += x[i] * y[i];
  }
  double got = dot(x.data(), y.data(), int64_t(x.size()));
  std::printf("selected %s/%s: dot = %g (expected %g)\n", lib.platform(), lib.tier(), got, expected);
  return got == expected ? 0 : 1;
}
