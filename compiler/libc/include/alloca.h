/* alloca.h for pixie kernels: alloca is the compiler's own stack
 * allocation on every platform, never a library call. */
#ifndef _PIXIE_ALLOCA_H
#define _PIXIE_ALLOCA_H
#define alloca(size) __builtin_alloca(size)
#endif
