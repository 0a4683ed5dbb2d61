/* Exact double arithmetic with IEEE +, -, *, / only (no fma: the baseline
 * x86 tier has none, and every platform must compute the same bits): the
 * error-free sums and Dekker/Veltkamp products pixie's own libm functions
 * (atan2.c, sinh_tanh.c) build their double-double steps from. */
#ifndef PIXIE_LIBC_EXACT_H
#define PIXIE_LIBC_EXACT_H
#include <stdint.h>

static inline uint64_t bits(double x) {
  uint64_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}

static inline double from_bits(uint64_t u) {
  double x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}

/* a + b = *s + *e exactly, |a| >= |b| or a == 0. */
static inline void fast_two_sum(double a, double b, double *s, double *e) {
  *s = a + b;
  *e = b - (*s - a);
}

/* a + b = *s + *e exactly, any order. */
static inline void two_sum(double a, double b, double *s, double *e) {
  double t = a + b, bb = t - a;
  *s = t;
  *e = (a - (t - bb)) + (b - bb);
}

/* Veltkamp: a = *h + *l, each half fitting in 26 bits (|a| < 2^996). */
static inline void split(double a, double *h, double *l) {
  double t = 0x1.0000002p+27 * a; /* 2^27 + 1 */
  *h = t - (t - a);
  *l = a - *h;
}

/* Dekker: a * b = *p + *e exactly (no overflow or underflow). */
static inline void two_prod(double a, double b, double *p, double *e) {
  double ah, al, bh, bl;
  split(a, &ah, &al);
  split(b, &bh, &bl);
  *p = a * b;
  *e = ((ah * bh - *p) + ah * bl + al * bh) + al * bl;
}

/* Dekker with c's own split (c, 0): c * b = *p + *e exactly when c fits in
 * 26 bits. */
static inline void two_prod_short(double c, double b, double *p, double *e) {
  double bh, bl;
  split(b, &bh, &bl);
  *p = c * b;
  *e = (c * bh - *p) + c * bl;
}

#endif
