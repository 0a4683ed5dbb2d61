// Catch2's main, plus an allocation probe: tests assert that hostile sizes
// claimed by a file are refused before anything of that size is allocated.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

namespace pixie::test {
size_t largestAllocation = 0;
}

void *operator new(std::size_t size) {
  if (size > pixie::test::largestAllocation) pixie::test::largestAllocation = size;
  if (void *p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
