// C++ allocation for kernels: operator new and delete over the kernel's
// malloc and aligned_alloc. Kernels are built without exceptions, so an
// allocation that fails stops the process, as an uncaught std::bad_alloc would.
#include <cstddef>
#include <new>
#include <stdlib.h>

namespace {
void *allocate(std::size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    __builtin_trap();
  return p;
}
void *allocateAligned(std::size_t size, std::align_val_t align) {
  std::size_t a = static_cast<std::size_t>(align);
  std::size_t rounded = (size + a - 1) / a * a; // aligned_alloc wants a multiple
  void *p = aligned_alloc(a, rounded ? rounded : a);
  if (!p)
    __builtin_trap();
  return p;
}
} // namespace

void *operator new(std::size_t size) { return allocate(size); }
void *operator new[](std::size_t size) { return allocate(size); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept { return malloc(size ? size : 1); }
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept { return malloc(size ? size : 1); }
void *operator new(std::size_t size, std::align_val_t a) { return allocateAligned(size, a); }
void *operator new[](std::size_t size, std::align_val_t a) { return allocateAligned(size, a); }
void operator delete(void *p) noexcept { free(p); }
void operator delete[](void *p) noexcept { free(p); }
void operator delete(void *p, std::size_t) noexcept { free(p); }
void operator delete[](void *p, std::size_t) noexcept { free(p); }
void operator delete(void *p, std::align_val_t) noexcept { free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { free(p); }

// A pure virtual function called during construction or destruction.
#if defined(_WIN32)
extern "C" int _purecall() { __builtin_trap(); }
#else
extern "C" void __cxa_pure_virtual() { __builtin_trap(); }
#endif
