/* Windows: the kernel's heap is the UCRT heap. Each block starts with a
 * 16-byte header holding its alignment, placed by _aligned_offset_malloc so
 * that the memory after it is aligned: free() and realloc() then work on any
 * pointer the kernel got, from malloc or aligned_alloc alike, and realloc
 * keeps a block's alignment (_aligned_realloc must be told it, and refuses to
 * change it). Elsewhere malloc and friends are the platform's own, imported
 * as they are. */
#if defined(_WIN32)
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *_aligned_offset_malloc(size_t size, size_t alignment, size_t offset);
void *_aligned_offset_realloc(void *p, size_t size, size_t alignment, size_t offset);
void _aligned_free(void *p);

#define HEADER 16       /* keeps malloc's 16-byte alignment */
#define MALLOC_ALIGN 16 /* what malloc guarantees on win-64 */

static void *allocate(size_t size, size_t alignment) {
  if (size > (size_t)-1 - HEADER)
    return NULL;
  char *block = _aligned_offset_malloc(size + HEADER, alignment, HEADER);
  if (!block)
    return NULL;
  *(size_t *)block = alignment;
  return block + HEADER;
}

void *malloc(size_t size) { return allocate(size, MALLOC_ALIGN); }

void free(void *p) {
  if (p)
    _aligned_free((char *)p - HEADER);
}

void *realloc(void *p, size_t size) {
  if (!p)
    return malloc(size);
  if (size > (size_t)-1 - HEADER)
    return NULL;
  char *block = (char *)p - HEADER;
  size_t alignment = *(size_t *)block;
  block = _aligned_offset_realloc(block, size + HEADER, alignment, HEADER);
  return block ? block + HEADER : NULL;
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
  if (!alignment || (alignment & (alignment - 1)))
    return NULL;
  return allocate(size, alignment < MALLOC_ALIGN ? MALLOC_ALIGN : alignment);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment % sizeof(void *) || (alignment & (alignment - 1)))
    return EINVAL;
  void *p = aligned_alloc(alignment, size);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}
#endif
