// Catch2's main, plus an allocation probe: tests assert that hostile sizes
// claimed by a file are refused before anything of that size is allocated.
// Every non-aligned form of new/delete is replaced, so pairs never mix with a
// sanitizer's own operators.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

namespace pixie::test {
size_t largestAllocation = 0;
}

namespace {
void *allocate(std::size_t size) noexcept {
  if (size > pixie::test::largestAllocation) pixie::test::largestAllocation = size;
  return std::malloc(size ? size : 1);
}
void *allocateOrThrow(std::size_t size) {
  if (void *p = allocate(size)) return p;
  throw std::bad_alloc();
}
} // namespace

void *operator new(std::size_t size) { return allocateOrThrow(size); }
void *operator new[](std::size_t size) { return allocateOrThrow(size); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept { return allocate(size); }
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept { return allocate(size); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { std::free(p); }
