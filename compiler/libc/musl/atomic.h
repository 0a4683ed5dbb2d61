/* The one piece of musl's atomic.h its libm uses (fma.c). */
#ifndef _PIXIE_MUSL_ATOMIC_H
#define _PIXIE_MUSL_ATOMIC_H
static inline int a_clz_64(unsigned long long x) { return __builtin_clzll(x); }
#endif
