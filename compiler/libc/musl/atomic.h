/* The pieces of musl's atomic.h its libm and qsort use: bit scans, over
 * 64-bit words everywhere (a `long` is 32-bit on win-64, a size_t is not). */
#ifndef _PIXIE_MUSL_ATOMIC_H
#define _PIXIE_MUSL_ATOMIC_H
static inline int a_clz_64(unsigned long long x) { return __builtin_clzll(x); }
static inline int a_ctz_l(unsigned long long x) { return __builtin_ctzll(x); }
#endif
