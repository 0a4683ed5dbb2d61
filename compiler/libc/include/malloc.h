/* malloc.h for pixie kernels: the allocation functions are stdlib.h's. On
 * Windows it also declares the CRT's aligned pair, which clang's mm_malloc.h
 * (pulled in by immintrin.h) calls there instead of posix_memalign. */
#ifndef _PIXIE_MALLOC_H
#define _PIXIE_MALLOC_H

#include <stdlib.h>

#ifdef _WIN32
#ifdef __cplusplus
extern "C" {
#endif
void *_aligned_malloc(size_t size, size_t alignment);
void _aligned_free(void *ptr);
#ifdef __cplusplus
}
#endif
#endif

#endif
