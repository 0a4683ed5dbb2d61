/* Windows: the kernel's heap is the UCRT heap, through _aligned_malloc and
 * friends only, so that every pointer a kernel gets (from malloc or
 * aligned_alloc) can be released by the same free(). Elsewhere malloc, free
 * and aligned_alloc are imported from the platform's C library as they are. */
#if defined(_WIN32)
#include <stdlib.h>
#include <string.h>

void *_aligned_malloc(size_t size, size_t alignment);
void *_aligned_realloc(void *p, size_t size, size_t alignment);
void _aligned_free(void *p);

/* What malloc guarantees on win-64: suitable for any fundamental type. */
#define MALLOC_ALIGN 16

void *malloc(size_t size) { return _aligned_malloc(size ? size : 1, MALLOC_ALIGN); }

void free(void *p) { _aligned_free(p); }

void *realloc(void *p, size_t size) {
  return _aligned_realloc(p, size ? size : 1, MALLOC_ALIGN);
}

void *calloc(size_t count, size_t size) {
  size_t bytes;
  if (__builtin_mul_overflow(count, size, &bytes))
    return NULL;
  void *p = malloc(bytes);
  if (p)
    memset(p, 0, bytes);
  return p;
}

void *aligned_alloc(size_t alignment, size_t size) {
  if (alignment < MALLOC_ALIGN)
    alignment = MALLOC_ALIGN;
  return _aligned_malloc(size ? size : 1, alignment);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment % sizeof(void *) || (alignment & (alignment - 1)))
    return 22; /* EINVAL */
  void *p = aligned_alloc(alignment, size);
  if (!p)
    return 12; /* ENOMEM */
  *out = p;
  return 0;
}
#endif
